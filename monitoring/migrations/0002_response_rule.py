"""The deadline of an agency's response to a publication with critical resonance (000 §4.3).

The seed says the first head organises explanatory work (briefing, press conference, press
release, interview) but sets no period. The portal's default, which the authorized body
changes in the admin: 24 hours from the flag, counted in hours, not moved off weekends (a
resonance does not wait for Monday). Frozen here: migrations import no live code.
"""

import datetime as dt

from django.db import migrations

CODE = "monitoring-response"
NAMES = (
    "Сыни жарияланымға түсіндіру жұмысы",
    "Разъяснительная работа по критической публикации",
    "Response to a publication with critical resonance",
)
SOURCE = (
    "000, 4.3-тармақ: БАҚ-тағы жарияланымдар сыни қоғамдық резонанс тудырса, бірінші басшы "
    "түсіндіру жұмысын ұйымдастырады (брифинг, баспасөз конференциясы, баспасөз релизі, "
    "сұхбат). Бастапқы құжат мерзімді белгілемейді: 24 сағат — порталдың әдепкі мерзімі, оны "
    "уәкілетті орган өзгерте алады.",
    "000, п. 4.3: если публикации в СМИ вызвали критический общественный резонанс, первый "
    "руководитель обеспечивает организацию разъяснительной работы (брифинг, пресс-конференция, "
    "пресс-релиз, интервью). Исходный документ срок не устанавливает: 24 часа — срок портала по "
    "умолчанию, который уполномоченный орган может изменить.",
    "000 §4.3: when publications cause critical public resonance, the first head organises "
    "explanatory work (briefing, press conference, press release, interview). The seed sets no "
    "period: 24 hours is the portal's default, which the authorized body can change.",
)


def add_rule(apps, schema_editor):
    defaults = {
        "recurrence": "event",
        "amount": 24,
        "unit": "hours",
        "time_of_day": dt.time(18, 0),
        "move_to_working_day": False,
        "responsible": "agency",
        "reminder_days": [0],
        "escalate_to": ["agency_head", "authorized_staff"],
        "agency_kinds": ["central", "committee", "local", "company"],
        "name": NAMES[0],
        "description": SOURCE[0],
    }
    for language, name, description in zip(("kk", "ru", "en"), NAMES, SOURCE, strict=True):
        defaults[f"name_{language}"] = name
        defaults[f"description_{language}"] = description
    apps.get_model("deadlines", "DeadlineRule").objects.update_or_create(
        code=CODE, defaults=defaults
    )


def remove_rule(apps, schema_editor):
    apps.get_model("deadlines", "DeadlineRule").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_initial"),
        ("deadlines", "0009_event_series_rules"),
    ]

    operations = [migrations.RunPython(add_rule, remove_rule)]
