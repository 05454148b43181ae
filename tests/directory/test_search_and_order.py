"""Issue 7 §2: lists in the alphabet of the page's language, full agency names with the
abbreviation as a hint, and a directory search that forgives transliteration and Kazakh
letters typed as Russian ones."""

import datetime as dt
import importlib
import re

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from bench.generate import generate
from portal.deadlines.queries import deadline_compliance
from portal.directory import queries
from portal.directory.models import Agency, Spokesperson
from portal.directory.search import (
    ALPHABETS,
    derived_fields,
    search_skeleton,
    sort_key,
    with_search_keys,
)
from tests.factories import AgencyFactory, SpokespersonFactory, UserFactory

from ..deadlines.factories import DeadlineFactory

KAZAKH = "А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч Ш Щ Ъ Ы І Ь Э Ю Я"
RUSSIAN = "А Б В Г Д Е Ё Ж З И Й К Л М Н О П Р С Т У Ф Х Ц Ч Ш Щ Ъ Ы Ь Э Ю Я"
KAZAKH_NAMES = ["Ұлттық", "Үкімет", "Қаржы", "Әділет", "Ішкі", "Ақпарат", "Жер"]
# The same in the order of the Kazakh alphabet, worked out by hand from the line above.
KAZAKH_ORDER = ["Ақпарат", "Әділет", "Жер", "Қаржы", "Ұлттық", "Үкімет", "Ішкі"]
RUSSIAN_NAMES = ["Юстиции", "Ёлочный", "Энергетики", "Евразийский", "Жилищный", "Агентство"]
RUSSIAN_ORDER = ["Агентство", "Евразийский", "Ёлочный", "Жилищный", "Энергетики", "Юстиции"]


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def by_alphabet(names, alphabet):
    """The dictionary order the spec's alphabet gives, letter by letter (the test's oracle)."""
    letters = alphabet.split()
    return sorted(names, key=lambda name: [letters.index(c) for c in name.upper()])


def test_the_hand_made_orders_follow_the_alphabets():
    assert by_alphabet(KAZAKH_NAMES, KAZAKH) == KAZAKH_ORDER
    assert by_alphabet(RUSSIAN_NAMES, RUSSIAN) == RUSSIAN_ORDER
    assert ALPHABETS["kk"] == KAZAKH.replace(" ", "")
    assert ALPHABETS["ru"] == RUSSIAN.replace(" ", "")


# --- sort keys ---------------------------------------------------------------------------


def test_the_sort_key_orders_by_the_languages_alphabet():
    assert sorted(KAZAKH_NAMES, key=lambda name: sort_key(name, "kk")) == KAZAKH_ORDER
    assert sorted(RUSSIAN_NAMES, key=lambda name: sort_key(name, "ru")) == RUSSIAN_ORDER
    assert sorted(["beta", "Alpha", "zeta", "Gamma"], key=lambda n: sort_key(n, "en")) == [
        "Alpha",
        "beta",
        "Gamma",
        "zeta",
    ]


def test_the_sort_key_is_ascii_digits_of_fixed_width_and_ignores_case():
    key = sort_key("Әділет", "kk")
    assert re.fullmatch(r"[0-9]{30}", key)
    assert sort_key("ӘДІЛЕТ", "kk") == sort_key("әділет", "kk") == key


def test_the_sort_key_puts_words_digits_letters_then_other_characters_in_that_order():
    names = ["Жерге", "Жер қатынастары", "Zeta", "Ёлка", "2-бөлім", "10-бөлім", "«Жас» орталығы"]
    assert sorted(names, key=lambda name: sort_key(name, "kk")) == [
        "10-бөлім",  # digits before letters, compared digit by digit
        "2-бөлім",
        "Ёлка",
        "«Жас» орталығы",  # quotes are ignored
        "Жер қатынастары",  # a word ends before any letter
        "Жерге",
        "Zeta",  # Latin is not in the Kazakh alphabet: after it
    ]
    # Cyrillic is not in the English alphabet: after it, in code-point order.
    assert sorted(["Ёлка", "Zeta", "Алма"], key=lambda name: sort_key(name, "en")) == [
        "Zeta",
        "Ёлка",
        "Алма",
    ]


