"""/api/v1/media-grids/: the published weeks of the media-grid (004 §11), the latest first,
and each week's latest version (or `?version=N`) as JSON — days, rows, cells, main news,
version and changelog — for anyone, cached for public readers (ETag, 304)."""

import hashlib

import pytest
from django.core.cache import cache
from django.utils import translation
from rest_framework.renderers import JSONRenderer

from eventgrid import services
from eventgrid.api import serializers
from eventgrid.models import MediaGridAnswer, MediaGridVersion

from .conftest import FRIDAY_NOON, WEEK

pytestmark = pytest.mark.django_db

LIST = "/api/v1/media-grids/"
DETAIL = "/api/v1/media-grids/2026-W50/"


@pytest.fixture
def published(grid_week, ministry_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the publication's bumps
        grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)
        return services.media_grid_publish(grid=grid, by=ministry_staff, at=FRIDAY_NOON)


def _correct(published, grid_week, ministry_staff, capture):
    """Cancel the forum and publish the correction, version 2, as it commits."""
    with capture(execute=True):
        services.event_cancel(event=grid_week["forum"], reason={"en": "Rain"}, by=ministry_staff)
        return services.media_grid_publish(grid=published.grid, by=ministry_staff)


def _rendered(version_number: int, language: str) -> bytes:
    """What DRF's JSON renderer writes of the version as media_grid_data shows it."""
    version = MediaGridVersion.objects.get(grid__week_start=WEEK, number=version_number)
    versions = list(MediaGridVersion.objects.filter(grid__week_start=WEEK).order_by("-number"))
    with translation.override(language):
        data = serializers.media_grid_data(
            week_start=WEEK, version=version, versions=versions, language=language
        )
    return JSONRenderer().render(data)


def test_nothing_published(api_client, grid_week, ministry_staff):
    services.media_grid_compose(week_start=WEEK, by=ministry_staff)  # composed, not published

    assert api_client.get(LIST).json()["results"] == []
    assert api_client.get(DETAIL).status_code == 404


def test_the_published_weeks(api_client, published):
    response = api_client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "week": "2026-W50",
            "week_start": "2026-12-07",
            "week_end": "2026-12-13",
            "version": 1,
            "published_at": "2026-12-04T12:00:00+05:00",
            "url": "http://testserver/api/v1/media-grids/2026-W50/",
        }
    ]


def test_a_week_in_the_requests_language(api_client, published, grid_week):
    data = api_client.get(DETAIL, HTTP_ACCEPT_LANGUAGE="ru").json()

    forum = grid_week["forum"]
    assert (data["version"], data["latest_version"], data["changelog"]) == (1, 1, {})
    assert [day["day"] for day in data["days"]] == ["mon", "tue", "wed", "thu", "fri", "weekend"]
    assert data["days"][5]["dates"] == ["2026-12-12", "2026-12-13"]
    assert {row["agency"]: row["name"] for row in data["rows"]}[forum.agency.slug] == (
        forum.agency.name_ru
    )
    weekend = next(cell for cell in data["cells"] if cell["day"] == "weekend")
    assert weekend["events"][0]["speakers"] == [
        {"name": "Иван Петров", "position": "Вице-министр", "language": "ru"}
    ]
    assert data["main_news"][0] == {"day": "mon", "events": [grid_week["briefing"].pk]}
    ids = {event["id"] for cell in data["cells"] for event in cell["events"]}
    assert grid_week["draft"].pk not in ids  # a draft never reaches the API


def test_an_earlier_version(
    api_client, published, grid_week, ministry_staff, django_capture_on_commit_callbacks
):
    _correct(published, grid_week, ministry_staff, django_capture_on_commit_callbacks)

    latest = api_client.get(DETAIL).json()
    earlier = api_client.get(DETAIL, {"version": "1"}).json()

    assert (latest["version"], earlier["version"], earlier["latest_version"]) == (2, 1, 2)
    assert [entry["event"] for entry in latest["changelog"]["cancelled"]] == [grid_week["forum"].pk]
    assert [v["version"] for v in latest["versions"]] == [2, 1]
    assert api_client.get(DETAIL, {"version": "3"}).status_code == 404


