import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.directory.models import Spokesperson
from tests.factories import AgencyFactory, SpokespersonFactory

pytestmark = pytest.mark.django_db

PUBLIC_FIELDS = {
    "id",
    "agency",
    "agency_name",
    "post",
    "post_display",
    "surname",
    "name",
    "patronymic",
    "full_name",
    "position",
    "email",
    "work_phone",
    "languages",
    "appointed_on",
    "left_on",
}
NEW_SPOKESPERSON = {
    "post": "person",
    "surname": "Оспанова",
    "name": "Динара",
    "position": "Баспасөз хатшысы",
    "appointed_on": "2026-11-02",
    "languages": ["kk", "ru"],
}


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_agencies_are_public_and_named_in_the_request_language(api_client, agency):
    ru = results(api_client.get("/api/v1/agencies/", HTTP_ACCEPT_LANGUAGE="ru"))
    en = results(api_client.get("/api/v1/agencies/", HTTP_ACCEPT_LANGUAGE="en"))
    assert ru[0]["name"] == agency.name_ru
    assert en[0]["name"] == agency.name_en
    assert en[0]["kind_display"] == "Central state body"


def test_agencies_filter_by_kind_and_region(api_client):
    AgencyFactory(kind="local", region="shymkent", slug="akimat-shymkent")
    AgencyFactory(kind="central", region="astana")
    found = results(api_client.get("/api/v1/agencies/", {"kind": "local", "region": "shymkent"}))
    assert [row["slug"] for row in found] == ["akimat-shymkent"]


def test_agency_detail_by_slug(api_client, agency):
    response = api_client.get(f"/api/v1/agencies/{agency.slug}/")
    assert response.json()["slug"] == agency.slug


def test_anonymous_users_get_public_fields_of_published_spokespersons_only(api_client):
    published = SpokespersonFactory()
    SpokespersonFactory(confirmed_at=None)
    rows = results(api_client.get("/api/v1/spokespersons/"))
    assert [row["id"] for row in rows] == [published.pk]
    assert set(rows[0]) == PUBLIC_FIELDS


def test_press_secretary_sees_own_private_fields_but_not_other_agencies(
    api_client, press_secretary, agency, other_agency
):
    own = SpokespersonFactory(agency=agency, confirmed_at=None)
    other = SpokespersonFactory(agency=other_agency)
    SpokespersonFactory(agency=other_agency, confirmed_at=None, post="unit")
    api_client.force_authenticate(press_secretary)
    rows = {row["id"]: row for row in results(api_client.get("/api/v1/spokespersons/"))}
    assert set(rows) == {own.pk, other.pk}
    assert rows[own.pk]["mobile_phone"] == own.mobile_phone
    assert "mobile_phone" not in rows[other.pk]


def test_unpublished_spokesperson_of_another_agency_is_404(
    api_client, press_secretary, other_agency
):
    hidden = SpokespersonFactory(agency=other_agency, confirmed_at=None)
    api_client.force_authenticate(press_secretary)
    assert api_client.get(f"/api/v1/spokespersons/{hidden.pk}/").status_code == 404
    assert (
        api_client.patch(
            f"/api/v1/spokespersons/{hidden.pk}/", {"email": "x@y.kz"}, format="json"
        ).status_code
        == 404
    )


