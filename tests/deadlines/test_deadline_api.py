"""`/api/v1/deadlines/` and `/api/v1/deadlines/compliance/`."""

import pytest

from portal.directory.models import CalendarCorrection
from tests.factories import AgencyFactory, UserFactory

from .factories import NOW, DeadlineFactory, almaty, compliance_world, rule

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

LIST = "/api/v1/deadlines/"
COMPLIANCE = "/api/v1/deadlines/compliance/"


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response):
    return [row["id"] for row in results(response)]


def test_anonymous_clients_must_authenticate(api_client, agency):
    deadline = DeadlineFactory(agency=agency)
    for path in (LIST, f"{LIST}{deadline.pk}/", COMPLIANCE):
        assert api_client.get(path).status_code == 401


def test_journalists_are_refused(api_client, journalist, agency):
    deadline = DeadlineFactory(agency=agency)
    api_client.force_authenticate(journalist)
    for path in (LIST, f"{LIST}{deadline.pk}/", COMPLIANCE):
        assert api_client.get(path).status_code == 403


def test_press_secretary_sees_only_own_agencys_deadlines(
    api_client, press_secretary, agency, other_agency
):
    own = DeadlineFactory(agency=agency)
    theirs = DeadlineFactory(agency=other_agency)
    api_client.force_authenticate(press_secretary)
    assert ids(api_client.get(LIST)) == [own.pk]
    assert ids(api_client.get(LIST, {"agency": other_agency.slug})) == []
    assert api_client.get(f"{LIST}{own.pk}/").status_code == 200
    assert api_client.get(f"{LIST}{theirs.pk}/").status_code == 404
    assert api_client.get(COMPLIANCE).status_code == 403


def test_the_authorized_body_sees_every_agency(api_client, ministry_staff, agency, other_agency):
    first = DeadlineFactory(agency=agency, due_at=almaty(2026, 5, 25, 18))
    second = DeadlineFactory(agency=other_agency, due_at=almaty(2026, 5, 26, 18))
    api_client.force_authenticate(ministry_staff)
    assert ids(api_client.get(LIST)) == [first.pk, second.pk]


def test_an_item_explains_its_due_date_in_the_request_language(api_client, press_secretary, agency):
    CalendarCorrection.objects.create(
        date="2026-05-08",
        kind="day_off",
        name_kk="Ауыстырылған демалыс",
        name_ru="Перенесённый выходной",
        name_en="Moved day off",
    )
    deadline = DeadlineFactory(
        agency=agency,
        rule=rule("weekly-information"),
        starts_on="2026-05-06",
        due_at=almaty(2026, 5, 11, 18),
        computation={
            "amount": 1,
            "unit": "working_days",
            "skipped": ["2026-05-09", "2026-05-10"],
            "moved_from": "2026-05-08",
        },
        state="done_late",
        completed_at=almaty(2026, 5, 12, 9, 30),
    )
    api_client.force_authenticate(press_secretary)
    english = api_client.get(f"{LIST}{deadline.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english == {
        "id": deadline.pk,
        "rule": "weekly-information",
        "rule_name": "Information for the coming week",
        "agency": agency.slug,
        "agency_name": agency.name_en,
        "state": "done_late",
        "state_display": "Done late",
        "due_at": "2026-05-11T18:00:00+05:00",
        "completed_at": "2026-05-12T09:30:00+05:00",
        "explanation": {
            "counted_from": None,
            "starts_on": "2026-05-06",
            "amount": 1,
            "unit": "working_days",
            "skipped": [
                {"date": "2026-05-09", "name": "Victory Day"},
                {"date": "2026-05-10", "name": "Weekend"},
            ],
            "moved_from": {"date": "2026-05-08", "name": "Moved day off"},
            "recomputed": None,  # no calendar correction moved it
            "source": "Every Thursday, on the appendix form, to the authorized body (004 §10).",
        },
    }
    russian = results(api_client.get(LIST, HTTP_ACCEPT_LANGUAGE="ru"))[0]
    assert (russian["rule_name"], russian["agency_name"]) == (
        "Информация на предстоящую неделю",
        agency.name_ru,
    )
    assert russian["explanation"]["skipped"] == [
        {"date": "2026-05-09", "name": "День Победы"},
        {"date": "2026-05-10", "name": "Выходной день"},
    ]
    assert russian["explanation"]["moved_from"] == {
        "date": "2026-05-08",
        "name": "Перенесённый выходной",
    }
    assert russian["explanation"]["source"] == (
        "Еженедельно по четвергам направляется уполномоченному органу по форме приложения "
        "(004, п. 10)."
    )


