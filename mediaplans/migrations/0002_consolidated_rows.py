import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('mediaplans', '0001_initial'),
        ('portal', '0009_appointment_review'),
    ]

    operations = [
        migrations.CreateModel(
            name='ConsolidatedItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('agency_name', models.JSONField(verbose_name="agency's name")),
                ('region', models.CharField(blank=True, max_length=20, verbose_name='region')),
                ('plan_position', models.PositiveIntegerField(verbose_name='place in its plan')),
                ('order_kk', models.PositiveIntegerField(verbose_name='place in Kazakh')),
                ('order_ru', models.PositiveIntegerField(verbose_name='place in Russian')),
                ('order_en', models.PositiveIntegerField(verbose_name='place in English')),
                ('month', models.PositiveSmallIntegerField(blank=True, choices=[(1, '1'), (2, '2'), (3, '3'), (4, '4'), (5, '5'), (6, '6'), (7, '7'), (8, '8'), (9, '9'), (10, '10'), (11, '11'), (12, '12')], null=True, verbose_name='month')),
                ('quarter', models.PositiveSmallIntegerField(blank=True, choices=[(1, '1'), (2, '2'), (3, '3'), (4, '4')], null=True, verbose_name='quarter')),
                ('is_preventive', models.BooleanField(default=False, verbose_name='preventive item')),
                ('topic_search', models.TextField(verbose_name='topic in every language, case-folded')),
                ('item', models.JSONField(verbose_name='item')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='portal.agency', verbose_name='agency')),
                ('consolidated', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='items', to='mediaplans.consolidatedplan', verbose_name='consolidated media-plan')),
            ],
            options={
                'verbose_name': 'item of a consolidated media-plan',
                'verbose_name_plural': 'items of consolidated media-plans',
                'indexes': [models.Index(condition=models.Q(('plan_position', 0)), fields=['consolidated', 'agency'], name='consolidated_item_agencies')],
                'constraints': [models.UniqueConstraint(fields=('consolidated', 'order_kk'), name='consolidated_item_order_kk'), models.UniqueConstraint(fields=('consolidated', 'order_ru'), name='consolidated_item_order_ru'), models.UniqueConstraint(fields=('consolidated', 'order_en'), name='consolidated_item_order_en')],
            },
        ),
    ]