# --- search skeletons --------------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ["Жақсыбеков", "Жаксыбеков", "Zhaksybekov", "Jaksybekov", "Žaksybekov"],
        ["Ахметов", "Akhmetov", "Ahmetov"],
        ["Сергеев", "Sergeyev", "Sergeev", "Sergeiev"],
        ["Денсаулық", "денсаулык", "Densaulyk", "Densaulik"],
        ["Ерлан", "Yerlan", "Erlan"],
        ["Цой", "Tsoy", "Tsoi"],
        ["Юлия", "Yuliya", "Iuliia"],
        ["Щукин", "Shchukin", "Šukin"],
        ["Аллаберген", "Alabergen"],
        ["Қазақстан", "Qazaqstan", "Kazakstan"],
    ],
)
def test_common_spellings_of_a_name_have_one_skeleton(spellings):
    assert {search_skeleton(spelling) for spelling in spellings} == {search_skeleton(spellings[0])}


def test_a_skeleton_is_lower_case_latin_words():
    assert search_skeleton("Денсаулық сақтау министрлігі (ДСМ)") == (
        "densaulik saktau ministrligi dsm"
    )


def test_different_names_keep_different_skeletons():
    assert search_skeleton("Жақсыбеков") != search_skeleton("Жақсылықов")
    assert search_skeleton("Ахметов") != search_skeleton("Ахмедов")


def test_the_migration_fills_existing_rows_as_the_models_do():
    """Migration 0008 carries a frozen copy of search.py: it must agree with the live one."""
    frozen = importlib.import_module("portal.directory.migrations.0008_search_and_sort_keys")
    texts = [*KAZAKH_NAMES, *RUSSIAN_NAMES, "Zhaksybekov-Ахметов «ДСМ» 2", "Ёлка", ""]
    for text in texts:
        assert frozen.search_skeleton(text) == search_skeleton(text)
        for language in ALPHABETS:
            assert frozen.sort_key(text, language) == sort_key(text, language)
    for model, values in [
        (Agency, {"name_kk": "Қаржы министрлігі", "name_ru": "Минфин", "short_name_kk": "ҚМ"}),
        (
            Spokesperson,
            {"surname_kk": "Жақсыбеков", "surname_en": "Zhaksybekov", "name_ru": "Ерлан"},
        ),
    ]:
        _, derived = derived_fields(model())
        by_migration = frozen.with_search_keys(model(**values))
        by_model = with_search_keys(model(**values))
        assert {f: getattr(by_migration, f) for f in derived} == {
            f: getattr(by_model, f) for f in derived
        }


# --- the keys are kept up to date ----------------------------------------------------------


@pytest.mark.django_db
def test_saving_fills_the_keys_from_the_translations_with_the_pages_fallback():
    agency = AgencyFactory(name_kk="Қаржы министрлігі", name_ru="", name_en="Ministry of Finance")
    agency.refresh_from_db()
    assert agency.sort_name_kk == sort_key("Қаржы министрлігі", "kk")
    assert agency.sort_name_ru == sort_key("Қаржы министрлігі", "ru")  # ru falls back to kk
    assert agency.sort_name_en == sort_key("Ministry of Finance", "en")
    assert agency.search_text == "karzhi ministrligi ministri of finance"


@pytest.mark.django_db
def test_a_save_of_some_fields_refreshes_the_keys_only_when_a_name_is_among_them(agency):
    agency.name_kk = "Әділет министрлігі"
    agency.save(update_fields=["name_kk", "updated_at"])
    agency.refresh_from_db()
    assert agency.sort_name_kk == sort_key("Әділет министрлігі", "kk")
    assert "adilet" in agency.search_text


@pytest.mark.django_db
def test_the_benchmarks_bulk_create_fills_the_keys():
    generate(2, per_agency=2)
    assert not Agency.objects.filter(sort_name_kk="").exists()
    assert not Agency.objects.filter(search_text="").exists()
    assert not Spokesperson.objects.filter(sort_surname_ru="").exists()
    assert not Spokesperson.objects.filter(search_text="").exists()


# --- lists in the page's alphabet ---------------------------------------------------------


def kazakh_agencies():
    return {name: AgencyFactory(name_kk=name, name_ru=name) for name in KAZAKH_NAMES}


def russian_agencies():
    return {name: AgencyFactory(name_ru=name, name_kk=name) for name in RUSSIAN_NAMES}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "make", "expected"),
    [("kk", kazakh_agencies, KAZAKH_ORDER), ("ru", russian_agencies, RUSSIAN_ORDER)],
)
def test_the_directory_lists_agencies_in_the_pages_alphabet(client, language, make, expected):
    for agency in make().values():
        SpokespersonFactory(agency=agency)
    response = client.get(url("directory:spokesperson_list", language))
    assert [row.agency.name for row in response.context["page"]] == expected


