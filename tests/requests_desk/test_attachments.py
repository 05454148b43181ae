"""Files sent with the public form (issue 10 items 2 and 10): checked by their content, a
refused one refuses the whole request with nothing stored, served only through a
permission check; the hourly limit comes from the settings."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from portal.notifications.models import Notification
from requests_desk.models import InformationRequest, RequestAttachment

from ..factories import MembershipFactory, UserFactory
from .test_pages import form_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_files_sent_with_the_form_are_kept_with_the_request(agency):
    response = Client().post(
        "/en/requests/new/",
        {
            **form_data(agency),
            "attachments": [
                SimpleUploadedFile("scan.pdf", PDF),
                SimpleUploadedFile("photo.png", PNG),
            ],
        },
    )
    assert response.status_code == 302
    case = InformationRequest.objects.get()
    assert sorted(case.attachments.values_list("title", flat=True)) == ["photo.png", "scan.pdf"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("letter.pdf", b"<html><script>", "letter.pdf: The file&#x27;s content is not a PDF file"),
        ("tool.exe", b"MZ\x90\x00", "tool.exe: Only these files can be attached"),
    ],
)
def test_a_refused_file_refuses_the_request_and_stores_nothing(
    agency, settings, name, content, message
):
    response = Client().post(
        "/en/requests/new/",
        {
            **form_data(agency),
            "attachments": [SimpleUploadedFile("scan.pdf", PDF), SimpleUploadedFile(name, content)],
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not InformationRequest.objects.exists()
    assert not RequestAttachment.objects.exists()
    assert not Notification.objects.exists()
    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, "request-attachments"))


def test_an_oversized_file_is_a_clear_error(agency, settings):
    settings.EVENT_ATTACHMENT_MAX_MB = 0
    response = Client().post(
        "/en/requests/new/",
        {**form_data(agency), "attachments": [SimpleUploadedFile("scan.pdf", PDF)]},
    )
    assert response.status_code == 400
    assert "larger than 0 MB" in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_the_files_are_served_only_to_the_agencys_staff(
    agency, other_agency, press_secretary, ministry_staff
):
    Client().post(
        "/en/requests/new/",
        {**form_data(agency), "attachments": [SimpleUploadedFile("scan.pdf", PDF)]},
    )
    file = RequestAttachment.objects.get()
    url = reverse("requests_desk:request_attachment", args=[file.request_id, file.pk])
    staff = Client()
    staff.force_login(press_secretary)
    response = staff.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    outsider = Client()
    other = UserFactory()
    MembershipFactory(user=other, role="press_secretary", agency=other_agency)
    outsider.force_login(other)
    assert outsider.get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_the_hourly_limit_is_a_setting(agency, settings):
    settings.REQUESTS_PUBLIC_PER_HOUR = 1
    client = Client()
    assert client.post("/en/requests/new/", form_data(agency)).status_code == 302
    refused = client.post("/en/requests/new/", form_data(agency))
    assert refused.status_code == 400
    assert InformationRequest.objects.count() == 1
