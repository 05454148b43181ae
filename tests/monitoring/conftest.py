"""A real HTTP server on 127.0.0.1 that the feed tests fetch from (issue 11 item 8: no
mock of the HTTP client or the parser), and the agencies and rules they match."""

import http.server
import threading
import time

import pytest

from monitoring.models import AgencyRule, Feed, Outlet
from tests.factories import AgencyFactory


class Site:
    """What the server answers: path → (status, headers, body), or a callable of the
    request handler returning that; `requests` keeps (path, headers) of each request."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def site(settings):
    """The server, and fetching from 127.0.0.1 allowed (refused by default: SSRF)."""
    settings.MONITORING_FEEDS_ALLOW_PRIVATE = True
    served = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            served.requests.append((self.path, dict(self.headers)))
            answer = served.routes.get(self.path, (404, {}, b"not here"))
            if callable(answer):
                answer = answer(self)
            status, headers, body = answer
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served
    server.shutdown()
    server.server_close()


def slow(seconds: float, answer):
    """An answer sent after `seconds`: longer than the client's timeout."""

    def handler(_request):
        time.sleep(seconds)
        return answer

    return handler


@pytest.fixture
def health(db):
    """The health ministry with its rules in Russian and Kazakh, and an exclusion."""
    agency = AgencyFactory(slug="health", name_en="Ministry of Health")
    for term, language, exclude in (
        ("Министерство здравоохранения", "ru", False),
        ("Минздрав", "ru", False),
        ("Минздрав России", "ru", True),
        ("Денсаулық сақтау министрлігі", "kk", False),
    ):
        AgencyRule.objects.create(agency=agency, term=term, language=language, exclude=exclude)
    return agency


@pytest.fixture
def outlet(db):
    return Outlet.objects.create(
        name="Tengri", kind="news_site", language="ru", reach=150_000, website="https://tengri.kz"
    )


@pytest.fixture
def small_outlet(db):
    return Outlet.objects.create(name="Blog", kind="blog", language="ru", reach=500)


def feed_for(outlet, url, **fields):
    return Feed.objects.create(outlet=outlet, url=url, **fields)