@pytest.mark.django_db
def test_the_directory_lists_people_of_one_agency_by_surname_in_the_alphabet(client, agency):
    for surname in ["Ізбасаров", "Үсенов", "Әлиев", "Ахметов"]:
        SpokespersonFactory(agency=agency, surname_kk=surname, post="member")
    response = client.get(url("directory:spokesperson_list", "kk"))
    assert [row.surname for row in response.context["page"]] == [
        "Ахметов",
        "Әлиев",
        "Үсенов",
        "Ізбасаров",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "make", "expected"),
    [("kk", kazakh_agencies, KAZAKH_ORDER), ("ru", russian_agencies, RUSSIAN_ORDER)],
)
def test_the_agency_list_and_the_api_follow_the_pages_alphabet(
    client, api_client, language, make, expected
):
    for agency in make().values():
        SpokespersonFactory(agency=agency)
    page = client.get(url("directory:agency_list", language)).context["page"]
    assert [agency.name for agency in page] == expected
    api = {"HTTP_ACCEPT_LANGUAGE": language}
    rows = api_client.get("/api/v1/agencies/", **api).json()["results"]
    assert [row["name"] for row in rows] == expected
    rows = api_client.get("/api/v1/spokespersons/", **api).json()["results"]
    assert [row["agency_name"] for row in rows] == expected


