import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from portal.directory.choices import Region
from portal.directory.models import Spokesperson
from tests.factories import AgencyFactory, SpokespersonFactory

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("ru-RU,ru;q=0.9", "/ru/"), ("en-GB,en;q=0.8", "/en/"), ("kk", "/kk/"), ("de-DE", "/kk/")],
)
def test_root_redirects_by_the_browser_language_with_kazakh_as_fallback(
    client, accept_language, expected
):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize(
    "name", ["directory:home", "directory:spokesperson_list", "directory:agency_list", "login"]
)
def test_public_pages_open_in_every_language(client, language, name):
    response = client.get(url(name, language))
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_directory_shows_names_in_the_page_language(client):
    SpokespersonFactory(surname_kk="Әбенова", surname_ru="Абенова", surname_en="Abenova")
    assert "Әбенова" in client.get(url("directory:spokesperson_list", "kk")).content.decode()
    assert "Абенова" in client.get(url("directory:spokesperson_list", "ru")).content.decode()
    assert "Abenova" in client.get(url("directory:spokesperson_list", "en")).content.decode()


def test_directory_search_finds_a_name_written_in_any_language(client):
    wanted = SpokespersonFactory(surname_kk="Әбенова", surname_ru="Абенова", surname_en="Abenova")
    SpokespersonFactory()
    for text in ("Әбен", "абен", "ABEN"):
        page = client.get(url("directory:spokesperson_list"), {"q": text}).context["page"]
        assert list(page.object_list) == [wanted]


def test_directory_filters_by_agency_and_region(client):
    in_almaty = SpokespersonFactory(agency=AgencyFactory(region=Region.ALMATY_CITY))
    in_astana = SpokespersonFactory(agency=AgencyFactory(region=Region.ASTANA))
    by_region = client.get(url("directory:spokesperson_list"), {"region": "almaty_city"}).context[
        "page"
    ]
    by_agency = client.get(
        url("directory:spokesperson_list"), {"agency": in_astana.agency.slug}
    ).context["page"]
    assert list(by_region.object_list) == [in_almaty]
    assert list(by_agency.object_list) == [in_astana]


def test_directory_hides_former_spokespersons_unless_asked(client, agency):
    former = SpokespersonFactory(
        agency=agency, appointed_on=dt.date(2019, 1, 1), left_on=dt.date(2021, 1, 1)
    )
    current = SpokespersonFactory(agency=agency, appointed_on=dt.date(2021, 1, 2))
    assert list(client.get(url("directory:spokesperson_list")).context["page"].object_list) == [
        current
    ]
    with_former = client.get(url("directory:spokesperson_list"), {"former": "on"}).context["page"]
    assert set(with_former.object_list) == {current, former}


def test_directory_paginates(client):
    SpokespersonFactory.create_batch(30)
    first = client.get(url("directory:spokesperson_list")).context["page"]
    second = client.get(url("directory:spokesperson_list"), {"page": 2}).context["page"]
    assert (len(first.object_list), len(second.object_list)) == (25, 5)


def test_directory_explains_an_unknown_agency_and_lists_nothing(client):
    SpokespersonFactory()
    response = client.get(url("directory:spokesperson_list", "ru"), {"agency": "no-such-agency"})
    assert response.status_code == 200
    assert response.context["form"].errors["agency"]
    assert list(response.context["page"].object_list) == []


def test_directory_empty_state(client):
    response = client.get(url("directory:spokesperson_list"), {"q": "nobody"})
    assert "Nobody matches this search" in response.content.decode()


def test_unpublished_appointment_is_hidden_from_the_public_and_other_agencies(
    client, press_secretary, agency, other_agency
):
    hidden = SpokespersonFactory(agency=other_agency, confirmed_at=None, surname_en="Hiddenova")
    client.force_login(press_secretary)
    assert "Hiddenova" not in client.get(url("directory:spokesperson_list")).content.decode()
    assert "Hiddenova" not in client.get(hidden.agency.get_absolute_url()).content.decode()
    client.logout()
    assert "Hiddenova" not in client.get(hidden.agency.get_absolute_url()).content.decode()


