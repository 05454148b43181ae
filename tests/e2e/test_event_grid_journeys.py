"""The week's events and the media-grid in a real browser, at desktop and phone widths
(004 §10–11): a press secretary enters next week's events on the event form and sends the
weekly information; the ministry composes the media-grid in the admin, publishes it and
then a correction (both journeys in Kazakh and in Russian, issue 12 §4); a journalist,
signed out, switches the site from Russian to Kazakh, reads the grid and downloads its
Kazakh PDF."""

import datetime as dt
import re

import pytest
from django.utils import dateformat, timezone
from playwright.sync_api import Page, expect

from eventgrid import queries, services
from eventgrid.models import MediaGrid
from eventgrid.weeks import coming_week, due_anchor, week_label
from portal.deadlines.models import Deadline
from portal.directory.choices import AgencyKind, Role
from tests.core.test_pdf import pdf_text
from tests.documents.helpers import build_queued

from ..factories import AgencyFactory, MembershipFactory, UserFactory
from .test_journeys import (
    BOTH_WIDTHS,
    BOTH_WIDTHS_AND_LANGUAGES,
    arrived_at,
    assert_fits_width,
    translated,
)
from .test_journeys import sign_in as sign_in_by_form

pytestmark = pytest.mark.e2e

# The letters of Kazakh beyond Russian's (һ, in loanwords only, is not in this grid).
KAZAKH_LETTERS = set("әғқңөұүі")


def sign_in(page: Page, live_server, username: str, language: str):
    sign_in_by_form(page, live_server, username, language)
    arrived_at(page, re.compile(rf"/{language}/dashboard/$"))


def moment(week: dt.date, day: int, hour: int) -> dt.datetime:
    """`day` days after the week's Monday, at `hour`, Astana time."""
    return timezone.make_aware(dt.datetime.combine(week + dt.timedelta(days=day), dt.time(hour)))


def local_input(value: dt.datetime) -> str:
    """What the browser's date-and-time picker sends (datetime-local)."""
    return value.strftime("%Y-%m-%dT%H:%M")


def texts(name: str, kk: str, ru: str, en: str) -> dict[str, str]:
    return {f"{name}_kk": kk, f"{name}_ru": ru, f"{name}_en": en}


def complete_event(agency, *, titles, starts_at, event_format="briefing", candidate=False):
    """An event with every field the appendix form asks for (004 §10), entered through the
    services as the agency's page does: a draft."""
    return services.event_create(
        agency=agency,
        format=event_format,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=1),
        main_news_candidate=candidate,
        **texts("title", *titles),
        **texts("place", "Астана, Үкімет үйі", "Астана, Дом Правительства", "Astana"),
        **texts("organisers", "Баспасөз қызметі", "Пресс-служба", "The press office"),
        **texts("goal", "Жаңалықты түсіндіру.", "Разъяснить новость.", "Explain the news."),
        **texts("key_messages", "Қызмет жақсарады.", "Услуги улучшатся.", "Services improve."),
        **texts("expected_result", "Дәл жарияланымдар.", "Точные публикации.", "Accuracy."),
        contacts=f"press@{agency.slug}.gov.kz",
        speakers=[
            {
                **texts("name", "Айгүл Серікова", "Айгуль Серикова", "Aigul Serikova"),
                **texts("position", "Вице-министр", "Вице-министр", "Vice minister"),
                "contacts": f"press@{agency.slug}.gov.kz",
                "language": "kk",
            }
        ],
    )


def ministry_user(language: str):
    authorized = AgencyFactory(kind=AgencyKind.AUTHORIZED_BODY, slug="mci")
    user = UserFactory(username="ministry", preferred_language=language)
    MembershipFactory(user=user, agency=authorized, role=Role.AUTHORIZED_STAFF)
    return user


# --- 1. The press secretary's week -------------------------------------------------------


@pytest.fixture
def press_office(transactional_db, language):
    agency = AgencyFactory(
        slug="health",
        **texts(
            "name",
            "Денсаулық сақтау министрлігі",
            "Министерство здравоохранения",
            "Ministry of Health",
        ),
    )
    user = UserFactory(username="press", preferred_language=language)
    MembershipFactory(user=user, agency=agency, role=Role.PRESS_SECRETARY)
    return agency