@pytest.mark.django_db
def test_the_compliance_table_lists_agencies_in_the_pages_alphabet():
    for agency in kazakh_agencies().values():
        DeadlineFactory(agency=agency)
    with translation.override("kk"):
        report = deadline_compliance(first=dt.date(2026, 4, 1), last=dt.date(2026, 4, 30))
    assert [row.agency.name_kk for row in report.rows] == KAZAKH_ORDER


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Agency, Spokesperson])
def test_the_admin_lists_in_the_alphabet_of_its_language(model):
    for agency in kazakh_agencies().values():
        SpokespersonFactory(agency=agency, surname_kk=agency.name_kk)
    request = RequestFactory().get("/kk/admin/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    model_admin = admin_site._registry[model]
    with translation.override("kk"):
        rows = model_admin.get_queryset(request).order_by(*model_admin.get_ordering(request))
        names = [row.name_kk if model is Agency else row.surname_kk for row in rows]
    assert names == KAZAKH_ORDER


# --- full names with the abbreviation as a hint --------------------------------------------


@pytest.mark.django_db
def test_lists_show_the_full_agency_name_with_the_abbreviation_as_a_hint(client):
    agency = AgencyFactory(
        name_en="Ministry of Healthcare of the Republic of Kazakhstan", short_name_en="MoH"
    )
    SpokespersonFactory(agency=agency)
    with translation.override("en"):
        link = f'<a href="{agency.get_absolute_url()}">'
    shown = (
        f"{link}Ministry of Healthcare of the Republic of Kazakhstan</a> "
        '<abbr class="agency-short" title="Ministry of Healthcare of the Republic of Kazakhstan">'
        "MoH</abbr>"
    )
    for page in ("directory:spokesperson_list", "directory:agency_list"):
        assert shown in client.get(url(page)).content.decode()


@pytest.mark.django_db
def test_the_deadline_lists_and_compliance_show_the_full_agency_name(client, ministry_staff):
    agency = AgencyFactory(name_en="Ministry of Finance", short_name_en="MoF")
    DeadlineFactory(agency=agency)
    client.force_login(ministry_staff)
    hint = ' <abbr class="agency-short" title="Ministry of Finance">MoF</abbr>'
    with translation.override("en"):
        link = f'<a href="{agency.get_absolute_url()}">Ministry of Finance</a>'
    pages = [
        ("deadlines:deadline_list", {}, "Ministry of Finance" + hint),
        ("deadlines:deadline_compliance", {"due_after": "2026-01-01"}, link + hint),
    ]
    for page, query, shown in pages:
        assert shown in client.get(url(page), query).content.decode()


# --- the search ----------------------------------------------------------------------------


@pytest.fixture
def zhaksybekov(db):
    agency = AgencyFactory(
        name_kk="Денсаулық сақтау министрлігі",
        name_ru="Министерство здравоохранения",
        name_en="Ministry of Healthcare",
    )
    return SpokespersonFactory(
        agency=agency,
        surname_kk="Жақсыбеков",
        surname_ru="Жаксыбеков",
        surname_en="Zhaksybekov",
        name_kk="Ерлан",
        name_ru="Ерлан",
        name_en="Yerlan",
    )


@pytest.mark.parametrize(
    "text", ["Zhaksybekov", "Jaksybekov", "Žaksybekov", "Жаксыбеков", "Жақсыбеков", "жаксыб"]
)
def test_the_directory_finds_a_surname_in_any_common_spelling(
    client, api_client, zhaksybekov, text
):
    SpokespersonFactory(surname_kk="Жақсылықов", surname_ru="Жаксылыков", surname_en="Zhaksylykov")
    response = client.get(url("directory:spokesperson_list"), {"q": text})
    assert [row.pk for row in response.context["page"]] == [zhaksybekov.pk]
    rows = api_client.get("/api/v1/spokespersons/", {"q": text}).json()["results"]
    assert [row["id"] for row in rows] == [zhaksybekov.pk]


@pytest.mark.parametrize(
    ("surname", "texts"),
    [("Ахметов", ["Ahmetov", "Akhmetov", "ахметов"]), ("Сергеев", ["Sergeyev", "Sergeev"])],
)
def test_the_directory_forgives_kh_h_and_yev_ev(client, db, surname, texts):
    wanted = SpokespersonFactory(surname_kk=surname, surname_ru=surname, surname_en="")
    SpokespersonFactory()
    for text in texts:
        response = client.get(url("directory:spokesperson_list"), {"q": text})
        assert [row.pk for row in response.context["page"]] == [wanted.pk], text


def test_the_directory_finds_people_by_their_agencys_name_typed_with_russian_letters(
    client, zhaksybekov
):
    SpokespersonFactory()
    response = client.get(url("directory:spokesperson_list"), {"q": "денсаулык Ерлан"})
    assert [row.pk for row in response.context["page"]] == [zhaksybekov.pk]


def test_a_renamed_agency_is_found_by_its_new_name_without_refreshing_its_people(
    client, zhaksybekov
):
    agency = zhaksybekov.agency
    agency.name_kk = "Ғылым министрлігі"
    agency.save()
    response = client.get(url("directory:spokesperson_list"), {"q": "гылым"})
    assert [row.pk for row in response.context["page"]] == [zhaksybekov.pk]


def test_the_agency_list_finds_densaulyk_typed_without_kazakh_letters(client, zhaksybekov):
    AgencyFactory(name_kk="Қаржы министрлігі")
    response = client.get(url("directory:agency_list", "kk"), {"q": "денсаулык"})
    assert [agency.pk for agency in response.context["page"]] == [zhaksybekov.agency_id]


def test_a_search_without_a_match_shows_the_empty_state(client, zhaksybekov):
    response = client.get(url("directory:spokesperson_list"), {"q": "Zhaksylykov"})
    assert list(response.context["page"]) == []
    assert "Nobody matches this search" in response.content.decode()
    response = client.get(url("directory:agency_list"), {"q": "Zhaksylykov"})
    assert "No agency matches these filters." in response.content.decode()


def queries_of(client, page, query):
    with CaptureQueriesContext(connection) as run:
        response = client.get(page, query)
    assert response.status_code == 200
    return len(run), len(response.context["page"] if "page" in response.context else [])


@pytest.mark.django_db
def test_searching_and_ordering_keep_the_query_count_of_the_lists(client, api_client):
    """The same number of queries for 1 and for 25 matching rows, on every list searched."""
    pages = [
        (url("directory:spokesperson_list", "kk"), {"q": "денсаулык ahmetov"}),
        (url("directory:agency_list", "kk"), {"q": "денсаулык"}),
    ]
    measured = []
    for rows in (1, 24):
        for number in range(rows):
            SpokespersonFactory(
                agency__name_kk=f"Денсаулық {number}", surname_kk=f"Ахметов{number}"
            )
        # The renders' queries, not the public cache's answers (portal.documents): the rows
        # were added behind its back, without publishing a new version of the directory.
        cache.clear()
        found = [queries_of(client, page, query) for page, query in pages]
        with CaptureQueriesContext(connection) as run:
            api = api_client.get("/api/v1/spokespersons/", {"q": "Akhmetov"}).json()["results"]
        measured.append([*found, (len(run), len(api))])
    assert [[count for count, _ in row] for row in measured][0] == [
        [count for count, _ in row] for row in measured
    ][1]
    assert [[found for _, found in row] for row in measured] == [[1, 1, 1], [25, 25, 25]]
    assert measured[0][1][0] == 2  # the agency list: the count and the page


def test_the_search_has_one_like_per_word_and_skeleton_field(zhaksybekov):
    queryset = queries.directory_search(Spokesperson.objects.all(), text="Zhaksybekov Ерлан")
    assert str(queryset.query).upper().count(" LIKE ") == 4
