"""Give the editions frozen before the ConsolidatedItem table (0002) their rows, from each
edition's stored snapshot, as `services.consolidated_freeze` writes them (issue 9 item 6):
one row per item with its place in the table of each language — the plans in that
language's alphabet, each plan's items in its order.

The ordering is frozen here (the alphabets and the sort key of portal.directory.search as
they were), so this migration keeps its meaning whatever the live code becomes. Only
editions with no rows yet are filled: running it again changes nothing. A plan whose agency
no longer exists cannot have rows (the column is a foreign key) and is skipped.
"""

import unicodedata

from django.db import migrations

LANGUAGES = ("kk", "ru", "en")
ALPHABETS = {
    "kk": "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ",
    "ru": "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
    "en": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
}
RANKS = {language: {c: i for i, c in enumerate(a)} for language, a in ALPHABETS.items()}
WIDTH, CHARACTERS = 5, 64
SEPARATOR, DIGITS, LETTERS, OTHER, LARGEST = 0, 10, 100, 1000, 10**5 - 1
BATCH = 1000


def _rank(character, letters):
    if character in letters:
        return LETTERS + letters[character]
    if character.isdigit() and character in "0123456789":
        return DIGITS + int(character)
    if character.isspace() or character in "-‐‑–—":
        return SEPARATOR
    if unicodedata.category(character).startswith(("P", "C")):
        return None
    return min(OTHER + ord(character), LARGEST)


def sort_key(text, language):
    letters = RANKS.get(language, RANKS["en"])
    codes = []
    for character in (text or "").strip().upper():
        code = _rank(character, letters)
        if code is None or (code == SEPARATOR and (not codes or codes[-1] == SEPARATOR)):
            continue
        codes.append(code)
        if len(codes) == CHARACTERS:
            break
    while codes and codes[-1] == SEPARATOR:
        codes.pop()
    return "".join(f"{code:0{WIDTH}d}" for code in codes)


def in_language(value, language):
    if not isinstance(value, dict):
        return value
    for candidate in (language, *LANGUAGES):
        if value.get(candidate):
            return value[candidate]
    return ""


def rows_of(consolidated, plans, ConsolidatedItem):
    starts = {}
    for language in LANGUAGES:
        start = 0
        ordered = sorted(
            plans,
            key=lambda plan: (
                sort_key(in_language(plan["agency"], language), language),
                plan["plan_id"],
            ),
        )
        for plan in ordered:
            starts[plan["plan_id"], language] = start
            start += len(plan["items"])
    for plan in plans:
        for position, item in enumerate(plan["items"]):
            yield ConsolidatedItem(
                consolidated=consolidated,
                agency_id=plan["agency_id"],
                agency_name=plan["agency"],
                region=plan.get("region") or "",
                plan_position=position,
                order_kk=starts[plan["plan_id"], "kk"] + position,
                order_ru=starts[plan["plan_id"], "ru"] + position,
                order_en=starts[plan["plan_id"], "en"] + position,
                month=item.get("month"),
                quarter=item.get("quarter"),
                is_preventive=bool(item.get("is_preventive")),
                topic_search="\n".join(
                    (text or "").casefold() for text in (item.get("topic") or {}).values()
                ),
                item=item,
            )


def backfill(apps, schema_editor):
    ConsolidatedPlan = apps.get_model("mediaplans", "ConsolidatedPlan")
    ConsolidatedItem = apps.get_model("mediaplans", "ConsolidatedItem")
    Agency = apps.get_model("portal", "Agency")
    agencies = set(Agency.objects.values_list("pk", flat=True))
    for consolidated in ConsolidatedPlan.objects.filter(items__isnull=True).order_by("pk"):
        plans = [
            plan
            for plan in (consolidated.snapshot or {}).get("plans", [])
            if plan.get("agency_id") in agencies
        ]
        ConsolidatedItem.objects.bulk_create(
            rows_of(consolidated, plans, ConsolidatedItem), batch_size=BATCH
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mediaplans", "0006_attachment_permissions"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
