"""Importing an event series from a spreadsheet (000 §3.3): the page offers a template — a
hidden row of column keys, the headers in the reader's language, the period's events with
their ids — and an upload. The upload is only stored; its dry run runs in Celery and its page
shows what would be added and changed, changing nothing; confirming applies it in Celery,
once. On any error nothing is imported and each error names its row and column. Importing
the same file again changes nothing more; the upload is deleted once applied or rejected."""

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from eventgrid import services
from eventgrid.choices import SeriesAction
from eventgrid.exports import EVENT_SERIES_IMPORT, EVENT_SERIES_IMPORT_CHECK, series_upload_name
from eventgrid.models import Event, EventSeriesChange
from eventgrid.series import (
    COLUMN_KEYS,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    XLSX_MAGIC,
    parse_period,
)
from portal.documents.models import StoredDocument
from portal.documents.services import STALE_CLAIM
from tests.deadlines.factories import almaty
from tests.documents.helpers import build_queued, get_built
from tests.factories import MembershipFactory, UserFactory

from .factories import EventFactory
from .test_series import series_event

pytestmark = pytest.mark.django_db

JANUARY = parse_period("2027-01")


def workbook(*rows, keys=COLUMN_KEYS) -> bytes:
    """A filled-in template: the keys row, a headers row, then `rows` (dicts by key)."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(keys))
    sheet.append(["header"] * len(keys))
    for row in rows:
        sheet.append([row.get(key) for key in keys])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def new_row(**fields) -> dict:
    return {
        "title_kk": "Ашық есік күні",
        "title_ru": "День открытых дверей",
        "format": "Briefing",
        "starts_at": "20.01.2027 10:00",
        "ends_at": "20.01.2027 12:00",
        "place": "Астана",
        "key_messages": "Ашықтық",
        "speakers": "Айгүл Серікова; Вице-министр; kk\nИван Петров; ; русский",
        **fields,
    }


def upload(client, agency, content: bytes, name="series.xlsx", language="en"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(
        f"/{language}/event-series/2027-01/import/?agency={agency.slug}", {"file": file}
    )


def dry_run(client, agency, content: bytes, language="en"):
    """Upload, run the dry run that queued (documents.build, in this process), and open
    the import's page."""
    answer = upload(client, agency, content, language=language)
    assert answer.status_code == 302, answer
    assert build_queued() == ["done"]
    return client.get(answer["Location"])


def apply_queued() -> list[str]:
    """Run the task of every queued import (eventgrid.series_import_apply), in this process."""
    queued = StoredDocument.objects.filter(kind=EVENT_SERIES_IMPORT, status="queued")
    return [services.series_import_apply(job_id=pk) for pk in queued.values_list("pk", flat=True)]


def confirm_dry_run(client, agency, content: bytes) -> str:
    """Upload, check and confirm a file; the import's page address."""
    page = dry_run(client, agency, content)
    answer = client.post(
        f"/en/event-series/2027-01/import/confirm/?agency={agency.slug}",
        {"token": page.context["confirm_form"].initial["token"]},
    )
    assert answer.status_code == 302
    return answer["Location"]