def test_an_item_without_a_moved_day_has_null(api_client, press_secretary, agency):
    DeadlineFactory(agency=agency)
    api_client.force_authenticate(press_secretary)
    explanation = results(api_client.get(LIST))[0]["explanation"]
    assert (explanation["skipped"], explanation["moved_from"]) == ([], None)


@pytest.fixture
def listed(api_client, ministry_staff):
    """Four deadlines of two agencies and two rules, listed by the authorized body."""
    health, akimat = AgencyFactory(slug="health"), AgencyFactory(slug="akimat")
    deadlines = {
        "health-april": DeadlineFactory(agency=health, due_at=almaty(2026, 4, 24, 18)),
        "health-weekly": DeadlineFactory(
            agency=health,
            rule=rule("weekly-information"),
            due_at=almaty(2026, 5, 14, 18),
            state="overdue",
        ),
        "akimat-april": DeadlineFactory(
            agency=akimat, due_at=almaty(2026, 4, 24, 18), state="done_on_time"
        ),
        "akimat-may": DeadlineFactory(agency=akimat, due_at=almaty(2026, 5, 25, 23, 30)),
    }
    api_client.force_authenticate(ministry_staff)

    def names(**filters):
        by_pk = {deadline.pk: name for name, deadline in deadlines.items()}
        return [by_pk[pk] for pk in ids(api_client.get(LIST, filters))]

    return names


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"state": "overdue"}, ["health-weekly"]),
        ({"state": "pending"}, ["health-april", "health-weekly", "akimat-may"]),
        ({"rule": "weekly-information"}, ["health-weekly"]),
        ({"agency": "akimat"}, ["akimat-april", "akimat-may"]),
        ({"due_after": "2026-05-14"}, ["health-weekly", "akimat-may"]),
        ({"due_before": "2026-05-14"}, ["health-april", "akimat-april", "health-weekly"]),
        ({"due_after": "2026-05-25", "due_before": "2026-05-25"}, ["akimat-may"]),
        ({"rule": "no-such-rule"}, []),
    ],
)
def test_list_filters(listed, filters, expected):
    assert listed(**filters) == expected


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"sate": "open"}, {"sate": ["Unknown parameter."]}),
        ({"due_after": "soon"}, {"due_after": ["Enter a valid date."]}),
        (
            {"state": "lost"},
            {"state": ["Select a valid choice. lost is not one of the available choices."]},
        ),
    ],
)
def test_bad_list_parameters_are_400(api_client, ministry_staff, query, errors):
    api_client.force_authenticate(ministry_staff)
    response = api_client.get(LIST, query, HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.json()) == (400, errors)


@pytest.mark.parametrize("count", [1, 5])
def test_the_list_runs_a_constant_number_of_queries(
    api_client, ministry_staff, django_assert_max_num_queries, count
):
    for agency in AgencyFactory.create_batch(count):
        DeadlineFactory(agency=agency)
        DeadlineFactory(agency=agency, rule=rule("weekly-information"))
    api_client.force_authenticate(ministry_staff)
    with django_assert_max_num_queries(4):
        assert len(results(api_client.get(LIST))) == 2 * count


def test_compliance_rows_are_the_numbers_of_the_page(api_client, ministry_staff):
    compliance_world()
    api_client.force_authenticate(ministry_staff)
    response = api_client.get(COMPLIANCE, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    monthly, weekly = "Monthly report on the media-plan", "Information for the coming week"
    assert response.json() == {
        "due_after": "2026-02-14",
        "due_before": "2026-05-15",
        "rows": [
            {
                "agency": "akimat-shymkent",
                "agency_name": "Akimat of Shymkent",
                "rule": "monthly-report",
                "rule_name": monthly,
                "due": 1,
                "done_on_time": 0,
                "done_late": 0,
                "overdue": 1,
                "on_time_rate": 0.0,
            },
            {
                "agency": "health",
                "agency_name": "Ministry of Health",
                "rule": "monthly-report",
                "rule_name": monthly,
                "due": 3,
                "done_on_time": 2,
                "done_late": 1,
                "overdue": 0,
                "on_time_rate": 66.7,
            },
            {
                "agency": "health",
                "agency_name": "Ministry of Health",
                "rule": "weekly-information",
                "rule_name": weekly,
                "due": 2,
                "done_on_time": 1,
                "done_late": 0,
                "overdue": 1,
                "on_time_rate": 50.0,
            },
        ],
    }


def test_compliance_filters(api_client, ministry_staff):
    compliance_world()
    api_client.force_authenticate(ministry_staff)
    response = api_client.get(
        COMPLIANCE,
        {"due_after": "2026-05-16", "due_before": "2026-06-30", "region": "shymkent"},
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.json() == {
        "due_after": "2026-05-16",
        "due_before": "2026-06-30",
        "rows": [
            {
                "agency": "akimat-shymkent",
                "agency_name": "Акимат города Шымкент",
                "rule": "monthly-report",
                "rule_name": "Ежемесячная информация о реализации медиаплана",
                "due": 1,
                "done_on_time": 0,
                "done_late": 0,
                "overdue": 0,
                "on_time_rate": None,
            }
        ],
    }
    assert api_client.get(COMPLIANCE, {"kind": "company"}).json()["rows"] == []


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"from": "2026-01-01"}, {"from": ["Unknown parameter."]}),
        ({"due_after": "2026-02-30"}, {"due_after": ["Enter a valid date."]}),
        (
            {"region": "mars"},
            {"region": ["Select a valid choice. mars is not one of the available choices."]},
        ),
        (
            {"due_after": "2026-05-01", "due_before": "2026-04-30"},
            {"non_field_errors": ["The start of the period must not be later than its end."]},
        ),
    ],
)
def test_bad_compliance_parameters_are_400(api_client, ministry_staff, query, errors):
    api_client.force_authenticate(ministry_staff)
    response = api_client.get(COMPLIANCE, query, HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.json()) == (400, errors)


