"""Benchmark of the published weekly media-grid (issue 8 §9): its JSON and its PDF.

Run from the repository root:  DATABASE_URL=postgres://… .venv/bin/python -m bench.media_grid
(or `make bench`). It works on a throwaway database of the engine DATABASE_URL names (see
bench/database.py): 500 agencies, one week (7–13 December 2026) with GRID_EVENTS published
events in kk, ru and en, all of them in the week's media-grid, published as version 1.

It prints
- the median server time and SQL queries of the grid JSON (`/api/v1/media-grids/2026-W50/`,
  through Django's test client, DEBUG off, the public cache cleared before each request, and
  then answered from it: "cached ms"), first
  with those events alone and then after bench.events' ten years of events are added (1.2
  million on PostgreSQL): target under 50 ms and the same query count;
- the time and peak memory of building the version's PDF as the Celery task does
  (`eventgrid.exports.media_grid_pdf`: the version read, the template rendered, WeasyPrint),
  beside WeasyPrint alone rendering the same HTML saved as a file, with the same fonts and
  stylesheets: target within 1.3× of it. Each rendering runs in a fresh forked process, so
  its peak memory is its own. BENCH_PDF_RUNS=0 measures the JSON only.

The throughput of the grid JSON and PDF under load is measured by bench.load.
"""

import datetime as dt
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.database import throwaway_database
from bench.events import LARGE, SMALL, fill_events, measure

AGENCIES = 500
GRID_EVENTS = int(os.environ.get("BENCH_GRID_EVENTS", 3_000))
WEEK = "2026-W50"
MONDAY = dt.date(2026, 12, 7)
PDF_RUNS = int(os.environ.get("BENCH_PDF_RUNS", 3))  # 0: the JSON only
TARGET_MS = 50
TARGET_PDF_RATIO = 1.3
FORMATS = ["press_conference", "briefing", "interview", "forum", "visit", "round_table"]


def publish_grid(count: int) -> dict[str, str]:
    """`count` published events spread over the week's seven days and the agencies, the
    week's grid showing them all (one main news a day), published as version 1; returns
    the PDF's filters."""
    from django.utils import timezone

    from eventgrid.exports import media_grid_filters
    from eventgrid.models import Event, EventSpeaker, MediaGrid, MediaGridEntry
    from eventgrid.services import media_grid_publish
    from portal.directory.models import Agency, User

    agencies = list(Agency.objects.order_by("id").values_list("id", flat=True))
    events = []
    for i in range(count):
        day = MONDAY + dt.timedelta(days=i % 7)
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9 + i % 8)))
        events.append(
            Event(
                agency_id=agencies[i % len(agencies)],
                title=f"Брифинг: өңірдегі жаңалықтар {i}",
                title_kk=f"Брифинг: өңірдегі жаңалықтар {i}",
                title_ru=f"Брифинг: новости региона {i}",
                title_en=f"Briefing: news of the region {i}",
                place="Астана, Үкімет үйі",
                place_kk="Астана, Үкімет үйі",
                place_ru="Астана, Дом правительства",
                place_en="Astana, Government House",
                format=FORMATS[i % len(FORMATS)],
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=1),
                state="published",
                main_news_candidate=i < 7,
            )
        )
    made = Event.objects.bulk_create(events, batch_size=1000)
    EventSpeaker.objects.bulk_create(
        EventSpeaker(event=event, name="Айгүл Серікова", position="Вице-министр")
        for event in made[::3]
    )
    staff = User.objects.create_user("bench-ministry", password=None, is_staff=True)
    grid = MediaGrid.objects.create(week_start=MONDAY, composed_by=staff)
    MediaGridEntry.objects.bulk_create(
        MediaGridEntry(
            grid=grid, event=event, main_news_rank=1 if event.main_news_candidate else None
        )
        for event in made
    )
    version = media_grid_publish(grid=grid, by=_superuser(staff))
    return media_grid_filters(week_start=MONDAY, number=version.number)


def _superuser(user):
    """The composing user may publish (the authorized body's rule): a superuser here."""
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    return user


def _render_in_child(job, argument, results):
    """Run `job(argument)` in this fresh process; report (seconds, peak RSS MB, added MB)."""
    start_rss = _rss_mb()
    started = time.perf_counter()
    size = job(argument)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.put((elapsed, peak, peak - start_rss, size))


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def portal_pdf(filters) -> int:
    from eventgrid.exports import media_grid_pdf

    return len(media_grid_pdf(language="kk", filters=filters))


def static_pdf(path) -> int:
    from weasyprint import HTML

    from portal.pdf import BASE_URL, PDF_OPTIONS, StaticOnlyURLFetcher

    document = HTML(
        filename=str(path), encoding="utf-8", base_url=BASE_URL, url_fetcher=StaticOnlyURLFetcher()
    )
    return len(document.write_pdf(**PDF_OPTIONS))  # tagged, as the portal's PDFs are


