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
