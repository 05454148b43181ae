"""Public reads of the published directory are cached by its version (issue 7 §3): the
directory page, the agency page and the agencies and spokespersons API answer a second
anonymous request from the cache, with an ETag that `If-None-Match` turns into a 304, and a
published change (`publication_bump("directory")`) changes both the ETag and the content.
Members and the ministry, who see unpublished rows, are never answered from it."""

import pytest
from django.db.models.signals import post_init
from django.urls import reverse

from portal.directory.forms import DirectorySearchForm
from portal.directory.models import Agency
from portal.documents.services import publication_bump
from tests.factories import AgencyFactory, SpokespersonFactory

pytestmark = pytest.mark.django_db

DIRECTORY = "/en/directory/"
API_SPOKESPERSONS = "/api/v1/spokespersons/"
API_AGENCIES = "/api/v1/agencies/"


def publish(django_capture_on_commit_callbacks):
    """What the directory's services do when the ministry confirms a change."""
    with django_capture_on_commit_callbacks(execute=True):
        publication_bump("directory")


@pytest.mark.parametrize(
    "path",
    [DIRECTORY, DIRECTORY + "?region=astana&former=on", "agency", "/en/agencies/"],
)
def test_a_second_anonymous_page_view_is_served_from_the_cache(
    client, django_assert_max_num_queries, path
):
    spokesperson = SpokespersonFactory(surname_en="Cachedova")
    if path == "agency":
        path = spokesperson.agency.get_absolute_url()
    first = client.get(path)
    assert first.status_code == 200
    assert first["ETag"]
    with django_assert_max_num_queries(0):
        second = client.get(path)
    assert second.status_code == 200
    assert second["ETag"] == first["ETag"]
    assert second.content == first.content
    assert "Cookie" in second["Vary"]
    assert "public" in second["Cache-Control"]


def test_a_cached_page_carries_no_csrf_token_and_no_csp_nonce(client):
    SpokespersonFactory()
    client.get(DIRECTORY)
    cached = client.get(DIRECTORY)
    assert "csrfmiddlewaretoken" not in cached.content.decode()
    assert "nonce" not in cached.content.decode()
    assert "nonce" not in cached["Content-Security-Policy"]


def test_a_page_that_used_a_csrf_token_is_not_stored(client, monkeypatch):
    """Were a template to put a form with a token on an anonymous page, each visitor would
    still get a page of their own."""
    from django.middleware.csrf import get_token

    from portal.directory import views

    rendered = []

    def render_with_a_token(request, *args, **kwargs):
        rendered.append(get_token(request))
        return original(request, *args, **kwargs)

    original = views.render
    monkeypatch.setattr(views, "render", render_with_a_token)
    client.get(DIRECTORY)
    client.get(DIRECTORY)
    assert len(rendered) == 2


