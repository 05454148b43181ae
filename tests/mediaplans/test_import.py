"""Importing a plan's items from the XLSX template (issue 9 item 2): the dry run in Celery
with every problem by row and column, then all or nothing through `item_add`, and the same
file twice adds nothing."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from mediaplans import importing, services
from mediaplans.models import PlanItem
from tests.documents.helpers import build_queued, get_built

pytestmark = pytest.mark.django_db


def workbook(*rows: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    keys = importing.column_keys()
    sheet.append(list(keys))
    sheet.append([header for _key, header in importing.columns()])
    for row in rows:
        sheet.append([row.get(key, "") for key in keys])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def good_row(**fields) -> dict:
    return {
        "strategic_direction_kk": "Әлеуметтік саясат",
        "strategic_direction_ru": "Социальная политика",
        "topic_kk": "Зейнетақы реформасы",
        "topic_ru": "Пенсионная реформа",
        "is_preventive": "иә",
        "formats": "Briefing, interview",
        "channels": "tv",
        "month": 4,
        **fields,
    }


def upload(client, plan, content: bytes, name="items.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(f"/en/media-plans/{plan.pk}/import/", {"file": file})


def dry_run(client, plan, content):
    answer = upload(client, plan, content)
    assert answer.status_code == 302
    assert build_queued() == ["done"]
    return client.get(answer["Location"]), answer["Location"]


def test_the_template_has_the_headers_in_the_pages_language(client, press_secretary, plan):
    client.force_login(press_secretary)
    response = get_built(client, f"/ru/media-plans/{plan.pk}/import/template/")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [cell.value for cell in sheet[1]] == list(importing.column_keys())


def test_a_correct_file_is_checked_then_imported_once(client, press_secretary, plan):
    client.force_login(press_secretary)
    content = workbook(
        good_row(), good_row(topic_kk="Білім", topic_ru="Образование", month="", quarter=2)
    )
    page, status_url = dry_run(client, plan, content)
    assert page.context["counts"] == {"add": 2, "same": 0}
    assert PlanItem.objects.filter(plan=plan).count() == 2  # nothing yet
    token = page.context["confirm_form"].initial["token"]
    answer = client.post(f"/en/media-plans/{plan.pk}/import/confirm/", {"token": token})
    assert answer["Location"] == status_url
    assert build_queued() == ["done"]
    answer = client.get(status_url)
    assert answer.status_code == 302
    added = PlanItem.objects.get(plan=plan, topic_ru="Пенсионная реформа")
    assert (added.is_preventive, added.formats, added.channels, added.month) == (
        True,
        ["briefing", "interview"],
        ["tv"],
        4,
    )
    assert PlanItem.objects.get(plan=plan, topic_ru="Образование").quarter == 2
    # The same file again: checked as already there, and imports nothing more.
    again, _url = dry_run(client, plan, content)
    assert again.context["counts"] == {"add": 0, "same": 2}
    assert services.items_import(plan=plan, content=content, by=press_secretary) == {
        "added": 0,
        "same": 2,
    }
    assert PlanItem.objects.filter(plan=plan).count() == 4


def test_every_problem_names_its_row_and_column(client, press_secretary, plan):
    client.force_login(press_secretary)
    content = workbook(
        good_row(),
        good_row(topic_ru="", formats="dance", month=13, topic_kk="Екінші"),
        good_row(month=5, quarter=2, is_preventive="maybe", topic_kk="Үшінші", topic_ru="Третий"),
    )
    page, _url = dry_run(client, plan, content)
    letters = {key: chr(ord("A") + index) for index, key in enumerate(importing.column_keys())}
    errors = page.context["errors"]
    assert f"Row 4, column {letters['topic_ru']} (Topic (Russian)): Required." in errors
    assert any(
        e.startswith(f"Row 4, column {letters['formats']} (") and "Unknown value “dance”" in e
        for e in errors
    )
    assert (
        f"Row 4, column {letters['month']} (Month (1–12)): A whole number from 1 to 12." in errors
    )
    assert any(e.startswith(f"Row 5, column {letters['is_preventive']} ") for e in errors)
    assert any(
        e.startswith(f"Row 5, column {letters['quarter']} ") and "not both" in e for e in errors
    )
    with pytest.raises(services.ValidationError):
        services.items_import(plan=plan, content=content, by=press_secretary)
    assert PlanItem.objects.filter(plan=plan).count() == 2  # all or nothing


def test_a_file_that_is_not_a_workbook_is_refused_at_once(client, press_secretary, plan):
    client.force_login(press_secretary)
    assert upload(client, plan, b"not a zip", name="items.xlsx").status_code == 400


def test_a_submitted_plan_takes_no_import(client, press_secretary, plan):
    services.plan_submit(plan=plan, by=press_secretary)
    client.force_login(press_secretary)
    assert client.get(f"/en/media-plans/{plan.pk}/import/").status_code == 403
