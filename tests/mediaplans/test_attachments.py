"""Documents on a plan and its items (000 §2.1; issue 9 item 1): the press office attaches
them on the plan's page while it may change the items; the file is checked by its name and
first bytes; only those who may see the plan download it (another agency's press secretary
gets a 404); the plan's API lists them read only; the admin shows them."""

import io
import os
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from mediaplans import services
from mediaplans.models import PlanAttachment
from tests.factories import MembershipFactory, UserFactory

from .conftest import item_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(name="concept.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def form(file=None, **fields):
    return {
        "title_kk": "Тұжырымдама",
        "title_ru": "Концепция",
        "title_en": "",
        "item": "",
        "file": file or upload(),
        **fields,
    }


def add_url(plan):
    return f"/en/media-plans/{plan.pk}/attachments/"


def download_url(attachment):
    return reverse(
        "mediaplans:attachment_download",
        kwargs={"pk": attachment.plan_id, "attachment_pk": attachment.pk},
    )


def stored_files(settings) -> list[str]:
    root = os.path.join(settings.MEDIA_ROOT, "mediaplan-attachments")
    return [name for _dir, _dirs, names in os.walk(root) for name in names]


def test_the_press_secretary_attaches_a_document_to_an_item(client, plan, press_secretary):
    client.force_login(press_secretary)
    item = plan.items.order_by("position").first()
    response = client.post(add_url(plan), form(item=str(item.pk), file=upload("c.docx", docx())))
    assert response.status_code == 302
    attachment = PlanAttachment.objects.get()
    assert (attachment.item, attachment.title_kk, attachment.uploaded_by) == (
        item,
        "Тұжырымдама",
        press_secretary,
    )
    assert attachment.file.name.startswith(f"mediaplan-attachments/{plan.pk}/")
    assert "c.docx" not in attachment.file.name  # the portal's own name
    page = client.get(f"/en/media-plans/{plan.pk}/").content.decode()
    assert download_url(attachment) in page


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (upload("c.pdf", b"<html><script>alert(1)</script>"), "not a PDF file"),
        (upload("c.exe", b"MZ\x90\x00"), "Only these files can be attached"),
        (upload("c.pdf", b""), "file is empty"),
    ],
)
def test_a_bad_file_is_refused_with_a_translated_message_and_nothing_stored(
    client, plan, press_secretary, settings, file, message
):
    client.force_login(press_secretary)
    response = client.post(add_url(plan), form(file=file))
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert "Концепция" in content  # what was typed is kept
    assert not PlanAttachment.objects.exists()
    assert stored_files(settings) == []


@override_settings(EVENT_ATTACHMENT_MAX_MB=0)
def test_a_file_too_large_is_refused(client, plan, press_secretary, settings):
    client.force_login(press_secretary)
    response = client.post(add_url(plan), form())
    assert response.status_code == 400
    assert "larger than 0 MB" in response.content.decode()
    assert not PlanAttachment.objects.exists()


def test_a_title_is_needed_in_some_language(client, plan, press_secretary):
    client.force_login(press_secretary)
    response = client.post(add_url(plan), form(title_kk="", title_ru=""))
    assert response.status_code == 400
    assert "title in at least one language" in response.content.decode()


def test_the_service_refuses_an_item_of_another_plan(plan, other_agency, press_secretary):
    other = services.plan_create(agency=other_agency, year=2027, by=None)
    item = services.item_add(plan=other, by=None, data=item_data())
    with pytest.raises(ValidationError):
        services.attachment_add(plan=plan, item=item, title="x", file=upload(), by=press_secretary)
    assert not PlanAttachment.objects.exists()


@pytest.fixture
def attachment(plan, press_secretary):
    return services.attachment_add(
        plan=plan, title={"ru": "Концепция"}, file=upload(), by=press_secretary
    )


def test_the_download_is_for_those_who_see_the_plan(
    client, attachment, press_secretary, ministry_staff, journalist, other_agency
):
    client.force_login(press_secretary)
    response = client.get(download_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment;" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    client.force_login(ministry_staff)
    assert client.get(download_url(attachment)).status_code == 200
    stranger = UserFactory()
    MembershipFactory(user=stranger, agency=other_agency, role="press_secretary")
    for user in (stranger, journalist):
        client.force_login(user)
        assert client.get(download_url(attachment)).status_code == 404
    client.logout()
    assert client.get(download_url(attachment)).status_code == 302  # to the sign-in


def test_removing_deletes_the_file_after_the_commit(
    client, attachment, press_secretary, settings, django_capture_on_commit_callbacks
):
    assert len(stored_files(settings)) == 1
    client.force_login(press_secretary)
    url = reverse(
        "mediaplans:attachment_remove",
        kwargs={"pk": attachment.plan_id, "attachment_pk": attachment.pk},
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not PlanAttachment.objects.exists()
    assert stored_files(settings) == []


def test_an_approved_plan_takes_no_attachment_until_a_revision_opens(
    client, plan, press_secretary, ministry_staff
):
    services.plan_submit(plan=plan, by=press_secretary)
    services.plan_approve(plan=plan, by=ministry_staff)
    client.force_login(press_secretary)
    assert client.post(add_url(plan), form()).status_code == 403
    plan.refresh_from_db()
    with pytest.raises(ValidationError):
        services.attachment_add(plan=plan, title="x", file=upload(), by=press_secretary)


def test_the_plans_api_lists_its_attachments_read_only(attachment, press_secretary):
    client = APIClient()
    client.force_authenticate(press_secretary)
    data = client.get(f"/api/v1/media-plans/{attachment.plan_id}/").json()
    assert data["attachments"] == [
        {
            "id": attachment.pk,
            "item": None,
            "title": attachment.title,
            "content_type": "application/pdf",
            "size": len(PDF),
            "url": "http://testserver" + download_url(attachment),
            "created_at": data["attachments"][0]["created_at"],
        }
    ]


def test_the_admin_shows_them_read_only(client, attachment, ministry_staff):
    client.force_login(ministry_staff)
    page = client.get(f"/en/admin/mediaplans/mediaplan/{attachment.plan_id}/change/")
    assert page.status_code == 200
    assert download_url(attachment) in page.content.decode()


def test_the_plan_page_reads_its_attachments_in_one_query(
    client, plan, press_secretary, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(press_secretary)
    services.attachment_add(plan=plan, title="one", file=upload(), by=press_secretary)
    client.get(f"/en/media-plans/{plan.pk}/")
    with CaptureQueriesContext(connection) as two:
        client.get(f"/en/media-plans/{plan.pk}/")
    for number in range(8):
        item = plan.items.first() if number % 2 else None
        services.attachment_add(
            plan=plan, item=item, title=f"n{number}", file=upload(), by=press_secretary
        )
    with CaptureQueriesContext(connection) as ten:
        client.get(f"/en/media-plans/{plan.pk}/")
    assert len(ten) == len(two)
