"""The media-plan's year in a real browser, at desktop and phone widths, in Kazakh and in
Russian (000 §2.1–2.2; 004 §5, §7; issue 12 §4): a press secretary builds the plan on its
page, item by item without a reload, sees what is missing, fills it and submits; the ministry
returns it with a comment in the admin, the press secretary fixes an item and submits again,
the ministry approves it in the admin; later, revision 2 changes an item and its page shows
the difference to revision 1 field by field. Each journey runs wholly in the test's
language, for the press secretary and the ministry alike."""

import re

import pytest
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from playwright.sync_api import Page, expect

from mediaplans import services
from mediaplans.choices import PlanState
from mediaplans.models import MediaPlan, PlanComment, PlanItem
from portal.directory.choices import AgencyKind, Role

from ..factories import AgencyFactory, MembershipFactory, UserFactory
from .test_event_grid_journeys import texts
from .test_journeys import (
    BOTH_WIDTHS_AND_LANGUAGES,
    arrived_at,
    assert_fits_width,
    sign_in,
    translated,
)

pytestmark = pytest.mark.e2e

# Set on the plan's page: still there after a change means the page did not navigate.
MARKER = "window.__samePage"

# The plan's two items, as the press office words them in each language.
ACCESS = texts(
    "strategic_direction",
    "Медициналық көмектің қолжетімділігі",
    "Доступность медицинской помощи",
    "Access to health care",
)
CLINICS = texts(
    "topic",
    "Ауылдық емханаларды жаңғырту",
    "Модернизация сельских поликлиник",
    "Rural clinics modernised",
)
PREVENTION = texts(
    "strategic_direction",
    "Аурулардың алдын алу",
    "Профилактика заболеваний",
    "Disease prevention",
)
VACCINATION = texts(
    "topic",
    "Маусымдық тұмауға қарсы екпе",
    "Вакцинация против сезонного гриппа",
    "Seasonal flu vaccination",
)


def other_language(language: str) -> str:
    """The other of the two languages a plan must be complete in (Kazakh and Russian)."""
    return {"kk": "ru", "ru": "kk"}[language]


def next_year() -> int:
    return timezone.localdate().year + 1


def month_name(month: int, language: str) -> str:
    with translation.override(language):
        return str(MONTHS[month])


@pytest.fixture
def press_office(transactional_db, language):
    """The Ministry of Health, its press secretary and the ministry's staff member, who
    reviews plans in the admin; both use the portal in the test's language."""
    agency = AgencyFactory(
        slug="health",
        **texts(
            "name",
            "Денсаулық сақтау министрлігі",
            "Министерство здравоохранения",
            "Ministry of Health",
        ),
    )
    press = UserFactory(username="press", preferred_language=language)
    MembershipFactory(user=press, agency=agency, role=Role.PRESS_SECRETARY)
    authorized = AgencyFactory(kind=AgencyKind.AUTHORIZED_BODY, slug="mci")
    staff = UserFactory(username="ministry", preferred_language=language)
    MembershipFactory(user=staff, agency=authorized, role=Role.AUTHORIZED_STAFF)
    return {"agency": agency, "press": press, "staff": staff}


