"""Monitoring's pages and API: the publications list with its filters and saved searches
in a fixed number of queries, a publication's matched terms and tone words, the ministry's
override and flag, the sources' states, and cases each agency sees only its own of."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring import services
from monitoring.models import AgencyRule, Feed, Outlet, Publication, ResonanceCase, SavedSearch
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def outlet(db):
    return Outlet.objects.create(name="Tengri", kind="news_site", language="ru", reach=10)


def ingest(outlet, n, *, title="Новость", text="Министерство здравоохранения сообщило."):
    return services.publication_ingest(
        url=f"https://tengri.kz/{n}",
        title=f"{title} {n} {'абв' * n}",
        text=text,
        outlet=outlet,
        html_lang="ru",
    )[0]


@pytest.fixture
def matched(agency, outlet):
    AgencyRule.objects.create(agency=agency, term="Министерство здравоохранения", language="ru")
    return ingest(outlet, 1, title="Жалобы на Министерство здравоохранения")


def test_the_list_runs_a_fixed_number_of_queries(client, press_secretary, agency, outlet):
    AgencyRule.objects.create(agency=agency, term="Министерство здравоохранения", language="ru")
    client.force_login(press_secretary)
    url = reverse("monitoring:publication_list")

    def count(rows):
        for n in range(Publication.objects.count(), rows):
            services.case_open(
                publication=ingest(outlet, n), agency=agency, reason="x", source="ministry"
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count(2) == count(10)


def test_the_filters_find_by_words_tone_agency_and_flag(
    client, press_secretary, agency, outlet, matched
):
    plain = ingest(outlet, 2, title="Погода", text="Солнечно.")
    client.force_login(press_secretary)
    url = reverse("monitoring:publication_list")

    def titles(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return {p.pk for p in response.context["page"].object_list}

    assert titles(q="жалобы") == {matched.pk}
    assert titles(tone="negative") == {matched.pk}
    assert titles(agency=agency.slug) == {matched.pk}
    assert titles(language="ru") == {matched.pk, plain.pk}
    services.case_open(publication=matched, agency=agency, reason="x", source="ministry")
    assert titles(flagged="yes") == {matched.pk}
    assert titles(flagged="no") == {plain.pk}
    assert client.get(url, {"tone": "awful"}).status_code == 400
    assert client.get(url, {"date_from": "2026-12-02", "date_to": "2026-12-01"}).status_code == 400


def test_another_agencys_flag_is_not_shown_to_a_press_secretary(
    client, press_secretary, outlet, matched
):
    other = AgencyFactory()
    services.case_open(publication=matched, agency=other, reason="SECRET-B", source="ministry")
    client.force_login(press_secretary)
    listing = client.get(reverse("monitoring:publication_list"), {"flagged": "yes"})
    assert list(listing.context["page"].object_list) == []
    detail = client.get(reverse("monitoring:publication_detail", args=[matched.pk]))
    assert b"SECRET-B" not in detail.content
    case = ResonanceCase.objects.get()
    assert client.get(reverse("monitoring:case_detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("api:monitoring-case-detail", args=[case.pk])).status_code == 404


def test_a_saved_search_keeps_the_filters_and_lists_them_again(
    client, press_secretary, matched, agency
):
    client.force_login(press_secretary)
    response = client.post(
        reverse("monitoring:saved_search_save"),
        {"name": "Жалобы", "tone": "negative", "agency": agency.slug, "q": ""},
    )
    search = SavedSearch.objects.get()
    assert search.query == {"tone": "negative", "agency": agency.slug}
    assert response["Location"] == search.get_absolute_url()
    again = client.get(response["Location"])
    assert [p.pk for p in again.context["page"].object_list] == [matched.pk]
    assert "Жалобы" in again.content.decode()


def test_a_publication_shows_its_matched_terms_and_tone_words(client, press_secretary, matched):
    client.force_login(press_secretary)
    page = client.get(f"/en/monitoring/publications/{matched.pk}/").content.decode()
    assert "Министерство здравоохранения" in page
    assert "жалоба" in page
    assert "Override the tone" not in page  # the ministry's


def test_the_ministry_overrides_the_tone_on_the_page(client, ministry_staff, matched):
    client.force_login(ministry_staff)
    url = reverse("monitoring:publication_tone", args=[matched.pk])
    assert client.post(url, {"tone": "neutral", "reason": ""}).status_code == 400
    response = client.post(url, {"tone": "neutral", "reason": "Ирония"})
    assert response.status_code == 302
    page = client.get(f"/en/monitoring/publications/{matched.pk}/").content.decode()
    assert "Ирония" in page and "overridden" in page


def test_the_ministry_flags_by_hand_and_the_agency_works_the_case(
    client, ministry_staff, press_secretary, agency, matched
):
    client.force_login(ministry_staff)
    response = client.post(
        reverse("monitoring:publication_flag", args=[matched.pk]),
        {"agency": agency.pk, "reason": "Критика в соцсетях"},
    )
    case = ResonanceCase.objects.get()
    assert response["Location"] == case.get_absolute_url()
    assert (case.source, case.flagged_by) == ("ministry", ministry_staff)

    client.force_login(press_secretary)
    assert client.get(reverse("monitoring:case_list")).context["page"].object_list[0] == case
    assert client.post(reverse("monitoring:case_head_informed", args=[case.pk])).status_code == 302
    assert (
        client.post(reverse("monitoring:case_response", args=[case.pk]), {"kind": "x"}).status_code
        == 400
    )
    client.post(
        reverse("monitoring:case_response", args=[case.pk]),
        {"kind": "press_release", "result_url": "https://gov.kz/pr/1"},
    )
    response = case.responses.get()
    client.post(reverse("monitoring:case_close", args=[case.pk]), {"response": response.pk})
    case.refresh_from_db()
    assert case.state == "closed" and case.head_informed_at is not None
    # Closed: no step is offered any more, and a late one is refused.
    assert client.post(reverse("monitoring:case_response", args=[case.pk])).status_code == 403


def test_the_sources_page_shows_each_feeds_state_and_error(client, ministry_staff, outlet):
    Feed.objects.create(
        outlet=outlet, url="https://tengri.kz/rss", state="error", failures=3, error="No answer"
    )
    client.force_login(ministry_staff)
    page = client.get("/en/monitoring/sources/").content.decode()
    assert "https://tengri.kz/rss" in page and "No answer" in page and "Failing" in page


def test_a_manual_entry_is_queued_for_a_task(
    client, ministry_staff, django_capture_on_commit_callbacks
):
    client.force_login(ministry_staff)
    url = reverse("monitoring:manual_entry")
    assert client.post(url, {"url": "not an address"}).status_code == 400
    assert client.post(url).status_code == 400  # an empty form
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url, {"url": "https://instagram.com/p/1"})
    assert response.status_code == 302
    assert len(callbacks) == 1


def test_the_api_lists_publications_and_scoped_cases(api_client, press_secretary, agency, matched):
    other_case = services.case_open(
        publication=matched, agency=AgencyFactory(), reason="x", source="ministry"
    )
    own_case = services.case_open(publication=matched, agency=agency, reason="x", source="auto")
    api_client.force_authenticate(press_secretary)
    publications = api_client.get("/api/v1/monitoring/publications/").json()
    assert publications["results"][0]["matches"] == [
        {"agency": agency.slug, "terms": ["Министерство здравоохранения"]}
    ]
    cases = api_client.get("/api/v1/monitoring/cases/").json()["results"]
    assert [case["id"] for case in cases] == [own_case.pk]
    assert other_case.pk != own_case.pk
    assert api_client.get("/api/v1/monitoring/cases/", {"stat": "x"}).status_code == 400
