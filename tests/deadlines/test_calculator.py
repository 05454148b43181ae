"""The deadline calculator: `/<lang>/deadlines/calculator/` and
`/api/v1/deadlines/calculate/`, on the eve of Nauryz 2026 (21–25 March off)."""

import datetime as dt
import re

import pytest

from portal.deadlines.models import DeadlineRule
from portal.deadlines.services import deadline_open_for_event

from .factories import almaty

# Friday 20 March 2026, the last working day before Nauryz: 21–23 March are the holiday,
# 24–25 March the days off carried over from its weekend.
NOW = almaty(2026, 3, 20, 10, 30)

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

API = "/api/v1/deadlines/calculate/"
RULE = "reference-materials"  # within one working day of the request (004 §13)
SKIPPED = {
    "en": [
        {"date": "2026-03-21", "name": "Nowruz Holiday"},
        {"date": "2026-03-22", "name": "Nowruz Holiday"},
        {"date": "2026-03-23", "name": "Nowruz Holiday"},
        {"date": "2026-03-24", "name": "Nowruz Holiday (observed)"},
        {"date": "2026-03-25", "name": "Nowruz Holiday (observed)"},
    ],
    "ru": [
        {"date": "2026-03-21", "name": "Наурыз мейрамы"},
        {"date": "2026-03-22", "name": "Наурыз мейрамы"},
        {"date": "2026-03-23", "name": "Наурыз мейрамы"},
        {"date": "2026-03-24", "name": "Наурыз мейрамы (перенесённый выходной)"},
        {"date": "2026-03-25", "name": "Наурыз мейрамы (перенесённый выходной)"},
    ],
    "kk": [
        {"date": "2026-03-21", "name": "Наурыз мейрамы"},
        {"date": "2026-03-22", "name": "Наурыз мейрамы"},
        {"date": "2026-03-23", "name": "Наурыз мейрамы"},
        {"date": "2026-03-24", "name": "Наурыз мейрамы (қайта белгіленген демалыс)"},
        {"date": "2026-03-25", "name": "Наурыз мейрамы (қайта белгіленген демалыс)"},
    ],
}


def page(language):
    return f"/{language}/deadlines/calculator/"


def skipped_on_page(response) -> str:
    """The explanation's line of skipped days, whitespace folded."""
    html = response.content.decode()
    explanation = html[html.index('<div class="explanation">') :]
    lines = re.findall(r"<li>(.*?)</li>", explanation, flags=re.S)
    return " ".join(lines[2].split())


def explanation_on_page(response) -> str:
    html = response.content.decode()
    start = html.index('<div class="explanation">')
    return html[start : html.index("</div>", start)]


def as_line(days) -> str:
    return ", ".join(f"{dt.date.fromisoformat(d['date']):%d.%m.%Y} ({d['name']})" for d in days)


