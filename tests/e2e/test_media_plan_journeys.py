"""The media-plan's year in a real browser, at desktop and phone widths (000 §2.1–2.2;
004 §5, §7): a press secretary builds the plan on its page, item by item without a reload,
sees what is missing, fills it and submits; the ministry returns it with a comment in the
admin, the press secretary fixes an item and submits again, the ministry approves it in the
admin; later, revision 2 changes an item and its page shows the difference to revision 1
field by field."""

import re

import pytest
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from playwright.sync_api import Page, expect

from mediaplans import services
from mediaplans.choices import PlanState
from mediaplans.models import MediaPlan, PlanComment
from portal.directory.choices import AgencyKind, Role

from ..factories import AgencyFactory, MembershipFactory, UserFactory
from .test_event_grid_journeys import sign_in, texts
from .test_journeys import BOTH_WIDTHS, assert_fits_width

pytestmark = pytest.mark.e2e

# Set on the plan's page: still there after a change means the page did not navigate.
MARKER = "window.__samePage"


def next_year() -> int:
    return timezone.localdate().year + 1


def month_name(month: int, language: str) -> str:
    with translation.override(language):
        return str(MONTHS[month])


@pytest.fixture
def press_office(transactional_db):
    """The Ministry of Health, its press secretary (Kazakh) and the ministry's staff member
    (Russian), who reviews plans in the admin."""
    agency = AgencyFactory(
        slug="health",
        **texts(
            "name",
            "Денсаулық сақтау министрлігі",
            "Министерство здравоохранения",
            "Ministry of Health",
        ),
    )
    press = UserFactory(username="press", preferred_language="kk")
    MembershipFactory(user=press, agency=agency, role=Role.PRESS_SECRETARY)
    authorized = AgencyFactory(kind=AgencyKind.AUTHORIZED_BODY, slug="mci")
    staff = UserFactory(username="ministry", preferred_language="ru")
    MembershipFactory(user=staff, agency=authorized, role=Role.AUTHORIZED_STAFF)
    return {"agency": agency, "press": press, "staff": staff}


def item_data(**overrides) -> dict:
    """A complete item, as the press office enters it (004 §7)."""
    data = {
        **texts(
            "strategic_direction",
            "Медициналық көмектің қолжетімділігі",
            "Доступность медицинской помощи",
            "Access to health care",
        ),
        **texts(
            "topic",
            "Ауылдық емханаларды жаңғырту",
            "Модернизация сельских поликлиник",
            "Rural clinics modernised",
        ),
        "formats": ["briefing"],
        "channels": ["tv", "online"],
        "month": 3,
    }
    return {**data, **overrides}


def submitted_plan(press_office) -> MediaPlan:
    """Next year's plan with two complete items, submitted by the press secretary."""
    press = press_office["press"]
    plan = services.plan_create(agency=press_office["agency"], year=next_year(), by=press)
    services.item_add(plan=plan, by=press, data=item_data())
    services.item_add(
        plan=plan,
        by=press,
        data=item_data(
            **texts(
                "topic",
                "Маусымдық тұмауға қарсы екпе",
                "Вакцинация против сезонного гриппа",
                "Seasonal flu vaccination",
            ),
            formats=["press_conference"],
            month=None,
            quarter=4,
        ),
    )
    plan.refresh_from_db()
    services.plan_submit(plan=plan, by=press)
    plan.refresh_from_db()
    return plan


def mark_page(page: Page):
    page.evaluate(f"() => {{ {MARKER} = true; }}")


def assert_same_page(page: Page, url: str):
    assert page.url == url, f"the page went to {page.url}"
    assert page.evaluate(f"() => {MARKER} === true"), "the page was reloaded"


def items(page: Page):
    return page.locator("#plan-items > li.plan-item")


def missing_lines(page: Page):
    return page.locator("#plan-missing li")


def fill_item(form, values: dict):
    """Type into an item form: texts by field name, checkboxes for formats and channels,
    the month or quarter chosen ("" clears it)."""
    for name, value in values.items():
        if name in ("formats", "channels"):
            for box in form.locator(f'input[name="{name}"]').all():
                box.set_checked(box.get_attribute("value") in value)
        elif name in ("month", "quarter"):
            form.locator(f'select[name="{name}"]').select_option(
                "" if value is None else str(value)
            )
        else:
            form.locator(f'[name="{name}"]').fill(value)


def edit_item(page: Page, row, values: dict):
    """Open the row's edit form, change `values` and save it in the background."""
    row.locator("details.item-edit > summary").click()
    form = row.locator("form[data-item-action=edit]")
    fill_item(form, values)
    form.locator('button[type="submit"]').click()


