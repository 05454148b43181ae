"""Synthetic directory data for benchmarks: many agencies, each with a history of appointments.

`generate(500)` writes 500 agencies and 5,000 spokesperson rows with a few bulk inserts. Every
agency gets exactly one current authorized person (post "person", `left_on` NULL), a chain of
former holders of that post (each leaving the day before the next was appointed), and members
of the authorized unit, some of whom have left. Most rows are confirmed (published); a few are
still waiting for the authorized body.

The data satisfies the model's constraints (`one_current_authorized_person_per_agency`,
`spokesperson_left_after_appointed`) and is the same on every run for the same arguments.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from portal.directory.choices import AgencyKind, Region, ReviewState, SpokespersonPost
from portal.directory.models import Agency, Spokesperson
from portal.directory.search import with_search_keys

SLUG_PREFIX = "bench"
ROWS_PER_AGENCY = 10
UNIT_MEMBERS = 4  # of the rows per agency; the rest hold (or held) the authorized-person post

# (kk, ru, en) spellings of the same person's names.
SURNAMES = [
    ("Жұмабаев", "Жумабаев", "Zhumabayev"),
    ("Қасымов", "Касымов", "Kassymov"),
    ("Сейітова", "Сеитова", "Seitova"),
    ("Нұрпейісов", "Нурпеисов", "Nurpeissov"),
    ("Оспанова", "Оспанова", "Ospanova"),
    ("Төлеуов", "Толеуов", "Toleuov"),
    ("Бекмұхамбетова", "Бекмухамбетова", "Bekmukhambetova"),
    ("Әбдірахманов", "Абдрахманов", "Abdrakhmanov"),
    ("Ермекова", "Ермекова", "Yermekova"),
    ("Сәрсенбаев", "Сарсенбаев", "Sarsenbayev"),
    ("Иванова", "Иванова", "Ivanova"),
    ("Мұқанов", "Муканов", "Mukanov"),
]
FIRST_NAMES = [
    ("Нұрлан", "Нурлан", "Nurlan"),
    ("Айгүл", "Айгуль", "Aigul"),
    ("Ерлан", "Ерлан", "Yerlan"),
    ("Динара", "Динара", "Dinara"),
    ("Асқар", "Аскар", "Askar"),
    ("Жанар", "Жанар", "Zhanar"),
    ("Серік", "Серик", "Serik"),
    ("Мәдина", "Мадина", "Madina"),
]
PATRONYMICS = [
    ("Серікұлы", "Серикович", "Serikovich"),
    ("Болатқызы", "Болатовна", "Bolatovna"),
    ("", "", ""),
    ("Қайратұлы", "Кайратович", "Kairatovich"),
]
POSITIONS = {
    SpokespersonPost.AUTHORIZED_PERSON: (
        "Баспасөз хатшысы",
        "Пресс-секретарь",
        "Press secretary",
    ),
    SpokespersonPost.UNIT_MEMBER: (
        "Баспасөз қызметінің бас сарапшысы",
        "Главный эксперт пресс-службы",
        "Chief expert of the press service",
    ),
}
TOPICS = [
    ("ауыл шаруашылығы", "сельского хозяйства", "Agriculture"),
    ("энергетика", "энергетики", "Energy"),
    ("көлік", "транспорта", "Transport"),
    ("денсаулық сақтау", "здравоохранения", "Health"),
    ("білім", "образования", "Education"),
    ("қаржы", "финансов", "Finance"),
    ("әділет", "юстиции", "Justice"),
    ("экология", "экологии", "Ecology"),
    ("цифрлық даму", "цифрового развития", "Digital Development"),
    ("туризм", "туризма", "Tourism"),
]
# kind -> (kk, ru, en) name patterns; {topic_*} is the topic in that language, {n} a number.
NAME_PATTERNS = {
    AgencyKind.AUTHORIZED_BODY: (
        "Ақпарат министрлігі №{n}",
        "Министерство информации №{n}",
        "Ministry of Information No. {n}",
    ),
    AgencyKind.CENTRAL_BODY: (
        "{topic_kk} министрлігі №{n}",
        "Министерство {topic_ru} №{n}",
        "Ministry of {topic_en} No. {n}",
    ),
    AgencyKind.COMMITTEE: (
        "{topic_kk} комитеті №{n}",
        "Комитет {topic_ru} №{n}",
        "Committee of {topic_en} No. {n}",
    ),
    AgencyKind.LOCAL_BODY: (
        "{topic_kk} басқармасы №{n}",
        "Управление {topic_ru} №{n}",
        "Department of {topic_en} No. {n}",
    ),
    AgencyKind.NATIONAL_COMPANY: (
        "«{topic_kk}» ұлттық компаниясы №{n}",
        "Национальная компания «{topic_ru}» №{n}",
        "National Company {topic_en} No. {n}",
    ),
}
# One agency in ten of each kind-cycle: 3 central bodies, 2 committees, 4 local bodies, 1 company.
KIND_CYCLE = [
    AgencyKind.CENTRAL_BODY,
    AgencyKind.COMMITTEE,
    AgencyKind.LOCAL_BODY,
    AgencyKind.CENTRAL_BODY,
    AgencyKind.LOCAL_BODY,
    AgencyKind.NATIONAL_COMPANY,
    AgencyKind.LOCAL_BODY,
    AgencyKind.COMMITTEE,
    AgencyKind.CENTRAL_BODY,
    AgencyKind.LOCAL_BODY,
]
REGIONS = list(Region.values)
LANGUAGE_SETS = [["kk", "ru"], ["kk", "ru", "en"], ["ru"], ["kk"], ["kk", "ru", "en"]]


def _translated(field, values, kk_is_base=True):
    """name_kk / name_ru / name_en, plus the base column (kk, the default language)."""
    fields = {
        f"{field}_{code}": value for code, value in zip(("kk", "ru", "en"), values, strict=True)
    }
    if kk_is_base:
        fields[field] = values[0]
    return fields


def _agency(index: int) -> Agency:
    kind = AgencyKind.AUTHORIZED_BODY if index == 0 else KIND_CYCLE[index % len(KIND_CYCLE)]
    topic = TOPICS[index % len(TOPICS)]
    names = tuple(
        pattern.format(n=index + 1, topic_kk=topic[0], topic_ru=topic[1], topic_en=topic[2])
        for pattern in NAME_PATTERNS[kind]
    )
    names = (names[0][:1].upper() + names[0][1:], *names[1:])
    region = REGIONS[index % len(REGIONS)] if kind == AgencyKind.LOCAL_BODY else Region.ASTANA
    return Agency(
        kind=kind,
        region=region,
        slug=f"{SLUG_PREFIX}-{index + 1:05d}",
        website=f"https://www.gov.kz/memleket/entities/{SLUG_PREFIX}-{index + 1}",
        phone=f"+7 7172 {index % 100:02d} 00 00",
        email=f"info{index + 1}@{SLUG_PREFIX}.gov.kz",
        **_translated("name", names),
        **_translated("short_name", ("", "", "")),
        **_translated("head_name", ("", "", "")),
        **_translated("head_position", ("", "", "")),
        **_translated("address", ("", "", "")),
    )


def _person(rng: random.Random, agency: Agency, number: int, post, appointed_on, left_on):
    surname = rng.choice(SURNAMES)
    name = rng.choice(FIRST_NAMES)
    patronymic = rng.choice(PATRONYMICS)
    return Spokesperson(
        agency=agency,
        post=post,
        **_translated("surname", surname),
        **_translated("name", name),
        **_translated("patronymic", patronymic),
        **_translated("position", POSITIONS[post]),
        email=f"press{number}@{agency.slug}.gov.kz",
        work_phone=f"+7 7172 {number % 100:02d} 11 22",
        mobile_phone=f"+7 701 {number % 1000:03d} 44 55",
        languages=rng.choice(LANGUAGE_SETS),
        appointed_on=appointed_on,
        left_on=left_on,
    )


def _appointments(rng: random.Random, agency: Agency, index: int, per_agency: int, today, now):
    """The history of one agency: holders of the authorized-person post and unit members."""
    unit_members = min(UNIT_MEMBERS, per_agency - 1)
    holders = per_agency - unit_members  # the current authorized person and the former ones
    rows = []

    # Authorized person: walk back in time from today's holder, each predecessor leaving the
    # day before the successor's appointment.
    appointed_on = today - dt.timedelta(days=rng.randint(30, 900))
    rows.append(
        _person(rng, agency, index * 100, SpokespersonPost.AUTHORIZED_PERSON, appointed_on, None)
    )
    for holder in range(1, holders):
        left_on = appointed_on - dt.timedelta(days=1)
        appointed_on = left_on - dt.timedelta(days=rng.randint(180, 1200))
        rows.append(
            _person(
                rng,
                agency,
                index * 100 + holder,
                SpokespersonPost.AUTHORIZED_PERSON,
                appointed_on,
                left_on,
            )
        )

    # Members of the unit: every other one has left.
    for member in range(unit_members):
        appointed_on = today - dt.timedelta(days=rng.randint(60, 3000))
        left_on = None
        if member % 2:
            left_on = min(today, appointed_on + dt.timedelta(days=rng.randint(0, 700)))
        rows.append(
            _person(
                rng,
                agency,
                index * 100 + holders + member,
                SpokespersonPost.UNIT_MEMBER,
                appointed_on,
                left_on,
            )
        )

    # Published unless told otherwise: one agency in 25 has a fresh appointment that the
    # authorized body has not confirmed yet, and about 1 row in 12 elsewhere is pending too.
    for position, row in enumerate(rows):
        pending = index % 25 == 7 if position == 0 else rng.random() < 1 / 12
        # One appointment to the authorized person's post awaits confirmation at a time.
        pending = pending and (position == 0 or row.post == SpokespersonPost.UNIT_MEMBER)
        row.confirmed_at = None if pending else now - dt.timedelta(days=rng.randint(0, 30))
        row.review_state = ReviewState.AWAITING if pending else ReviewState.CONFIRMED
    return rows


@transaction.atomic
def generate(
    agencies: int = 500,
    *,
    per_agency: int = ROWS_PER_AGENCY,
    start: int = 0,
    seed: int = 2026,
    today: dt.date | None = None,
) -> list[Agency]:
    """Create `agencies` agencies numbered from `start`, each with `per_agency` appointments.

    Call it again with `start` set to the number already made to grow the same directory
    (e.g. `generate(50)` then `generate(450, start=50)`). Returns the new agencies.
    """
    if per_agency < 1:
        raise ValueError("Every agency needs at least its current authorized person.")
    today = today or timezone.localdate()
    now = timezone.now()
    rng = random.Random(f"{seed}-{start}-{agencies}-{per_agency}")

    # bulk_create skips save(): the sort and search keys are filled here.
    new_agencies = [with_search_keys(_agency(index)) for index in range(start, start + agencies)]
    Agency.objects.bulk_create(new_agencies, batch_size=500)
    # Re-read so that every agency has its primary key whatever the database returns.
    by_slug = Agency.objects.in_bulk([agency.slug for agency in new_agencies], field_name="slug")
    new_agencies = [by_slug[agency.slug] for agency in new_agencies]

    # Committees report to a central body of the same batch (or of the earlier ones).
    central = list(
        Agency.objects.filter(kind=AgencyKind.CENTRAL_BODY, slug__startswith=f"{SLUG_PREFIX}-")
        .order_by("slug")
        .values_list("pk", flat=True)
    )
    committees = [agency for agency in new_agencies if agency.kind == AgencyKind.COMMITTEE]
    for number, committee in enumerate(committees):
        if central:
            committee.parent_id = central[number % len(central)]
    Agency.objects.bulk_update(committees, ["parent"], batch_size=500)

    spokespersons = []
    for index, agency in enumerate(new_agencies, start=start):
        spokespersons.extend(_appointments(rng, agency, index, per_agency, today, now))
    Spokesperson.objects.bulk_create(map(with_search_keys, spokespersons), batch_size=500)
    return new_agencies