def test_the_api_answers_when_a_request_arriving_now_is_due_and_why(api_client, press_secretary):
    api_client.force_authenticate(press_secretary)
    response = api_client.get(API, {"rule": RULE}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "rule": RULE,
        "rule_name": "Reference materials",
        "start": "2026-03-20T10:30:00+05:00",
        "due_at": "2026-03-26T18:00:00+05:00",
        "explanation": {
            "counted_from": None,
            "starts_on": "2026-03-20",
            "amount": 1,
            "unit": "working_days",
            "skipped": SKIPPED["en"],
            "moved_from": None,
            "recomputed": None,  # no calendar correction moved it
            "source": "Provided within one working day of receiving the request (004 §13).",
        },
    }


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_api_names_the_skipped_days_in_the_request_language(
    api_client, ministry_staff, language
):
    api_client.force_authenticate(ministry_staff)
    response = api_client.get(
        API, {"rule": RULE, "start": "2026-03-20T17:45"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["start"], body["due_at"]) == (
        "2026-03-20T17:45:00+05:00",
        "2026-03-26T18:00:00+05:00",
    )
    assert body["explanation"]["skipped"] == SKIPPED[language]
    assert body["rule_name"] == getattr(DeadlineRule.objects.get(code=RULE), f"name_{language}")


def test_a_date_alone_starts_at_its_midnight_and_an_offset_is_honoured(api_client, press_secretary):
    api_client.force_authenticate(press_secretary)
    by_date = api_client.get(API, {"rule": "request-answer", "start": "2026-03-20"}).json()
    assert (by_date["start"], by_date["due_at"]) == (
        "2026-03-20T00:00:00+05:00",
        # 15 calendar days: 4 April is a Saturday, so the due date moves to Monday.
        "2026-04-06T18:00:00+05:00",
    )
    # 23:30 in Astana is 18:30 UTC: the same Friday, the same due date.
    by_utc = api_client.get(API, {"rule": RULE, "start": "2026-03-20T18:30:00Z"}).json()
    assert (by_utc["start"], by_utc["due_at"]) == (
        "2026-03-20T23:30:00+05:00",
        "2026-03-26T18:00:00+05:00",
    )


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_page_gives_the_same_answer_as_the_api(client, api_client, press_secretary, language):
    client.force_login(press_secretary)
    api_client.force_authenticate(press_secretary)
    response = client.get(page(language), {"rule": RULE, "date": "2026-03-20", "time": "10:30"})
    assert response.status_code == 200
    answer = api_client.get(
        API, {"rule": RULE, "start": "2026-03-20T10:30"}, HTTP_ACCEPT_LANGUAGE=language
    ).json()
    assert response.context["deadline"].due_at == dt.datetime.fromisoformat(answer["due_at"])
    assert skipped_on_page(response).endswith(as_line(SKIPPED[language]))
    assert "26.03.2026 18:00" in response.content.decode()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_page_explains_as_the_page_of_a_deadline_opened_now(
    client, press_secretary, agency, language
):
    deadline = deadline_open_for_event(rule_code=RULE, agency=agency, subject=agency)
    client.force_login(press_secretary)
    calculated = client.get(page(language), {"rule": RULE})
    opened = client.get(f"/{language}/deadlines/{deadline.pk}/")
    assert explanation_on_page(calculated) == explanation_on_page(opened)
    assert SKIPPED[language][-1]["name"] in explanation_on_page(calculated)


def test_the_page_counts_from_now_when_no_date_or_time_is_given(client, agency_head):
    client.force_login(agency_head)
    response = client.get(page("en"), {"rule": RULE, "date": "", "time": ""})
    assert response.status_code == 200
    deadline = response.context["deadline"]
    assert (deadline.starts_on, deadline.due_at) == (dt.date(2026, 3, 20), almaty(2026, 3, 26, 18))
    assert skipped_on_page(response) == "Non-working days skipped: " + as_line(SKIPPED["en"])
    assert "<dd>Thursday, 26.03.2026 18:00</dd>" in response.content.decode()


def test_the_empty_page_offers_the_active_rules_and_now(client, press_secretary):
    DeadlineRule.objects.filter(code="monthly-report").update(is_active=False)
    client.force_login(press_secretary)
    response = client.get(page("en"))
    assert response.status_code == 200
    form = response.context["form"]
    codes = set(form.fields["rule"].queryset.values_list("code", flat=True))
    assert codes == set(DeadlineRule.objects.filter(is_active=True).values_list("code", flat=True))
    assert RULE in codes and "monthly-report" not in codes
    assert (form["date"].value(), form["time"].value()) == (
        dt.date(2026, 3, 20),
        dt.time(10, 30),
    )
    assert response.context["deadline"] is None
    assert b'<div class="explanation">' not in response.content


def test_the_deadlines_page_links_the_calculator(client, press_secretary, journalist):
    client.force_login(press_secretary)
    assert b'href="/en/deadlines/calculator/"' in client.get("/en/deadlines/").content
    client.force_login(journalist)
    assert b'href="/en/deadlines/calculator/"' not in client.get("/en/deadlines/").content


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"rule": "no-such-rule"}, "rule"),
        ({"rule": RULE, "date": "9999-12-31"}, "date"),
        ({"rule": RULE, "date": "1994-12-31"}, "date"),
        ({"rule": RULE, "date": "2026-02-30"}, "date"),
        ({"rule": RULE, "time": "25:00"}, "time"),
        ({"date": "2026-03-20"}, "rule"),
    ],
)
def test_the_page_refuses_bad_input_with_a_translated_400(client, press_secretary, query, field):
    client.force_login(press_secretary)
    response = client.get(page("ru"), query)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert response.context["deadline"] is None


