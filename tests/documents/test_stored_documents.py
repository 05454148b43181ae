"""The directory PDF is built in Celery and stored per language, version of the directory and
filter (issue 7 §3): the first request queues one build and shows its progress, the next
ones queue nothing, and once built it is served like a static file, with ETag and 304. A
bad filter answers 400; an anonymous address that starts too many builds gets 429."""

import dataclasses
import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from portal.documents.choices import DocumentStatus
from portal.documents.models import StoredDocument
from portal.documents.services import (
    STALE_CLAIM,
    document_build,
    document_request,
    publication_bump,
)
from tests.core.test_pdf import pdf_text
from tests.factories import AgencyFactory, SpokespersonFactory

from .helpers import build_queued, get_built

pytestmark = pytest.mark.django_db

PDF = "/en/directory/pdf/"


def media_files(settings) -> list[Path]:
    return sorted(path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


def test_the_first_request_queues_one_build_and_shows_its_progress(
    client, django_capture_on_commit_callbacks
):
    SpokespersonFactory()
    with django_capture_on_commit_callbacks() as first:
        response = client.get(PDF)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["Refresh"] == "3"
    assert "no-store" in response["Cache-Control"]
    assert "The file is being prepared" in response.content.decode()
    assert len(first) == 1  # the build, sent to the broker on commit
    with django_capture_on_commit_callbacks() as second:
        assert client.get(PDF).status_code == 200
    assert second == []
    document = StoredDocument.objects.get()
    assert (document.kind, document.language, document.version, document.filters) == (
        "directory",
        "en",
        0,
        {},
    )
    assert document.status == DocumentStatus.QUEUED


def test_once_built_it_is_served_like_a_static_file(client, settings):
    SpokespersonFactory(surname_en="Abenova")
    response = get_built(client, PDF)
    document = StoredDocument.objects.get()
    content = response.getvalue()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["ETag"] == f'"{hashlib.sha256(content).hexdigest()}"'
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"]
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'inline; filename="spokespersons-en-{today}.pdf"'
    assert "Abenova" in pdf_text(content)
    assert (document.status, document.progress, document.size) == ("done", 100, len(content))
    assert media_files(settings) == [Path(settings.MEDIA_ROOT) / document.file.name]

    again = client.get(PDF, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    since = client.get(PDF, headers={"if-modified-since": response["Last-Modified"]})
    assert since.status_code == 304


def test_a_built_document_is_found_without_a_query_until_its_file_is_gone(
    client, django_assert_num_queries
):
    SpokespersonFactory()
    get_built(client, PDF)
    document = StoredDocument.objects.get()
    with django_assert_num_queries(0):
        assert client.get(PDF).status_code == 200

    default_storage.delete(document.file.name)
    gone = client.get(PDF)

    assert gone["Refresh"] == "3"  # built again, not served from the cached row
    assert StoredDocument.objects.get().status == DocumentStatus.QUEUED
    assert get_built(client, PDF)["Content-Type"] == "application/pdf"


def test_each_language_has_its_own_document(client):
    SpokespersonFactory()
    get_built(client, "/kk/directory/pdf/")
    get_built(client, "/ru/directory/pdf/")
    assert sorted(StoredDocument.objects.values_list("language", "status")) == [
        ("kk", "done"),
        ("ru", "done"),
    ]


def test_a_build_that_runs_twice_makes_one_file(settings):
    SpokespersonFactory()
    document = document_request(kind="directory", language="en", filters={})
    assert document_build(document_id=document.pk) == "done"
    assert document_build(document_id=document.pk) == "not claimed"
    assert len(media_files(settings)) == 1


def test_a_build_left_by_a_dead_worker_is_taken_over_without_a_second_file(settings):
    SpokespersonFactory()
    document = document_request(kind="directory", language="en", filters={})
    long_ago = timezone.now() - STALE_CLAIM - dt.timedelta(minutes=1)
    StoredDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RUNNING, claim="dead", claimed_at=long_ago, progress=70
    )
    name = f"documents/directory/en/0-{document.filter_key}.pdf"
    default_storage.save(name, io.BytesIO(b"half a file"))

    # Not taken over while the claim is fresh...
    StoredDocument.objects.filter(pk=document.pk).update(claimed_at=timezone.now())
    assert document_build(document_id=document.pk) == "not claimed"
    # ...but once it is stale.
    StoredDocument.objects.filter(pk=document.pk).update(claimed_at=long_ago)
    assert document_build(document_id=document.pk) == "done"
    document.refresh_from_db()
    assert document.file.name == name
    assert media_files(settings) == [Path(settings.MEDIA_ROOT) / name]
    assert default_storage.open(name).read(4) == b"%PDF"


def test_a_gone_document_is_logged_and_left(caplog):
    assert document_build(document_id=404) == "not claimed"


def test_a_failed_build_says_so_and_is_tried_again_later(client, monkeypatch):
    from portal.documents import registry

    kind = registry.get_kind("directory")

    def broken(**kwargs):
        raise ValueError("the disk is full")

    monkeypatch.setitem(registry.KINDS, "directory", dataclasses.replace(kind, build=broken))
    client.get(PDF)
    assert build_queued() == ["failed"]
    document = StoredDocument.objects.get()
    assert document.status == DocumentStatus.FAILED
    assert "the disk is full" in document.error
    page = client.get(PDF)
    assert "could not be prepared" in page.content.decode()
    assert "Refresh" not in page
    StoredDocument.objects.update(finished_at=timezone.now() - dt.timedelta(minutes=6))
    monkeypatch.setitem(registry.KINDS, "directory", kind)
    assert get_built(client, PDF)["Content-Type"] == "application/pdf"


def test_a_published_change_makes_a_new_document_and_removes_the_old(
    client, settings, django_capture_on_commit_callbacks
):
    SpokespersonFactory(surname_en="Firstova")
    get_built(client, PDF)
    old = StoredDocument.objects.get()
    SpokespersonFactory(surname_en="Secondova", agency=AgencyFactory())
    with django_capture_on_commit_callbacks(execute=True):
        publication_bump("directory")

    waiting = client.get(PDF)
    assert waiting["Content-Type"].startswith("text/html")
    build_queued()
    response = client.get(PDF)
    assert "Secondova" in pdf_text(response.getvalue())
    new = StoredDocument.objects.get()
    assert new.version == old.version + 1
    assert media_files(settings) == [Path(settings.MEDIA_ROOT) / new.file.name]


def test_a_filtered_pdf_states_its_filter_and_the_dates_of_former_holders(client):
    agency = AgencyFactory(name_en="Ministry of Health", region="astana", slug="health")
    SpokespersonFactory(
        agency=agency,
        surname_en="Formerova",
        appointed_on=dt.date(2019, 3, 1),
        left_on=dt.date(2021, 5, 31),
    )
    SpokespersonFactory(agency=agency, surname_en="Currentova", appointed_on=dt.date(2021, 6, 1))
    SpokespersonFactory(surname_en="Elsewhereova")
    query = {"agency": "health", "region": "astana", "q": "ova", "former": "on"}

    text = pdf_text(get_built(client, PDF, query).getvalue())
    assert (
        "Filter: Agency: Ministry of Health; Region: Astana; Name contains: ova; "
        "including former spokespersons"
    ) in " ".join(text.split())
    assert "01.03.2019 – 31.05.2021" in text
    assert "01.06.2021 – now" in text
    assert "Elsewhereova" not in text
    # Cached by its filter: the same filter in another order is the same document.
    assert (
        client.get(PDF + "?former=on&q=ova&region=astana&agency=health")["Content-Type"]
        == "application/pdf"
    )
    assert StoredDocument.objects.count() == 1


def test_the_unfiltered_pdf_says_what_it_lists(client):
    SpokespersonFactory()
    text = pdf_text(get_built(client, PDF).getvalue())
    assert "All agencies and regions, spokespersons in the post today." in " ".join(text.split())


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"agency": "nope"}, "agency", "There is no agency “nope”: choose one from the list."),
        (
            {"region": "xx"},
            "region",
            "Select a valid choice. xx is not one of the available choices.",
        ),
        ({"q": "x" * 101}, "q", "Search for at most 100 characters."),
    ],
)
def test_a_bad_filter_answers_400_with_the_form_errors(client, query, field, message):
    response = client.get(PDF, query)
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert message in response.content.decode()
    assert not StoredDocument.objects.exists()


