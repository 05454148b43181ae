"""The portal's main pages pass axe-core in Kazakh and Russian, at desktop and phone widths
(issue 12 §4): the public pages, a press secretary's, a journalist's and the admin's. Every
page is checked as it loads by the watcher of conftest.py (tests/e2e/accessibility.py); the
test fails on any serious or critical violation, listing the rule, the elements and the page.
One small world serves the four runs: an agency with its spokesperson, press secretary and
head, next week's published media-grid, a submitted media-plan, a citizen's request, an
accreditation, a monitoring case and an emergency with a published statement."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from eventgrid import services as events
from eventgrid.weeks import coming_week, week_label
from monitoring import services as monitoring
from monitoring.emergencies import services as emergencies
from monitoring.models import Outlet
from portal.directory.choices import AgencyKind, Role
from requests_desk import services as requests
from requests_desk.accreditation import cards
from requests_desk.accreditation import services as accreditation

from ..accreditation.conftest import apply
from ..factories import AgencyFactory, MembershipFactory, SpokespersonFactory, UserFactory
from .accessibility import Watcher, assert_accessible
from .test_event_grid_journeys import complete_event, moment, texts
from .test_journeys import BOTH_LANGUAGES, BOTH_WIDTHS, arrived_at
from .test_media_plan_journeys import submitted_plan

pytestmark = pytest.mark.e2e

CHECKED_BAD = "/bad/"
CHECKED_GOOD = "/good/"
NEVER_LOADED = "/slow/"
NEVER_PARSED = "/stuck/"
SHOWN_AGAIN = "/again/"  # parsed the first time, stuck the second


@pytest.fixture
def world(transactional_db, monkeypatch):
    monkeypatch.setattr(requests, "_receipt_queue", lambda case, token: None)  # no e-mail
    health = AgencyFactory(
        slug="health",
        **texts("name", "Денсаулық сақтау министрлігі", "Министерство здравоохранения", "Health"),
    )
    SpokespersonFactory(agency=health)
    press = UserFactory(username="press", preferred_language="kk")
    MembershipFactory(user=press, agency=health, role=Role.PRESS_SECRETARY)
    authorized = AgencyFactory(kind=AgencyKind.AUTHORIZED_BODY, slug="mci")
    ministry = UserFactory(username="ministry", is_superuser=True)
    MembershipFactory(user=ministry, agency=authorized, role=Role.AUTHORIZED_STAFF)
    reporter = UserFactory(username="reporter")
    MembershipFactory(user=reporter, role=Role.JOURNALIST)

    week = coming_week()
    event = complete_event(
        health,
        titles=("Жыл қорытындысы", "Итоги года", "The year's results"),
        starts_at=moment(week, 1, 10),
        event_format="press_conference",
        candidate=True,
    )
    events.event_publish(event=event)
    events.weekly_information_submit(agency=health, week_start=week, by=None)
    grid = events.media_grid_compose(week_start=week, by=ministry)
    events.media_grid_publish(grid=grid, by=ministry)
    plan = submitted_plan({"agency": health, "press": press})

    _case, token = requests.request_receive(
        agency=health,
        channel="feedback",
        requester_name="Айгүл Сәрсенова",
        requester_email="aigul@example.kz",
        text="Емхана құрылысының мерзімі туралы ақпарат беріңізші.",
        language="kk",
    )
    card = accreditation.accreditation_approve(accreditation=apply(reporter, health), by=press)
    outlet = Outlet.objects.create(name="Егемен Қазақстан", kind="news_site", language="kk")
    publication, _created = monitoring.publication_ingest(
        url="https://egemen.kz/article/1",
        title="Емханадағы кезектерге шағым көбейді",
        text="Тұрғындар емханадағы ұзақ кезектерге шағымданды.",
        outlet=outlet,
        html_lang="kk",
    )
    monitoring_case = monitoring.case_open(
        publication=publication, agency=health, reason="Теріс резонанс", source="ministry"
    )
    incident = emergencies.incident_open(
        by=ministry,
        coordinator=authorized,
        title={"kk": "Су тасқыны", "ru": "Паводок", "en": "Flood"},
        kind="natural",
        started_at=timezone.now() - dt.timedelta(hours=2),
        agencies=[health],
    )
    statement = emergencies.statement_draft(
        incident=incident,
        agency=health,
        by=ministry,
        text={"kk": "Жағдай бақылауда.", "ru": "Ситуация под контролем.", "en": "Under control."},
    )
    emergencies.statement_publish(statement=statement, by=ministry)
    return {
        "week": week_label(week),
        "event": event.pk,
        "plan": plan.pk,
        "token": token,
        "verify": urlsplit(cards.verify_url(card.pk)).path.split("/", 2)[2],
        "card": card.pk,
        "case": monitoring_case.pk,
        "month": timezone.localdate().strftime("%Y-%m"),
        "incident": incident.pk,
    }


def public_pages(world):
    return [
        "",
        "directory/",
        "agencies/",
        "agencies/health/",
        "media-grid/",
        f"media-grid/{world['week']}/",
        "emergencies/",
        f"emergencies/{world['incident']}/",
        "requests/new/",
        f"requests/track/{world['token']}/",
        "accreditation/health/",
        world["verify"],
    ]


def press_pages(world):
    return [
        "events/",
        "events/new/",
        f"weekly-information/{world['week']}/?agency=health",
        "media-plans/",
        f"media-plans/{world['plan']}/",
        "requests/",
        "accreditation/queue/",
        f"accreditation/applications/{world['card']}/",
        "monitoring/cases/",
        f"monitoring/cases/{world['case']}/",
        f"monitoring/note/{world['month']}/",
        "inbox/",
    ]


def journalist_pages(world):
    return ["accreditation/apply/", "accreditation/mine/"]


def admin_pages(world):
    return [
        "admin/",
        "admin/eventgrid/event/",
        f"admin/eventgrid/event/{world['event']}/change/",
        f"admin/mediaplans/mediaplan/{world['plan']}/change/",
    ]


def visit(page: Page, live_server, language: str, path: str):
    response = page.goto(f"{live_server.url}/{language}/{path}")
    assert response.status == 200, f"/{language}/{path} answered {response.status}"
    expect(page.locator("html")).to_have_attribute("lang", language)


def sign_in(page: Page, live_server, language: str, username: str):
    visit(page, live_server, language, "login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "secret-pass-123")
    page.locator("form.login-form button").click()
    arrived_at(page, f"{live_server.url}/{language}/dashboard/")


@BOTH_LANGUAGES
@BOTH_WIDTHS
def test_main_pages_have_no_serious_violation(
    page: Page, open_page, live_server, world, language, viewport, accessibility
):
    for path in public_pages(world):
        visit(page, live_server, language, path)
    sign_in(page, live_server, language, "press")
    for path in press_pages(world):
        visit(page, live_server, language, path)

    journalist = open_page()
    sign_in(journalist, live_server, language, "reporter")
    for path in journalist_pages(world):
        visit(journalist, live_server, language, path)

    ministry = open_page()
    sign_in(ministry, live_server, language, "ministry")
    for path in admin_pages(world):
        visit(ministry, live_server, language, path)

    accessibility.assert_clean()
    checked = {urlsplit(path).path for path in accessibility.pages_checked()}
    expected = public_pages(world) + press_pages(world) + journalist_pages(world)
    expected += admin_pages(world) + ["login/", "dashboard/"]
    assert checked == {f"/{language}/{urlsplit(path).path}" for path in expected}


PAGES = {
    CHECKED_BAD: '<!DOCTYPE html><html lang="en"><title>Bad</title><main><h1>Bad</h1>'
    '<img src="/x.png"><a href="/good/">Next</a></main></html>',
    CHECKED_GOOD: '<!DOCTYPE html><html lang="en"><title>Good</title><main><h1>Good</h1>'
    '<button type="button">Go</button></main></html>',
    # Its image never comes, so its `load` never does.
    NEVER_LOADED: '<!DOCTYPE html><html lang="en"><title>Slow</title><main><h1>Slow</h1>'
    '<img src="/hang.png"><a href="/good/">Next</a></main></html>',
    # Its script never comes, so it is shown but never parsed to the end.
    NEVER_PARSED: '<!DOCTYPE html><html lang="en"><title>Stuck</title><main><h1>Stuck</h1>'
    '<a href="/good/">Next</a><script src="/hang.js"></script></main></html>',
}


@pytest.fixture
def site(browser):
    """A page of a watched context on a made-up site of PAGES, whose /hang.* never answer;
    and its watcher."""
    context = browser.new_context()

    shown = []

    def answer(route):
        path = urlsplit(route.request.url).path
        if path == SHOWN_AGAIN:
            shown.append(path)
            path = CHECKED_GOOD if len(shown) == 1 else NEVER_PARSED
        if not path.startswith("/hang."):
            route.fulfill(content_type="text/html", body=PAGES.get(path, ""))

    try:
        context.route("http://a11y.invalid/**", answer)
        watcher = Watcher()
        watcher.watch(context)
        yield context.new_page(), watcher
    finally:
        context.close()


def leave(page: Page, path: str, *, shown: str = "load"):
    """Open `path` on the made-up site, wait until it is `shown` that far, and follow its
    "Next" link to the clean page."""
    page.goto(f"http://a11y.invalid{path}", wait_until=shown)
    page.get_by_role("link", name="Next").click()
    expect(page.get_by_role("heading", name="Good")).to_be_visible()


def image_without_text(path: str) -> str:
    """The failure of a page whose one image has no text."""
    return (
        "Accessibility (axe-core, serious or critical):\n"
        f"{path}: image-alt (critical): Images must have alternative text\n"
        "    img"
    )


def failure_of(watcher: Watcher) -> str:
    with pytest.raises(pytest.fail.Exception) as failure:
        watcher.assert_clean()
    return str(failure.value)


def test_a_page_left_at_once_is_still_checked(site):
    """The watcher itself: a page with an image without a text, left the moment it loaded,
    fails; the page after it, clean, does not; a clean state checked at once passes."""
    page, watcher = site
    leave(page, CHECKED_BAD)
    assert failure_of(watcher) == image_without_text(CHECKED_BAD)
    assert watcher.pages_checked() == [CHECKED_BAD, CHECKED_GOOD]
    assert_accessible(page)


def test_a_page_left_before_its_load_is_checked_as_parsed(site):
    page, watcher = site
    leave(page, NEVER_LOADED, shown="domcontentloaded")
    assert failure_of(watcher) == image_without_text(NEVER_LOADED)


def test_a_page_left_before_it_was_parsed_fails_as_not_checked(site):
    page, watcher = site
    leave(page, NEVER_PARSED, shown="commit")
    assert failure_of(watcher) == (
        "Accessibility (axe-core, serious or critical):\n"
        f"{NEVER_PARSED}: axe-core failed: the page was left before it was parsed: not checked"
    )
    assert watcher.pages_checked() == [NEVER_PARSED, CHECKED_GOOD]


def test_a_page_shown_again_and_left_unparsed_counts_as_checked_once(site):
    page, watcher = site
    page.goto(f"http://a11y.invalid{SHOWN_AGAIN}")  # the clean page, parsed and checked
    leave(page, SHOWN_AGAIN, shown="commit")  # again, left before it was parsed
    watcher.assert_clean()
    assert watcher.pages_checked() == [SHOWN_AGAIN, SHOWN_AGAIN, CHECKED_GOOD]
