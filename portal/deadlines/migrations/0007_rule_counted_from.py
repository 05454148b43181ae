"""A rule may count from another rule's due date for the same period (issue 7).

The media-grid is formed from the weekly information (004 §10, §11): its one working day
counts from the information's own due date, not from Thursday, so a holiday Thursday (the
information then due on the next working day) no longer makes both due the same day.
"""

import django.db.models.deletion
from django.db import migrations, models

# Frozen codes of 0002_default_rules.
COUNTED_FROM = {"media-grid": "weekly-information"}


def link_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    for code, base_code in COUNTED_FROM.items():
        base = DeadlineRule.objects.filter(code=base_code).first()
        if base is not None:
            DeadlineRule.objects.filter(code=code, counts_from=None).update(counts_from=base)


def unlink_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    DeadlineRule.objects.filter(code__in=COUNTED_FROM).update(counts_from=None)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0006_deadline_history")]

    operations = [
        migrations.AddField(
            model_name="deadlinerule",
            name="counts_from",
            field=models.ForeignKey(
                blank=True,
                help_text="For a rule anchored to the same days as another: its period starts on that rule's due date for the same period, not on the anchor.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="deadlines.deadlinerule",
                verbose_name="counted from the due date of",
            ),
        ),
        migrations.RunPython(link_rules, unlink_rules),
    ]