def enter_event(page: Page, live_server, language, *, event_format, starts_at, kk, ru):
    """Fill the event form (texts in Kazakh and Russian, one speaker) and save the draft; its
    page shows the title in the page's `language`."""
    page.goto(f"{live_server.url}/{language}/events/new/")
    form = page.locator("form.record-form")
    form.locator('select[name="format"]').select_option(event_format)
    form.locator('input[name="starts_at"]').fill(local_input(starts_at))
    form.locator('input[name="ends_at"]').fill(local_input(starts_at + dt.timedelta(hours=1)))
    form.locator('input[name="title_kk"]').fill(kk)
    form.locator('input[name="title_ru"]').fill(ru)
    form.locator('input[name="place_kk"]').fill("Астана, Орталық коммуникациялар қызметі")
    form.locator('input[name="place_ru"]').fill("Астана, Служба центральных коммуникаций")
    form.locator('textarea[name="organisers_kk"]').fill("Денсаулық сақтау министрлігі")
    form.locator('textarea[name="organisers_ru"]').fill("Министерство здравоохранения")
    form.locator('textarea[name="goal_kk"]').fill("Вакцинация туралы халықты хабардар ету.")
    form.locator('textarea[name="key_messages_kk"]').fill("Екпе тегін әрі қауіпсіз.")
    form.locator('textarea[name="key_messages_ru"]').fill("Прививка бесплатна и безопасна.")
    form.locator('textarea[name="expected_result_kk"]').fill("БАҚ-тағы дәл жарияланымдар.")
    form.locator('textarea[name="contacts"]').fill("press@health.gov.kz, +7 7172 74 00 00")
    form.locator('input[name="speakers-0-name_kk"]').fill("Әйгерім Тәжібаева")
    form.locator('input[name="speakers-0-name_ru"]').fill("Айгерим Тажибаева")
    form.locator('input[name="speakers-0-position_kk"]').fill("Вице-министр")
    form.locator('input[name="speakers-0-contacts"]').fill("press@health.gov.kz")
    form.locator('select[name="speakers-0-language"]').select_option("kk")
    form.locator('button[type="submit"]').click()
    arrived_at(page, re.compile(rf"/{language}/events/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text({"kk": kk, "ru": ru}[language])
    expect(page.locator(".state")).to_have_class(re.compile(r"state-draft"))
    expect(page.locator("p.notice")).to_have_count(0)  # nothing lacks for the weekly form


@BOTH_WIDTHS_AND_LANGUAGES
def test_press_secretary_enters_next_weeks_events_and_submits_the_weekly_information(
    page: Page, live_server, press_office, viewport, language
):
    week = coming_week()
    sign_in(page, live_server, "press", language)

    # A press conference, planned (still the agency's own) ...
    conference = ("Маусымдық тұмауға қарсы екпе науқаны", "Кампания вакцинации против гриппа")
    enter_event(
        page,
        live_server,
        language,
        event_format="press_conference",
        starts_at=moment(week, 1, 10),
        kk=conference[0],
        ru=conference[1],
    )
    page.locator('form[action$="/plan/"] button').click()
    expect(page.locator(".state")).to_have_class(re.compile(r"state-planned"))

    # ... and a briefing, published for journalists.
    briefing = ("Ауылдық емханаларды жаңғырту", "Модернизация сельских поликлиник")
    enter_event(
        page,
        live_server,
        language,
        event_format="briefing",
        starts_at=moment(week, 3, 15),
        kk=briefing[0],
        ru=briefing[1],
    )
    page.locator('form[action$="/publish/"] button').click()
    expect(page.locator(".state")).to_have_class(re.compile(r"state-published"))
    assert_fits_width(page)

    # The week's information, from the event's page: both events on the appendix form.
    page.locator(f'main a[href*="/weekly-information/{week_label(week)}/"]').click()
    arrived_at(
        page, re.compile(rf"/{language}/weekly-information/{week_label(week)}/\?agency=health$")
    )
    appendix = page.locator("main table.appendix")
    in_page_language = ("kk", "ru").index(language)
    expect(appendix).to_contain_text(conference[in_page_language])
    expect(appendix).to_contain_text(briefing[in_page_language])
    expect(page.locator("ul.errors")).to_have_count(0)  # nothing to complete first
    page.locator('form[action*="/submit/"] button').click()

    expect(page.locator("main .state").first).to_have_class(re.compile(r"state-done_"))
    expect(page.locator('form[action*="/submit/"] button')).to_be_visible()  # "Submit again"
    assert_fits_width(page)

    # Submitting met the week's deadline (the Thursday before the week).
    deadline = Deadline.objects.get(
        rule__code="weekly-information",
        agency=press_office,
        period_key=due_anchor(week).isoformat(),
    )
    assert deadline.state in ("done_on_time", "done_late")
    page.goto(f"{live_server.url}/{language}/deadlines/{deadline.pk}/")
    expect(page.locator(".state")).to_have_class(re.compile(r"state-done_"))


# --- 2. The ministry's media-grid ----------------------------------------------------------


@pytest.fixture
def submitted_week(transactional_db, language):
    """Next week: Health's press conference (published) and Education's briefing (planned),
    both in their agencies' submitted weekly information; Transport's round table, which
    its agency has not submitted."""
    week = coming_week()
    health = AgencyFactory(slug="health")
    edu = AgencyFactory(slug="edu")
    transport = AgencyFactory(slug="transport")
    conference = complete_event(
        health,
        titles=("Денсаулық сақтау жылының қорытындысы", "Итоги года здравоохранения", "Health"),
        starts_at=moment(week, 1, 10),
        event_format="press_conference",
    )
    services.event_publish(event=conference)
    briefing = complete_event(
        edu,
        titles=("Ұлттық бірыңғай тестілеу", "Единое национальное тестирование", "UNT briefing"),
        starts_at=moment(week, 2, 11),
    )
    services.event_plan(event=briefing)
    round_table = complete_event(
        transport,
        titles=("Жол қауіпсіздігі", "Безопасность дорог", "Road safety round table"),
        starts_at=moment(week, 3, 15),
        event_format="round_table",
    )
    services.event_publish(event=round_table)
    for agency in (health, edu):
        services.weekly_information_submit(agency=agency, week_start=week, by=None)
    ministry_user(language)
    return {"conference": conference, "briefing": briefing, "round_table": round_table}


def publish(page: Page, language: str, number: int):
    page.locator('.submit-row a[href$="/publish/"]').click()
    arrived_at(page, re.compile(r"/publish/$"))
    page.locator('form input[type="submit"]').click()
    arrived_at(page, re.compile(r"/admin/eventgrid/mediagrid/\d+/change/$"))
    expect(page.locator(".messagelist")).to_contain_text(
        translated(language, "Version %(number)s of the media-grid is published.", number=number)
    )


@BOTH_WIDTHS_AND_LANGUAGES
def test_ministry_composes_publishes_and_corrects_the_media_grid(
    page: Page, live_server, submitted_week, viewport, language
):
    conference, briefing = submitted_week["conference"], submitted_week["briefing"]
    round_table = submitted_week["round_table"]
    week = coming_week()
    saved = translated(
        language, "The media-grid's events are saved. Publish it to send it to the media."
    )
    sign_in(page, live_server, "ministry", language)

    # Compose next week's grid: it starts from the submitted weekly information.
    page.goto(f"{live_server.url}/{language}/admin/eventgrid/mediagrid/add/")
    expect(page.locator('input[name="week"]')).to_have_value(week_label(week))
    page.locator('form input[type="submit"]').click()
    arrived_at(page, re.compile(r"/admin/eventgrid/mediagrid/\d+/compose/$"))
    expect(page.locator(f'input[name="include_{conference.pk}"]')).to_be_checked()
    expect(page.locator(f'input[name="include_{briefing.pk}"]')).to_be_checked()
    expect(page.locator(f'input[name="include_{round_table.pk}"]')).not_to_be_checked()

    # The press conference is Tuesday's main news.
    page.locator(f'input[name="rank_{conference.pk}"]').fill("1")
    page.locator('form input[type="submit"]').click()
    expect(page.locator(".messagelist")).to_contain_text(saved)
    publish(page, language, 1)

    # Then Education cancels its briefing, and the ministry adds Transport's round table.
    services.event_cancel(
        event=briefing,
        reason={"kk": "Спикердің іссапары.", "ru": "Командировка спикера.", "en": "Travel."},
    )
    page.goto(page.url.replace("/change/", "/compose/"))
    page.locator(f'input[name="include_{round_table.pk}"]').check()
    page.locator('form input[type="submit"]').click()
    expect(page.locator(".messagelist")).to_contain_text(saved)
    publish(page, language, 2)
    assert_fits_width(page)

    # What the media read: version 2 with its changes, the main news on top.
    version = queries.media_grid_version(MediaGrid.objects.get(week_start=week))
    page.goto(f"{live_server.url}/{language}/media-grid/{week_label(week)}/")
    expect(page.locator(".grid-version")).to_contain_text(
        translated(
            language,
            "Version %(number)s, published on %(at)s (Astana time)",
            number=2,
            at=dateformat.format(timezone.localtime(version.published_at), "d.m.Y H:i"),
        )
    )
    title = f"title_{language}"
    changes = page.locator("ul.grid-changes")
    expect(changes.locator("li", has_text=getattr(round_table, title))).to_contain_text(
        translated(language, "Added")
    )
    expect(changes.locator("li", has_text=getattr(briefing, title))).to_contain_text(
        translated(language, "Cancelled")
    )
    expect(page.locator("tr.main-news")).to_contain_text(getattr(conference, title))
    expect(page.locator("nav.grid-versions li")).to_have_count(2)
    assert_fits_width(page)


# --- 3. The journalist's Kazakh PDF --------------------------------------------------------


@pytest.fixture
def published_grid(transactional_db):
    """Next week's media-grid, published by the ministry, its PDFs built by the worker's
    task (run here, as `tests/eventgrid/test_media_grid_pdf.py` does)."""
    week = coming_week()
    agency = AgencyFactory(
        slug="edu",
        **texts(
            "name",
            "Қазақстан Республикасы Оқу-ағарту министрлігі",
            "Министерство просвещения Республики Казахстан",
            "Ministry of Education of the Republic of Kazakhstan",
        ),
    )
    event = complete_event(
        agency,
        titles=(
            "Ұлттық бірыңғай тестілеудің жаңа форматы",
            "Новый формат единого национального тестирования",
            "The new format of the unified national testing",
        ),
        starts_at=moment(week, 1, 10),
        event_format="press_conference",
        candidate=True,
    )
    services.event_publish(event=event)
    services.weekly_information_submit(agency=agency, week_start=week, by=None)
    ministry = ministry_user("kk")
    grid = services.media_grid_compose(week_start=week, by=ministry)
    services.media_grid_publish(grid=grid, by=ministry)
    assert build_queued() == ["done", "done", "done"]  # kk, ru, en
    return event


@BOTH_WIDTHS
def test_journalist_reads_the_grid_in_kazakh_and_downloads_its_pdf(
    page: Page, live_server, published_grid, viewport
):
    page.goto(f"{live_server.url}/ru/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    # Kazakh, with the site's language switcher; then the media-grid from the menu.
    page.locator('header a[hreflang="kk"]').click()
    arrived_at(page, re.compile(r"/kk/$"))
    page.locator('header nav.main-nav a[href="/kk/media-grid/"]').click()
    arrived_at(page, re.compile(r"/kk/media-grid/$"))
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Алдағы аптаға арналған ақпарат")
    expect(page.locator("tr.main-news")).to_contain_text(published_grid.title_kk)
    assert_fits_width(page)

    # The Kazakh link opens the PDF in Chromium's viewer ...
    link = page.locator('a.download[lang="kk"]')
    with page.expect_response(re.compile(r"/kk/media-grid/[0-9]{4}-W[0-9]{2}\.pdf$")) as answer:
        link.click()
    assert answer.value.status == 200
    assert answer.value.headers["content-type"] == "application/pdf"
    # ... and the journalist saves it (the viewer keeps the bytes to itself: the browser's
    # own request context fetches the same address again).
    saved = page.request.get(answer.value.url)
    assert saved.ok
    content = saved.body()
    assert content.startswith(b"%PDF")

    text = " ".join(pdf_text(content).split())  # a long name wraps in its cell
    assert "Алдағы аптаға арналған ақпарат" in text  # the form's title (004 appendix)
    assert "Басты жаңалықтар" in text  # "Main news"
    assert published_grid.title_kk in text
    assert "Қазақстан Республикасы Оқу-ағарту министрлігі" in text
    assert KAZAKH_LETTERS <= set(text.lower())  # in DejaVu, not as missing glyphs
