"""THE load benchmark of the public reads (issue 8 §9, issue 12 §1): gunicorn as in production
(DEBUG off, `portal/gunicorn.conf.py`, 2 sync workers) loaded by concurrent anonymous clients
on loopback, each URL next to a bare Django JSON view and a static file of its own size,
both served by the same gunicorn, through the same middleware, in the same run.

Run from the repository root:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python -m bench.load

(or `make bench`; add CACHE_URL=redis://127.0.0.1:6379/7 to share the cache between the
workers as in production). On a throwaway database of the engine DATABASE_URL names
(bench/database.py) it generates 500 agencies with 10 appointments each, publishes a
media-grid of BENCH_GRID_EVENTS events (300) for 7–13 December 2026, fills BENCH_EVENTS events
over ten years as bench.events does (200,000 on PostgreSQL, 20,000 on SQLite; bench.events'
1,200,000 take a minute more to fill) while a child
process builds the grid's Kazakh PDF and the English directory PDF as the Celery tasks
would, and then loads, with BENCH_CLIENTS threads (4) each asking as fast as it can on a new
connection per request (sync workers close them), in BENCH_ROUNDS rounds (4) of BENCH_SLICE
seconds (0.5) per URL, each URL right after the bare view and right before its static file:

- the bare view (`/bench/bare/`), the same after one cache read (`/bench/bare-cached/`);
- the public grid page, the grid JSON, the grid PDF, the events API for one week, the
  directory page, the directory API (spokespersons, agencies), an agency page and the built
  directory PDF;
- for each of them a static file of the same size (`/bench/static/`, Django's static view).

It prints the database engine and version, the machine's load, and per URL the median
throughput, p50/p95/p99 latency, errors, and the medians over the rounds of its throughput
over the bare view's of the slice just before and over its static file's of the slice just
after (other work on the machine moves every figure, a second at a time).

Targets: zero errors anywhere; the grid JSON and PDF at least 0.8x of the bare view and of
their static file; the events API, the directory API and the agency page at least 0.3x of
the bare view, the directory page 0.2x. Exits with status 1 when one is missed.

BENCH_GRID_EVENTS=3000 is bench.media_grid's size: its JSON is then 1.1 MB, and moving it
costs more than the bare view's whole request (a static file of that size reaches about
half the bare view's throughput here), so only the static file is a fair yardstick there.
"""

import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.database import ROOT, throwaway_database

