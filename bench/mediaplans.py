"""Benchmark of the consolidated republican media-plan (issue 9 §11): its page, PDF and XLSX.

Run from the repository root:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python -m bench.mediaplans
It works on a throwaway database of the engine DATABASE_URL names (bench/database.py):
BENCH_AGENCIES agencies (500) each with an approved plan of BENCH_ITEMS items (40) in kk, ru
and en. It prints, with the engine, the time, peak memory and SQL queries of
- freezing them as edition 1 (`services.consolidated_freeze`: the snapshot and its rows);
- the edition's first page and filtered pages (Django's test client; peak memory: the
  Python allocations, by tracemalloc);
- the PDF and the XLSX of the whole edition, as the Celery task builds them
  (`mediaplans.exports.consolidated_pdf` / `consolidated_xlsx`), each in a fresh forked
  process (peak memory: that process's peak resident size, by resource).
"""

import multiprocessing
import os
import resource
import sys
import time
import tracemalloc

from bench.database import throwaway_database

AGENCIES = int(os.environ.get("BENCH_AGENCIES", 500))
ITEMS = int(os.environ.get("BENCH_ITEMS", 40))
YEAR = 2027
FORMATS = ["briefing", "interview", "press_release", "article"]


def fill(agencies: int, items: int):
    """Plans, items and approved revisions in bulk (the services would take an hour)."""
    from django.utils import timezone

    from bench.generate import generate
    from mediaplans import revisions
    from mediaplans.choices import PlanState
    from mediaplans.models import MediaPlan, PlanItem, PlanRevision
    from portal.directory.models import Agency, User

    generate(agencies, per_agency=1)
    now = timezone.now()
    plans = MediaPlan.objects.bulk_create(
        MediaPlan(agency_id=pk, year=YEAR, state=PlanState.APPROVED)
        for pk in Agency.objects.order_by("pk").values_list("pk", flat=True)[:agencies]
    )
    PlanItem.objects.bulk_create(
        (
            PlanItem(
                plan=plan,
                position=n,
                strategic_direction_kk="Цифрландыру және ашықтық",
                strategic_direction_ru="Цифровизация и открытость",
                strategic_direction_en="Digitalisation and openness",
                topic_kk=f"Электрондық үкімет қызметтері: өңірдегі жаңалықтар {n}",
                topic_ru=f"Услуги электронного правительства: новости региона {n}",
                topic_en=f"E-government services: news of the region {n}",
                target_audiences_ru="Молодёжь, предприниматели",
                responsible_unit_ru="Пресс-служба",
                speaker_ru="Вице-министр",
                is_preventive=n % 7 == 0,
                formats=[FORMATS[n % 4]],
                channels=["tv", "online"],
                month=n % 12 + 1,
            )
            for plan in plans
            for n in range(items)
        ),
        batch_size=2000,
    )
    by_plan = {}
    for item in PlanItem.objects.order_by("plan_id", "position"):
        by_plan.setdefault(item.plan_id, []).append(item)
    PlanRevision.objects.bulk_create(
        (
            PlanRevision(
                plan=plan,
                number=1,
                submitted_at=now,
                snapshot=revisions.plan_snapshot(by_plan[plan.pk]),
                outcome=PlanState.APPROVED,
                decided_at=now,
            )
            for plan in plans
        ),
        batch_size=200,
    )
    return User.objects.create_user("bench-ministry", password=None, is_superuser=True)


def measured(job, *, trace=True):
    """(seconds, peak MB of Python allocations or None untraced, queries, result) of `job()`."""
    from django.db import connection, reset_queries

    reset_queries()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    result = job()
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    tracemalloc.stop()
    return seconds, peak, len(connection.queries), result


def _build_in_child(name, filters, results):
    """Build one document as the Celery task does, in this fresh process: (seconds, peak RSS
    MB of the process, queries, bytes). tracemalloc would slow WeasyPrint tenfold."""
    from django.db import connection, reset_queries

    from mediaplans import exports

    reset_queries()
    started = time.perf_counter()
    content = getattr(exports, name)(language="kk", filters=filters)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.put((seconds, peak, len(connection.queries), len(content)))


def in_child(name, filters):
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_build_in_child, args=(name, filters, results))
    child.start()
    answer = results.get(timeout=3600)
    child.join()
    return answer


def main() -> int:
    production = {
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "memory://",
    }
    with throwaway_database(**production) as database:
        from django.test.utils import override_settings

        from bench.settings import STORAGES

        with override_settings(STORAGES=STORAGES, DEBUG=True):  # DEBUG: count the queries
            return run(database)


def run(database: str) -> int:
    from django.db import connection
    from django.test import Client

    from mediaplans import services

    started = time.perf_counter()
    staff = fill(AGENCIES, ITEMS)
    seconds, peak, queries, edition = measured(  # untraced: tracemalloc doubles its time
        lambda: services.consolidated_freeze(year=YEAR, by=staff), trace=False
    )
    rows = edition.items.count()
    results = [("freeze (snapshot and rows)", seconds, peak, queries, 0)]
    print(f"{rows:,} items frozen after {time.perf_counter() - started:.0f} s", file=sys.stderr)
    client = Client()
    client.force_login(staff)
    base = f"/en/media-plans/consolidated/{YEAR}/{edition.edition}/"
    client.get(base)  # warm the templates
    agency = edition.items.order_by("order_en").values_list("agency_id", flat=True).last()
    for label, query in (
        ("page 1", {}),
        ("page 40, topic filter", {"topic": "region", "page": "40"}),
        ("page 3, month filter", {"month": "5", "page": "3"}),
        ("one agency (the last)", {"agency": str(agency)}),
    ):
        seconds, peak, queries, response = measured(lambda q=query: client.get(base, q))
        assert response.status_code == 200, response.status_code
        results.append((f"HTML {label}", seconds, peak, queries, len(response.content)))
    filters = {"year": str(YEAR), "edition": str(edition.edition)}
    connection.close()  # each forked child opens its own connection
    for label, name in (("XLSX", "consolidated_xlsx"), ("PDF", "consolidated_pdf")):
        seconds, peak, queries, size = in_child(name, filters)
        results.append((f"{label} (kk, every row)", seconds, peak, queries, size))
        print(f"{label} built after {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print()
    print(database)
    print(f"{AGENCIES} agencies × {ITEMS} items = {rows:,} rows, edition {edition.edition}")
    header = f"{'what':<28} | {'seconds':>8} | {'peak MB':>8} | {'queries':>7} | {'KB':>7}"
    print(header)
    print("-" * len(header))
    for label, seconds, peak, queries, size in results:
        peak = "-" if peak is None else f"{peak:.1f}"
        print(f"{label:<28} | {seconds:>8.2f} | {peak:>8} | {queries:>7} | {size // 1024:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