def test_press_secretary_cannot_change_a_published_spokesperson_of_another_agency(
    api_client, press_secretary, other_agency
):
    other = SpokespersonFactory(agency=other_agency, email="old@gov.kz")
    api_client.force_authenticate(press_secretary)
    response = api_client.patch(
        f"/api/v1/spokespersons/{other.pk}/", {"email": "new@gov.kz"}, format="json"
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.email == "old@gov.kz"


def test_a_correction_of_a_confirmed_entry_waits_for_the_ministry(
    api_client, press_secretary, agency
):
    own = SpokespersonFactory(agency=agency)
    api_client.force_authenticate(press_secretary)
    response = api_client.patch(
        f"/api/v1/spokespersons/{own.pk}/", {"work_phone": "87172999999"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["review_state"] == "change"
    own.refresh_from_db()
    assert own.work_phone == "+7 7172 11 22 33", "the public lost the confirmed version"
    assert own.pending_changes == {"work_phone": "+7 7172 99 99 99"}
    public = APIClient().get(f"/api/v1/spokespersons/{own.pk}/").json()
    assert public["work_phone"] == "+7 7172 11 22 33"
    assert "pending_changes" not in public


def test_an_invalid_phone_number_is_a_400_naming_the_field(api_client, press_secretary, agency):
    own = SpokespersonFactory(agency=agency)
    api_client.force_authenticate(press_secretary)
    response = api_client.patch(
        f"/api/v1/spokespersons/{own.pk}/",
        {"work_phone": "12345"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "+7 7172 74 00 00" in str(response.json()["work_phone"])
    own.refresh_from_db()
    assert own.pending_changes == {}


def test_press_secretary_appoints_in_own_agency_through_the_service(
    api_client, press_secretary, agency
):
    previous = SpokespersonFactory(agency=agency, appointed_on=dt.date(2024, 1, 1))
    api_client.force_authenticate(press_secretary)
    response = api_client.post(
        "/api/v1/spokespersons/", {**NEW_SPOKESPERSON, "agency": agency.slug}, format="json"
    )
    assert response.status_code == 201, response.content
    previous.refresh_from_db()
    assert previous.left_on is None, "only the ministry's confirmation ends the term"
    assert response.json()["confirmed_at"] is None
    assert response.json()["review_state"] == "awaiting"


def test_press_secretary_cannot_appoint_in_another_agency(
    api_client, press_secretary, other_agency
):
    api_client.force_authenticate(press_secretary)
    response = api_client.post(
        "/api/v1/spokespersons/", {**NEW_SPOKESPERSON, "agency": other_agency.slug}, format="json"
    )
    assert response.status_code == 400
    assert "agency" in response.json()
    assert not Spokesperson.objects.exists()


def test_anonymous_cannot_write(api_client, agency):
    response = api_client.post(
        "/api/v1/spokespersons/", {**NEW_SPOKESPERSON, "agency": agency.slug}, format="json"
    )
    assert response.status_code == 401


def test_bad_dates_are_a_translated_400_and_change_nothing(api_client, press_secretary, agency):
    current = SpokespersonFactory(agency=agency, appointed_on=dt.date(2026, 1, 1))
    api_client.force_authenticate(press_secretary)
    response = api_client.post(
        "/api/v1/spokespersons/",
        {**NEW_SPOKESPERSON, "agency": agency.slug, "appointed_on": "2025-01-01"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 400
    assert "appointed_on" in response.json()
    current.refresh_from_db()
    assert current.left_on is None


def test_token_authentication(api_client, press_secretary, agency):
    SpokespersonFactory(agency=agency, confirmed_at=None)
    token = Token.objects.create(user=press_secretary)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert len(results(api_client.get("/api/v1/spokespersons/"))) == 1


def test_spokespersons_filter_by_agency_and_name(api_client, agency):
    wanted = SpokespersonFactory(agency=agency, surname_ru="Абенова")
    SpokespersonFactory()
    rows = results(api_client.get("/api/v1/spokespersons/", {"agency": agency.slug, "q": "абен"}))
    assert [row["id"] for row in rows] == [wanted.pk]


@pytest.mark.parametrize(
    "query",
    [
        {"kindd": "local"},
        {"kind": "planet"},
        {"page": "999"},
    ],
)
def test_bad_agency_list_parameters_are_rejected_not_500(api_client, agency, query):
    response = api_client.get("/api/v1/agencies/", query)
    assert response.status_code in (400, 404)
    assert response.json()


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/v1/spokespersons/", {"current": "perhaps"}),
        ("/api/v1/spokespersons/", {"surname": "x"}),
        ("/api/v1/calendar/", {}),
        ("/api/v1/calendar/", {"year": "twenty"}),
        ("/api/v1/calendar/", {"year": "2026", "month": "3"}),
        ("/api/v1/calendar/add-working-days/", {"start": "2026-02-30", "days": "1"}),
        ("/api/v1/calendar/add-working-days/", {"start": "2026-03-20", "days": "-1"}),
        ("/api/v1/calendar/add-working-days/", {"start": "2026-03-20"}),
    ],
)
def test_malformed_parameters_get_400_with_a_message(api_client, path, query):
    response = api_client.get(path, query)
    assert response.status_code == 400
    assert response.json()


def test_unknown_parameter_message_is_translated(api_client):
    response = api_client.get(
        "/api/v1/calendar/", {"year": "2026", "yr": "1"}, HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert response.json() == {"yr": ["Неизвестный параметр."]}


def test_calendar_lists_non_working_days_in_the_request_language(api_client):
    response = api_client.get("/api/v1/calendar/", {"year": "2026"}, HTTP_ACCEPT_LANGUAGE="kk")
    days = {row["date"]: row["name"] for row in response.json()}
    assert days["2026-03-21"] == "Наурыз мейрамы"
    assert "2026-03-20" not in days


def test_add_working_days_explains_the_skipped_days(api_client):
    response = api_client.get(
        "/api/v1/calendar/add-working-days/",
        {"start": "2026-03-20", "days": "1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = response.json()
    assert body["due"] == "2026-03-26"
    assert [day["date"] for day in body["skipped"]] == [
        "2026-03-21",
        "2026-03-22",
        "2026-03-23",
        "2026-03-24",
        "2026-03-25",
    ]
    assert body["skipped"][0]["name"] == "Nowruz Holiday"


@pytest.mark.parametrize("count", [1, 3, 20])
def test_api_lists_run_a_constant_number_of_queries(
    api_client, press_secretary, agency, django_assert_max_num_queries, count
):
    for _ in range(count):
        SpokespersonFactory(agency=AgencyFactory(parent=agency))
    api_client.force_authenticate(press_secretary)
    with django_assert_max_num_queries(4):
        results(api_client.get("/api/v1/spokespersons/"))
    with django_assert_max_num_queries(4):
        results(api_client.get("/api/v1/agencies/"))


def test_openapi_schema_is_valid(api_client):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    validate_schema(SchemaGenerator().get_schema(request=None, public=True))
    assert api_client.get("/api/v1/schema/").status_code == 200
    assert api_client.get("/api/v1/docs/").status_code == 200


def _schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def test_an_agency_without_parent_is_null_and_the_schema_allows_it(api_client, agency):
    response = api_client.get(f"/api/v1/agencies/{agency.slug}/")
    assert response.json()["parent"] is None
    assert _schema()["components"]["schemas"]["Agency"]["properties"]["parent"]["nullable"]


def test_private_spokesperson_fields_are_not_required_in_the_schema(api_client):
    """Other readers do not get them, so a client must not expect them."""
    SpokespersonFactory()
    row = results(api_client.get("/api/v1/spokespersons/"))[0]
    assert "mobile_phone" not in row and "confirmed_at" not in row
    required = set(_schema()["components"]["schemas"]["Spokesperson"]["required"])
    assert required & {"mobile_phone", "confirmed_at"} == set()
    assert {"id", "agency", "surname", "appointed_on"} <= required


def test_every_operation_documents_its_refusals():
    """400 and 401 everywhere, 403 where a permission can refuse, 404 for objects and pages,
    each with the shared error shapes."""
    error, invalid = "#/components/schemas/Error", "#/components/schemas/ValidationError"

    def refs(operation):
        return {
            code: response["content"]["application/json"]["schema"]["$ref"]
            for code, response in operation["responses"].items()
            if code >= "400"
        }

    paths = _schema()["paths"]
    for path, operations in paths.items():
        for operation in operations.values():
            assert refs(operation).items() >= {("400", invalid), ("401", error)}, path
    assert set(refs(paths["/api/v1/agencies/{slug}/"]["get"])) == {"400", "401", "404", "429"}
    assert set(refs(paths["/api/v1/spokespersons/{id}/"]["patch"])) == {
        "400",
        "401",
        "403",
        "404",
        "429",
    }
    assert set(refs(paths["/api/v1/calendar/"]["get"])) == {"400", "401", "429"}


@pytest.mark.parametrize(
    ("path", "query", "errors"),
    [
        ("/api/v1/spokespersons/", {"current": ""}, {"current": ["This field may not be blank."]}),
        ("/api/v1/spokespersons/", {"q": ""}, {"q": ["This field may not be blank."]}),
        ("/api/v1/agencies/", {"kind": ""}, {"kind": ["This field may not be blank."]}),
        ("/api/v1/agencies/", {"page": ""}, {"page": ["This field may not be blank."]}),
        ("/api/v1/calendar/", {"year": ""}, {"year": ["This field may not be blank."]}),
    ],
)
def test_an_empty_parameter_is_a_400_naming_it(api_client, path, query, errors):
    """`?current=` used to list everything, as if the filter was not given."""
    response = api_client.get(path, query, HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.json()) == (400, errors)


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"page_size": "false"}, {"page_size": ["A valid integer is required."]}),
        ({"page_size": "abc"}, {"page_size": ["A valid integer is required."]}),
        ({"page_size": "-1"}, {"page_size": ["Ensure this value is greater than or equal to 1."]}),
        ({"page_size": "1.0"}, {"page_size": ["A valid integer is required."]}),
        (
            {"page_size": "0"},
            {"page_size": ["Ensure this value is greater than or equal to 1."]},
        ),
        (
            {"page_size": "201"},
            {"page_size": ["Ensure this value is less than or equal to 200."]},
        ),
        ({"page": "0"}, {"page": ["Ensure this value is greater than or equal to 1."]}),
        ({"page": "last"}, {"page": ["A valid integer is required."]}),
    ],
)
def test_page_and_page_size_are_whole_numbers_or_a_400(api_client, agency, query, errors):
    """They used to fall back to the defaults silently (page_size=false gave 50 rows)."""
    response = api_client.get("/api/v1/agencies/", query, HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.json()) == (400, errors)


def test_page_size_and_a_page_past_the_last(api_client):
    AgencyFactory.create_batch(3)
    page = api_client.get("/api/v1/agencies/", {"page_size": "2", "page": "2"}).json()
    assert (page["count"], len(page["results"]), page["next"]) == (3, 1, None)
    response = api_client.get("/api/v1/agencies/", {"page": "3", "page_size": "2"})
    assert (response.status_code, set(response.json())) == (404, {"detail"})


@pytest.mark.parametrize(
    ("path", "parameter"),
    [("/api/v1/spokespersons/", "agency"), ("/api/v1/agencies/", "parent")],
)
def test_an_unknown_agency_slug_is_a_400_naming_the_parameter(api_client, agency, path, parameter):
    """It used to answer an empty list, which reads like "this agency has none"."""
    response = api_client.get(path, {parameter: "nope"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {
        parameter: ["Select a valid choice. That choice is not one of the available choices."]
    }


def test_the_parent_filter_lists_the_children(api_client, agency):
    child = AgencyFactory(parent=agency)
    AgencyFactory()
    rows = results(api_client.get("/api/v1/agencies/", {"parent": agency.slug}))
    assert [row["slug"] for row in rows] == [child.slug]


@pytest.mark.parametrize(
    "body",
    [
        {"email": "new@gov.kz", "emial": "typo@gov.kz"},
        {"email": "new@gov.kz", "surname_kk": "Басқа"},
        {"email": "new@gov.kz", "confirmed_at": "2026-01-01T00:00:00Z"},
        {"email": "new@gov.kz", "id": 1, "left_on": "2026-01-01"},
    ],
)
def test_a_patch_with_unknown_or_read_only_fields_is_a_400_naming_them(
    api_client, press_secretary, agency, body
):
    """They used to be dropped silently: a 200 for a change that was not made."""
    own = SpokespersonFactory(agency=agency, email="old@gov.kz", confirmed_at=None)
    api_client.force_authenticate(press_secretary)
    response = api_client.patch(
        f"/api/v1/spokespersons/{own.pk}/", body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    refused = sorted(set(body) - {"email"})
    assert (response.status_code, response.json()) == (
        400,
        {name: ["Unknown parameter."] for name in refused},
    )
    own.refresh_from_db()
    assert (own.email, own.confirmed_at, own.left_on) == ("old@gov.kz", None, None)


def test_ids_in_paths_are_integers_in_the_schema():
    paths = _schema()["paths"]
    for path in ("/api/v1/spokespersons/{id}/", "/api/v1/deadlines/{id}/"):
        for operation in paths[path].values():
            [parameter] = [p for p in operation["parameters"] if p["in"] == "path"]
            assert parameter["schema"] == {"type": "integer"}, path


def test_the_schema_says_request_bodies_take_no_other_keys():
    components = _schema()["components"]["schemas"]
    for name in ("SpokespersonRequest", "PatchedSpokespersonRequest"):
        assert components[name]["additionalProperties"] is False
        assert "confirmed_at" not in components[name]["properties"]


def test_a_new_appointment_with_an_unknown_field_is_a_400(api_client, press_secretary, agency):
    api_client.force_authenticate(press_secretary)
    response = api_client.post(
        "/api/v1/spokespersons/",
        {**NEW_SPOKESPERSON, "agency": agency.slug, "surname_kk": "Оспанова"},
        format="json",
    )
    assert (response.status_code, list(response.json())) == (400, ["surname_kk"])
    assert not Spokesperson.objects.exists()


@pytest.mark.parametrize(
    "path", ["/api/v1/spokespersons/1.5/", "/api/v1/agencies/a.b/", "/api/v1/nope/"]
)
def test_any_other_address_under_the_api_is_a_json_404(api_client, path):
    """Not the site's HTML page, which a client of the API cannot read."""
    for method in (api_client.get, api_client.post):
        response = method(path)
        assert (response.status_code, response["Content-Type"]) == (404, "application/json")
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("spelling", ["%C2%A0{pk}", "{pk}%C2%A0", "{arabic}"])
def test_an_id_is_ascii_digits_only(api_client, spelling):
    """Python's int() reads " 6" and "٦" as 6: /spokespersons/%C2%A06/ answered spokesperson 6."""
    spokesperson = SpokespersonFactory()
    arabic = str(spokesperson.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    path = "/api/v1/spokespersons/" + spelling.format(pk=spokesperson.pk, arabic=arabic) + "/"
    assert api_client.get(f"/api/v1/spokespersons/{spokesperson.pk}/").status_code == 200
    assert api_client.get(path).status_code == 404


def test_a_blank_required_field_is_refused(api_client, press_secretary, agency):
    own = SpokespersonFactory(agency=agency, confirmed_at=None)
    api_client.force_authenticate(press_secretary)
    response = api_client.patch(
        f"/api/v1/spokespersons/{own.pk}/",
        {"position": "", "work_phone": "+7 7172 00 00 00"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (response.status_code, response.json()) == (
        400,
        {"position": ["This field may not be blank."]},
    )
    own.refresh_from_db()
    assert own.work_phone == "+7 7172 11 22 33"


@pytest.mark.parametrize("body", [{"position": "Бас маман"}, "201"])
def test_the_api_reads_json_only(api_client, press_secretary, agency, body):
    """A multipart body (schemathesis sent one of just "201") parsed to nothing, and the
    PATCH answered 200 having changed nothing: the API refuses what its schema does not say."""
    own = SpokespersonFactory(agency=agency, confirmed_at=None)
    positions = (own.position_kk, own.position_ru, own.position_en)
    api_client.force_authenticate(press_secretary)
    response = api_client.patch(
        f"/api/v1/spokespersons/{own.pk}/",
        body if isinstance(body, dict) else body.encode(),
        format="multipart" if isinstance(body, dict) else None,
        content_type=None if isinstance(body, dict) else "multipart/form-data; boundary=x",
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 415
    assert "multipart/form-data" in response.json()["detail"]
    own.refresh_from_db()
    assert (own.position_kk, own.position_ru, own.position_en) == positions


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01", "1994-12-31", "2101-01-01"])
def test_add_working_days_refuses_a_start_outside_the_calendar_years(api_client, start):
    response = api_client.get(
        "/api/v1/calendar/add-working-days/",
        {"start": start, "days": "5"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (response.status_code, response.json()) == (
        400,
        {"start": ["Enter a date in the years 1995 to 2100."]},
    )


def test_add_working_days_counts_from_the_last_calendar_day(api_client):
    response = api_client.get(
        "/api/v1/calendar/add-working-days/", {"start": "2100-12-31", "days": "366"}
    )
    assert response.status_code == 200
    assert response.json()["due"].startswith("2102-")


def test_calendar_year_range_is_the_calendar_years(api_client):
    assert api_client.get("/api/v1/calendar/", {"year": "1995"}).status_code == 200
    assert api_client.get("/api/v1/calendar/", {"year": "2100"}).status_code == 200
    assert api_client.get("/api/v1/calendar/", {"year": "2101"}).status_code == 400
    assert api_client.get("/api/v1/calendar/", {"year": "1994"}).status_code == 400