def test_own_unpublished_appointment_is_shown_to_its_agency_on_its_page_only(
    client, press_secretary, agency
):
    SpokespersonFactory(agency=agency, confirmed_at=None, surname_en="Pendingova")
    client.force_login(press_secretary)
    page = client.get(url("directory:agency_detail", slug=agency.slug))
    assert [s.surname_en for s in page.context["coming"]] == ["Pendingova"]
    # The directory lists who is in the post: confirmed holders only, for everyone.
    assert "Pendingova" not in client.get(url("directory:spokesperson_list")).content.decode()


def test_mobile_phone_is_shown_only_to_the_agency(client, press_secretary, agency, other_agency):
    own = SpokespersonFactory(agency=agency, mobile_phone="+7 701 111 1111")
    other = SpokespersonFactory(agency=other_agency, mobile_phone="+7 701 222 2222")
    client.force_login(press_secretary)
    assert "+7 701 111 1111" in client.get(own.agency.get_absolute_url()).content.decode()
    assert "+7 701 222 2222" not in client.get(other.agency.get_absolute_url()).content.decode()


def test_agency_page_shows_current_spokesperson_and_history(client, agency):
    SpokespersonFactory(
        agency=agency,
        surname_en="Formerov",
        appointed_on=dt.date(2018, 1, 1),
        left_on=dt.date(2020, 1, 1),
    )
    SpokespersonFactory(agency=agency, surname_en="Currentova", appointed_on=dt.date(2020, 1, 2))
    response = client.get(url("directory:agency_detail", slug=agency.slug))
    assert [s.surname for s in response.context["current"]] == ["Currentova"]
    assert [s.surname for s in response.context["history"]] == ["Formerov"]


def test_reorganised_agency_links_to_its_successor(client):
    from portal.directory import services
    from portal.directory.choices import AgencyStatus

    old, new = AgencyFactory(name_en="Old Ministry"), AgencyFactory(name_en="New Ministry")
    services.agency_reorganise(
        agency=old, status=AgencyStatus.RENAMED, effective_on=dt.date(2023, 9, 1), successors=[new]
    )
    assert new.get_absolute_url() in client.get(old.get_absolute_url()).content.decode()
    assert old.get_absolute_url() in client.get(new.get_absolute_url()).content.decode()


def test_unknown_agency_is_404(client):
    assert client.get(url("directory:agency_detail", slug="nope")).status_code == 404


