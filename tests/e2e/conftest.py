"""Browser tests: Playwright's sync API drives Debian's Chromium against pytest-django's
live server.

One headless Chromium serves all the browser tests of a session; every test gets a fresh
browser context (no shared cookies) sized by the `viewport` fixture, which a test may
parametrize by name:

    @pytest.mark.parametrize("viewport", ["desktop", "phone"])
    def test_something(page, live_server, viewport): ...

A test that fails leaves a full-page screenshot in test-artifacts/<test name>.png.
`playwright install` is never needed: the browser is the system's /usr/bin/chromium.

Every page a test's browser shows is checked by axe-core (tests/e2e/accessibility.py): the
test fails on a serious or critical violation. A test that needs a second visitor takes
`open_page()`, whose pages are watched the same way.

Living next to the other tests:
- While Playwright runs, its asyncio event loop counts as running in the test thread. Django
  then refuses ORM calls unless DJANGO_ALLOW_ASYNC_UNSAFE is set, and keeps its connections
  per asyncio context instead of per thread. So the variable is set only while the browser
  runs, the connections are pinned (see `_pin_django_connections`), and the browser is shut
  as soon as the next test does not need it, so the tests after it run without a loop.
- The live server needs a transactional database, which Django empties after each test. The
  data the migrations wrote (role groups, permissions) is reloaded before each browser test
  and again after it, so tests may sign in as any role and leave the database as migrated.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from .accessibility import Watcher

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
}
# A journey step that takes longer than this is broken, not slow; it includes the wait of
# accessibility.Watcher for the check of the page it leaves (at most CHECK_TIMEOUT_S).
TIMEOUT_MS = 20_000
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


class Chromium:
    """Starts Playwright and Chromium on first use; `stop` ends both (it may start again)."""

    def __init__(self):
        self._playwright = None
        self._browser = None
        self._async_unsafe_before = None

    def browser(self):
        if self._browser is None:
            if not Path(CHROMIUM).exists():
                pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium")
            connections = _django_connections()
            self._async_unsafe_before = os.environ.get(ASYNC_UNSAFE)
            # Playwright's sync API runs an event loop in this thread; the factories' ORM
            # calls would be refused next to it without this.
            os.environ[ASYNC_UNSAFE] = "true"
            self._playwright = sync_playwright().start()
            _pin_django_connections(connections)
            self._browser = self._playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
        return self._browser

    def stop(self):
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            if self._playwright is not None:
                self._playwright.stop()
            self._browser = self._playwright = None
            if self._async_unsafe_before is None:
                os.environ.pop(ASYNC_UNSAFE, None)
            else:
                os.environ[ASYNC_UNSAFE] = self._async_unsafe_before


def _django_connections():
    from django.db import connections

    return {alias: connections[alias] for alias in connections}


def _pin_django_connections(saved):
    """Keep Django on the connections it had before Playwright started.

    With an event loop running in the thread, Django's connection handler keeps connections
    per asyncio context, so the tests would otherwise get second connections: ones the live
    server does not share, without the snapshot of migrated data that serialized rollback
    restores, and never closed. Setting the saved connections while the loop runs makes both
    storages hold the same objects.
    """
    from django.db import connections

    for alias, connection in saved.items():
        connections[alias] = connection


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item (rep_setup, rep_call, rep_teardown), so
    fixtures can tell in their teardown whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A test that passed fails if a page it showed has a serious or critical accessibility
    violation (the pages still open are checked now); a test that failed keeps its error."""
    result = yield
    watcher = (getattr(item, "funcargs", None) or {}).get("accessibility")
    if watcher is not None:
        watcher.assert_clean()
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test has emptied the database, put back what the migrations
    wrote; shut the browser if the next test does not use one.

    Nothing to do after the last test: by then the session's fixtures, the test database and
    the browser included, are gone."""
    funcargs = getattr(item, "funcargs", None) or {}
    blocker = funcargs.get("django_db_blocker")
    chromium = funcargs.get("chromium")
    transactional = bool({"live_server", "transactional_db"} & set(item.fixturenames))
    try:
        return (yield)
    finally:
        if nextitem is not None:
            try:
                if blocker is not None and transactional:
                    _reload_migrated_data(blocker)
            finally:
                if chromium is not None and "chromium" not in nextitem.fixturenames:
                    chromium.stop()


def _reload_migrated_data(blocker):
    from django.db import connections

    with blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="session")
def chromium():
    """The session's Chromium; stopped early when the browser tests are over."""
    chromium = Chromium()
    yield chromium
    chromium.stop()


@pytest.fixture
def browser(chromium):
    return chromium.browser()


@pytest.fixture
def viewport():
    """Name of the window size; parametrize it to run a test at several sizes."""
    return "desktop"


@pytest.fixture(autouse=True)
def _e2e_database(django_db_serialized_rollback):
    """Serialized rollback: reload the migrated data (such as the role groups) before each
    browser test, even if an earlier transactional test left the database empty."""


@pytest.fixture
def accessibility():
    """The axe-core results of the test's pages (checked after the test by
    `pytest_runtest_call`)."""
    return Watcher()


def _new_context(browser, viewport, accessibility):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    context.set_default_timeout(TIMEOUT_MS)
    return accessibility.watch(context)


@pytest.fixture
def page(browser, viewport, accessibility, request):
    """A page in a fresh browser context; screenshots the whole page if the test fails."""
    screenshot = ARTIFACTS / f"{_file_name(request.node.name)}.png"
    screenshot.unlink(missing_ok=True)  # no stale picture from an earlier failing run
    context = _new_context(browser, viewport, accessibility)
    page = context.new_page()
    try:
        yield page
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            try:
                page.screenshot(path=screenshot, full_page=True)
            except Exception as exc:  # the browser may be what broke; keep the real failure
                print(f"Could not save the screenshot {screenshot}: {exc}")
            else:
                print(f"Screenshot of the failure: {screenshot}")
        context.close()


@pytest.fixture
def open_page(browser, viewport, accessibility):
    """`open_page()`: a page for a second visitor (own cookies), same width, also checked by
    axe-core; closed after the test."""
    contexts = []

    def open_page():
        contexts.append(_new_context(browser, viewport, accessibility))
        return contexts[-1].new_page()

    yield open_page
    for context in contexts:
        context.close()


def _file_name(test_name: str) -> str:
    """test_journey[phone] -> test_journey-phone"""
    return re.sub(r"[^\w.-]+", "-", test_name).strip("-")
