"""Benchmark of the events at scale (issue 8 §9): 500 agencies and ten years of events.

Run from the repository root:  DATABASE_URL=postgres://… .venv/bin/python -m bench.events
(or `make bench`). It works on a throwaway database of the engine DATABASE_URL names (see
bench/database.py). On PostgreSQL the events are made by INSERT … SELECT generate_series:
1,200,000 events with 300,000 speakers (1.5 million rows); on SQLite by bulk_create, 50,000
events (it says so). The database is ANALYZEd after filling, as autovacuum would have done.

For one week (7–13 December 2026) it measures, in this process through Django's test client
(DEBUG off; server time, no network), the median of RUNS requests and their SQL queries:
the events API as an anonymous journalist sees it, the API for one agency, and the public
ICS feed for one agency — first with 1,000 events, then with all of them. The query count
must not change with the number of rows: the script exits with status 1 if it does.
"""

import datetime as dt
import os
import statistics
import sys
import time

from bench.database import throwaway_database

AGENCIES = 500
SMALL = 1_000
LARGE = {"postgresql": int(os.environ.get("BENCH_EVENTS", 1_200_000)), "sqlite": 50_000}
SPEAKERS_PER_EVENT = 0.25
RUNS = 15
FIRST_DAY = dt.date(2017, 1, 2)
DAYS = 3652  # ten years
WEEK = ("2026-12-07", "2026-12-13")
TARGET_MS = 50


def fill_events(count: int, *, start: int) -> None:
    """Events number `start` … `start + count - 1`, spread over agencies and ten years."""
    from django.db import connection
    from django.db.models import Max

    from eventgrid.models import Event

    before = Event.objects.aggregate(last=Max("id"))["last"] or 0
    if connection.vendor == "postgresql":
        _fill_postgresql(count, start=start, after_id=before)
    else:
        _fill_orm(count, start=start)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _fill_postgresql(count: int, *, start: int, after_id: int) -> None:
    from django.db import connection

    # i → agency i % 500, day (i × 7919) mod ten years, 09:00–16:00 Astana; 7 in 10
    # published, then planned, draft, cancelled; every fourth event has a speaker.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH agencies AS (
                SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM portal_agency
            ), numbered AS (
                SELECT i,
                       timestamptz '2017-01-02 04:00:00+00'
                         + ((i * 7919) %% %(days)s) * interval '1 day'
                         + (i %% 8) * interval '1 hour' AS starts
                FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS g(i)
            )
            INSERT INTO eventgrid_event (
                created_at, updated_at, agency_id, title, title_kk, title_ru, title_en,
                format, starts_at, ends_at, place, place_kk, organisers, contacts, goal,
                key_messages, expected_result, participants, main_news_candidate, state,
                state_reason, state_reason_kk, state_reason_ru, state_reason_en
            )
            SELECT now(), now(), a.id, 'Брифинг ' || i, 'Брифинг ' || i, 'Брифинг ' || i,
                   'Briefing ' || i,
                   (ARRAY['press_conference','briefing','interview','forum','visit',
                          'round_table','online_conference','other'])[1 + i %% 8],
                   starts, starts + interval '1 hour', 'Астана', 'Астана', '', '', '', '', '',
                   '', i %% 50 = 0,
                   CASE WHEN i %% 10 < 7 THEN 'published' WHEN i %% 10 = 7 THEN 'planned'
                        WHEN i %% 10 = 8 THEN 'draft' ELSE 'cancelled' END,
                   CASE WHEN i %% 10 = 9 THEN 'Отменено' ELSE '' END,
                   CASE WHEN i %% 10 = 9 THEN 'Болмайды' END,
                   CASE WHEN i %% 10 = 9 THEN 'Отменено' END,
                   CASE WHEN i %% 10 = 9 THEN 'Cancelled' END
            FROM numbered JOIN agencies a ON a.n = numbered.i %% %(agencies)s
            """,
            {"days": DAYS, "start": start, "stop": start + count - 1, "agencies": AGENCIES},
        )
        cursor.execute(
            """
            INSERT INTO eventgrid_eventspeaker (event_id, name, name_kk, position, contacts,
                                                language)
            SELECT id, 'Айгүл Серікова', 'Айгүл Серікова', 'Вице-министр', '', 'kk'
            FROM eventgrid_event WHERE id %% 4 = 0 AND id > %(after)s
            """,
            {"after": after_id},
        )


def _fill_orm(count: int, *, start: int) -> None:
    from django.utils import timezone

    from eventgrid.models import Event, EventSpeaker
    from portal.directory.models import Agency

    agencies = list(Agency.objects.order_by("id").values_list("id", flat=True))
    formats = ["press_conference", "briefing", "interview", "forum", "visit", "round_table"]
    batch = []
    for i in range(start, start + count):
        day = FIRST_DAY + dt.timedelta(days=(i * 7919) % DAYS)
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9 + i % 8)))
        batch.append(
            Event(
                agency_id=agencies[i % len(agencies)],
                title=f"Брифинг {i}",
                title_kk=f"Брифинг {i}",
                title_ru=f"Брифинг {i}",
                title_en=f"Briefing {i}",
                format=formats[i % len(formats)],
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=1),
                state="published" if i % 10 < 7 else "planned",
            )
        )
        if len(batch) == 5000 or i == start + count - 1:
            made = Event.objects.bulk_create(batch)
            EventSpeaker.objects.bulk_create(
                EventSpeaker(event=event, name="Айгүл Серікова", position="Вице-министр")
                for event in made[::4]
            )
            batch = []


def busiest_agency() -> str:
    """The agency with the most published events in the week, so that its lists have rows."""
    from django.db.models import Count
    from django.utils import timezone

    from eventgrid.models import Event

    start = timezone.make_aware(dt.datetime.fromisoformat(WEEK[0]))
    busiest = (
        Event.objects.filter(
            state="published", starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=7)
        )
        .values("agency__slug")
        .annotate(events=Count("pk"))
        .order_by("-events", "agency__slug")
        .first()
    )
    return busiest["agency__slug"]


def measure(client, path: str, data: dict, headers: dict) -> tuple[float, int, int, int, float]:
    """(median ms, queries, status, bytes, median ms when cached) of RUNS GETs after two
    warm-ups with the public cache cleared before each, so that every run does the work;
    then RUNS GETs answered from the cache, as repeated anonymous reads are."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, cached = [], set(), []
    for run in range(RUNS + 2):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path, data, headers=headers)
            elapsed = time.perf_counter() - started
        if run >= 2:
            times.append(elapsed * 1000)
            queries.add(len(captured))
    for _run in range(RUNS):
        started = time.perf_counter()
        client.get(path, data, headers=headers)
        cached.append((time.perf_counter() - started) * 1000)
    body = response.getvalue() if response.streaming else response.content
    return (
        statistics.median(times),
        max(queries),
        response.status_code,
        len(body),
        statistics.median(cached),
    )


