"""Benchmark of the public directory: latency and SQL queries at 50 and at 500 agencies.

Run from the repository root:  .venv/bin/python -m bench.directory   (or `make bench`)

It works on a throwaway database of the engine DATABASE_URL names (PostgreSQL: a database
`bench_<pid>` created and dropped on that server; SQLite or unset: a file in a temporary
directory), never on db.sqlite3 or on the database of the shell's DATABASE_URL; the table
says which engine and version it ran on. Each page is requested once to warm up, once to count its SQL
queries, then ROUNDS times to time it; the median is reported. The number of queries a page
makes must not grow with the size of the directory: the script exits with status 1 if it does.
"""

import re
import statistics
import sys
import time

from bench.database import throwaway_database

ROUNDS = 20
SIZES = (50, 500)
PER_AGENCY = 10
SEARCH = {"q": "Kassymov", "region": "astana"}
RESULT_COUNT = re.compile(r'class="result-count">\D*?(\d+)')


def measure(client, path: str, params: dict | None = None, **headers) -> tuple[float, int, int]:
    """(median ms, SQL queries, results found) of GET path."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get():
        # Public reads are cached by the directory's version (bench/load.py measures
        # that): this one measures the render a request costs after each publication.
        cache.clear()
        response = client.get(path, params or {}, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} {params or ''} answered {response.status_code}")
        return response

    get()  # warm-up: templates, URL resolvers, translation catalogues
    with CaptureQueriesContext(connection) as captured:
        response = get()
    queries = len(captured.captured_queries)
    found = _found(response)

    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        get()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), queries, found


def _found(response) -> int:
    """How many rows the page or API answer matched, as a check that it did real work."""
    if response["Content-Type"].startswith("application/json"):
        return response.json()["count"]
    html = response.content.decode()
    count = RESULT_COUNT.search(html)
    if count:  # the directory says how many it found
        return int(count.group(1))
    return html.count("<tr>")  # the agency page: one table row per appointment


def pages(agency_slug: str) -> list[tuple[str, str, dict | None, dict]]:
    """(label, path, query, headers) of every page measured."""
    json = {"accept": "application/json"}
    return [
        ("directory", "/en/directory/", None, {}),
        ("directory search", "/en/directory/", SEARCH, {}),
        ("agency page", f"/en/agencies/{agency_slug}/", None, {}),
        ("API spokespersons", "/api/v1/spokespersons/", None, json),
        ("API agencies", "/api/v1/agencies/", None, json),
    ]


def main() -> int:
    started = time.perf_counter()
    with throwaway_database() as database:
        return run(started, database)


def run(started: float, database: str) -> int:

    from django.test import Client

    from bench.generate import generate

    client = Client()

    results: dict[str, dict[int, tuple[float, int, int]]] = {}
    made = 0
    agency_slug = None
    for size in SIZES:
        generation_started = time.perf_counter()
        new = generate(size - made, per_agency=PER_AGENCY, start=made)
        made = size
        agency_slug = agency_slug or new[0].slug
        print(
            f"Generated {size} agencies, {size * PER_AGENCY} appointments "
            f"in {time.perf_counter() - generation_started:.1f} s",
            file=sys.stderr,
        )
        for label, path, params, headers in pages(agency_slug):
            results.setdefault(label, {})[size] = measure(client, path, params, **headers)

    print()
    print(database)
    print(
        f"Median of {ROUNDS} requests after one warm-up; {PER_AGENCY} appointments per agency; "
        f"search {SEARCH}."
    )
    header = f"{'page':<18} | {'agencies':>8} | {'median ms':>9} | {'queries':>7} | {'found':>5}"
    print(header)
    print("-" * len(header))
    for label, by_size in results.items():
        for size, (median, queries, found) in by_size.items():
            print(f"{label:<18} | {size:>8} | {median:>9.1f} | {queries:>7} | {found:>5}")
    print()

    small, large = SIZES[0], SIZES[-1]
    changed = {
        label: (by_size[small][1], by_size[large][1])
        for label, by_size in results.items()
        if by_size[small][1] != by_size[large][1]
    }
    grew = [label for label, (before, after) in changed.items() if after > before]
    print(f"Total time {time.perf_counter() - started:.1f} s")
    if not changed:
        print(f"Query counts are equal at {small} and {large} agencies for every page: OK")
        return 0
    details = ", ".join(
        f"{label} {before} -> {after}" for label, (before, after) in changed.items()
    )
    if grew:
        print(f"FAIL: query counts grew from {small} to {large} agencies: {details}")
        return 1
    print(f"Query counts differ (but none grew) from {small} to {large} agencies: {details}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