AGENCIES = 500
PER_AGENCY = 10
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
SLICE = float(os.environ.get("BENCH_SLICE", "0.5"))  # seconds of one URL in one round
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
GRID_EVENTS = int(os.environ.get("BENCH_GRID_EVENTS", "300"))
# The events API is answered from the public cache under load; the size of the table
# matters to its misses, which bench.events times at 1.2 million events (BENCH_EVENTS).
EVENTS = {"postgresql": int(os.environ.get("BENCH_EVENTS", "200000")), "sqlite": 20_000}
WEEK = "2026-W50"
BARE = "bare Django JSON view"
# label: (target × the bare view, target × its static file or None)
TARGETS = {
    "grid JSON": (0.8, 0.8),
    "grid PDF (kk)": (0.8, 0.8),
    "events API, a week": (0.3, None),
    "API spokespersons": (0.3, None),
    "API agencies": (0.3, None),
    "agency page": (0.3, None),
    "directory": (0.2, None),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, headers: dict) -> tuple[int, int]:
    """(status, body bytes) of one GET on a new connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()


def hammer(port: int, path: str, headers: dict, seconds: float) -> dict:
    """CLIENTS threads requesting `path` for `seconds`: throughput, latencies, errors."""
    timings, errors, size = [], [], [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                status, length = get(port, path, headers)
            except OSError as error:
                status, length = repr(error), 0
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if status == 200:
                    timings.append(elapsed)
                    size[0] = length
                else:
                    errors.append(status)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - started
    return {"rps": len(timings) / duration, "timings": timings, "errors": errors, "bytes": size[0]}


def _percentile(timings: list[float], share: float) -> float:
    return timings[max(int(len(timings) * share) - 1, 0)] if timings else float("nan")


def rounds(port: int, groups: list) -> dict:
    """ROUNDS rounds; in each, every group (a URL and its static file) is loaded for SLICE
    seconds a URL, right after the bare view, so that each ratio compares slices a second
    apart (other work on the machine moves every figure). Per URL: the median throughput,
    the latencies of all rounds, and the median over the rounds of its throughput over the
    bare view's just before it and over its static file's just after it."""
    bare = (BARE, "/bench/bare/", {})
    runs = {label: [] for group in groups for label, _path, _headers in [bare, *group]}
    to_bare = {label: [] for label in runs}
    to_static = {label: [] for label in runs}
    for _round in range(ROUNDS):
        for group in groups:
            before = hammer(port, bare[1], bare[2], SLICE)
            runs[BARE].append(before)
            measured = [hammer(port, path, headers, SLICE) for _label, path, headers in group]
            for (label, _path, _headers), run in zip(group, measured, strict=True):
                runs[label].append(run)
                to_bare[label].append(run["rps"] / before["rps"] if before["rps"] else 0)
            if len(group) == 2:
                mine, twin = measured
                to_static[group[0][0]].append(mine["rps"] / twin["rps"] if twin["rps"] else 0)
    results = {}
    for label, measured in runs.items():
        timings = sorted(timing for run in measured for timing in run["timings"])
        errors = [error for run in measured for error in run["errors"]]
        results[label] = {
            "rps": statistics.median(run["rps"] for run in measured),
            "p50": statistics.median(timings) if timings else float("nan"),
            "p95": _percentile(timings, 0.95),
            "p99": _percentile(timings, 0.99),
            "errors": len(errors),
            "error_kinds": sorted({str(error) for error in errors})[:3],
            "bytes": measured[-1]["bytes"],
            "to_bare": statistics.median(to_bare[label]) if to_bare[label] else 1.0,
            "to_static": statistics.median(to_static[label]) if to_static[label] else None,
        }
    return results


def start_gunicorn(
    port: int, log: Path, static_root: Path, *, workers: int = WORKERS
) -> subprocess.Popen:
    """gunicorn with the production config (`portal/gunicorn.conf.py`), DEBUG off, the bench
    URLs (`bench.settings`), its error and access logs in `log`; once it answers."""
    environment = {
        **os.environ,
        "BENCH_STATIC_ROOT": str(static_root),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "portal.wsgi:application",
        f"--config={ROOT / 'portal' / 'gunicorn.conf.py'}",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        f"--access-logfile={log.with_suffix('.access.log')}",
        "--log-level=warning",
        "--timeout=120",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(port, "/bench/bare/", {})[0] == 200:
                return process
        except OSError:
            time.sleep(0.2)
        if process.poll() is not None:
            break
    process.terminate()
    raise SystemExit(f"gunicorn did not start:\n{log.read_text()}")


def main() -> int:
    media = Path(tempfile.mkdtemp(prefix="portal-bench-media-"))
    try:
        # The PDFs are built here, not by a worker: their tasks stay in memory.
        with throwaway_database(MEDIA_ROOT=str(media), CELERY_BROKER_URL="memory://") as database:
            return run(database)
    finally:
        shutil.rmtree(media, ignore_errors=True)


def _step(message: str, started: float) -> None:
    print(f"{message} in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def _build_pdfs() -> None:
    """The English directory PDF and the grid's Kazakh one, built as the Celery task does at
    publication (in a child process, while the parent fills the events)."""
    from eventgrid.exports import MEDIA_GRID
    from portal.documents.models import StoredDocument
    from portal.documents.services import document_build, document_request

    directory = document_request(kind="directory", language="en", filters={})
    grid = StoredDocument.objects.get(kind=MEDIA_GRID, language="kk")
    for document in (directory, grid):
        if document_build(document_id=document.pk) != "done":
            raise SystemExit(f"the {document.kind} PDF was not built")


def prepare() -> tuple[list, int]:
    """The data: agencies, the published grid, the events and the built PDFs; returns the
    agencies and the number of events filled."""
    import multiprocessing

    from django.db import connection, connections

    from bench.events import fill_events
    from bench.generate import generate
    from bench.media_grid import publish_grid

    started = time.perf_counter()
    agencies = generate(AGENCIES, per_agency=PER_AGENCY)
    publish_grid(GRID_EVENTS)
    _step(f"Generated {AGENCIES} agencies, published a grid of {GRID_EVENTS:,} events", started)
    started = time.perf_counter()
    connections.close_all()  # the child opens its own
    builder = multiprocessing.get_context("fork").Process(target=_build_pdfs)
    builder.start()
    events = EVENTS.get(connection.vendor, EVENTS["sqlite"])
    fill_events(events, start=0)
    _step(f"Filled {events:,} events over ten years", started)
    builder.join()
    if builder.exitcode != 0:
        raise SystemExit("building the PDFs failed")
    _step("Built the directory's and the grid's PDFs meanwhile", started)
    return agencies, events


def run(database: str) -> int:
    from django.conf import settings

    agencies, events = prepare()
    json = {"Accept": "application/json", "Accept-Language": "en"}
    measured = [
        ("grid page", f"/en/media-grid/{WEEK}/", {}),
        ("grid JSON", f"/api/v1/media-grids/{WEEK}/", json),
        ("grid PDF (kk)", f"/kk/media-grid/{WEEK}.pdf", {}),
        ("events API, a week", "/api/v1/events/?from=2026-12-07&to=2026-12-13", json),
        ("directory", "/en/directory/", {}),
        ("API spokespersons", "/api/v1/spokespersons/", json),
        ("API agencies", "/api/v1/agencies/", json),
        ("agency page", f"/en/agencies/{agencies[1].slug}/", {}),
        ("directory PDF (built)", "/en/directory/pdf/", {}),
    ]
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    static_root = folder / "static"
    static_root.mkdir()
    process = start_gunicorn(port, folder / "gunicorn.log", static_root)
    try:
        groups = [[("bare + one cache read", "/bench/bare-cached/", {})]]
        for number, (label, path, headers) in enumerate(measured):
            status, size = get(port, path, headers)
            if status != 200:
                raise SystemExit(f"{label}: {path} answered {status}")
            name = f"twin-{number}.bin"  # a file of the same size, served by the same server
            (static_root / name).write_bytes(os.urandom(size))
            groups.append([(label, path, headers), (_twin(label), f"/bench/static/{name}", {})])
        for group in groups:  # warm-up: every worker renders and caches
            for _label, path, headers in group:
                for _ in range(4 * WORKERS):
                    get(port, path, headers)
        load = os.getloadavg()
        results = rounds(port, groups)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    return report(database, settings, results, load, events)


def _twin(label: str) -> str:
    return f"  static, {label}'s size"


def report(database, settings, results, load, events) -> int:
    print()
    print(database)
    print(
        f"cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}; gunicorn: "
        f"{WORKERS} sync workers, DEBUG off; {CLIENTS} anonymous clients on loopback, "
        f"{SLICE:g} s per URL in each of {ROUNDS} rounds, right after the bare view's "
        f"{SLICE:g} s (medians); {AGENCIES} agencies, "
        f"{AGENCIES * PER_AGENCY:,} appointments, {events:,} events, a grid of "
        f"{GRID_EVENTS:,}; load average before the load "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs"
    )
    header = (
        f"{'URL':<38} | {'req/s':>6} | {'p50 ms':>7} | {'p95 ms':>7} | {'p99 ms':>7} "
        f"| {'errors':>6} | {'KB':>6} | {'× bare':>6} | {'× static':>8}"
    )
    print(header)
    print("-" * len(header))
    missed = [
        f"{label}: {result['errors']} errors"
        for label, result in results.items()
        if result["errors"]
    ]
    for label, result in results.items():
        to_bare, to_static = result["to_bare"], result["to_static"]
        bare_target, static_target = TARGETS.get(label, (None, None))
        marks = []
        if bare_target is not None and to_bare < bare_target:
            marks.append(f"< {bare_target} × bare")
        if static_target is not None and to_static < static_target:
            marks.append(f"< {static_target} × static")
        missed += [f"{label} {mark}" for mark in marks]
        if bare_target is not None and not marks:
            marks.append("ok")
        static_text = "" if to_static is None else f"{to_static:.2f}"
        print(
            f"{label:<38} | {result['rps']:>6.0f} | {result['p50']:>7.1f} | {result['p95']:>7.1f} "
            f"| {result['p99']:>7.1f} | {result['errors']:>6} | {result['bytes'] / 1024:>6.0f} "
            f"| {to_bare:>6.2f} | {static_text:>8} {' '.join(marks)}"
        )
        if result["errors"]:
            print(f"    errors: {result['error_kinds']}")
    print()
    if missed:
        print(f"FAIL: {'; '.join(missed)}")
        return 1
    print("Every public read meets its target, with no error.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
