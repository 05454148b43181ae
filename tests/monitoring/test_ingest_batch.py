"""A feed's entries stored as one batch (`services.publications_ingest`): the same stories,
languages, matches, tones and cases as one by one, in a constant number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from monitoring import services
from monitoring.models import AgencyRule, Outlet, Publication, ResonanceCase, Story
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

START = timezone.make_aware(dt.datetime(2026, 11, 2, 8))
TITLES = [
    ("Скандал в Минздраве: пациенты жалуются на задержки выплат", "ru"),
    ("Скандал в Минздраве — пациенты жалуются на задержки выплат!", "ru"),  # a copy
    ("Денсаулық сақтау министрлігі жаңа емхана ашты", "kk"),
    ("Минздрав открыл новую поликлинику в Астане", "ru"),
    ("Пациенты жалуются на задержки выплат: скандал в Минздраве", "ru"),  # word order
    ("Погода в Астане: снег и гололёд", "ru"),
]
TEXT = {
    "ru": "Министерство здравоохранения не прокомментировало жалобы, скандал и нарушение. ",
    "kk": "Денсаулық сақтау министрлігі Астанада жаңа емхананы ашты. ",
}


@pytest.fixture
def world(health):
    AgencyRule.objects.create(agency=AgencyFactory(), term="Астана", language="ru")
    return [
        Outlet.objects.create(name=f"Outlet {reach}", kind="news_site", language="ru", reach=reach)
        for reach in (500, 40_000, 150_000)
    ]


def items(outlets, count=18, prefix="a"):
    """Copies across outlets and days, one address twice."""
    made = []
    for number in range(count):
        title, language = TITLES[number % len(TITLES)]
        made.append(
            services.IngestItem(
                url=f"https://news.kz/{prefix}/{number % 17}?utm_source=rss",
                title=title,
                text=TEXT[language] * 3,
                published_at=START + dt.timedelta(hours=9 * number),
                outlet=outlets[number % len(outlets)],
                html_lang=language,
            )
        )
    return made


def snapshot() -> list:
    """What was stored, without ids: each publication with its story's first title, reach
    and outlets, its matches and cases."""
    first_titles = {story.pk: story.title for story in Story.objects.all()}
    return sorted(
        (
            publication.normalised_url,
            publication.language,
            publication.tone,
            tuple(publication.tone_words),
            first_titles[publication.story_id],
            publication.story.reach,
            publication.story.outlets,
            tuple(sorted((m.agency_id, tuple(m.terms)) for m in publication.matches.all())),
            tuple(sorted(publication.cases.values_list("agency_id", "reason"))),
        )
        for publication in Publication.objects.select_related("story")
    )


def wipe():
    ResonanceCase.objects.all().delete()
    Publication.objects.all().delete()
    Story.objects.all().delete()


def test_a_batch_stores_what_one_by_one_stores(world):
    context = services.IngestContext.load()
    one_by_one = [
        services.publication_ingest(**vars(item), context=context)[1] for item in items(world)
    ]
    expected = snapshot()
    assert ResonanceCase.objects.exists() and Story.objects.count() < Publication.objects.count()
    wipe()
    batch = services.publications_ingest(items(world), context=context)
    assert [created for _publication, created in batch] == one_by_one
    assert snapshot() == expected


def test_a_batch_joins_stories_stored_before(world):
    context = services.IngestContext.load()
    services.publications_ingest(items(world)[:6], context=context)
    services.publications_ingest(items(world, prefix="b")[6:12], context=context)
    joined = snapshot()
    wipe()
    for item in items(world)[:6] + items(world, prefix="b")[6:12]:
        services.publication_ingest(**vars(item), context=context)
    assert snapshot() == joined


def test_a_refused_item_does_not_stop_the_batch(world):
    first, second = items(world, count=2)
    first.title = "  "
    refused, (publication, created) = services.publications_ingest([first, second])
    assert "title" in refused.code and created and publication.pk


def _queries(count: int, prefix: str, outlet) -> int:
    context = services.IngestContext.load()
    batch = [
        services.IngestItem(
            url=f"https://news.kz/{prefix}/{number}",
            title=f"Погода в Астане на {number} ноября: снег {prefix}{number}",
            text=TEXT["ru"],
            published_at=START + dt.timedelta(hours=number),
            outlet=outlet,
        )
        for number in range(count)
    ]
    with CaptureQueriesContext(connection) as queries:
        services.publications_ingest(batch, context=context)
    return len(queries)


def test_a_batch_runs_the_same_queries_for_3_or_30_items(world):
    """Without cases to open: the address lookup, the stories (count and read), their
    copies' outlets, the inserts of stories, publications and matches."""
    small = world[0]
    three = _queries(3, "x", small)
    wipe()
    assert _queries(30, "y", small) == three == 8
    # Joining stories stored before: their copies' outlets read, their totals updated (an
    # insert with nothing to insert is no query).
    assert _queries(3, "z", small) <= three + 2 and _queries(30, "w", small) == three + 2