def main() -> int:
    production = {
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    with throwaway_database(**production) as database:
        return run(database)


def run(database: str) -> int:
    from django.db import connection
    from django.test import Client

    from bench.generate import generate
    from eventgrid.models import Event, EventSpeaker

    started = time.perf_counter()
    generate(AGENCIES, per_agency=1)
    json = {"accept": "application/json", "accept-language": "en"}

    def cases(agency):
        return [
            ("events API, one week", "/api/v1/events/", {"from": WEEK[0], "to": WEEK[1]}, json),
            (
                "events API, one agency",
                "/api/v1/events/",
                {"from": WEEK[0], "to": WEEK[1], "agency": agency},
                json,
            ),
            ("ICS feed, one agency", "/feeds/events.ics", {"agency": agency, "language": "en"}, {}),
        ]

    client = Client()
    large = LARGE.get(connection.vendor, LARGE["sqlite"])
    results = {}
    made = 0
    for size in (SMALL, large):
        fill_events(size - made, start=made)
        made = size
        rows = Event.objects.count() + EventSpeaker.objects.count()
        print(
            f"{size:,} events ({rows:,} rows with speakers) after "
            f"{time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
        if size == SMALL:
            agency = busiest_agency()
        for label, path, data, headers in cases(agency):
            results.setdefault(label, {})[size] = measure(client, path, data, headers)

    print()
    print(database)
    print(
        f"{AGENCIES} agencies; events over ten years from {FIRST_DAY}; week {WEEK[0]}–{WEEK[1]}; "
        f"median of {RUNS} requests through the test client (server time, DEBUG off, the "
        "public cache cleared before each; 'cached': answered from it)"
    )
    header = (
        f"{'request':<24} | {'events':>9} | {'median ms':>9} | {'queries':>7} | {'KB':>6} "
        f"| {'cached ms':>9}"
    )
    print(header)
    print("-" * len(header))
    failed = []
    for label, by_size in results.items():
        for size, (ms, queries, status, size_bytes, cached) in by_size.items():
            print(
                f"{label:<24} | {size:>9,} | {ms:>9.1f} | {queries:>7} | {size_bytes // 1024:>6} "
                f"| {cached:>9.1f}"
            )
            if status != 200:
                failed.append(f"{label} answered {status}")
        if len({queries for _ms, queries, *_rest in by_size.values()}) > 1:
            failed.append(f"{label}: the query count changed with the number of events")
    slow = [label for label, by_size in results.items() if by_size[large][0] > TARGET_MS]
    print()
    print(
        f"Target: under {TARGET_MS} ms with {large:,} events; "
        + (f"slower: {', '.join(slow)}" if slow else "all under it")
    )
    for failure in failed:
        print(f"FAIL: {failure}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
