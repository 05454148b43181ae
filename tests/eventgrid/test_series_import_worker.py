"""A real Celery worker checks an uploaded event series (000 §3.3) and applies it once
confirmed, from the real broker; the import's task delivered twice imports the file once.
The broker and how the worker reaches the test database: tests/workers.py."""

import io

import pytest

from eventgrid import services as eventgrid_services
from eventgrid.exports import EVENT_SERIES_IMPORT, EVENT_SERIES_IMPORT_CHECK
from eventgrid.models import Event, EventSeriesChange
from eventgrid.tasks import series_import_apply
from portal.documents import services
from portal.documents.models import StoredDocument
from portal.documents.tasks import build
from tests import workers
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

from .test_series_import import new_row, workbook

TIMEOUT = 90


@pytest.fixture(autouse=True)
def _leave_database_as_migrated(django_db_blocker):
    yield
    workers.restore_migrated_data(django_db_blocker)


@pytest.fixture
def queue():
    with workers.broker_queue() as name:
        yield name


@pytest.fixture
def worker(queue, tmp_path, transactional_db, settings):
    with workers.celery_worker(queue, tmp_path, MEDIA_ROOT=str(settings.MEDIA_ROOT)) as worker:
        yield worker


def test_a_real_worker_imports_the_confirmed_file_once(
    client, worker, queue, tmp_path, monkeypatch, django_db_serialized_rollback
):
    workers.check_broker()
    agency = AgencyFactory()
    user = UserFactory()
    MembershipFactory(user=user, role="press_secretary", agency=agency)
    client.force_login(user)
    monkeypatch.setattr(services, "_queue_build", lambda document_id: None)
    monkeypatch.setattr(eventgrid_services, "_series_import_queue", lambda job_id: None)
    file = io.BytesIO(workbook(new_row(), new_row(title_ru="Второе", title_kk="Екінші")))
    file.name = "series.xlsx"
    status = client.post(f"/en/event-series/2027-01/import/?agency={agency.slug}", {"file": file})[
        "Location"
    ]
    check = StoredDocument.objects.get(kind=EVENT_SERIES_IMPORT_CHECK)
    sent = {workers.send_task(build.s(document_id=check.pk), queue, tmp_path)}
    assert list(workers.wait_for_tasks([worker], "documents.build", sent, TIMEOUT).values()) == [
        "'done'"
    ]
    page = client.get(status)
    assert page.context["counts"] == {"add": 2, "change": 0, "same": 0}
    client.post(
        f"/en/event-series/2027-01/import/confirm/?agency={agency.slug}",
        {"token": page.context["confirm_form"].initial["token"]},
    )
    job = StoredDocument.objects.get(kind=EVENT_SERIES_IMPORT)
    assert Event.objects.count() == 0

    task = series_import_apply.s(job_id=job.pk)
    sent = {workers.send_task(task, queue, tmp_path) for _ in range(2)}
    results = workers.wait_for_tasks([worker], "eventgrid.series_import_apply", sent, TIMEOUT)
    assert sorted(results.values()) == ["'done'", "'not claimed'"], results

    assert sorted(Event.objects.values_list("title_ru", flat=True)) == [
        "Второе",
        "День открытых дверей",
    ]
    assert set(Event.objects.values_list("state", flat=True)) == {"planned"}
    assert EventSeriesChange.objects.get().events == 2
