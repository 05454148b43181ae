"""Two web servers, one portal (issue 12 §2): two gunicorn instances on two ports against the
same database, cache and media folder, as behind a load balancer.

Run from the repository root (PostgreSQL and Redis, as in production):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench CACHE_URL=redis://127.0.0.1:6379/7 \
      .venv/bin/python -m bench.two_servers

On a throwaway database (bench/database.py) and a fresh media folder it shows, and prints:

1. a PDF asked for on server A (its build queued there) and built as the Celery worker does
   (here, `document_build`, on the shared folder) is served by server B, the same bytes as
   A serves;
2. a session made by signing in on A is signed in on B (the session is in the database, the
   cookie signed with the one SECRET_KEY), and signing out on B ends it on A;
3. each answer carries its own X-Request-ID, from both servers.

Two workers without beat sending each reminder once is shown by
tests/notifications/test_delivery_crash.py (real workers, the real broker). Exits with
status 1 when a check fails.
"""

import http.client
import os
import re
import shutil
import signal
import sys
import tempfile
from http.cookies import SimpleCookie
from pathlib import Path

from bench.database import throwaway_database
from bench.load import free_port, start_gunicorn

AGENCIES = 20
PASSWORD = "two-servers-pass-123"


class Browser:
    """One client's cookies, sent to whichever server it asks."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, body: str = "", headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response, content


def sign_in(browser: Browser, port: int, username: str) -> int:
    """Sign in through the login form on `port`; the status of the POST."""
    _response, page = browser.request(port, "GET", "/en/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    body = f"csrfmiddlewaretoken={token}&username={username}&password={PASSWORD}"
    response, _ = browser.request(
        port, "POST", "/en/login/", body, {"Referer": f"http://127.0.0.1:{port}/en/login/"}
    )
    return response.status


def main() -> int:
    media = Path(tempfile.mkdtemp(prefix="portal-two-servers-media-"))
    try:
        # Web's build requests go to an in-memory broker; this process builds, as a worker.
        with throwaway_database(MEDIA_ROOT=str(media), CELERY_BROKER_URL="memory://") as database:
            return run(database, media)
    finally:
        shutil.rmtree(media, ignore_errors=True)


def run(database: str, media: Path) -> int:
    from django.conf import settings

    from bench.generate import generate
    from portal.directory.models import User
    from portal.documents.models import StoredDocument
    from portal.documents.services import document_build

    generate(AGENCIES, per_agency=3)
    User.objects.create_user("operator", "operator@example.kz", PASSWORD, is_staff=True)

    folder = Path(tempfile.mkdtemp(prefix="portal-two-servers-"))
    static_root = folder / "static"
    static_root.mkdir()
    ports = free_port(), free_port()
    servers = [
        start_gunicorn(port, folder / f"gunicorn-{n}.log", static_root)
        for n, port in enumerate(ports)
    ]
    a, b = ports
    results: list[tuple[str, bool, str]] = []

    def check(what: str, ok: bool, detail: str = "") -> None:
        results.append((what, ok, detail))

    try:
        anonymous = Browser()
        queued, _ = anonymous.request(a, "GET", "/en/directory/pdf/")
        document = StoredDocument.objects.get(kind="directory", language="en")
        check(
            "A queues the directory PDF",
            queued.status == 200 and document.status == "queued",
            f"{queued.status}, {document.status}",
        )
        outcome = document_build(document_id=document.pk)
        document.refresh_from_db()
        check(
            "the worker builds it into the shared folder",
            outcome == "done" and (media / document.file.name).is_file(),
            f"{outcome}: {document.file.name}",
        )
        from_b, pdf_b = anonymous.request(b, "GET", "/en/directory/pdf/")
        from_a, pdf_a = anonymous.request(a, "GET", "/en/directory/pdf/")
        check(
            "B serves the PDF A queued, the same bytes as A",
            from_b.status == 200
            and from_b.headers["Content-Type"] == "application/pdf"
            and pdf_b.startswith(b"%PDF")
            and pdf_a == pdf_b,
            f"B {from_b.status} {from_b.headers['Content-Type']} {len(pdf_b)} bytes, "
            f"A {from_a.status} {len(pdf_a)} bytes",
        )

        browser = Browser()
        status = sign_in(browser, a, "operator")
        check("sign in on A", status == 302, f"{status}")
        on_b, _ = browser.request(b, "GET", "/en/dashboard/")
        check("the session of A is signed in on B", on_b.status == 200, f"B {on_b.status}")
        stranger, _ = Browser().request(b, "GET", "/en/dashboard/")
        check(
            "without the cookie B sends to sign in",
            stranger.status == 302 and "/login/" in stranger.headers["Location"],
            f"{stranger.status} {stranger.headers.get('Location')}",
        )
        token = browser.cookies.get("csrftoken", "")
        out, _ = browser.request(
            b,
            "POST",
            "/en/logout/",
            f"csrfmiddlewaretoken={token}",
            {"Referer": f"http://127.0.0.1:{b}/en/dashboard/"},
        )
        after, _ = browser.request(a, "GET", "/en/dashboard/")
        check(
            "signing out on B ends the session on A",
            out.status == 302 and after.status == 302,
            f"logout {out.status}, A then {after.status}",
        )
        ids = {
            Browser().request(port, "GET", "/healthz?only=database")[0].headers["X-Request-ID"]
            for port in (a, b, a, b)
        }
        check("every answer has its own X-Request-ID", len(ids) == 4, f"{len(ids)} ids")
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)

    print(database)
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"two gunicorn instances on ports {a} (A) and {b} (B); cache: {cache}; media: {media}")
    width = max(len(what) for what, _ok, _detail in results)
    for what, ok, detail in results:
        print(f"{'ok  ' if ok else 'FAIL'} {what:<{width}}  {detail}")
    if not all(ok for _what, ok, _detail in results):
        return 1
    print("Two servers, one portal: every check passed.")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.exit(main())