def submit_plan(page: Page):
    page.locator('form[action$="/submit/"] button').click()
    expect(page.locator("main .meta .state")).to_have_class(re.compile(r"state-submitted"))


# --- 1. The press secretary builds and submits the plan -----------------------------------


@BOTH_WIDTHS
def test_press_secretary_builds_the_plan_item_by_item_and_submits_it(
    page: Page, live_server, press_office, viewport
):
    agency = press_office["agency"]
    sign_in(page, live_server, "press", "kk")

    # From the menu to the media-plans; next year's plan is started there.
    page.locator('header a[href="/kk/media-plans/"]').first.click()
    expect(page).to_have_url(re.compile(r"/kk/media-plans/$"))
    start = page.locator('main form[action="/kk/media-plans/new/"]')
    start.locator('select[name="agency"]').select_option(str(agency.pk))
    expect(start.locator('select[name="year"]')).to_have_value(str(next_year()))
    start.locator('button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/kk/media-plans/\d+/$"))
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.locator("main .meta .state")).to_have_class(re.compile(r"state-draft"))
    expect(page.locator("#deadline-title")).to_be_visible()  # by 1 December (000 §2.2)
    expect(missing_lines(page)).to_have_count(1)  # no items yet
    expect(page.locator('form[action$="/submit/"] button')).to_be_visible()
    plan_url = page.url
    plan = MediaPlan.objects.get(agency=agency, year=next_year())
    mark_page(page)
    assert_fits_width(page)

    # The first item, in Kazakh only: added in the background, Russian still missing.
    add = page.locator("#add-item form")
    fill_item(
        add,
        {
            "strategic_direction_kk": "Медициналық көмектің қолжетімділігі",
            "topic_kk": "Ауылдық емханаларды жаңғырту",
            "target_audiences_kk": "Ауыл тұрғындары, дәрігерлер",
            "formats": ["briefing"],
            "channels": ["tv", "online"],
            "month": 3,
        },
    )
    add.locator('button[type="submit"]').click()
    expect(items(page)).to_have_count(1)
    expect(items(page).first.locator("h3")).to_have_text("Ауылдық емханаларды жаңғырту")
    expect(missing_lines(page)).to_have_count(2)  # its topic and direction in Russian
    expect(page.locator("#item-status")).not_to_have_class(re.compile(r"message-error"))
    assert_same_page(page, plan_url)

    # The second, complete, for the fourth quarter; the add form is empty again.
    add = page.locator("#add-item form")
    expect(add.locator('[name="topic_kk"]')).to_have_value("")
    fill_item(
        add,
        {
            "strategic_direction_kk": "Аурулардың алдын алу",
            "strategic_direction_ru": "Профилактика заболеваний",
            "topic_kk": "Маусымдық тұмауға қарсы екпе",
            "topic_ru": "Вакцинация против сезонного гриппа",
            "formats": ["press_conference", "press_release"],
            "quarter": 4,
        },
    )
    add.locator('button[type="submit"]').click()
    expect(items(page)).to_have_count(2)
    expect(items(page).nth(1).locator("h3")).to_have_text("Маусымдық тұмауға қарсы екпе")
    expect(missing_lines(page)).to_have_count(2)  # still the first item's Russian
    assert_same_page(page, plan_url)

    # A month and a quarter at once is refused, the form keeping what was typed.
    add = page.locator("#add-item form")
    fill_item(add, {"topic_kk": "Қос мерзім", "strategic_direction_kk": "Сынақ", "month": 5})
    add.locator('select[name="quarter"]').select_option("2")
    add.locator('button[type="submit"]').click()
    add = page.locator("#add-item form")
    expect(add.locator(".has-error select[name=quarter]")).to_be_visible()
    expect(add.locator('[name="topic_kk"]')).to_have_value("Қос мерзім")
    expect(page.locator("#item-status")).to_have_class(re.compile(r"message-error"))
    expect(items(page)).to_have_count(2)
    assert_same_page(page, plan_url)

    # What is missing is filled in the first item's Russian, and its month moved to April.
    first = items(page).first
    edit_item(
        page,
        first,
        {
            "strategic_direction_ru": "Доступность медицинской помощи",
            "topic_ru": "Модернизация сельских поликлиник",
            "month": 4,
        },
    )
    expect(missing_lines(page)).to_have_count(0)
    expect(page.locator("#plan-missing .notice")).to_be_visible()  # ready to submit
    expect(items(page).first.locator("dl.facts")).to_contain_text(month_name(4, "kk"))
    assert_same_page(page, plan_url)
    assert_fits_width(page)

    # Submitted: a real post, the plan frozen as revision 1.1.
    submit_plan(page)
    expect(page).to_have_url(plan_url)
    expect(page.locator("#plan-items form[data-item-action]")).to_have_count(0)  # frozen
    expect(page.locator("#add-item")).to_have_count(0)
    assert_fits_width(page)

    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED
    (revision,) = plan.revisions.all()
    assert revision.label == "1.1"
    frozen = revision.snapshot["items"]
    assert [item["topic"]["ru"] for item in frozen] == [
        "Модернизация сельских поликлиник",
        "Вакцинация против сезонного гриппа",
    ]
    assert [(item["month"], item["quarter"]) for item in frozen] == [(4, None), (None, 4)]
    assert frozen[1]["formats"] == ["press_conference", "press_release"]