def test_the_answer_is_what_the_schema_documents(
    api_client, published, grid_week, ministry_staff, django_capture_on_commit_callbacks
):
    """The view answers `media_grid_data` without running the serializer over every event:
    the serializer of the schema must give exactly the same, a correction included."""
    _correct(published, grid_week, ministry_staff, django_capture_on_commit_callbacks)

    for language in ("kk", "ru", "en"):
        answer = api_client.get(DETAIL, HTTP_ACCEPT_LANGUAGE=language).json()
        assert serializers.MediaGridDetailSerializer(answer).data == answer
    assert answer["cells"][0]["events"][0]["starts_at"].endswith("+05:00")
    assert answer["published_at"].endswith("+05:00")


@pytest.mark.parametrize(
    ("path", "query"),
    [(DETAIL, {"version": "0"}), (DETAIL, {"versoin": "1"}), (LIST, {"week": "2026-W50"})],
)
def test_strict_parameters(api_client, published, path, query):
    assert api_client.get(path, query).status_code == 400


def test_an_impossible_week_is_not_found(api_client, published):
    assert api_client.get("/api/v1/media-grids/2026-W54/").status_code == 404


def test_etag_and_304(api_client, published):
    first = api_client.get(DETAIL)
    assert first.status_code == 200
    assert first["ETag"] == f'"{hashlib.sha256(first.content).hexdigest()}"'

    again = api_client.get(DETAIL, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_the_kept_answer_is_byte_for_byte_the_renderers(
    api_client, published, grid_week, ministry_staff, django_capture_on_commit_callbacks
):
    """Publication encodes each language's answer once; what is served is what DRF's
    renderer writes of media_grid_data, for the latest version and an earlier one."""
    _correct(published, grid_week, ministry_staff, django_capture_on_commit_callbacks)

    assert MediaGridAnswer.objects.count() == 6  # two versions, three languages
    for language in ("kk", "ru", "en"):
        latest = api_client.get(DETAIL, HTTP_ACCEPT_LANGUAGE=language)
        earlier = api_client.get(DETAIL, {"version": "1"}, HTTP_ACCEPT_LANGUAGE=language)
        assert latest.content == _rendered(2, language)
        assert earlier.content == _rendered(1, language)


def test_its_headers_are_drfs(api_client, published):
    response = api_client.get(DETAIL, HTTP_ACCEPT="application/json")

    assert response["Content-Type"] == "application/json"
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Vary"] == "Accept-Language, Cookie, Authorization, Accept"


def test_a_correction_is_the_latest_at_once(
    api_client, published, grid_week, ministry_staff, django_capture_on_commit_callbacks
):
    """Answers cached for version 1 are never served as the latest once version 2 is out."""
    before = api_client.get(DETAIL)
    earlier_before = api_client.get(DETAIL, {"version": "1"})

    _correct(published, grid_week, ministry_staff, django_capture_on_commit_callbacks)
    after = api_client.get(DETAIL)
    earlier = api_client.get(DETAIL, {"version": "1"}).json()

    assert (before.json()["version"], after.json()["version"]) == (1, 2)
    assert (earlier_before.json()["latest_version"], earlier["latest_version"]) == (1, 2)
    assert api_client.get(DETAIL, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_read_from_the_cache_without_a_query(api_client, published, django_assert_num_queries):
    api_client.get(DETAIL)

    with django_assert_num_queries(0):
        assert api_client.get(DETAIL).status_code == 200
    cache.clear()
    # The publication's version, the week's versions and the kept answer: never the snapshot.
    with django_assert_num_queries(3):
        assert api_client.get(DETAIL).status_code == 200


def test_an_answer_of_an_older_layout_is_encoded_again(api_client, published):
    """A new translation or layout: the kept body no longer matches, so it is made again."""
    MediaGridAnswer.objects.filter(language="en").update(layout="older", body=b"{}")

    response = api_client.get(DETAIL, HTTP_ACCEPT_LANGUAGE="en")

    assert response.content == _rendered(1, "en")
    assert MediaGridAnswer.objects.get(language="en").layout != "older"


def test_a_wrong_token_is_refused_still(api_client, published):
    assert api_client.get(DETAIL, HTTP_AUTHORIZATION="Token wrong").status_code == 401


def test_the_browsable_api_shows_the_same(api_client, published):
    response = api_client.get(DETAIL, HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "&quot;latest_version&quot;: 1" in response.content.decode()


def test_read_only(api_client, published, ministry_staff):
    api_client.force_authenticate(ministry_staff)
    assert api_client.post(LIST, {}).status_code == 405
    assert api_client.delete(DETAIL).status_code == 405