def test_the_template_lists_the_periods_events_under_translated_headers(
    client, agency, press_secretary
):
    event = series_event(agency)
    client.force_login(press_secretary)
    response = get_built(client, f"/ru/event-series/2027-01/template.xlsx?agency={agency.slug}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == list(COLUMN_KEYS)
    assert sheet.row_dimensions[1].hidden
    assert rows[1][1] != "title_kk"  # the reader's header
    assert rows[2][:4] == [
        event.pk,
        "Цифрлық үкімет форумы",
        "Форум цифрового правительства",
        "Digital government forum",
    ]
    assert rows[2][5:7] == ["14.01.2027 10:00", "14.01.2027 16:00"]


def test_the_template_read_back_changes_nothing(client, agency, press_secretary):
    series_event(agency)
    client.force_login(press_secretary)
    response = get_built(client, f"/kk/event-series/2027-01/template.xlsx?agency={agency.slug}")
    content = b"".join(response.streaming_content)
    plan, errors = services.series_import_check(agency=agency, period=JANUARY, content=content)
    assert errors == []
    assert [action for action, _row, _event in plan] == ["same"]


def test_the_upload_only_stores_the_file_and_queues_its_dry_run(client, agency, press_secretary):
    """Nothing of the file is read in the request: even a zip that is no workbook is taken,
    and the page says it is being checked, reloading itself by its Refresh header."""
    client.force_login(press_secretary)
    answer = upload(client, agency, b"PK\x03\x04 not really a zip")
    assert answer.status_code == 302
    [check] = StoredDocument.objects.filter(kind=EVENT_SERIES_IMPORT_CHECK)
    assert check.status == "queued"
    assert default_storage.exists(series_upload_name(check.filters["token"]))
    page = client.get(answer["Location"])
    assert (page.status_code, page["Refresh"]) == (200, "3")
    assert "The file is being checked; nothing is imported yet." in page.content.decode()
    assert page["Cache-Control"] == "no-store"


def test_the_dry_run_shows_what_would_change_and_changes_nothing(client, agency, press_secretary):
    event = series_event(agency)
    client.force_login(press_secretary)
    content = workbook(
        new_row(),
        {
            **new_row(title_ru="Форум (уточнено)"),
            "id": event.pk,
            "starts_at": "14.01.2027 10:00",
            "ends_at": "14.01.2027 16:00",
            "title_kk": event.title_kk,
        },
    )
    before = Event.objects.count()
    page = dry_run(client, agency, content)
    assert page.status_code == 200 and "Refresh" not in page
    assert [(row["action"], row["row"], row["event"]) for row in page.context["rows"]] == [
        ("add", 3, None),
        ("change", 4, event.pk),
    ]
    assert page.context["counts"] == {"add": 1, "change": 1, "same": 0}
    assert page.context["rows"][0]["starts_at"] == almaty(2027, 1, 20, 10, 0)
    assert "A dry run: nothing is imported yet" in page.content.decode()
    assert Event.objects.count() == before
    event.refresh_from_db()
    assert event.title_ru == "Форум цифрового правительства"
    assert not StoredDocument.objects.filter(kind=EVENT_SERIES_IMPORT).exists()


def test_confirming_imports_in_celery_once(client, agency, press_secretary):
    event = series_event(agency)
    client.force_login(press_secretary)
    content = workbook(
        new_row(),
        {
            **new_row(title_ru="Форум (уточнено)"),
            "id": event.pk,
            "starts_at": "14.01.2027 10:00",
            "ends_at": "14.01.2027 16:00",
            "title_kk": event.title_kk,
            "speakers": "Ерлан; ; ru",
        },
    )
    page = dry_run(client, agency, content)
    token = page.context["confirm_form"].initial["token"]
    confirm = f"/en/event-series/2027-01/import/confirm/?agency={agency.slug}"
    answer = client.post(confirm, {"token": token})
    assert answer.status_code == 302
    status = client.get(answer["Location"])
    assert status.status_code == 200 and status["Refresh"] == "3"  # the import's progress
    assert "The file is being imported." in status.content.decode()
    assert Event.objects.filter(title_ru="День открытых дверей").count() == 0  # not yet
    client.post(confirm, {"token": token})  # posted twice: one job
    [job] = StoredDocument.objects.filter(kind=EVENT_SERIES_IMPORT)
    assert apply_queued() == ["done"]
    assert services.series_import_apply(job_id=job.pk) == "not claimed"  # delivered again
    done = client.get(answer["Location"], follow=True)
    assert "Imported: 1 added, 1 changed, 0 already the same." in done.content.decode()
    added = Event.objects.get(title_ru="День открытых дверей")
    assert (added.agency, added.state, added.starts_at) == (
        agency,
        "planned",
        almaty(2027, 1, 20, 10, 0),
    )
    assert [(s.name_kk or "", s.name_en, s.language) for s in added.speakers.all()] == [
        ("", "Айгүл Серікова", "kk"),
        ("", "Иван Петров", "ru"),
    ]  # in the importer's language (English here)
    event.refresh_from_db()
    assert event.title_ru == "Форум (уточнено)"
    assert [(s.name_en, s.language) for s in event.speakers.all()] == [("Ерлан", "ru")]
    [change] = EventSeriesChange.objects.all()
    assert (change.action, change.actor, change.events) == (
        SeriesAction.IMPORTED,
        press_secretary,
        2,
    )
    assert not default_storage.exists(series_upload_name(token))  # applied: deleted
    assert client.post(confirm, {"token": token}).status_code == 400  # nothing left to apply
    # The same file again: everything is the same already, nothing is added or recorded.
    again = dry_run(client, agency, content)
    assert again.context["counts"] == {"add": 0, "change": 0, "same": 2}
    client.post(confirm, {"token": again.context["confirm_form"].initial["token"]})
    assert apply_queued() == ["done"]
    assert Event.objects.filter(title_ru="День открытых дверей").count() == 1
    assert EventSeriesChange.objects.count() == 1


def test_an_import_that_fails_before_it_is_marked_done_applies_nothing(
    client, agency, press_secretary, monkeypatch
):
    """The events and the job's "done" commit together: a worker that dies after the
    import's writes, before the mark, leaves nothing; the task delivered again imports the
    file once."""
    client.force_login(press_secretary)
    confirm_dry_run(client, agency, workbook(new_row()))
    [job] = StoredDocument.objects.filter(kind=EVENT_SERIES_IMPORT)
    storage = default_storage._wrapped  # set up by the upload

    def dies(name, content, **kwargs):
        raise OSError("the worker died")

    monkeypatch.setattr(storage, "save", dies)  # the job's file, after the import's writes
    assert services.series_import_apply(job_id=job.pk) == "failed"
    assert Event.objects.count() == 0 and EventSeriesChange.objects.count() == 0
    monkeypatch.undo()
    assert services.series_import_apply(job_id=job.pk) == "done"
    assert services.series_import_apply(job_id=job.pk) == "not claimed"
    assert Event.objects.filter(title_ru="День открытых дверей").count() == 1


def test_a_lost_import_is_queued_again_by_its_page_once_its_claim_is_stale(
    client, agency, press_secretary
):
    client.force_login(press_secretary)
    status_url = confirm_dry_run(client, agency, workbook(new_row()))
    [job] = StoredDocument.objects.filter(kind=EVENT_SERIES_IMPORT)
    StoredDocument.objects.filter(pk=job.pk).update(
        status="running", claimed_at=timezone.now() - dt.timedelta(minutes=5)
    )
    client.get(status_url)
    assert StoredDocument.objects.get(pk=job.pk).status == "running"  # alive: left alone
    StoredDocument.objects.filter(pk=job.pk).update(
        claimed_at=timezone.now() - STALE_CLAIM - dt.timedelta(minutes=1)
    )
    assert client.get(status_url)["Refresh"] == "3"
    assert StoredDocument.objects.get(pk=job.pk).status == "queued"
    assert apply_queued() == ["done"]
    assert Event.objects.filter(title_ru="День открытых дверей").count() == 1


def test_each_error_names_its_row_and_column_and_nothing_is_imported(
    client, agency, other_agency, press_secretary
):
    foreign = EventFactory(agency=other_agency)
    client.force_login(press_secretary)
    content = workbook(
        new_row(title_ru=""),
        new_row(starts_at="31.02.2027 10:00"),
        new_row(ends_at="20.01.2027 09:00"),
        new_row(format="Party"),
        new_row(speakers="Айгүл Серікова; Вице-министр; de"),
        new_row(id=foreign.pk),
        new_row(starts_at="20.02.2027 10:00", ends_at="20.02.2027 11:00"),
        new_row(),  # a good row: not imported either
    )
    before = Event.objects.count()
    page = dry_run(client, agency, content)
    assert page.status_code == 200 and "Refresh" not in page
    assert page.context["errors"] == [
        "Row 3, column C (Name in Russian): Required.",
        "Row 4, column F (Starts (dd.mm.yyyy hh:mm)): Not a date and time: write it as "
        "07.01.2027 10:00.",
        "Row 5, column G (Ends (dd.mm.yyyy hh:mm)): The event must end after it starts.",
        "Row 6, column E (Format): Unknown format “Party”; use one of: Press conference, "
        "Briefing, Interview, Forum, Visit, Round table, Online conference, Other.",
        "Row 7, column J (Speakers: one a line, “name; position; language”): Unknown language "
        "of speech “de” (kk, ru or en).",
        f"Row 8, column A (Event id (leave empty for a new event)): There is no event "
        f"#{foreign.pk} of this agency.",
        "Row 9, column F (Starts (dd.mm.yyyy hh:mm)): The event does not start in the period "
        "01.01.2027 – 31.01.2027.",
    ]
    assert "Nothing is imported" in page.content.decode()
    token = page.context["confirm_form"].initial["token"]
    assert not default_storage.exists(series_upload_name(token))  # rejected: deleted
    confirm = f"/en/event-series/2027-01/import/confirm/?agency={agency.slug}"
    assert client.post(confirm, {"token": token}).status_code == 400
    assert not StoredDocument.objects.filter(kind=EVENT_SERIES_IMPORT).exists()
    assert Event.objects.count() == before
    with pytest.raises(Exception) as refused:
        services.series_import(agency=agency, period=JANUARY, content=content, by=None)
    assert len(refused.value.messages) == 7
    assert Event.objects.count() == before


def test_errors_are_in_the_uploaders_language(client, agency, press_secretary):
    from django.utils import translation
    from django.utils.translation import gettext

    client.force_login(press_secretary)
    page = dry_run(client, agency, workbook(new_row(title_ru="")), language="ru")
    with translation.override("ru"):
        expected = gettext("Row %(row)s, column %(column)s (%(header)s): %(message)s") % {
            "row": 3,
            "column": "C",
            "header": gettext("Name in Russian"),
            "message": gettext("Required."),
        }
    assert page.context["errors"] == [expected]


def test_a_file_that_is_not_a_workbook_or_not_the_template(client, agency, press_secretary):
    client.force_login(press_secretary)
    page = dry_run(client, agency, b"PK\x03\x04 not really a zip")
    assert page.context["errors"] == ["The file is not an XLSX workbook: use the template."]
    other = dry_run(client, agency, workbook(new_row(), keys=("id", "title", "format")))
    [error] = other.context["errors"]
    assert error.startswith("The file is not the import template")
    # Refused by the upload itself, cheaply: by its name, its first bytes, its size.
    for name, content in (
        ("series.csv", b"a,b\n"),
        ("series.xlsx", b"a,b\n"),
        ("series.xlsx", XLSX_MAGIC + b"0" * MAX_IMPORT_BYTES),
    ):
        refused = upload(client, agency, content, name=name)
        assert refused.status_code == 400, name
    assert "The file is not an XLSX workbook" in upload(client, agency, b"a,b\n").content.decode()
    assert "The file is larger than 5 MB." in refused.content.decode()
    assert StoredDocument.objects.filter(kind=EVENT_SERIES_IMPORT_CHECK).count() == 2


def test_a_newer_upload_supersedes_an_unconfirmed_one(client, agency, press_secretary):
    client.force_login(press_secretary)
    first = dry_run(client, agency, workbook(new_row()))
    first_token = first.context["confirm_form"].initial["token"]
    dry_run(client, agency, workbook(new_row(title_ru="Второе")))
    assert not default_storage.exists(series_upload_name(first_token))
    again = client.get(first.wsgi_request.get_full_path())
    assert again.context["errors"] == ["The uploaded file is gone: upload it again."]
    confirm = f"/en/event-series/2027-01/import/confirm/?agency={agency.slug}"
    assert client.post(confirm, {"token": first_token}).status_code == 400
    assert not StoredDocument.objects.filter(kind=EVENT_SERIES_IMPORT).exists()


def test_too_many_rows_are_refused(agency):
    content = workbook(*[new_row() for _index in range(MAX_IMPORT_ROWS + 1)])
    plan, errors = services.series_import_check(agency=agency, period=JANUARY, content=content)
    assert plan == []
    assert [str(error) for error in errors] == [
        f"The file has more than {MAX_IMPORT_ROWS} rows; import at most {MAX_IMPORT_ROWS} at once."
    ]


def test_a_published_event_does_not_move_by_import(agency):
    event = series_event(agency, state="published")
    content = workbook(
        {**new_row(), "id": event.pk, "title_kk": event.title_kk, "title_ru": event.title_ru}
    )
    _plan, errors = services.series_import_check(agency=agency, period=JANUARY, content=content)
    assert [str(error) for error in errors] == [
        "Row 3, column F (Starts (dd.mm.yyyy hh:mm)): A published event moves by rescheduling "
        "it, with a reason that journalists see."
    ]


def test_another_agencys_member_cannot_import_nor_see_an_import(
    client, agency, other_agency, press_secretary
):
    client.force_login(press_secretary)
    status_url = upload(client, agency, workbook(new_row()))["Location"]
    build_queued()
    token = StoredDocument.objects.get(kind=EVENT_SERIES_IMPORT_CHECK).filters["token"]
    stranger = UserFactory()
    MembershipFactory(user=stranger, role="press_secretary", agency=other_agency)
    client.force_login(stranger)
    assert upload(client, agency, workbook(new_row())).status_code == 403
    assert client.get(status_url).status_code == 403
    own = f"/en/event-series/2027-01/import/{token}/?agency={other_agency.slug}"
    assert client.get(own).status_code == 404  # the token is not of their agency's import
    confirm = f"/en/event-series/2027-01/import/confirm/?agency={agency.slug}"
    assert client.post(confirm, {"token": token}).status_code == 403
    assert Event.objects.count() == 0


def test_a_date_cell_and_a_day_alone_are_read(agency):
    content = workbook(
        new_row(starts_at=dt.datetime(2027, 1, 20, 10, 0), ends_at=dt.datetime(2027, 1, 20, 12)),
        new_row(title_ru="Выставка", starts_at="21.01.2027", ends_at="22.01.2027"),
    )
    plan, errors = services.series_import_check(agency=agency, period=JANUARY, content=content)
    assert errors == []
    assert [(row.starts_at, row.ends_at) for _action, row, _event in plan] == [
        (almaty(2027, 1, 20, 10, 0), almaty(2027, 1, 20, 12, 0)),
        (almaty(2027, 1, 21, 0, 0), almaty(2027, 1, 23, 0, 0)),
    ]


def test_a_template_in_another_language_keeps_the_events_texts(client, agency, press_secretary):
    """The event was written in Kazakh only; the template downloaded in English shows the
    Kazakh place, theses and speaker (the content's fallback). Imported back it is the same;
    a change of the speaker's language only changes that, not the Kazakh texts."""
    event = series_event(agency, place_ru="", key_messages_ru="")
    event.speakers.update(name_ru="", name_en="", position_ru="")
    client.force_login(press_secretary)
    response = get_built(client, f"/en/event-series/2027-01/template.xlsx?agency={agency.slug}")
    content = b"".join(response.streaming_content)
    plan, errors = services.series_import_check(agency=agency, period=JANUARY, content=content)
    assert (errors, [action for action, _row, _event in plan]) == ([], ["same"])
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    assert sheet["J3"].value == "Ерлан Сапаров; Вице-министр; Russian"
    sheet["J3"] = "Ерлан Сапаров; Вице-министр; kk"
    changed = io.BytesIO()
    book.save(changed)
    result = services.series_import(
        agency=agency, period=JANUARY, content=changed.getvalue(), by=press_secretary
    )
    assert result == {"added": 0, "changed": 1, "same": 0}
    event.refresh_from_db()
    assert (event.place_kk, event.place_en or "", event.key_messages_en or "") == (
        "Астана, Тәуелсіздік сарайы",
        "",
        "",
    )
    [speaker] = event.speakers.all()
    assert (speaker.name_kk, speaker.name_en or "", speaker.position_kk, speaker.language) == (
        "Ерлан Сапаров",
        "",
        "Вице-министр",
        "kk",
    )
