"""A real Celery worker applies a confirmed import of an event series (000 §3.3) from the
real broker; the task delivered twice imports the file once. The broker and how the worker
reaches the test database: tests/workers.py."""

import io

import pytest

from eventgrid.exports import EVENT_SERIES_IMPORT
from eventgrid.models import Event, EventSeriesChange
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
    file = io.BytesIO(workbook(new_row(), new_row(title_ru="Второе", title_kk="Екінші")))
    file.name = "series.xlsx"
    page = client.post(f"/en/event-series/2027-01/import/?agency={agency.slug}", {"file": file})
    form = page.context["confirm_form"]
    client.post(
        f"/en/event-series/2027-01/import/confirm/?agency={agency.slug}",
        {"upload": form.initial["upload"], "token": form.initial["token"]},
    )
    document = StoredDocument.objects.get(kind=EVENT_SERIES_IMPORT)
    assert Event.objects.count() == 0

    sent = {workers.send_task(build.s(document_id=document.pk), queue, tmp_path) for _ in range(2)}
    results = workers.wait_for_tasks([worker], "documents.build", sent, TIMEOUT)
    assert sorted(results.values()) == ["'done'", "'not claimed'"], results

    assert sorted(Event.objects.values_list("title_ru", flat=True)) == [
        "Второе",
        "День открытых дверей",
    ]
    assert set(Event.objects.values_list("state", flat=True)) == {"planned"}
    assert EventSeriesChange.objects.get().events == 2
