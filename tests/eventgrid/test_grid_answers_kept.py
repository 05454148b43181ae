"""The published media-grid's JSON and PDF kept in each web process
(portal.documents.published): served again with no query and without the shared cache's
copy, with the same bytes and headers, and never once a newer version is published — by
every process at once, each Client here being one worker with its own memory, sharing the
cache as the workers and servers share Redis in production."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from eventgrid import services
from portal.documents.choices import DocumentStatus
from portal.documents.models import StoredDocument
from portal.documents.services import document_build

from .conftest import FRIDAY_NOON, WEEK

pytestmark = pytest.mark.django_db

JSON = "/api/v1/media-grids/2026-W50/"


@pytest.fixture
def published(grid_week, ministry_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the publication's bumps
        grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)
        return services.media_grid_publish(grid=grid, by=ministry_staff, at=FRIDAY_NOON)


def _build_the_english_pdf() -> None:
    """As the worker does; the English one alone, which the tests read (a build is slow)."""
    queued = StoredDocument.objects.filter(status=DocumentStatus.QUEUED, language="en")
    assert [document_build(document_id=pk) for pk in queued.values_list("pk", flat=True)] == [
        "done"
    ]


@pytest.fixture
def pdf_url():
    with translation.override("en"):
        return reverse("eventgrid:media_grid_pdf", kwargs={"week": WEEK})


def _correct(published, grid_week, ministry_staff, capture):
    """Cancel the forum and publish the correction, version 2, as it commits."""
    with capture(execute=True):
        services.event_cancel(event=grid_week["forum"], reason={"en": "Rain"}, by=ministry_staff)
        return services.media_grid_publish(grid=published.grid, by=ministry_staff)


def _forget_the_shared_copies():
    """Delete the answers, PDF rows and numbers the shared cache keeps (not the
    publication's version nor its token): what is answered then comes from the process's
    own copy, or is made again with queries."""
    keys = [key.split(":", 2)[-1] for key in cache._cache]  # LocMemCache's ":1:<key>"
    cache.delete_many([key for key in keys if key.startswith(("media-grid:", "document:"))])


def _headers(response) -> dict:
    return {name: value for name, value in response.items() if name != "X-Request-ID"}


def test_the_json_is_answered_from_the_process_with_no_query(published, django_assert_num_queries):
    worker = Client()
    first = worker.get(JSON, HTTP_ACCEPT_LANGUAGE="en")
    _forget_the_shared_copies()

    with django_assert_num_queries(0):
        again = worker.get(JSON, HTTP_ACCEPT_LANGUAGE="en")

    assert (again.status_code, again.content) == (200, first.content)
    assert _headers(again) == _headers(first)
    assert again["X-Request-ID"] != first["X-Request-ID"]
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert again.json()["version"] == 1


def test_the_kept_json_answers_304_to_its_etag(published, django_assert_num_queries):
    worker = Client()
    etag = worker.get(JSON, HTTP_ACCEPT_LANGUAGE="en")["ETag"]
    _forget_the_shared_copies()

    with django_assert_num_queries(0):
        again = worker.get(JSON, HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=etag)

    assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
    assert again["Cache-Control"] == "public, max-age=60"


def test_a_new_version_is_answered_at_once_by_every_worker(
    published, grid_week, ministry_staff, django_capture_on_commit_callbacks
):
    workers = [Client(), Client()]
    for worker in workers:
        assert worker.get(JSON, HTTP_ACCEPT_LANGUAGE="en").json()["version"] == 1

    _correct(published, grid_week, ministry_staff, django_capture_on_commit_callbacks)

    answers = [worker.get(JSON, HTTP_ACCEPT_LANGUAGE="en").json() for worker in workers]
    assert [(data["version"], data["latest_version"]) for data in answers] == [(2, 2), (2, 2)]


def test_each_language_is_kept_apart(published):
    worker = Client()
    english = worker.get(JSON, HTTP_ACCEPT_LANGUAGE="en")
    russian = worker.get(JSON, HTTP_ACCEPT_LANGUAGE="ru")

    assert worker.get(JSON, HTTP_ACCEPT_LANGUAGE="ru").content == russian.content
    assert worker.get(JSON, HTTP_ACCEPT_LANGUAGE="en").content == english.content
    assert (english["Content-Language"], russian["Content-Language"]) == ("en", "ru")
    assert english.content != russian.content


def test_the_pdf_is_answered_from_the_process_with_no_query(
    published, pdf_url, django_assert_num_queries
):
    _build_the_english_pdf()
    worker = Client()
    first = worker.get(pdf_url)
    body = b"".join(first.streaming_content)
    _forget_the_shared_copies()

    with django_assert_num_queries(0):
        again = worker.get(pdf_url)

    assert (again.status_code, again["Content-Type"]) == (200, "application/pdf")
    assert b"".join(again.streaming_content) == body
    assert _headers(again) == _headers(first)


def test_a_correction_replaces_the_kept_pdf_at_once(
    published, grid_week, ministry_staff, pdf_url, django_capture_on_commit_callbacks
):
    _build_the_english_pdf()
    workers = [Client(), Client()]
    old = [b"".join(worker.get(pdf_url).streaming_content) for worker in workers]
    assert old[0] == old[1] and old[0].startswith(b"%PDF")

    _correct(published, grid_week, ministry_staff, django_capture_on_commit_callbacks)

    # Version 2's PDF is being built: every worker says so instead of serving version 1's.
    waiting = [worker.get(pdf_url) for worker in workers]
    assert [(page.status_code, page["Content-Type"]) for page in waiting] == [
        (200, "text/html; charset=utf-8")
    ] * 2
    _build_the_english_pdf()
    new = [b"".join(worker.get(pdf_url).streaming_content) for worker in workers]
    assert new[0] == new[1] and new[0].startswith(b"%PDF") and new[0] != old[0]


def test_a_signed_in_reader_is_answered_by_the_whole_stack(
    published, client, ministry_staff, django_assert_max_num_queries
):
    """A session cookie is never answered from the process's copy: the middleware below
    (the session, the user) and the view run as for any page, here with queries since the
    shared cache's copy is gone."""
    client.force_login(ministry_staff)
    first = client.get(JSON, HTTP_ACCEPT_LANGUAGE="en")
    _forget_the_shared_copies()

    with django_assert_max_num_queries(10) as queries:
        again = client.get(JSON, HTTP_ACCEPT_LANGUAGE="en")

    assert (again.status_code, again.content) == (200, first.content)
    assert len(queries) > 0