def saved_html(filters, folder: Path) -> Path:
    """The HTML the portal hands to WeasyPrint for the Kazakh PDF, saved as a file."""
    from eventgrid.exports import MEDIA_GRID_TEMPLATE, media_grid_pdf_context
    from portal.pdf import render_html

    context = media_grid_pdf_context(language="kk", filters=filters)
    path = folder / "media-grid.html"
    path.write_text(render_html(MEDIA_GRID_TEMPLATE, context, language="kk"), encoding="utf-8")
    return path


def timed(job, argument) -> tuple[float, float, float, int]:
    """Median seconds, and the largest peak and added memory, of PDF_RUNS forked runs."""
    context = multiprocessing.get_context("fork")
    runs = []
    for _run in range(PDF_RUNS):
        results = context.Queue()
        child = context.Process(target=_render_in_child, args=(job, argument, results))
        child.start()
        runs.append(results.get(timeout=600))
        child.join()
    return (
        statistics.median(run[0] for run in runs),
        max(run[1] for run in runs),
        max(run[2] for run in runs),
        runs[-1][3],
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
        # The PDFs the publication queues stay in this process's memory: the bench builds
        # them itself, timed.
        "CELERY_BROKER_URL": "memory://",
    }
    with throwaway_database(**production) as database:
        from django.test.utils import override_settings

        from bench.settings import STORAGES  # static files from the finders, not a manifest

        with override_settings(STORAGES=STORAGES):
            return run(database)


def run(database: str) -> int:
    from django.db import close_old_connections, connection
    from django.test import Client

    from bench.generate import generate

    started = time.perf_counter()
    generate(AGENCIES, per_agency=1)
    filters = publish_grid(GRID_EVENTS)
    print(
        f"grid of {GRID_EVENTS:,} events published after {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    client = Client()
    json = {"accept": "application/json", "accept-language": "en"}
    path = f"/api/v1/media-grids/{WEEK}/"
    large = LARGE.get(connection.vendor, LARGE["sqlite"])
    json_results = {}
    made = 0
    for size in (SMALL, large):
        fill_events(size - made, start=GRID_EVENTS + made)
        made = size
        json_results[size] = measure(client, path, {}, json)
        print(f"{size:,} more events after {time.perf_counter() - started:.0f} s", file=sys.stderr)

    if PDF_RUNS:
        with tempfile.TemporaryDirectory() as folder:
            html = saved_html(filters, Path(folder))
            close_old_connections()
            connection.close()  # each forked child opens its own connection
            portal = timed(portal_pdf, filters)
            static = timed(static_pdf, html)

    print()
    print(database)
    print(
        f"{AGENCIES} agencies; media-grid {WEEK} (7–13 December 2026) of {GRID_EVENTS:,} "
        "published events, version 1"
    )
    header = (
        f"{'grid JSON':<29} | {'events':>9} | {'median ms':>9} | {'queries':>7} | {'KB':>6} "
        f"| {'cached ms':>9}"
    )
    print(header)
    print("-" * len(header))
    failed = []
    for size, (ms, queries, status, size_bytes, cached) in json_results.items():
        total = GRID_EVENTS + size
        print(
            f"{path:<29} | {total:>9,} | {ms:>9.1f} | {queries:>7} | {size_bytes // 1024:>6} "
            f"| {cached:>9.1f}"
        )
        if status != 200:
            failed.append(f"grid JSON answered {status}")
    if len({result[1] for result in json_results.values()}) > 1:
        failed.append("grid JSON: the query count changed with the number of events")
    large_ms = json_results[large][0]
    print()
    print(f"Target: grid JSON under {TARGET_MS} ms with {GRID_EVENTS + large:,} events")
    if large_ms > TARGET_MS:
        print(f"SLOWER than the target: grid JSON {large_ms:.1f} ms")
    if PDF_RUNS:
        report_pdf(portal, static)
    for failure in failed:
        print(f"FAIL: {failure}")
    return 1 if failed else 0


def report_pdf(portal, static) -> None:
    print()
    print(f"PDF of the grid in Kazakh, median of {PDF_RUNS} runs, each in a fresh process")
    header = f"{'rendering':<34} | {'seconds':>7} | {'peak MB':>7} | {'added MB':>8} | {'KB':>6}"
    print(header)
    print("-" * len(header))
    for label, (seconds, peak, added, size_bytes) in (
        ("portal (media_grid_pdf)", portal),
        ("WeasyPrint, the same HTML as file", static),
    ):
        print(
            f"{label:<34} | {seconds:>7.2f} | {peak:>7.0f} | {added:>8.0f} | {size_bytes // 1024:>6}"
        )
    ratio = portal[0] / static[0]
    print()
    print(f"Target: PDF within {TARGET_PDF_RATIO}× of WeasyPrint alone: {ratio:.2f}×")
    if ratio > TARGET_PDF_RATIO:
        print(f"SLOWER than the target: PDF {ratio:.2f}× WeasyPrint alone")


if __name__ == "__main__":
    sys.exit(main())
