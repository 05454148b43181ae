"""Benchmark of the public reads under load: gunicorn (DEBUG off, 2 workers) serving
anonymous clients, each URL compared with a bare Django JSON view of the same gunicorn.

Run from the repository root:  .venv/bin/python -m bench.public_reads   (or `make bench`)

On a throwaway database of the engine DATABASE_URL names (see bench/database.py) it
generates 500 agencies with 10 appointments each, builds the English directory PDF once
(as the Celery task would), then starts gunicorn with `bench.settings` (the portal's
settings plus a bench-only URL conf with the bare view at /bench/bare/) and, for each URL in
turn, lets CLIENTS threads request it as fast as they can (a new connection per request, as
gunicorn's sync workers close them), SECONDS seconds per URL split into ROUNDS rounds over
every URL. It prints the median requests per second, p50 and p95 latency and errors per URL,
and the median ratio to the bare view of the same round. The cache is
CACHE_URL's (Redis, as in production, when set; otherwise each worker's own memory).

It also publishes a media-grid of GRID_EVENTS events for 7–13 December 2026 and builds its
Kazakh PDF, and loads the grid's JSON and PDF next to a static file of the same size each
(`/bench/static/`, Django's static view in the same gunicorn).

Targets (issue 7 §3, issue 8 §9): at least 0.3x the bare view for the anonymous API and the
agency page, 0.2x for the directory page; the grid JSON and PDF at least 0.8x of the bare view
and of their static file; the script exits with status 1 when one is missed.
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
SECONDS = float(os.environ.get("BENCH_SECONDS", "6"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WORKERS = 2
GRID_EVENTS = int(os.environ.get("BENCH_GRID_EVENTS", 300))
TARGETS = {
    "agency page": 0.3,
    "API spokespersons": 0.3,
    "API agencies": 0.3,
    "directory": 0.2,
    "grid JSON": 0.8,
    "grid PDF (kk)": 0.8,
}
# The static file each grid read is also compared with (0.8x of it).
STATIC_TWIN = {"grid JSON": "static, JSON's size", "grid PDF (kk)": "static, PDF's size"}


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


def rounds(port: int, urls: list) -> dict:
    """ROUNDS rounds, each loading every URL in turn for SECONDS / ROUNDS, so that a slower
    or busier moment of the machine weighs on every URL alike: each URL's median
    throughput, and its median ratio to the bare view of the same round."""
    runs = {label: [] for label, _path, _headers in urls}
    for _round in range(ROUNDS):
        for label, path, headers in urls:
            runs[label].append(hammer(port, path, headers, SECONDS / ROUNDS))
    results = {}
    for label, measured in runs.items():
        timings = sorted(timing for run in measured for timing in run["timings"])
        errors = [error for run in measured for error in run["errors"]]
        results[label] = {
            "rps": statistics.median(run["rps"] for run in measured),
            "rps_by_round": [run["rps"] for run in measured],
            "p50": statistics.median(timings) if timings else float("nan"),
            "p95": timings[int(len(timings) * 0.95) - 1] if timings else float("nan"),
            "errors": len(errors),
            "error_kinds": sorted({str(error) for error in errors})[:3],
            "bytes": measured[-1]["bytes"],
        }
    return results


def ratio(results: dict, label: str, to: str) -> float:
    """The median over the rounds of `label`'s throughput over `to`'s in the same round."""
    pairs = zip(results[label]["rps_by_round"], results[to]["rps_by_round"], strict=True)
    return statistics.median(mine / theirs if theirs else 0 for mine, theirs in pairs)


def start_gunicorn(port: int, log: Path, static_root: Path) -> subprocess.Popen:
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
        f"--workers={WORKERS}",
        f"--bind=127.0.0.1:{port}",
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
        # The grid's PDFs are built here, not by a worker: their tasks stay in memory.
        with throwaway_database(MEDIA_ROOT=str(media), CELERY_BROKER_URL="memory://") as database:
            return run(database)
    finally:
        shutil.rmtree(media, ignore_errors=True)


def run(database: str) -> int:
    from django.conf import settings

    from bench.generate import generate
    from portal.documents.services import document_build, document_request

    started = time.perf_counter()
    agencies = generate(AGENCIES, per_agency=PER_AGENCY)
    print(
        f"Generated {AGENCIES} agencies in {time.perf_counter() - started:.1f} s", file=sys.stderr
    )
    started = time.perf_counter()
    document = document_request(kind="directory", language="en", filters={})
    assert document_build(document_id=document.pk) == "done"
    document.refresh_from_db()
    print(
        f"Built the English directory PDF ({document.size // 1024} KB) "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )

    started = time.perf_counter()
    grid_pdf = _publish_grid_with_its_kazakh_pdf()
    print(
        f"Published a media-grid of {GRID_EVENTS} events and built its Kazakh PDF "
        f"({grid_pdf.size // 1024} KB) in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )

    json = {"Accept": "application/json", "Accept-Language": "en"}
    urls = [
        ("bare Django JSON view", "/bench/bare/", {}),
        ("bare + one cache read", "/bench/bare-cached/", {}),
        ("directory", "/en/directory/", {}),
        ("agency page", f"/en/agencies/{agencies[1].slug}/", {}),
        ("API spokespersons", "/api/v1/spokespersons/", json),
        ("API agencies", "/api/v1/agencies/", json),
        ("directory PDF (built)", "/en/directory/pdf/", {}),
        ("grid JSON", "/api/v1/media-grids/2026-W50/", json),
        ("grid PDF (kk)", "/kk/media-grid/2026-W50.pdf", {}),
    ]
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    static_root = folder / "static"
    static_root.mkdir()
    process = start_gunicorn(port, folder / "gunicorn.log", static_root)
    try:
        for label, path, headers in list(urls):
            if label in STATIC_TWIN:  # a file of the same size, served by the same server
                status, size = get(port, path, headers)
                assert status == 200, f"{path} answered {status}"
                name = STATIC_TWIN[label].replace(" ", "-").replace(",", "").replace("'", "")
                (static_root / name).write_bytes(os.urandom(size))
                urls.append((STATIC_TWIN[label], f"/bench/static/{name}", {}))
        for _label, path, headers in urls:  # warm-up: every worker renders and caches
            for _ in range(4 * WORKERS):
                get(port, path, headers)
        results = rounds(port, urls)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)

    print()
    print(database)
    print(
        f"cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}; gunicorn: "
        f"{WORKERS} sync workers, DEBUG off; {CLIENTS} anonymous clients, {SECONDS:g} s per "
        f"URL in {ROUNDS} rounds (medians); {AGENCIES} agencies, "
        f"{AGENCIES * PER_AGENCY} appointments"
    )
    header = (
        f"{'URL':<22} | {'req/s':>7} | {'p50 ms':>7} | {'p95 ms':>7} | {'errors':>6} "
        f"| {'KB':>6} | {'× bare':>6}"
    )
    print(header)
    print("-" * len(header))
    missed = []
    for label, result in results.items():
        to_bare = ratio(results, label, "bare Django JSON view")
        target = TARGETS.get(label)
        mark = "" if target is None else (" ok" if to_bare >= target else f" < {target}")
        if target is not None and to_bare < target:
            missed.append(label)
        if label in STATIC_TWIN:
            to_twin = ratio(results, label, STATIC_TWIN[label])
            mark += f"; {to_twin:.2f}x its static file"
            if to_twin < target:
                missed.append(f"{label} (against its static file)")
        print(
            f"{label:<22} | {result['rps']:>7.0f} | {result['p50']:>7.1f} | {result['p95']:>7.1f} "
            f"| {result['errors']:>6} | {result['bytes'] / 1024:>6.0f} | {to_bare:>6.2f}{mark}"
        )
        if result["errors"]:
            print(f"    errors: {result['error_kinds']}")
    print()
    if missed:
        print(f"FAIL: below the target: {', '.join(missed)}")
        return 1
    print("Every public read meets its target.")
    return 0


def _publish_grid_with_its_kazakh_pdf():
    """The week's media-grid published (bench.media_grid makes it) and its Kazakh PDF built,
    as the Celery task does at publication."""
    from bench.media_grid import publish_grid
    from eventgrid.exports import MEDIA_GRID
    from portal.documents.models import StoredDocument
    from portal.documents.services import document_build

    publish_grid(GRID_EVENTS)
    document = StoredDocument.objects.get(kind=MEDIA_GRID, language="kk")
    assert document_build(document_id=document.pk) == "done"
    document.refresh_from_db()
    return document


if __name__ == "__main__":
    sys.exit(main())
