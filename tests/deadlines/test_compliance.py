"""The authorized body's compliance table: agencies × rules over a period, and its XLSX."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from portal.deadlines.queries import ComplianceCounts
from portal.deadlines.services import deadline_complete
from portal.documents.models import StoredDocument
from tests.documents.helpers import build_queued, get_built
from tests.factories import AgencyFactory, UserFactory

from .factories import NOW, DeadlineFactory, compliance_world

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def url(name, language="en"):
    with translation.override(language):
        return reverse(name)


def table(report):
    """The report as plain values: [(agency slug, [(rule code, counts or None), …]), …]."""
    return [
        (row.agency.slug, [(rule.code, counts) for rule, counts in row.cells])
        for row in report.rows
    ]


DEFAULT_TABLE = [
    (
        "akimat-shymkent",
        [
            ("monthly-report", ComplianceCounts(due=1, overdue=1)),
            ("weekly-information", None),
        ],
    ),
    (
        "health",
        [
            ("monthly-report", ComplianceCounts(due=3, done_on_time=2, done_late=1)),
            ("weekly-information", ComplianceCounts(due=2, done_on_time=1, overdue=1)),
        ],
    ),
]


@pytest.mark.parametrize(
    "name", ["deadlines:deadline_compliance", "deadlines:deadline_compliance_xlsx"]
)
def test_anonymous_users_are_sent_to_log_in(client, name):
    response = client.get(url(name))
    assert response.status_code == 302
    assert response.url.startswith("/en/login/")


@pytest.mark.parametrize(
    "name", ["deadlines:deadline_compliance", "deadlines:deadline_compliance_xlsx"]
)
@pytest.mark.parametrize("persona", ["press_secretary", "agency_head", "journalist"])
def test_only_the_authorized_body_sees_compliance(client, request, name, persona):
    compliance_world()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(name)).status_code == 403


def test_superusers_see_compliance(client):
    compliance_world()
    client.force_login(UserFactory(is_superuser=True))
    assert (
        table(client.get(url("deadlines:deadline_compliance")).context["report"]) == DEFAULT_TABLE
    )


def test_the_default_period_is_the_last_90_days_with_only_agencies_and_rules_due_in_it(
    client, ministry_staff
):
    compliance_world()
    client.force_login(ministry_staff)
    response = client.get(url("deadlines:deadline_compliance"))
    report = response.context["report"]
    assert (report.first.isoformat(), report.last.isoformat()) == ("2026-02-14", "2026-05-15")
    assert table(report) == DEFAULT_TABLE
    rates = [[counts and counts.on_time_rate for _, counts in row.cells] for row in report.rows]
    assert rates == [[0.0, None], [66.7, 50.0]]
    content = response.content.decode()
    assert "66.7%" in content  # English: no space; kk and ru: tests/l10n
    assert "50%" in content
    assert "Quiet Committee" not in content
    assert "Media-plan for the next year" not in content


def test_nothing_judged_yet_has_no_rate(client, ministry_staff):
    compliance_world()
    client.force_login(ministry_staff)
    response = client.get(
        url("deadlines:deadline_compliance"),
        {"due_after": "2026-05-16", "due_before": "2026-05-31"},
    )
    report = response.context["report"]
    assert table(report) == [("akimat-shymkent", [("monthly-report", ComplianceCounts(due=1))])]
    assert report.rows[0].cells[0][1].on_time_rate is None
    assert "<strong>—</strong>" in response.content.decode()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            {"region": "shymkent"},
            [("akimat-shymkent", [("monthly-report", ComplianceCounts(due=1, overdue=1))])],
        ),
        ({"kind": "central"}, DEFAULT_TABLE[1:]),
        ({"kind": "company"}, []),
        (
            {"due_after": "2026-05-01", "due_before": "2026-05-31"},
            [
                (
                    "akimat-shymkent",
                    [("monthly-report", ComplianceCounts(due=1)), ("weekly-information", None)],
                ),
                (
                    "health",
                    [
                        ("monthly-report", None),
                        (
                            "weekly-information",
                            ComplianceCounts(due=2, done_on_time=1, overdue=1),
                        ),
                    ],
                ),
            ],
        ),
        (
            {"due_after": "2025-12-01", "due_before": "2025-12-01"},
            [("quiet", [("mediaplan-submission", ComplianceCounts(due=1, done_on_time=1))])],
        ),
    ],
)
def test_filters(client, ministry_staff, filters, expected):
    compliance_world()
    client.force_login(ministry_staff)
    assert (
        table(client.get(url("deadlines:deadline_compliance"), filters).context["report"])
        == expected
    )


@pytest.mark.parametrize(
    ("filters", "field", "message"),
    [
        ({"due_after": "2026-13-01"}, "due_after", "Enter a valid date."),
        ({"due_before": "yesterday"}, "due_before", "Enter a valid date."),
        (
            {"region": "mars"},
            "region",
            "Select a valid choice. mars is not one of the available choices.",
        ),
        (
            {"due_after": "2026-05-01", "due_before": "2026-04-01"},
            "__all__",
            "The start of the period must not be later than its end.",
        ),
    ],
)
def test_bad_filters_are_form_errors_and_show_no_table(
    client, ministry_staff, filters, field, message
):
    compliance_world()
    client.force_login(ministry_staff)
    response = client.get(url("deadlines:deadline_compliance"), filters)
    assert response.status_code == 200
    assert response.context["report"] is None
    assert response.context["form"].errors == {field: [message]}
    assert "No deadline fell due with these filters." in response.content.decode()


def test_form_errors_are_translated(client, ministry_staff):
    client.force_login(ministry_staff)
    response = client.get(url("deadlines:deadline_compliance", "ru"), {"due_after": "2026-13-01"})
    assert response.context["form"].errors == {"due_after": ["Введите правильную дату."]}


def rows_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    workbook = load_workbook(BytesIO(response.getvalue()))
    return workbook.active, list(workbook.active.iter_rows(values_only=True))


def test_the_spreadsheet_has_a_header_and_one_row_per_agency(client, ministry_staff):
    compliance_world()
    client.force_login(ministry_staff)
    response = get_built(client, url("deadlines:deadline_compliance_xlsx"))
    sheet, rows = rows_of(response)
    assert response["Content-Disposition"] == (
        'attachment; filename="compliance-2026-02-14-2026-05-15.xlsx"'
    )
    assert "private" in response["Cache-Control"]  # the ministry's own figures: no proxy keeps them
    assert "public" not in response["Cache-Control"]
    assert rows == [
        (
            "Agency",
            "Monthly report on the media-plan — Done on time",
            "Monthly report on the media-plan — Due",
            "Monthly report on the media-plan — Overdue",
            "Information for the coming week — Done on time",
            "Information for the coming week — Due",
            "Information for the coming week — Overdue",
        ),
        ("Akimat of Shymkent", 0, 1, 1, None, None, None),
        ("Ministry of Health", 2, 3, 0, 1, 2, 1),
    ]
    assert sheet.freeze_panes == "B2"
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["G"].width) == (50, 18)


def test_the_spreadsheet_follows_the_filters_and_the_language(client, ministry_staff):
    compliance_world()
    client.force_login(ministry_staff)
    _, rows = rows_of(
        get_built(client, url("deadlines:deadline_compliance_xlsx", "ru"), {"region": "shymkent"})
    )
    header, *agencies = rows
    assert header[0] == "Организация"
    assert [column.split(" — ")[0] for column in header[1:]] == [
        "Ежемесячная информация о реализации медиаплана"
    ] * 3
    assert agencies == [("Акимат города Шымкент", 0, 1, 1)]


def test_a_name_that_looks_like_a_formula_stays_text(client, ministry_staff):
    DeadlineFactory(agency=AgencyFactory(name_en='=HYPERLINK("http://evil.example")'))
    client.force_login(ministry_staff)
    sheet, rows = rows_of(get_built(client, url("deadlines:deadline_compliance_xlsx")))
    assert rows[1] == ('=HYPERLINK("http://evil.example")', 0, 1, 0)
    assert sheet["A2"].data_type == "s"


def test_the_spreadsheet_answers_bad_filters_with_the_form_errors(client, ministry_staff):
    client.force_login(ministry_staff)
    response = client.get(url("deadlines:deadline_compliance_xlsx"), {"due_before": "31.02.2026"})
    assert not StoredDocument.objects.exists()
    assert response.status_code == 400
    assert response.context["form"].errors == {"due_before": ["Enter a valid date."]}


@pytest.mark.parametrize("count", [1, 6])
def test_compliance_runs_a_constant_number_of_queries(
    client, ministry_staff, django_assert_max_num_queries, count
):
    for agency in AgencyFactory.create_batch(count):
        DeadlineFactory(agency=agency, state="done_on_time")
        DeadlineFactory(agency=agency, state="overdue")
    client.force_login(ministry_staff)
    with django_assert_max_num_queries(7):
        assert len(client.get(url("deadlines:deadline_compliance")).context["report"].rows) == count
    client.get(url("deadlines:deadline_compliance_xlsx"))
    with django_assert_max_num_queries(12):
        assert build_queued() == ["done"]


def test_the_spreadsheet_is_built_in_celery_with_its_progress_shown(
    client, ministry_staff, django_capture_on_commit_callbacks
):
    compliance_world()
    client.force_login(ministry_staff)
    with django_capture_on_commit_callbacks() as queued:
        response = client.get(url("deadlines:deadline_compliance_xlsx", "kk"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["Refresh"] == "3"
    assert len(queued) == 1
    document = StoredDocument.objects.get()
    assert (document.kind, document.language, document.filters) == (
        "compliance",
        "kk",
        {"due_after": "2026-02-14", "due_before": "2026-05-15"},
    )


def test_a_deadline_done_makes_the_next_download_a_new_spreadsheet(
    client, ministry_staff, django_capture_on_commit_callbacks
):
    agency = AgencyFactory(name_en="Ministry of Energy")
    deadline = DeadlineFactory(agency=agency)
    client.force_login(ministry_staff)
    _, rows = rows_of(get_built(client, url("deadlines:deadline_compliance_xlsx")))
    assert rows[1] == ("Ministry of Energy", 0, 1, 0)
    with django_capture_on_commit_callbacks(execute=True):
        deadline_complete(deadline=deadline, at=deadline.due_at)
    _, rows = rows_of(get_built(client, url("deadlines:deadline_compliance_xlsx")))
    assert rows[1] == ("Ministry of Energy", 1, 1, 0)
    assert StoredDocument.objects.count() == 1  # the old one is removed with its file


OUT_OF_RANGE = "Enter a date in the years 1995 to 2100."


@pytest.mark.parametrize(
    ("language", "filters", "field"),
    [
        ("en", {"due_after": "0001-01-01"}, "due_after"),
        ("en", {"due_before": "9999-12-31"}, "due_before"),
        ("en", {"due_after": "1994-12-31"}, "due_after"),
        ("en", {"due_before": "2101-01-01"}, "due_before"),
        ("ru", {"due_before": "31.12.9999"}, "due_before"),
    ],
)
def test_dates_outside_the_calendar_years_are_form_errors(
    client, ministry_staff, language, filters, field
):
    client.force_login(ministry_staff)
    response = client.get(url("deadlines:deadline_compliance", language), filters)
    assert response.status_code == 200
    assert response.context["report"] is None
    message = OUT_OF_RANGE if language == "en" else response.context["form"].errors[field][0]
    assert response.context["form"].errors == {field: [message]}
    assert "1995" in message and "2100" in message
    xlsx = client.get(url("deadlines:deadline_compliance_xlsx", language), filters)
    assert xlsx.status_code == 400
    assert xlsx.context["form"].errors == {field: [message]}


def test_the_first_and_last_calendar_days_are_accepted(client, ministry_staff):
    client.force_login(ministry_staff)
    filters = {"due_after": "1995-01-01", "due_before": "2100-12-31"}
    response = client.get(url("deadlines:deadline_compliance"), filters)
    assert (response.status_code, response.context["form"].errors) == (200, {})
    assert get_built(client, url("deadlines:deadline_compliance_xlsx"), filters).status_code == 200
