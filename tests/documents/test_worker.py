"""A real Celery worker builds the directory PDF with WeasyPrint from the real broker, and
the portal then serves the stored file; the task sent twice still makes one file.

The broker is the configured one (Redis under CI=true, the file-system broker otherwise);
how the worker reaches the test database: tests/workers.py."""

from pathlib import Path

import pytest

from portal.documents import services
from portal.documents.models import StoredDocument
from portal.documents.tasks import build
from tests import workers
from tests.core.test_pdf import pdf_text
from tests.factories import SpokespersonFactory

TIMEOUT = 90  # seconds for the worker to start and render twice


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


def test_a_real_worker_builds_the_pdf_that_the_portal_then_serves(
    client, worker, queue, tmp_path, settings, monkeypatch, django_db_serialized_rollback
):
    workers.check_broker()
    SpokespersonFactory(surname_en="Workerova")
    # The request's own message would go to the default queue, which this test's worker does
    # not read (a demo worker might): the test sends the task to its own queue instead.
    monkeypatch.setattr(services, "_queue_build", lambda document_id: None)
    assert client.get("/en/directory/pdf/")["Content-Type"].startswith("text/html")
    document = StoredDocument.objects.get()  # made by the request

    sent = {workers.send_task(build.s(document_id=document.pk), queue, tmp_path) for _ in range(2)}
    results = workers.wait_for_tasks([worker], "documents.build", sent, TIMEOUT)
    assert sorted(results.values()) == ["'done'", "'not claimed'"], results

    response = client.get("/en/directory/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert "Workerova" in pdf_text(response.getvalue())
    files = [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert len(files) == 1
