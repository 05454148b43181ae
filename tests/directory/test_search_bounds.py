"""A search's cost must not grow without bound: its input is limited, its query linear."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models.sql.query import Query
from django.urls import reverse

from portal.directory import queries
from portal.directory.models import Agency, Spokesperson
from tests.factories import AgencyFactory, SpokespersonFactory

pytestmark = pytest.mark.django_db

LONG_QUERY = " ".join(["ab"] * 2000)  # a URL of about 4 KB, 14 s to build its query before
ELEVEN_WORDS = " ".join("abcdefghijk")


def test_the_api_answers_a_search_of_2000_words_with_400(api_client):
    response = api_client.get("/api/v1/spokespersons/", {"q": LONG_QUERY})
    assert response.status_code == 400
    assert list(response.json()) == ["q"]


def test_the_api_refuses_more_than_ten_words_naming_the_limit(api_client):
    response = api_client.get(
        "/api/v1/spokespersons/", {"q": ELEVEN_WORDS}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {"q": ["Search for at most 10 words."]}


def test_the_api_still_searches_ten_words(api_client):
    wanted = SpokespersonFactory(surname_en="Abenova", name_en="Dina")
    SpokespersonFactory(surname_en="Otherova")
    response = api_client.get("/api/v1/spokespersons/", {"q": " ".join(["aben", "din"] * 5)})
    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]


@pytest.mark.parametrize(
    ("url_name", "text"),
    [
        ("directory:spokesperson_list", LONG_QUERY),
        ("directory:spokesperson_list", ELEVEN_WORDS),
        ("directory:agency_list", LONG_QUERY),
        ("directory:agency_list", ELEVEN_WORDS),
    ],
)
def test_the_pages_show_a_search_too_long_as_a_form_error(client, url_name, text):
    SpokespersonFactory()
    response = client.get(reverse(url_name), {"q": text}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["q"]
    assert list(response.context["page"].object_list) == []
    assert str(response.context["form"].errors["q"][0]) in response.content.decode()


def test_the_pages_name_the_word_limit(client):
    response = client.get("/en/directory/", {"q": ELEVEN_WORDS})
    assert response.context["form"].errors["q"] == ["Search for at most 10 words."]


@pytest.mark.parametrize(
    ("search", "queryset"),
    [
        (queries.directory_search, Spokesperson.objects.all),
        (queries.agency_search, Agency.objects.all),
    ],
)
def test_the_query_functions_refuse_unbounded_input_themselves(search, queryset):
    with pytest.raises(ValidationError):
        search(queryset(), text=" ".join(["ab"] * 200))


@pytest.fixture
def query_copies(monkeypatch):
    """How many times the SQL query was copied: each `.filter()` copies it whole."""
    copies = []
    chain = Query.chain

    def counting_chain(query, *args, **kwargs):
        copies.append(query)
        return chain(query, *args, **kwargs)

    monkeypatch.setattr(Query, "chain", counting_chain)
    return copies


@pytest.mark.parametrize(
    ("search", "queryset"),
    [
        (queries.directory_search, Spokesperson.objects.all),
        (queries.agency_search, Agency.objects.all),
    ],
)
def test_a_search_copies_the_query_once_whatever_the_number_of_words(
    search, queryset, query_copies
):
    """One `.filter()` for the whole text: chaining one per word copied the growing query
    each time, so building it cost the square of the words."""
    start = queryset()
    search(start, text="ab")
    one_word = len(query_copies)
    query_copies.clear()
    search(start, text=" ".join("abcdefghij"))
    assert len(query_copies) == one_word == 1


def test_each_word_is_matched_in_any_language_and_all_words_must_match():
    both = AgencyFactory(name_kk="Денсаулық сақтау", name_en="Health")
    AgencyFactory(name_kk="Денсаулық", name_en="Sport")
    found = queries.agency_search(Agency.objects.all(), text="денсаулық health")
    assert list(found) == [both]


def test_a_search_too_long_gets_one_message_naming_the_limit(client, api_client):
    page = client.get("/en/directory/", {"q": "x" * 101})
    api = api_client.get("/api/v1/spokespersons/", {"q": "x" * 101}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["form"].errors["q"] == ["Search for at most 100 characters."]
    assert api.json() == {"q": ["Search for at most 100 characters."]}