def test_superusers_get_compliance(api_client):
    api_client.force_authenticate(UserFactory(is_superuser=True))
    assert api_client.get(COMPLIANCE).json()["rows"] == []


@pytest.mark.parametrize("count", [1, 6])
def test_compliance_runs_a_constant_number_of_queries(
    api_client, ministry_staff, django_assert_max_num_queries, count
):
    for agency in AgencyFactory.create_batch(count):
        DeadlineFactory(agency=agency, state="done_late")
    api_client.force_authenticate(ministry_staff)
    with django_assert_max_num_queries(4):
        assert len(api_client.get(COMPLIANCE).json()["rows"]) == count


@pytest.mark.parametrize(
    ("path", "query", "errors"),
    [
        (
            LIST,
            {"agency": "nope"},
            {"agency": ["Select a valid choice. That choice is not one of the available choices."]},
        ),
        (LIST, {"due_after": ""}, {"due_after": ["This field may not be blank."]}),
        (LIST, {"state": ""}, {"state": ["This field may not be blank."]}),
        (
            LIST,
            {"page_size": "-1"},
            {"page_size": ["Ensure this value is greater than or equal to 1."]},
        ),
        (COMPLIANCE, {"region": ""}, {"region": ["This field may not be blank."]}),
    ],
)
def test_unknown_agencies_and_empty_values_are_400_naming_the_parameter(
    api_client, ministry_staff, path, query, errors
):
    """They used to be read as "no filter" (an empty value) or to answer an empty list (an
    unknown agency)."""
    api_client.force_authenticate(ministry_staff)
    response = api_client.get(path, query, HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.json()) == (400, errors)


def test_a_malformed_id_is_the_apis_json_404(api_client, ministry_staff):
    api_client.force_authenticate(ministry_staff)
    response = api_client.get(f"{LIST}abc/")
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")


def test_a_deadline_id_in_other_digits_is_404(api_client, ministry_staff, agency):
    """`\\d` in the route took "٦" for 6."""
    deadline = DeadlineFactory(agency=agency)
    arabic = str(deadline.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    api_client.force_authenticate(ministry_staff)
    assert api_client.get(f"{LIST}{deadline.pk}/").status_code == 200
    assert api_client.get(f"{LIST}{arabic}/").status_code == 404


OUT_OF_RANGE = ["Enter a date in the years 1995 to 2100."]


@pytest.mark.parametrize(
    ("path", "query", "errors"),
    [
        (LIST, {"due_after": "0001-01-01"}, {"due_after": OUT_OF_RANGE}),
        (LIST, {"due_before": "9999-12-31"}, {"due_before": OUT_OF_RANGE}),
        (LIST, {"due_after": "1994-12-31"}, {"due_after": OUT_OF_RANGE}),
        (LIST, {"due_before": "2101-01-01"}, {"due_before": OUT_OF_RANGE}),
        (COMPLIANCE, {"due_after": "0001-01-01"}, {"due_after": OUT_OF_RANGE}),
        (COMPLIANCE, {"due_before": "9999-12-31"}, {"due_before": OUT_OF_RANGE}),
    ],
)
def test_dates_outside_the_calendar_years_are_400_naming_the_parameter(
    api_client, ministry_staff, path, query, errors
):
    api_client.force_authenticate(ministry_staff)
    response = api_client.get(path, query, HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.json()) == (400, errors)


def test_the_first_and_last_calendar_days_are_accepted(api_client, ministry_staff):
    api_client.force_authenticate(ministry_staff)
    query = {"due_after": "1995-01-01", "due_before": "2100-12-31"}
    assert api_client.get(LIST, query).status_code == 200
    assert api_client.get(COMPLIANCE, query).status_code == 200
