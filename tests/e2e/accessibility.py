"""axe-core in every page a browser journey visits (issue 12 §4).

axe-core comes from the npm registry (package.json and its lock at the project's root;
`make test` runs `npm ci`). `Watcher.watch(context)` makes every HTML document of a browser
context check itself: axe is added to each document as an init script (injected by the
browser, not by a <script> tag, so the portal's strict Content-Security-Policy stays as in
production); the check runs on the document's `load` event, with its styles and images, and
on its parsed DOM if `load` is late, and reports back through a binding. Before the
context navigates away from a document, its route handler waits for that document's last
check: the one of `load` if the page had loaded, else the one of its parsed DOM, which needs
no network. Every page a journey passes
through is thus checked as it was shown, however fast the journey clicks on. A page left
before it was even parsed (its last scripts may wait behind the held navigation) counts as a
failure ("not checked"), never as a pass, unless its address was checked when shown another
time: a form shown again with its message and left at once. Journeys wait for each page
they arrive at to be parsed (`test_journeys.arrived_at`). The pages still open at the end
of the test are collected by `Watcher.assert_clean`. A test fails on any serious or
critical violation, listed with the rule, its impact, the offending elements and the page.

`assert_accessible(page)` runs axe at once on the page as it is now: for a state reached
without navigating (filters opened, an error shown by a script).
"""

import json
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Route

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
CHECK_TIMEOUT_S = 10  # less than a journey step's timeout (conftest.TIMEOUT_MS)
PARSE_GRACE_S = 1  # for the report of DOMContentLoaded on its way, when a navigation is held
# The parsed DOM is checked only if `load` has not come this long after it: most pages load
# at once and are checked once.
PARSED_CHECK_DELAY_MS = 1000
BINDING = "__a11yReport"

# Runs in every top-level HTML document of a watched context, after axe.min.js: says that a
# document started, was parsed and loaded, and reports its checks, each with its phase: of
# the parsed DOM if `load` is late, and of the loaded page. `__a11yNow()` checks on demand.
RUNNER = """
(() => {
  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  if (document.contentType !== "text/html") return;
  const failing = new Set(IMPACTS);
  const id = `${Date.now()}-${Math.random()}`;
  const report = window[BINDING];
  let running = Promise.resolve();
  const run = (phase = "now") => {
    running = running.then(() => axe.run(document, {resultTypes: ["violations"]})).then(
      result => ({
        id, phase, url: location.href,
        violations: result.violations.filter(v => failing.has(v.impact)).map(v => ({
          rule: v.id, impact: v.impact, help: v.help,
          targets: v.nodes.map(node => node.target.join(" ")),
        })),
      }),
      error => ({id, phase, url: location.href, error: String(error && error.stack || error)}),
    );
    return running;
  };
  let loaded = false;
  Object.defineProperty(window, "__a11yNow", {value: () => run()});
  report({started: id});
  addEventListener("DOMContentLoaded", () => {
    report({parsed: id});
    setTimeout(() => loaded || run("parsed").then(report), PARSED_CHECK_DELAY_MS);
  }, {once: true});
  addEventListener("load", () => {
    loaded = true;
    report({loaded: id});
    run("loaded").then(report);
  }, {once: true});
})();
"""
for name, value in {
    "IMPACTS": FAILING_IMPACTS,
    "BINDING": BINDING,
    "PARSED_CHECK_DELAY_MS": PARSED_CHECK_DELAY_MS,
}.items():
    RUNNER = RUNNER.replace(name, json.dumps(value))

# The portal's pages pass through `Watcher._before_request`; static files do not, nor the
# admin's script catalogue (jsi18n): a page waits for that script before it is parsed, and a
# request made while the route handler holds a navigation waits behind it.
NAVIGATIONS = re.compile(r"^https?://[^/]+/(?!static/|media/|[a-z]{2}/admin/jsi18n/).*")


def _axe_source() -> Path:
    if not AXE.exists():
        pytest.fail(
            f"axe-core is missing ({AXE}): run `npm ci` at the project's root "
            "(`make test` does; package-lock.json pins the version)"
        )
    return AXE