def item_data(**overrides) -> dict:
    """A complete item, as the press office enters it (004 §7)."""
    data = {
        **ACCESS,
        **CLINICS,
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
        data=item_data(**VACCINATION, formats=["press_conference"], month=None, quarter=4),
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


def missing_in(language: str, number: int, field: str, missing: str) -> str:
    """The line that says item `number` still lacks `field` in the `missing` language, as a
    reader in `language` sees it."""
    with translation.override(language):
        return translated(
            language,
            "Item %(number)s: %(field)s in %(language)s.",
            number=number,
            field=PlanItem._meta.get_field(field).verbose_name,
            language=translation.get_language_info(missing)["name_translated"],
        )


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


@BOTH_WIDTHS_AND_LANGUAGES
def test_press_secretary_builds_the_plan_item_by_item_and_submits_it(
    page: Page, live_server, press_office, viewport, language
):
    agency = press_office["agency"]
    other = other_language(language)
    sign_in(page, live_server, "press", language)

    # From the menu to the media-plans; next year's plan is started there.
    page.locator(f'header a[href="/{language}/media-plans/"]').first.click()
    arrived_at(page, re.compile(rf"/{language}/media-plans/$"))
    start = page.locator(f'main form[action="/{language}/media-plans/new/"]')
    start.locator('select[name="agency"]').select_option(str(agency.pk))
    expect(start.locator('select[name="year"]')).to_have_value(str(next_year()))
    start.locator('button[type="submit"]').click()
    arrived_at(page, re.compile(rf"/{language}/media-plans/\d+/$"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("main .meta .state")).to_have_class(re.compile(r"state-draft"))
    expect(page.locator("#deadline-title")).to_be_visible()  # by 1 December (000 §2.2)
    expect(missing_lines(page)).to_have_text([translated(language, "The plan has no items yet.")])
    expect(page.locator('form[action$="/submit/"] button')).to_be_visible()
    plan_url = page.url
    plan = MediaPlan.objects.get(agency=agency, year=next_year())
    mark_page(page)
    assert_fits_width(page)

    # The first item, in the page's language only: added in the background, the other
    # language still missing.
    add = page.locator("#add-item form")
    fill_item(
        add,
        {
            f"strategic_direction_{language}": ACCESS[f"strategic_direction_{language}"],
            f"topic_{language}": CLINICS[f"topic_{language}"],
            f"target_audiences_{language}": {
                "kk": "Ауыл тұрғындары, дәрігерлер",
                "ru": "Сельские жители, врачи",
            }[language],
            "formats": ["briefing"],
            "channels": ["tv", "online"],
            "month": 3,
        },
    )
    add.locator('button[type="submit"]').click()
    expect(items(page)).to_have_count(1)
    expect(items(page).first.locator("h3")).to_have_text(CLINICS[f"topic_{language}"])
    first_missing = [
        missing_in(language, 1, "topic", other),
        missing_in(language, 1, "strategic_direction", other),
    ]
    expect(missing_lines(page)).to_have_text(first_missing)
    expect(page.locator("#item-status")).not_to_have_class(re.compile(r"message-error"))
    assert_same_page(page, plan_url)

    # The second, complete, for the fourth quarter; the add form is empty again.
    add = page.locator("#add-item form")
    expect(add.locator(f'[name="topic_{language}"]')).to_have_value("")
    fill_item(
        add,
        {
            "strategic_direction_kk": PREVENTION["strategic_direction_kk"],
            "strategic_direction_ru": PREVENTION["strategic_direction_ru"],
            "topic_kk": VACCINATION["topic_kk"],
            "topic_ru": VACCINATION["topic_ru"],
            "formats": ["press_conference", "press_release"],
            "quarter": 4,
        },
    )
    add.locator('button[type="submit"]').click()
    expect(items(page)).to_have_count(2)
    expect(items(page).nth(1).locator("h3")).to_have_text(VACCINATION[f"topic_{language}"])
    expect(missing_lines(page)).to_have_text(first_missing)  # still the first item's
    assert_same_page(page, plan_url)

    # A month and a quarter at once is refused, the form keeping what was typed.
    double = {"kk": ("Қос мерзім", "Сынақ"), "ru": ("Двойной срок", "Проверка")}[language]
    add = page.locator("#add-item form")
    fill_item(
        add,
        {f"topic_{language}": double[0], f"strategic_direction_{language}": double[1], "month": 5},
    )
    add.locator('select[name="quarter"]').select_option("2")
    add.locator('button[type="submit"]').click()
    add = page.locator("#add-item form")
    expect(add.locator(".has-error select[name=quarter]")).to_be_visible()
    expect(add.locator(".has-error")).to_contain_text(
        translated(language, "Give a month or a quarter, not both.")
    )
    expect(add.locator(f'[name="topic_{language}"]')).to_have_value(double[0])
    expect(page.locator("#item-status")).to_have_class(re.compile(r"message-error"))
    expect(items(page)).to_have_count(2)
    assert_same_page(page, plan_url)

    # What is missing is filled in the first item's other language, its month moved to April.
    first = items(page).first
    edit_item(
        page,
        first,
        {
            f"strategic_direction_{other}": ACCESS[f"strategic_direction_{other}"],
            f"topic_{other}": CLINICS[f"topic_{other}"],
            "month": 4,
        },
    )
    expect(missing_lines(page)).to_have_count(0)
    expect(page.locator("#plan-missing .notice")).to_have_text(
        translated(language, "Everything required is filled in: the plan can be submitted.")
    )
    expect(items(page).first.locator("dl.facts")).to_contain_text(month_name(4, language))
    assert_same_page(page, plan_url)
    assert_fits_width(page)

    # Submitted: a real post, the plan frozen as revision 1.1.
    submit_plan(page)
    arrived_at(page, plan_url)
    expect(page.locator("#plan-items form[data-item-action]")).to_have_count(0)  # frozen
    expect(page.locator("#add-item")).to_have_count(0)
    assert_fits_width(page)

    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED
    (revision,) = plan.revisions.all()
    assert revision.label == "1.1"
    frozen = revision.snapshot["items"]
    assert [(item["topic"]["kk"], item["topic"]["ru"]) for item in frozen] == [
        (CLINICS["topic_kk"], CLINICS["topic_ru"]),
        (VACCINATION["topic_kk"], VACCINATION["topic_ru"]),
    ]
    assert [(item["month"], item["quarter"]) for item in frozen] == [(4, None), (None, 4)]
    assert frozen[1]["formats"] == ["press_conference", "press_release"]


# --- 2. Returned in the admin, fixed, resubmitted, approved in the admin ------------------


def open_in_admin(page: Page, live_server, plan: MediaPlan, language: str):
    """The ministry's way to a plan: the admin's list of media-plans, then the plan."""
    page.goto(f"{live_server.url}/{language}/admin/mediaplans/mediaplan/?state=submitted")
    page.locator(f'#result_list a[href*="/mediaplan/{plan.pk}/change/"]').click()
    arrived_at(page, re.compile(rf"/{language}/admin/mediaplans/mediaplan/{plan.pk}/change/"))


def sign_out(page: Page):
    page.context.clear_cookies()


@BOTH_WIDTHS_AND_LANGUAGES
def test_ministry_returns_the_plan_in_the_admin_and_approves_the_resubmission(
    page: Page, live_server, press_office, viewport, language
):
    plan = submitted_plan(press_office)
    remark = {
        "kk": "Екпе тақырыбына нақты айды көрсетіңіз: қазан айы.",
        "ru": "Укажите для вакцинации точный месяц: октябрь.",
    }[language]
    agreed = {"kk": "Келісілді.", "ru": "Согласовано."}[language]

    # The ministry returns the plan with a comment on the admin's step page.
    sign_in(page, live_server, "ministry", language)
    open_in_admin(page, live_server, plan, language)
    tools = page.locator(".object-tools")
    expect(tools.locator('a[href$="/approve/"]')).to_be_visible()
    tools.locator('a[href$="/return/"]').click()
    arrived_at(page, re.compile(rf"/{language}/admin/.*/mediaplan/{plan.pk}/return/$"))
    send = page.locator('form input[type="submit"]')
    expect(send).to_have_value(translated(language, "Return with comment"))
    # A return without a comment is not sent: the comment is required (000 §2.2).
    send.click()
    expect(page.locator('textarea[name="return-comment"]:invalid')).to_be_visible()
    arrived_at(page, re.compile(rf"/mediaplan/{plan.pk}/return/$"))
    page.locator('textarea[name="return-comment"]').fill(remark)
    send.click()
    arrived_at(page, re.compile(rf"/{language}/admin/mediaplans/mediaplan/{plan.pk}/change/"))
    expect(page.locator(".messagelist .success")).to_have_text(
        translated(language, "The media-plan is returned with the comment.")
    )
    expect(page.locator(".object-tools a[href$='/return/']")).to_have_count(0)
    assert_fits_width(page)
    plan.refresh_from_db()
    assert plan.state == PlanState.RETURNED

    # The press secretary reads the comment on the plan's page and fixes the item ...
    sign_out(page)
    sign_in(page, live_server, "press", language)
    page.goto(f"{live_server.url}/{language}/media-plans/{plan.pk}/")
    expect(page.locator("main .meta .state")).to_have_class(re.compile(r"state-returned"))
    expect(page.locator("ul.comments")).to_contain_text(remark)
    plan_url = page.url
    mark_page(page)
    vaccination = items(page).nth(1)
    expect(vaccination.locator("h3")).to_have_text(VACCINATION[f"topic_{language}"])
    edit_item(page, vaccination, {"quarter": None, "month": 10})
    expect(items(page).nth(1).locator("dl.facts")).to_contain_text(month_name(10, language))
    assert_same_page(page, plan_url)

    # ... and submits again: revision 1, second submission.
    submit_plan(page)
    assert_fits_width(page)
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED
    assert [revision.label for revision in plan.revisions.all()] == ["1.1", "1.2"]

    # The ministry approves it on the admin's step page.
    sign_out(page)
    sign_in(page, live_server, "ministry", language)
    open_in_admin(page, live_server, plan, language)
    page.locator('.object-tools a[href$="/approve/"]').click()
    arrived_at(page, re.compile(rf"/{language}/admin/.*/mediaplan/{plan.pk}/approve/$"))
    page.locator('textarea[name="decision-comment"]').fill(agreed)
    send = page.locator('form input[type="submit"]')
    expect(send).to_have_value(translated(language, "Approve"))
    send.click()
    arrived_at(page, re.compile(rf"/{language}/admin/mediaplans/mediaplan/{plan.pk}/change/"))
    expect(page.locator(".messagelist .success")).to_have_text(
        translated(language, "The review is recorded.")
    )
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
    sign_in(page, live_server, "press", language)
    page.goto(f"{live_server.url}/{language}/media-plans/{plan.pk}/")
    expect(page.locator("main .meta .state")).to_have_class(re.compile(r"state-approved"))
    expect(page.locator("main table").last).to_contain_text(agreed)
    assert_fits_width(page)


# --- 3. A later change: revision 2 and its difference ----------------------------------------


@BOTH_WIDTHS_AND_LANGUAGES
def test_revision_two_changes_an_item_and_shows_its_difference_field_by_field(
    page: Page, live_server, press_office, viewport, language
):
    plan = submitted_plan(press_office)
    services.plan_approve(plan=plan, by=press_office["staff"])
    old_topic = CLINICS[f"topic_{language}"]
    new_topic = {
        "kk": "Ауылдық емханалар мен фельдшерлік пункттерді жаңғырту",
        "ru": "Модернизация сельских поликлиник и ФАПов",
    }[language]

    # The approved plan is changed: the press secretary opens revision 2.
    sign_in(page, live_server, "press", language)
    page.goto(f"{live_server.url}/{language}/media-plans/{plan.pk}/")
    expect(page.locator("main .meta .state")).to_have_class(re.compile(r"state-approved"))
    expect(page.locator("#add-item")).to_have_count(0)
    page.locator('form[action$="/new-revision/"] button').click()
    expect(page.locator("main .meta .state")).to_have_class(re.compile(r"state-draft"))
    revision_two = translated(language, "revision %(number)s", number=2)
    expect(page.locator("main .meta")).to_have_text(re.compile(rf"{re.escape(revision_two)}\s*$"))
    plan_url = page.url
    mark_page(page)

    # The clinics' item moves to May with a new topic in the page's language; then it is
    # submitted.
    clinics = items(page).first
    expect(clinics.locator("h3")).to_have_text(old_topic)
    edit_item(page, clinics, {f"topic_{language}": new_topic, "month": 5})
    expect(items(page).first.locator("h3")).to_have_text(new_topic)
    assert_same_page(page, plan_url)
    submit_plan(page)
    plan.refresh_from_db()
    assert plan.revision == 2
    assert [revision.label for revision in plan.revisions.all()] == ["1.1", "2.1"]

    # The difference between revision 1 and revision 2, from the plan's page.
    page.locator('main .compare-links a[href*="from=1.1"][href*="to=2.1"]').click()
    arrived_at(page, re.compile(rf"/{language}/media-plans/{plan.pk}/revisions/\?from=1.1&to=2.1$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        translated(language, "Compare revisions")
    )
    expect(page.locator('select[name="from"]')).to_have_value("1.1")
    expect(page.locator('select[name="to"]')).to_have_value("2.1")
    differences = page.locator("ol.plan-diff > li")
    expect(differences).to_have_count(1)  # the vaccination item did not change
    changed = differences.first
    expect(changed).to_have_class(re.compile(r"diff-changed"))
    expect(changed.locator("p strong")).to_have_text(translated(language, "Changed") + ":")
    expect(changed).to_contain_text(new_topic)
    rows = changed.locator("tbody tr")
    expect(rows).to_have_count(2)  # the topic in the page's language and the month only
    topic, month = rows.nth(0), rows.nth(1)
    expect(topic.locator("td").first.locator(".badge")).to_have_count(0)  # the page's language
    expect(topic.locator("del")).to_have_text(old_topic)
    expect(topic.locator("ins")).to_have_text(new_topic)
    expect(month.locator("del")).to_have_text(month_name(3, language))
    expect(month.locator("ins")).to_have_text(month_name(5, language))
    assert_fits_width(page)

    # Revision 1 stays in force until revision 2 is approved (004 §5).
    in_force = services.in_force_revisions(next_year())
    assert [(revision.plan_id, revision.label) for revision in in_force] == [(plan.pk, "1.1")]