# --- 2. Returned in the admin, fixed, resubmitted, approved in the admin ------------------


def open_in_admin(page: Page, live_server, plan: MediaPlan):
    """The ministry's way to a plan: the admin's list of media-plans, then the plan."""
    page.goto(f"{live_server.url}/ru/admin/mediaplans/mediaplan/?state=submitted")
    page.locator(f'#result_list a[href*="/mediaplan/{plan.pk}/change/"]').click()
    expect(page).to_have_url(re.compile(rf"/ru/admin/mediaplans/mediaplan/{plan.pk}/change/"))


def sign_out(page: Page):
    page.context.clear_cookies()


@BOTH_WIDTHS
def test_ministry_returns_the_plan_in_the_admin_and_approves_the_resubmission(
    page: Page, live_server, press_office, viewport
):
    plan = submitted_plan(press_office)
    remark = "Екпе тақырыбына нақты айды көрсетіңіз: қазан айы."

    # The ministry returns the plan with a comment on the admin's step page.
    sign_in(page, live_server, "ministry", "ru")
    open_in_admin(page, live_server, plan)
    tools = page.locator(".object-tools")
    expect(tools.locator('a[href$="/approve/"]')).to_be_visible()
    tools.locator('a[href$="/return/"]').click()
    expect(page).to_have_url(re.compile(rf"/mediaplan/{plan.pk}/return/$"))
    # A return without a comment is not sent: the comment is required (000 §2.2).
    page.locator('form input[type="submit"]').click()
    expect(page.locator('textarea[name="return-comment"]:invalid')).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/mediaplan/{plan.pk}/return/$"))
    page.locator('textarea[name="return-comment"]').fill(remark)
    page.locator('form input[type="submit"]').click()
    expect(page).to_have_url(re.compile(rf"/ru/admin/mediaplans/mediaplan/{plan.pk}/change/"))
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator(".object-tools a[href$='/return/']")).to_have_count(0)
    assert_fits_width(page)
    plan.refresh_from_db()
    assert plan.state == PlanState.RETURNED

    # The press secretary reads the comment on the plan's page and fixes the item ...
    sign_out(page)
    sign_in(page, live_server, "press", "kk")
    page.goto(f"{live_server.url}/kk/media-plans/{plan.pk}/")
    expect(page.locator("main .meta .state")).to_have_class(re.compile(r"state-returned"))
    expect(page.locator("ul.comments")).to_contain_text(remark)
    plan_url = page.url
    mark_page(page)
    vaccination = items(page).nth(1)
    expect(vaccination.locator("h3")).to_have_text("Маусымдық тұмауға қарсы екпе")
    edit_item(page, vaccination, {"quarter": None, "month": 10})
    expect(items(page).nth(1).locator("dl.facts")).to_contain_text(month_name(10, "kk"))
    assert_same_page(page, plan_url)

    # ... and submits again: revision 1, second submission.
    submit_plan(page)
    assert_fits_width(page)
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED
    assert [revision.label for revision in plan.revisions.all()] == ["1.1", "1.2"]

    # The ministry approves it on the admin's step page.
    sign_out(page)
    sign_in(page, live_server, "ministry", "ru")
    open_in_admin(page, live_server, plan)
    page.locator('.object-tools a[href$="/approve/"]').click()
    expect(page).to_have_url(re.compile(rf"/mediaplan/{plan.pk}/approve/$"))
    page.locator('textarea[name="decision-comment"]').fill("Келісілді.")
    page.locator('form input[type="submit"]').click()
    expect(page).to_have_url(re.compile(rf"/ru/admin/mediaplans/mediaplan/{plan.pk}/change/"))
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator(".object-tools a[href$='/approve/']")).to_have_count(0)
    assert_fits_width(page)

    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
    first, second = plan.revisions.all()
    assert (first.outcome, second.outcome) == (PlanState.RETURNED, PlanState.APPROVED)
    assert second.snapshot["items"][1]["month"] == 10
    assert second.decided_by == press_office["staff"]
    assert PlanComment.objects.get(plan=plan).author == press_office["staff"]
    history = list(plan.history.values_list("action", flat=True))
    assert history == ["created", "submitted", "returned", "resubmitted", "approved"]

    # The press secretary sees it approved, with the ministry's comment in the history.
    sign_out(page)
    sign_in(page, live_server, "press", "kk")
    page.goto(f"{live_server.url}/kk/media-plans/{plan.pk}/")
    expect(page.locator("main .meta .state")).to_have_class(re.compile(r"state-approved"))
    expect(page.locator("main table").last).to_contain_text("Келісілді.")
    assert_fits_width(page)