class Watcher:
    """The accessibility results of every document shown in the watched contexts."""

    def __init__(self):
        self.results: dict[str, dict] = {}  # by document: its last check
        self.current: dict[Page, str] = {}  # the document each page shows
        self.parsed: set[str] = set()  # the documents parsed (DOMContentLoaded)
        self.loaded: set[str] = set()  # ... and loaded
        self.contexts: list[BrowserContext] = []

    def watch(self, context: BrowserContext) -> BrowserContext:
        context.expose_binding(BINDING, self._reported)
        context.add_init_script(path=_axe_source())
        context.add_init_script(script=RUNNER)
        context.route(NAVIGATIONS, self._before_request)
        self.contexts.append(context)
        return context

    def _reported(self, source, message):
        if "started" in message:
            self.current[source["page"]] = message["started"]
        elif "parsed" in message:
            self.parsed.add(message["parsed"])
        elif "loaded" in message:
            self.loaded.add(message["loaded"])
        else:
            self.results[message["id"]] = message

    def _before_request(self, route: Route):
        request = route.request
        try:
            if request.is_navigation_request() and request.frame.parent_frame is None:
                self._wait_for(request.frame.page, parse_within=PARSE_GRACE_S)
        finally:
            route.fallback()

    def _wait_for(self, page: Page, *, parse_within: float = CHECK_TIMEOUT_S):
        """Until the last check of the document `page` shows has reported, for at most
        CHECK_TIMEOUT_S: the check of `load` if it has loaded, else the check of its parsed
        DOM; a document not parsed within `parse_within` is recorded as not checked. While
        a navigation is held, a document still parsing may wait behind it (Chromium holds
        its last scripts), so the route handler waits for the report only."""
        document = self.current.get(page)
        if document is None:
            return
        deadline = time.monotonic() + CHECK_TIMEOUT_S
        if not self._until(page, lambda: document in self.parsed, time.monotonic() + parse_within):
            self.results[document] = {
                "id": document,
                "url": page.url,
                "unparsed": True,
                "error": "the page was left before it was parsed: not checked",
            }
            return
        phase = "loaded" if document in self.loaded else "parsed"
        if not self._until(
            page,
            lambda: self.results.get(document, {}).get("phase") in (phase, "loaded"),
            deadline,
        ):
            self.results[document] = {
                "id": document,
                "url": page.url,
                "error": f"no result within {CHECK_TIMEOUT_S} s",
            }

    @staticmethod
    def _until(page: Page, condition, deadline: float) -> bool:
        while not condition():
            if time.monotonic() > deadline:
                return False
            page.wait_for_timeout(20)  # lets the event loop take the reports in
        return True

    def assert_clean(self):
        for context in self.contexts:
            for page in context.pages:
                if not page.is_closed():
                    self._wait_for(page)
        problems = failures(self._counted())
        if problems:
            pytest.fail(problems, pytrace=False)

    def _counted(self) -> list[dict]:
        """The results, less the pages left unparsed whose address was checked when shown
        another time (a form shown again with its message, left at once)."""
        checked = {_path(r["url"]) for r in self.results.values() if not r.get("unparsed")}
        return [
            result
            for result in self.results.values()
            if not (result.get("unparsed") and _path(result["url"]) in checked)
        ]

    def pages_checked(self) -> list[str]:
        return [_path(result["url"]) for result in self.results.values()]


def failures(results) -> str:
    """A readable list of the serious and critical violations in `results`, each once however
    often its page was shown; empty if there are none."""
    lines = []
    for result in results:
        path = _path(result["url"])
        if result.get("error"):
            lines.append(f"{path}: axe-core failed: {result['error']}")
        for violation in result.get("violations", ()):
            targets = violation["targets"]
            lines.append(
                f"{path}: {violation['rule']} ({violation['impact']}): {violation['help']}\n"
                + "\n".join(f"    {target}" for target in targets[:10])
                + (f"\n    ... and {len(targets) - 10} more" if len(targets) > 10 else "")
            )
    if not lines:
        return ""
    return "Accessibility (axe-core, serious or critical):\n" + "\n".join(dict.fromkeys(lines))


def assert_accessible(page: Page):
    """Run axe on `page` as it is now (the context must be watched); fail on a serious or
    critical violation."""
    result = page.evaluate("() => window.__a11yNow ? window.__a11yNow() : null")
    assert result is not None, f"{page.url} is not an HTML page of a watched context"
    problems = failures([result])
    if problems:
        pytest.fail(problems, pytrace=False)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
