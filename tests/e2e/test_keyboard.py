"""Keyboard only (issue 12 §4): a reader skips to the content of the media-grid and narrows
it with its filters, a citizen fills and sends the public request form, and the ministry runs
an admin action on a selected row, with nothing but Tab, Shift+Tab, Enter, Space and the arrow
keys. Wherever the keyboard lands, the focus is visible. Every page passes axe-core (the
watcher of conftest.py), the filtered grid included."""

import re

import pytest
from playwright.sync_api import Page, expect

from eventgrid import services
from eventgrid.choices import EventState
from eventgrid.models import Event
from eventgrid.weeks import coming_week
from portal.directory.choices import AgencyKind, Role
from requests_desk import services as requests
from requests_desk.models import InformationRequest

from ..factories import AgencyFactory, MembershipFactory, UserFactory
from .accessibility import assert_accessible
from .test_event_grid_journeys import complete_event, moment, texts
from .test_journeys import arrived_at

pytestmark = pytest.mark.e2e

MAX_TABS = 80  # more stops than this between two controls is a finding in itself

# The focused element, and whether something shows where it is: an outline or a box shadow.
FOCUS = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {
    visible: outlined || style.boxShadow !== "none",
    tag: element.tagName.toLowerCase(), id: element.id, name: element.getAttribute("name"),
    text: (element.textContent || element.value || "").trim().slice(0, 40),
  };
}"""


def focused(page: Page, selector: str) -> bool:
    return page.evaluate("selector => !!document.activeElement?.matches(selector)", selector)


def tab_to(page: Page, selector: str, *, back: bool = False):
    """Press Tab (Shift+Tab with `back`) until the focus is on `selector`; the focus must be
    visible on the way there."""
    key = "Shift+Tab" if back else "Tab"
    for _stop in range(MAX_TABS):
        page.keyboard.press(key)
        where = page.evaluate(FOCUS)
        if where is not None:
            assert where["visible"], f"no visible focus on {where} ({page.url})"
        if focused(page, selector):
            return
    pytest.fail(f"{selector} not reached with {MAX_TABS} × {key} on {page.url}")


def choose(page: Page, selector: str, value: str):
    """On the focused <select>, arrow down until `value` is chosen."""
    for _step in range(30):
        if page.locator(selector).input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"{value!r} not reached in {selector} with the arrow keys")


@pytest.fixture
def week_grid(transactional_db, monkeypatch):
    """Next week's published media-grid with an event of two agencies, a draft event for the
    admin, and the ministry's staff member."""
    monkeypatch.setattr(requests, "_receipt_queue", lambda case, token: None)  # no e-mail
    week = coming_week()
    ministry = UserFactory(username="ministry", is_superuser=True)
    authorized = AgencyFactory(kind=AgencyKind.AUTHORIZED_BODY, slug="mci")
    MembershipFactory(user=ministry, agency=authorized, role=Role.AUTHORIZED_STAFF)
    published = {}
    for slug, names, titles, day in (
        (
            "health",
            ("Денсаулық сақтау министрлігі", "Министерство здравоохранения", "Health"),
            ("Жыл қорытындысы", "Итоги года", "The year's results"),
            1,
        ),
        (
            "edu",
            ("Оқу-ағарту министрлігі", "Министерство просвещения", "Education"),
            ("Ұлттық бірыңғай тестілеу", "Единое национальное тестирование", "UNT"),
            2,
        ),
    ):
        agency = AgencyFactory(slug=slug, **texts("name", *names))
        event = complete_event(agency, titles=titles, starts_at=moment(week, day, 10))
        services.event_publish(event=event)
        services.weekly_information_submit(agency=agency, week_start=week, by=None)
        published[slug] = event
    grid = services.media_grid_compose(week_start=week, by=ministry)
    services.media_grid_publish(grid=grid, by=ministry)
    draft = complete_event(
        published["health"].agency,
        titles=("Брифинг", "Брифинг", "Briefing"),
        starts_at=moment(week, 3, 11),
    )
    return {"published": published, "draft": draft}