# --- 3. A later change: revision 2 and its difference ----------------------------------------


@BOTH_WIDTHS
def test_revision_two_changes_an_item_and_shows_its_difference_field_by_field(
    page: Page, live_server, press_office, viewport
):
    plan = submitted_plan(press_office)
    services.plan_approve(plan=plan, by=press_office["staff"])
    press = press_office["press"]
    press.preferred_language = "ru"
    press.save(update_fields=["preferred_language"])

    # The approved plan is changed: the press secretary opens revision 2.
    sign_in(page, live_server, "press", "ru")
    page.goto(f"{live_server.url}/ru/media-plans/{plan.pk}/")
    expect(page.locator("main .meta .state")).to_have_class(re.compile(r"state-approved"))
    expect(page.locator("#add-item")).to_have_count(0)
    page.locator('form[action$="/new-revision/"] button').click()
    expect(page.locator("main .meta .state")).to_have_class(re.compile(r"state-draft"))
    expect(page.locator("main .meta")).to_have_text(re.compile(r"\D2\s*$"))  # revision 2
    plan_url = page.url
    mark_page(page)

    # The clinics' item moves to May with a new Russian topic; then it is submitted.
    clinics = items(page).first
    expect(clinics.locator("h3")).to_have_text("Модернизация сельских поликлиник")
    edit_item(
        page,
        clinics,
        {"topic_ru": "Модернизация сельских поликлиник и ФАПов", "month": 5},
    )
    expect(items(page).first.locator("h3")).to_have_text("Модернизация сельских поликлиник и ФАПов")
    assert_same_page(page, plan_url)
    submit_plan(page)
    plan.refresh_from_db()
    assert plan.revision == 2
    assert [revision.label for revision in plan.revisions.all()] == ["1.1", "2.1"]

    # The difference between revision 1 and revision 2, from the plan's page.
    page.locator('main .compare-links a[href*="from=1.1"][href*="to=2.1"]').click()
    expect(page).to_have_url(re.compile(rf"/ru/media-plans/{plan.pk}/revisions/\?from=1.1&to=2.1$"))
    expect(page.locator('select[name="from"]')).to_have_value("1.1")
    expect(page.locator('select[name="to"]')).to_have_value("2.1")
    differences = page.locator("ol.plan-diff > li")
    expect(differences).to_have_count(1)  # the vaccination item did not change
    changed = differences.first
    expect(changed).to_have_class(re.compile(r"diff-changed"))
    expect(changed.locator("p strong")).not_to_contain_text("·")  # changed, not moved
    expect(changed).to_contain_text("Модернизация сельских поликлиник и ФАПов")
    rows = changed.locator("tbody tr")
    expect(rows).to_have_count(2)  # the Russian topic and the month, nothing else
    topic, month = rows.nth(0), rows.nth(1)
    expect(topic.locator("td").first.locator(".badge")).to_have_count(0)  # the page's language
    expect(topic.locator("del")).to_have_text("Модернизация сельских поликлиник")
    expect(topic.locator("ins")).to_have_text("Модернизация сельских поликлиник и ФАПов")
    expect(month.locator("del")).to_have_text(month_name(3, "ru"))
    expect(month.locator("ins")).to_have_text(month_name(5, "ru"))
    assert_fits_width(page)

    # Revision 1 stays in force until revision 2 is approved (004 §5).
    in_force = services.in_force_revisions(next_year())
    assert [(revision.plan_id, revision.label) for revision in in_force] == [(plan.pk, "1.1")]