def test_dashboard_needs_login(client):
    response = client.get(url("directory:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(url("login"))


def test_dashboard_lists_the_users_roles(client, press_secretary, agency):
    client.force_login(press_secretary)
    response = client.get(url("directory:dashboard"))
    assert agency.name in response.content.decode()
    assert response.context["pending"] is None


def test_ministry_dashboard_counts_appointments_to_confirm(client, ministry_staff):
    SpokespersonFactory(confirmed_at=None)
    client.force_login(ministry_staff)
    assert client.get(url("directory:dashboard")).context["pending"] == 1


def test_login_and_logout(client, press_secretary):
    response = client.post(
        url("login"), {"username": press_secretary.username, "password": "secret-pass-123"}
    )
    assert response.status_code == 302
    assert client.post(url("logout")).status_code == 302


def test_wrong_password_gives_a_translated_error(client, press_secretary):
    response = client.post(
        url("login", "ru"), {"username": press_secretary.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "правильные имя пользователя и пароль" in response.content.decode()


def test_language_switcher_keeps_the_page_and_its_query(client):
    response = client.get(url("directory:spokesperson_list", "kk") + "?q=Ab")
    content = response.content.decode()
    assert 'href="/ru/directory/?q=Ab"' in content
    assert 'href="/en/directory/?q=Ab"' in content


@pytest.mark.parametrize("count", [1, 3, 25])
def test_directory_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    for _ in range(count):
        SpokespersonFactory()
    with django_assert_max_num_queries(4):
        client.get(url("directory:spokesperson_list"))


@pytest.mark.parametrize("count", [1, 3, 20])
def test_agency_page_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, agency, count
):
    for year in range(count):
        SpokespersonFactory(
            agency=agency,
            appointed_on=dt.date(2000 + year, 1, 1),
            left_on=dt.date(2000 + year, 12, 31),
        )
    with django_assert_max_num_queries(6):
        client.get(agency.get_absolute_url())


@pytest.mark.parametrize("count", [1, 30])
def test_agency_list_and_home_run_a_constant_number_of_queries(
    client, django_assert_max_num_queries, count
):
    AgencyFactory.create_batch(count)
    # The list and its count, and the directory's version (then cached, as is the page).
    with django_assert_max_num_queries(3):
        client.get(url("directory:agency_list"))
    with django_assert_max_num_queries(2):
        client.get(url("directory:home"))


@time_machine.travel(dt.date(2026, 11, 20))
def test_a_holder_stays_current_until_the_last_day_before_the_successor(client, agency):
    from portal.directory import services

    serving = SpokespersonFactory(agency=agency, surname_en="Servingova")
    services.spokesperson_appoint(
        agency=agency,
        appointed_on=dt.date(2026, 12, 1),
        surname_kk="Келешекова",
        name_kk="Ә",
        position_kk="Баспасөз хатшысы",
    )
    response = client.get(agency.get_absolute_url())
    assert serving in response.context["current"]
    assert response.context["history"] == []
    assert list(Spokesperson.objects.current()) == [serving]


def test_agency_list_searches_names_in_any_language_and_filters(client):
    wanted = AgencyFactory(name_ru="Министерство здравоохранения", kind="central")
    AgencyFactory(name_ru="Акимат области Абай", kind="local", region="abai")
    found = client.get(url("directory:agency_list"), {"q": "здравоохр"}).context["page"]
    by_kind = client.get(url("directory:agency_list"), {"kind": "local", "region": "abai"}).context[
        "page"
    ]
    assert list(found.object_list) == [wanted]
    assert [agency.kind for agency in by_kind.object_list] == ["local"]


def test_agency_list_explains_a_bad_filter_and_lists_nothing(client, agency):
    response = client.get(url("directory:agency_list", "ru"), {"kind": "planet"})
    assert response.context["form"].errors["kind"]
    assert list(response.context["page"].object_list) == []


APPOINTMENT = {
    "post": "person",
    "appointed_on": "2026-11-02",
    "surname_kk": "Оспанова",
    "name_kk": "Динара",
    "position_kk": "Баспасөз хатшысы",
    "surname_ru": "Оспанова",
    "surname_en": "Ospanova",
    "email": "ospanova@gov.kz",
    "languages": ["kk", "ru"],
}


def test_press_secretary_records_an_appointment_which_waits_for_confirmation(
    client, press_secretary, agency
):
    previous = SpokespersonFactory(agency=agency, appointed_on=dt.date(2024, 1, 1))
    client.force_login(press_secretary)
    response = client.post(url("directory:spokesperson_appoint", slug=agency.slug), APPOINTMENT)
    assert response.status_code == 302
    new = Spokesperson.objects.get(surname_en="Ospanova")
    previous.refresh_from_db()
    assert (new.agency, new.confirmed_at, new.languages) == (agency, None, ["kk", "ru"])
    assert previous.left_on is None  # until the ministry confirms
    deadlines = dict(new.agency.deadlines.values_list("rule__code", "state"))
    assert deadlines == {
        "spokesperson-notice": "done_late",  # appointed on 2 November, recorded weeks later
        "spokesperson-confirmation": "open",
    }


def test_an_appointment_before_the_current_one_is_a_form_error_and_changes_nothing(
    client, press_secretary, agency
):
    current = SpokespersonFactory(agency=agency, appointed_on=dt.date(2026, 11, 10))
    client.force_login(press_secretary)
    response = client.post(url("directory:spokesperson_appoint", slug=agency.slug), APPOINTMENT)
    assert response.status_code == 200
    assert response.context["form"].errors["appointed_on"]
    current.refresh_from_db()
    assert current.left_on is None
    assert agency.spokespersons.count() == 1


def test_nobody_records_appointments_for_another_agency(client, press_secretary, other_agency):
    client.force_login(press_secretary)
    response = client.post(
        url("directory:spokesperson_appoint", slug=other_agency.slug), APPOINTMENT
    )
    assert response.status_code == 403
    assert not other_agency.spokespersons.exists()
    client.logout()
    assert (
        client.get(url("directory:spokesperson_appoint", slug=other_agency.slug)).status_code == 302
    )