def test_the_page_refuses_an_inactive_rule(client, press_secretary):
    DeadlineRule.objects.filter(code=RULE).update(is_active=False)
    client.force_login(press_secretary)
    response = client.get(page("en"), {"rule": RULE})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "rule": ["Select a valid choice. That choice is not one of the available choices."]
    }


def test_the_page_names_the_allowed_years_in_the_page_language(client, press_secretary):
    client.force_login(press_secretary)
    response = client.get(page("en"), {"rule": RULE, "date": "9999-12-31"})
    assert response.context["form"].errors == {"date": ["Enter a date in the years 1995 to 2100."]}


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"rule": "no-such-rule"}, {"rule": ["Object with code=no-such-rule does not exist."]}),
        (
            {"rule": RULE, "start": "9999-12-31"},
            {"start": ["Enter a date in the years 1995 to 2100."]},
        ),
        (
            {"rule": RULE, "start": "1994-12-31T23:59"},
            {"start": ["Enter a date in the years 1995 to 2100."]},
        ),
        (
            {"rule": RULE, "start": "20 March"},
            {"start": ["Enter a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDThh:mm)."]},
        ),
        ({"start": "2026-03-20"}, {"rule": ["This field is required."]}),
        ({"rule": RULE, "days": "1"}, {"days": ["Unknown parameter."]}),
    ],
)
def test_the_api_refuses_bad_parameters_naming_them(api_client, press_secretary, query, errors):
    api_client.force_authenticate(press_secretary)
    response = api_client.get(API, query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == errors


def test_the_api_refuses_an_inactive_rule(api_client, press_secretary):
    DeadlineRule.objects.filter(code=RULE).update(is_active=False)
    api_client.force_authenticate(press_secretary)
    response = api_client.get(API, {"rule": RULE}, HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.json()) == (
        400,
        {"rule": [f"Object with code={RULE} does not exist."]},
    )


def test_anonymous_visitors_sign_in_first(client, api_client):
    response = client.get(page("en"), {"rule": RULE})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/login/?next=/en/deadlines/calculator/")
    assert api_client.get(API, {"rule": RULE}).status_code == 401


def test_journalists_have_no_deadlines_to_calculate(client, api_client, journalist):
    client.force_login(journalist)
    assert client.get(page("en"), {"rule": RULE}).status_code == 403
    api_client.force_authenticate(journalist)
    assert api_client.get(API, {"rule": RULE}).status_code == 403


def test_the_page_errors_come_in_the_page_language(client, press_secretary):
    client.force_login(press_secretary)
    response = client.get(page("ru"), {"rule": "no-such-rule", "date": "2026-02-30"})
    assert response.context["form"].errors == {
        "rule": ["Выберите корректный вариант. Вашего варианта нет среди допустимых значений."],
        "date": ["Введите правильную дату."],
    }


def test_a_recurring_rule_counts_as_the_portal_opens_it(api_client, press_secretary):
    """The media-grid counts from the weekly information's due date: on New Year's Day
    (a Thursday) the information moves to Monday 5 January, and the grid to Tuesday 6."""
    api_client.force_authenticate(press_secretary)
    response = api_client.get(API, {"rule": "media-grid", "start": "2026-01-01"})
    assert response.status_code == 200, response.content
    assert response.json()["due_at"] == "2026-01-06T18:00:00+05:00"
