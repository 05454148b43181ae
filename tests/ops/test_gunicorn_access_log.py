"""gunicorn's access log carries each answer's X-Request-ID (issue 12 §5), with the config
the Dockerfile's command uses (portal/gunicorn.conf.py), so that an access-log line is
found beside the portal's own log lines of the same request."""

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.load import free_port

ROOT = Path(__file__).resolve().parents[2]


def _get(port: int, path: str, headers: dict) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def test_the_access_log_line_carries_the_request_id(tmp_path):
    port = free_port()
    access_log = tmp_path / "access.log"
    environment = {
        **os.environ,
        # The portal's settings with the bench's bare view and static files from the finders
        # (a production image has collected them).
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "DEBUG": "false",
        "SECRET_KEY": "access-log-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "portal.wsgi:application",
            "--config=portal/gunicorn.conf.py",
            "--workers=1",
            f"--bind=127.0.0.1:{port}",
            f"--access-logfile={access_log}",  # the config's format, to a file here
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                # No database needed: the bench's bare JSON view.
                response = _get(port, "/bench/bare/", {"X-Request-ID": "trace-1234-abcd"})
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "no gunicorn"
                time.sleep(0.1)
        assert (response.status, response.headers["X-Request-ID"]) == (200, "trace-1234-abcd")
        for _ in range(50):  # gunicorn writes the line once the answer is sent
            lines = access_log.read_text().splitlines()
            if lines:
                break
            time.sleep(0.05)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)

    # One line a request (a first try while the worker boots may be logged too).
    assert lines
    for line in lines:
        assert '"GET /bench/bare/ HTTP/1.1" 200' in line
        assert line.endswith(" request_id=trace-1234-abcd")