def test_if_none_match_answers_304_without_rendering(client, django_assert_num_queries):
    SpokespersonFactory()
    etag = client.get(DIRECTORY)["ETag"]
    with django_assert_num_queries(0):
        response = client.get(DIRECTORY, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


@pytest.mark.parametrize("path", [DIRECTORY, API_SPOKESPERSONS, "agency"])
def test_a_published_change_changes_the_etag_and_the_content(
    client, django_capture_on_commit_callbacks, path
):
    first_holder = SpokespersonFactory(surname_en="Firstova")
    if path == "agency":
        path = f"/en/agencies/{first_holder.agency.slug}/"
    before = client.get(path, headers={"accept-language": "en"})
    # Recorded and confirmed behind the cache's back: not shown until it is published.
    SpokespersonFactory(agency=first_holder.agency, surname_en="Secondova", post="unit")
    assert b"Secondova" not in client.get(path, headers={"accept-language": "en"}).content

    publish(django_capture_on_commit_callbacks)
    after = client.get(path, headers={"accept-language": "en"})
    assert after["ETag"] != before["ETag"]
    assert b"Secondova" in after.content
    assert client.get(path, headers={"if-none-match": before["ETag"]}).status_code == 200


def test_the_key_holds_the_language_and_the_query(client):
    SpokespersonFactory()
    etags = {
        client.get("/en/directory/")["ETag"],
        client.get("/ru/directory/")["ETag"],
        client.get("/en/directory/", {"region": "astana"})["ETag"],
        client.get(API_AGENCIES, headers={"accept-language": "ru"})["ETag"],
        client.get(API_AGENCIES, headers={"accept-language": "en"})["ETag"],
    }
    assert len(etags) == 5
    # The same parameters in another order are the same answer.
    assert (
        client.get("/en/directory/?region=astana&former=on")["ETag"]
        == client.get("/en/directory/?former=on&region=astana")["ETag"]
    )


def test_a_member_sees_their_unpublished_entries_not_the_cached_page(
    client, press_secretary, agency, django_capture_on_commit_callbacks
):
    SpokespersonFactory(agency=agency, surname_en="Publishedova")
    SpokespersonFactory(agency=agency, surname_en="Pendingova", confirmed_at=None, post="unit")
    pages = (DIRECTORY + "?former=on", f"/en/agencies/{agency.slug}/")
    for path in pages:
        anonymous = client.get(path).content.decode()
        assert "Publishedova" in anonymous
        assert "Pendingova" not in anonymous

    client.force_login(press_secretary)
    for path in pages:
        response = client.get(path)
        assert "Pendingova" in response.content.decode()
        assert "ETag" not in response
    api = client.get(API_SPOKESPERSONS, headers={"accept-language": "en"})
    assert "Pendingova" in api.content.decode()
    assert "ETag" not in api


def test_a_journalist_shares_the_api_cache_but_gets_their_own_page(
    client, journalist, django_assert_max_num_queries
):
    SpokespersonFactory()
    anonymous = client.get(API_SPOKESPERSONS)
    client.force_login(journalist)
    # The session, the user and their memberships: the answer itself comes from the cache.
    with django_assert_max_num_queries(3):
        shared = client.get(API_SPOKESPERSONS)
    assert shared["ETag"] == anonymous["ETag"]
    assert shared.content == anonymous.content
    page = client.get(DIRECTORY)
    assert "ETag" not in page  # the page carries the journalist's menu and a CSRF token
    assert journalist.username in page.content.decode() or b"logout" in page.content


def test_the_api_answers_vary_by_language_and_credentials(client):
    response = client.get(API_AGENCIES)
    assert response.status_code == 200
    vary = {part.strip() for part in response["Vary"].split(",")}
    assert {"Accept-Language", "Cookie", "Authorization"} <= vary
    assert "max-age=60" in response["Cache-Control"]


def test_a_second_anonymous_api_read_runs_no_query(client, django_assert_max_num_queries):
    spokesperson = SpokespersonFactory()
    for path in (
        API_SPOKESPERSONS,
        API_AGENCIES,
        reverse("api:agency-detail", kwargs={"slug": spokesperson.agency.slug}),
        reverse("api:spokesperson-detail", kwargs={"pk": spokesperson.pk}),
    ):
        first = client.get(path)
        assert first.status_code == 200, path
        with django_assert_max_num_queries(0):
            second = client.get(path)
        assert second.content == first.content
        assert second["Content-Type"] == first["Content-Type"]
        assert client.get(path, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_bad_filters_still_answer_400_in_the_api_and_the_form_error_on_the_page(client):
    AgencyFactory(slug="real")
    client.get(API_SPOKESPERSONS)
    for _ in range(2):
        response = client.get(API_SPOKESPERSONS, {"agency": "nope"})
        assert response.status_code == 400
        assert "agency" in response.json()
        page = client.get(DIRECTORY, {"agency": "nope"})
        assert "There is no agency “nope”" in page.content.decode()


# --- The agency picker ------------------------------------------------------------------


@pytest.fixture
def agency_objects_built():
    """How many Agency objects were built while the fixture was in use."""
    built = []

    def count(sender, instance, **kwargs):
        built.append(instance)

    post_init.connect(count, sender=Agency)
    yield built
    post_init.disconnect(count, sender=Agency)


@pytest.mark.parametrize("count", [3, 60])
def test_the_directory_page_builds_no_agency_for_its_picker(
    client, journalist, django_assert_num_queries, agency_objects_built, count
):
    """The same number of queries with 3 and with 60 agencies, and the only Agency objects
    built are the listed spokesperson's (a journalist's page is rendered every time)."""
    AgencyFactory.create_batch(count - 1)
    listed = SpokespersonFactory()
    client.force_login(journalist)
    agency_objects_built.clear()
    # Session, user, memberships (read once), unread count, the directory's version, the
    # picker's agencies (values), the count and the page of spokespersons.
    with django_assert_num_queries(8):
        response = client.get(DIRECTORY)
    assert [agency.pk for agency in agency_objects_built] == [listed.agency.pk]
    html = response.content.decode()
    assert html.count('<option value="agency-') == count
    assert f'<option value="{listed.agency.slug}">{listed.agency.name_en}</option>' in html


def test_the_picker_names_the_field_of_an_unknown_agency():
    AgencyFactory(slug="ministry-of-health")
    form = DirectorySearchForm({"agency": "ministry-of-wealth"})
    assert form.errors == {
        "agency": ["There is no agency “ministry-of-wealth”: choose one from the list."]
    }


def test_the_picker_takes_a_slug_or_a_typed_name_in_any_language(client):
    health = AgencyFactory(slug="health", name_kk="Денсаулық министрлігі", name_en="Health")
    SpokespersonFactory(agency=health, surname_en="Healthova")
    SpokespersonFactory(surname_en="Otherova")
    for typed in ("health", "денсаулық министрлігі", "HEALTH"):
        form = DirectorySearchForm({"agency": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["agency"].slug == "health"
        page = client.get(DIRECTORY, {"agency": typed}).content.decode()
        assert "Healthova" in page
        assert "Otherova" not in page
