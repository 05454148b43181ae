"""The deadlines of the event series for a month, a quarter and a year (000 §3.2, §3.4).

The seed says the series is drawn up for a month, a quarter and a year and goes to the central
communications service for the network schedule, but sets no date. The portal's defaults, which
the authorized body changes in the admin: a month's series by the 25th of the month before it,
a quarter's by the 25th of the month before the quarter, a year's by 1 December of the year
before (the day the media-plan proposals are due, 000 §2.2). As for every dated rule, a
period's deadline is keyed by its anchor date (the 25th or 1 December before the period).
"""

import datetime as dt

from django.db import migrations

EVERY_PRESS_OFFICE = ["central", "committee", "local", "company"]
HEAD_AND_MINISTRY = ["agency_head", "authorized_staff"]

SOURCE = (
    "000, 3.2 және 3.4-тармақтар: іс-шаралар қатары айға, тоқсанға және жылға жасалып, "
    "желілік кестені қалыптастыру үшін ОКҚ-ға жіберіледі. Бастапқы құжат күнді белгілемейді: "
    "бұл — порталдың әдепкі мерзімі, оны уәкілетті орган өзгерте алады.",
    "000, пп. 3.2 и 3.4: событийный ряд составляется на месяц, квартал и год и направляется в "
    "СЦК для формирования Сетевого графика. Исходный документ дату не устанавливает: это срок "
    "портала по умолчанию, который уполномоченный орган может изменить.",
    "000 §3.2 and §3.4: the event series is drawn up for a month, a quarter and a year and goes "
    "to the central communications service for the network schedule. The seed sets no date: "
    "this is the portal's default, which the authorized body can change.",
)
RULES = [
    ("event-series-month", {"months": list(range(1, 13)), "day_of_month": 25,
        "open_days_before": 14},
     ("Келесі айдың іс-шаралар қатары", "Событийный ряд на следующий месяц",
      "Event series for the next month")),
    ("event-series-quarter", {"months": [3, 6, 9, 12], "day_of_month": 25,
        "open_days_before": 21},
     ("Келесі тоқсанның іс-шаралар қатары", "Событийный ряд на следующий квартал",
      "Event series for the next quarter")),
    ("event-series-year", {"months": [12], "day_of_month": 1, "open_days_before": 30},
     ("Келесі жылдың іс-шаралар қатары", "Событийный ряд на следующий год",
      "Event series for the next year")),
]


def add_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    for code, fields, names in RULES:
        defaults = {
            "recurrence": "dates",
            "time_of_day": dt.time(18, 0),
            "reminder_days": [3, 1, 0],
            "escalate_to": HEAD_AND_MINISTRY,
            "agency_kinds": EVERY_PRESS_OFFICE,
            **fields,
        }
        for language, name, description in zip(("kk", "ru", "en"), names, SOURCE, strict=True):
            defaults[f"name_{language}"] = name
            defaults[f"description_{language}"] = description
        defaults["name"], defaults["description"] = names[0], SOURCE[0]
        DeadlineRule.objects.update_or_create(code=code, defaults=defaults)


def remove_rules(apps, schema_editor):
    apps.get_model("deadlines", "DeadlineRule").objects.filter(
        code__in=[rule[0] for rule in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0008_rule_responsible_and_confirmation")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
