"""Who must act on a rule's deadlines, and the ministry's own deadline to confirm an
appointment (issue 7).

Recording an appointment is the agency's notice (004 §3); confirming it is the authorized
body's work, as the body that keeps the directory (004 §4). No seed sets a term for the
confirmation: three working days is the portal's default, which the authorized body changes
in the admin. Its reminders go to the authorized body's staff, and it never escalates to the
agency's head.
"""

import datetime as dt

from django.db import migrations, models

# Frozen values (choices of portal.deadlines.choices.Responsible and the kinds of agency).
AGENCY, AUTHORIZED_BODY = "agency", "authorized_body"
EVERY_PRESS_OFFICE = ["central", "committee", "local", "company"]

CONFIRMATION = {
    "code": "spokesperson-confirmation",
    "recurrence": "event",
    "amount": 3,
    "unit": "working_days",
    "time_of_day": dt.time(18, 0),
    "reminder_days": [1, 0],
    "escalate_to": ["authorized_staff"],
    "agency_kinds": EVERY_PRESS_OFFICE,
    "responsible": AUTHORIZED_BODY,
}
NAMES = (
    "Уәкілетті тұлғаның тағайындалуын растау",
    "Подтверждение назначения уполномоченного лица",
    "Confirmation of a spokesperson's appointment",
)
DESCRIPTIONS = (
    "Уәкілетті орган орган енгізген тағайындауды растайды немесе себебін көрсетіп қабылдамайды. "
    "Бастапқы құжаттар бұл мерзімді белгілемейді: 3 жұмыс күні — порталдың әдепкі мерзімі, "
    "оны уәкілетті орган өзгерте алады; уәкілетті тұлғалардың анықтамалығын уәкілетті "
    "орган жүргізеді (004, 4-тармақ).",
    "Уполномоченный орган подтверждает назначение, внесённое органом, или отклоняет его с "
    "указанием причины. Исходные документы этот срок не устанавливают: 3 рабочих дня — срок "
    "портала по умолчанию, который уполномоченный орган может изменить; справочник "
    "уполномоченных лиц ведёт уполномоченный орган (004, п. 4).",
    "The authorized body confirms the appointment the agency recorded, or rejects it with a "
    "reason. No seed sets this term: 3 working days is the portal's default, which the "
    "authorized body can change; the authorized body keeps the directory of spokespersons "
    "(004 §4).",
)


def add_confirmation(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    defaults = {key: value for key, value in CONFIRMATION.items() if key != "code"}
    for language, name, description in zip(("kk", "ru", "en"), NAMES, DESCRIPTIONS, strict=True):
        defaults[f"name_{language}"] = name
        defaults[f"description_{language}"] = description
    defaults["name"], defaults["description"] = NAMES[0], DESCRIPTIONS[0]
    DeadlineRule.objects.update_or_create(code=CONFIRMATION["code"], defaults=defaults)


def remove_confirmation(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    rule = DeadlineRule.objects.filter(code=CONFIRMATION["code"]).first()
    if rule is not None and not apps.get_model("deadlines", "Deadline").objects.filter(
        rule=rule
    ).exists():
        rule.delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0007_rule_counted_from")]

    operations = [
        migrations.AddField(
            model_name="deadlinerule",
            name="responsible",
            field=models.CharField(
                choices=[
                    ("agency", "The agency (its press secretary, then its head)"),
                    ("authorized_body", "The authorized body (its staff)"),
                ],
                default="agency",
                help_text=(
                    "Who is reminded: the agency's press secretary, or the authorized body's "
                    "staff. The work of the authorized body never escalates to an agency's head."
                ),
                max_length=16,
                verbose_name="who must act",
            ),
        ),
        migrations.RunPython(add_confirmation, remove_confirmation),
    ]
