"""The media-grid as a PDF (004 §11: journalists download it in Kazakh, Russian or English):
each published version once per language, built by the worker when it is published, on
the appendix form with the version and its publication date."""

import pytest
from django.urls import reverse
from django.utils import translation

from eventgrid import services
from eventgrid.exports import MEDIA_GRID
from portal.documents.models import StoredDocument
from tests.core.test_pdf import pdf_text
from tests.documents.helpers import build_queued

from .conftest import FRIDAY_NOON, WEEK

pytestmark = pytest.mark.django_db


def test_publishing_builds_the_versions_pdf_in_three_languages(
    client, grid_week, ministry_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)
        services.media_grid_publish(grid=grid, by=ministry_staff, at=FRIDAY_NOON)

    queued = StoredDocument.objects.filter(kind=MEDIA_GRID)
    assert sorted(queued.values_list("language", "filters")) == [
        (code, {"week": "2026-W50", "version": "1"}) for code in ("en", "kk", "ru")
    ]
    assert build_queued() == ["done", "done", "done"]
    with translation.override("en"):
        url = reverse("eventgrid:media_grid_pdf", kwargs={"week": WEEK})
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content))
    assert "Information for the coming week" in text
    assert "Main news" in text and "Saturday/Sunday" in text
    assert "Version 1, published on 04.12.2026 12:00" in text
    assert grid_week["forum"].title_en in text
    assert grid_week["draft"].title_en not in text


def test_an_unpublished_week_has_no_pdf(client, grid_week, ministry_staff):
    services.media_grid_compose(week_start=WEEK, by=ministry_staff)
    with translation.override("en"):
        url = reverse("eventgrid:media_grid_pdf", kwargs={"week": WEEK})
    assert client.get(url).status_code == 404


def _published_and_built(grid_week, ministry_staff, capture):
    with capture(execute=True):
        grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)
        version = services.media_grid_publish(grid=grid, by=ministry_staff, at=FRIDAY_NOON)
    build_queued()
    with translation.override("en"):
        return version, reverse("eventgrid:media_grid_pdf", kwargs={"week": WEEK})


def test_a_built_pdf_is_served_without_a_query(
    client, grid_week, ministry_staff, django_capture_on_commit_callbacks, django_assert_num_queries
):
    _version, url = _published_and_built(
        grid_week, ministry_staff, django_capture_on_commit_callbacks
    )
    first = client.get(url)

    with django_assert_num_queries(0):
        again = client.get(url)

    assert (first.status_code, again.status_code) == (200, 200)
    assert again["ETag"] == first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_after_a_correction_the_latest_pdf_is_the_new_versions(
    client, grid_week, ministry_staff, django_capture_on_commit_callbacks
):
    version, url = _published_and_built(
        grid_week, ministry_staff, django_capture_on_commit_callbacks
    )
    assert client.get(url).status_code == 200  # version 1's, now cached

    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=grid_week["forum"], reason={"en": "Rain"}, by=ministry_staff)
        services.media_grid_publish(grid=version.grid, by=ministry_staff)
    building = client.get(url)
    build_queued()
    built = client.get(url)

    assert building["Refresh"] == "3"  # version 2's is being built: never version 1's
    assert "Version 2, published on" in pdf_text(b"".join(built.streaming_content))
    earlier = client.get(url, {"version": "1"})
    assert "Version 1, published on" in pdf_text(b"".join(earlier.streaming_content))
