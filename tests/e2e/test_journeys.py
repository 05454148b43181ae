"""What a journalist does on the public site, in a real browser at desktop and phone widths,
in Kazakh and in Russian.

The journeys check languages through the `lang` attribute, the URL prefix and the data: a
spokesperson's name must appear in the language of the page.
"""

import datetime as dt
import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from portal.directory.choices import AgencyKind, Region, SpokespersonPost

from ..factories import AgencyFactory, SpokespersonFactory

pytestmark = pytest.mark.e2e

BOTH_WIDTHS = pytest.mark.parametrize("viewport", ["desktop", "phone"])
# Every journey runs in Kazakh and in Russian, so that axe-core checks its pages in both
# (issue 12 §4); one at each width, since each run costs the suite seconds of Chromium
# (tests/e2e/test_accessibility.py checks the main pages in all four).
BOTH_LANGUAGES = pytest.mark.parametrize("language", ["kk", "ru"])
BOTH_WIDTHS_AND_LANGUAGES = pytest.mark.parametrize(
    ("viewport", "language"), [("desktop", "kk"), ("phone", "ru")]
)


def _names(prefix, kk, ru, en):
    return {f"{prefix}_kk": kk, f"{prefix}_ru": ru, f"{prefix}_en": en}


@pytest.fixture
def directory(transactional_db):
    """Two agencies in different regions whose spokespersons share a surname stem, a former
    holder of the post, and an appointment the authorized body has not confirmed yet."""
    ministry = AgencyFactory(
        kind=AgencyKind.CENTRAL_BODY,
        region=Region.ASTANA,
        slug="tourism",
        **_names(
            "name",
            "Қазақстан Республикасы Туризм және спорт министрлігі",
            "Министерство туризма и спорта Республики Казахстан",
            "Ministry of Tourism and Sports of the Republic of Kazakhstan",
        ),
    )
    akimat = AgencyFactory(
        kind=AgencyKind.LOCAL_BODY,
        region=Region.ALMATY_CITY,
        slug="akimat-almaty",
        **_names("name", "Алматы қаласының әкімдігі", "Акимат города Алматы", "Akimat of Almaty"),
    )
    spokesperson = SpokespersonFactory(
        agency=ministry,
        **_names("surname", "Тәжібаева", "Тажибаева", "Tazhibayeva"),
        **_names("name", "Әйгерім", "Айгерим", "Aigerim"),
        **_names("patronymic", "Маратқызы", "Маратовна", "Maratovna"),
    )
    former = SpokespersonFactory(
        agency=ministry,
        appointed_on=dt.date(2019, 3, 1),
        left_on=dt.date(2024, 1, 14),
        **_names("surname", "Омаров", "Омаров", "Omarov"),
        **_names("name", "Бауыржан", "Бауыржан", "Bauyrzhan"),
    )
    unconfirmed = SpokespersonFactory(
        agency=ministry,
        post=SpokespersonPost.UNIT_MEMBER,
        confirmed_at=None,
        **_names("surname", "Жасырынова", "Скрытова", "Skrytova"),
    )
    other = SpokespersonFactory(
        agency=akimat,
        **_names("surname", "Тәжібаев", "Тажибаев", "Tazhibayev"),
        **_names("name", "Ерлан", "Ерлан", "Yerlan"),
    )
    return {
        "ministry": ministry,
        "akimat": akimat,
        "spokesperson": spokesperson,
        "former": former,
        "unconfirmed": unconfirmed,
        "other": other,
    }


def full_name(spokesperson, language):
    parts = (
        getattr(spokesperson, f"{field}_{language}") for field in ("surname", "name", "patronymic")
    )
    return " ".join(part for part in parts if part)