def test_the_media_grid_by_keyboard(page: Page, live_server, week_grid):
    health, edu = week_grid["published"]["health"], week_grid["published"]["edu"]
    page.goto(f"{live_server.url}/kk/media-grid/")

    # The first Tab shows the skip link; Enter on it moves on to the content.
    page.keyboard.press("Tab")
    assert focused(page, "a.skip-link")
    expect(page.locator("a.skip-link")).to_be_in_viewport()
    page.keyboard.press("Enter")
    arrived_at(page, re.compile(r"#main$"))
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')"), "still in the header"

    # The filters: the agency chosen with the arrow keys, the form sent with Enter.
    tab_to(page, 'form[role="search"] select[name="agency"]')
    choose(page, 'select[name="agency"]', "edu")
    tab_to(page, 'form[role="search"] button[type="submit"]')
    page.keyboard.press("Enter")
    arrived_at(page, re.compile(r"agency=edu"))
    grid = page.locator("table.media-grid")
    expect(grid).to_contain_text(edu.title_kk)
    expect(grid).not_to_contain_text(health.title_kk)
    # Back to the first filter from the button, and the page as it is now passes axe-core.
    tab_to(page, 'form[role="search"] input[name="q"]', back=True)
    assert_accessible(page)


def test_the_request_form_by_keyboard(page: Page, live_server, week_grid):
    page.goto(f"{live_server.url}/kk/requests/new/")
    tab_to(page, "#id_requester_name")
    page.keyboard.type("Айгүл Сәрсенова")
    tab_to(page, "#id_requester_email")
    page.keyboard.type("aigul@example.kz")
    tab_to(page, "#id_channel")
    choose(page, "#id_channel", "feedback")
    tab_to(page, "#id_agency")
    choose(page, "#id_agency", str(week_grid["published"]["health"].agency_id))
    tab_to(page, "#id_language")
    choose(page, "#id_language", "kk")
    tab_to(page, "#id_text")
    page.keyboard.type("Емхана құрылысының мерзімі туралы ақпарат беріңізші.")
    # The honeypot is never a stop: from the text, the files and then the button.
    tab_to(page, "#id_attachments")
    page.keyboard.press("Tab")
    assert focused(page, 'form.record-form button[type="submit"]')
    page.keyboard.press("Enter")
    arrived_at(page, re.compile(r"/kk/requests/new/sent/$"))
    case = InformationRequest.objects.get()
    assert (case.requester_name, case.agency_id) == (
        "Айгүл Сәрсенова",
        week_grid["published"]["health"].agency_id,
    )


def test_an_admin_action_by_keyboard(page: Page, live_server, week_grid):
    draft = week_grid["draft"]
    page.goto(f"{live_server.url}/kk/login/")
    tab_to(page, "#id_username")
    page.keyboard.type("ministry")
    page.keyboard.press("Tab")
    page.keyboard.type("secret-pass-123")
    page.keyboard.press("Enter")
    arrived_at(page, re.compile(r"/kk/dashboard/$"))

    page.goto(f"{live_server.url}/kk/admin/eventgrid/event/")
    # Past the admin's menu with its skip link; the row's box ticked with Space, then back
    # up to the action, chosen with the arrows.
    page.keyboard.press("Tab")
    assert focused(page, "a.skip-to-content-link")
    page.keyboard.press("Enter")
    tab_to(page, f'#result_list input.action-select[value="{draft.pk}"]')
    page.keyboard.press("Space")
    expect(page.locator(f'input.action-select[value="{draft.pk}"]')).to_be_checked()
    tab_to(page, 'select[name="action"]', back=True)
    choose(page, 'select[name="action"]', "plan")
    tab_to(page, 'button[name="index"]')
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_be_visible()
    draft.refresh_from_db()
    assert draft.state == EventState.PLANNED
    assert Event.objects.filter(state=EventState.PLANNED).count() == 1