def test_a_bad_filter_is_refused_in_kazakh_too(client):
    response = client.get("/kk/directory/pdf/", {"region": "xx"})
    assert response.status_code == 400
    assert response.context["form"].errors["region"] != [
        "Select a valid choice. xx is not one of the available choices."
    ]


def test_anonymous_builds_are_limited_per_address(client, settings, press_secretary):
    settings.DOCUMENT_BUILDS_PER_HOUR = 2
    for region in ("astana", "almaty_city"):
        assert client.get(PDF, {"region": region}).status_code == 200
    # Asking again for a document already queued starts nothing, so it is not counted.
    assert client.get(PDF, {"region": "astana"}).status_code == 200
    refused = client.get(PDF, {"region": "shymkent"})
    assert refused.status_code == 429
    assert "Too many documents requested" in refused.content.decode()
    assert int(refused["Retry-After"]) <= 3600
    assert StoredDocument.objects.count() == 2
    # Another address, and a signed-in user, are not limited by this one.
    assert client.get(PDF, {"region": "shymkent"}, REMOTE_ADDR="10.0.0.2").status_code == 200
    client.force_login(press_secretary)
    assert client.get(PDF, {"region": "turkistan"}).status_code == 200
    # A built document is served to the limited address.
    client.logout()
    build_queued()
    assert client.get(PDF, {"region": "astana"})["Content-Type"] == "application/pdf"


def test_every_kinds_file_name_fits_its_column():
    """PostgreSQL refuses a name longer than the column (SQLite, the demo's, does not): the
    weekly-information PDF's name was 102 characters against Django's default 100."""
    import mimetypes

    from portal.documents.registry import KINDS

    longest = max(
        len(
            f"documents/{kind.name}/kk/{10**9}-{'0' * 64}"
            f"{mimetypes.guess_extension(kind.content_type)}"
        )
        for kind in KINDS.values()
    )
    assert longest <= StoredDocument._meta.get_field("file").max_length