def sign_in(page: Page, live_server, username: str, language: str = "kk") -> None:
    """Sign in through the login form, as every journey's staff member does (each test
    user's password is the factories' one)."""
    page.goto(f"{live_server.url}/{language}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "secret-pass-123")
    page.locator("form.login-form button").click()


def translated(language: str, message: str, /, **values) -> str:
    """What the portal shows for the English `message` (its msgid) in `language`; `values`
    fill its %(name)s placeholders (one may be called `language` too)."""
    with translation.override(language):
        text = translation.gettext(message)
    return text % values if values else text


def arrived_at(page: Page, url) -> None:
    """The page shows `url` (a string or a pattern) and has been parsed. The next step then
    acts on the whole page, as a reader would, and the accessibility watcher can check the
    page before the step leaves it: on a loaded machine a long admin page may still be
    parsing when its address has changed, and a page left unparsed fails as not checked."""
    expect(page).to_have_url(url)
    page.wait_for_load_state("domcontentloaded")


def assert_fits_width(page: Page):
    """Nothing sticks out sideways: the page never scrolls horizontally. Measured once the
    page has loaded: a loaded machine may show the rows before the stylesheet applies."""
    page.wait_for_load_state("load")
    scroll_width, window_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= window_width + 1, (
        f"{page.url} is {scroll_width}px wide in a {window_width}px window"
    )


def assert_styled(page: Page):
    """The site's stylesheet loaded, so layout checks test the real layout."""
    loaded = page.evaluate(
        """() => [...document.styleSheets].some(
            sheet => (sheet.href || '').endsWith('/portal/site.css') && sheet.cssRules.length > 0)"""
    )
    assert loaded, f"{page.url}: portal/site.css did not load"


def result_rows(page: Page):
    return page.locator("main table tbody tr")


@BOTH_WIDTHS
def test_kazakh_home_to_russian_agency_page(page: Page, live_server, directory, viewport):
    ministry, spokesperson = directory["ministry"], directory["spokesperson"]

    # The Kazakh home page.
    page.goto(f"{live_server.url}/kk/")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_visible()
    expect(heading).to_have_text(re.compile(r"\S"))
    assert_styled(page)
    assert_fits_width(page)

    # Switch to Russian with the header's language switcher.
    page.locator('header a[hreflang="ru"]').click()
    arrived_at(page, re.compile(r"/ru/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    assert_fits_width(page)

    # Search the directory from the home page's search box.
    search = page.locator('main form[role="search"]')
    search.locator('input[name="q"]').fill("Тажибаева")
    search.locator('input[name="q"]').press("Enter")
    arrived_at(page, re.compile(r"/ru/directory/\?q="))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    rows = result_rows(page)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(full_name(spokesperson, "ru"))
    expect(rows.first).not_to_contain_text(full_name(spokesperson, "kk"))
    assert_fits_width(page)

    # Through to the agency page.
    rows.first.get_by_role("link", name=ministry.name_ru).click()
    arrived_at(page, re.compile(rf"/ru/agencies/{ministry.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(ministry.name_ru)
    main = page.locator("main")
    expect(main).to_contain_text(full_name(spokesperson, "ru"))
    expect(main).to_contain_text(full_name(directory["former"], "ru"))  # who held it before
    expect(main).not_to_contain_text(directory["unconfirmed"].surname_ru)  # not published
    expect(main).not_to_contain_text(ministry.name_kk)
    assert_fits_width(page)


@BOTH_WIDTHS_AND_LANGUAGES
def test_directory_filters_narrow_by_region(page: Page, live_server, directory, viewport, language):
    akimat, other = directory["akimat"], directory["other"]

    page.goto(f"{live_server.url}/{language}/directory/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    filters = page.locator('main form[role="search"]')

    # Part of a surname in Latin letters, any case, on a Cyrillic page: both namesakes are
    # found.
    filters.locator('input[name="q"]').fill("tazhibayev")
    filters.locator('button[type="submit"]').click()
    arrived_at(page, re.compile(rf"/{language}/directory/\?.*q=tazhibayev"))
    rows = result_rows(page)
    expect(rows).to_have_count(2)

    # The region narrows it to the akimat's spokesperson, named in the page's language.
    filters.locator('select[name="region"]').select_option(Region.ALMATY_CITY.value)
    filters.locator('button[type="submit"]').click()
    arrived_at(page, re.compile(r"region=almaty_city"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(full_name(other, language))
    expect(
        rows.first.get_by_role("link", name=getattr(akimat, f"name_{language}"))
    ).to_have_attribute("href", f"/{language}/agencies/{akimat.slug}/")
    expect(filters.locator('input[name="q"]')).to_have_value("tazhibayev")
    assert_fits_width(page)
