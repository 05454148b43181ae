"""Reference materials asked by the authorized body (004 §12–13; issue 10 item 1): one
deadline per addressed agency, answers with files checked by content, escalation of the
overdue, and each agency reading only its own answer."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from portal.deadlines.choices import DeadlineState
from portal.deadlines.models import Deadline
from portal.deadlines.services import deadlines_escalate, deadlines_mark_overdue
from portal.directory.choices import Role
from portal.notifications.models import Notification
from requests_desk import services
from requests_desk.models import ReferenceAnswer, ReferenceFile, ReferenceRequest

from ..factories import MembershipFactory, UserFactory
from .conftest import at

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def pdf(name="table.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


def ask(by, agencies, when=None, **fields):
    data = {
        "topic": "Мектептер саны",
        "kinds": ["statistics", "infographics"],
        "text": "2025 жылғы мектептер саны туралы статистика.",
        "agencies": agencies,
        "at": when or at(2026, 2, 11),
        **fields,
    }
    return services.reference_request_create(by=by, **data)


@pytest.fixture
def other_secretary(other_agency):
    user = UserFactory()
    MembershipFactory(user=user, role=Role.PRESS_SECRETARY, agency=other_agency)
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_each_addressed_agency_gets_its_answer_due_one_working_day_after_receipt(
    ministry_staff, agency, other_agency, press_secretary, other_secretary
):
    reference = ask(ministry_staff, [agency, other_agency], when=at(2026, 2, 13))  # a Friday
    answers = list(reference.answers.order_by("agency_id"))
    assert [answer.agency for answer in answers] == [agency, other_agency]
    monday = at(2026, 2, 16, 18)
    assert all(answer.due_at == monday for answer in answers)
    deadlines = Deadline.objects.filter(rule__code="reference-materials")
    assert sorted(deadlines.values_list("agency_id", flat=True)) == [agency.pk, other_agency.pk]
    told = Notification.objects.filter(key__startswith="reference:")
    assert {n.recipient for n in told} == {press_secretary, other_secretary}


def test_the_notice_is_in_the_secretarys_language(ministry_staff, agency, press_secretary):
    press_secretary.preferred_language = "en"
    press_secretary.save()
    ask(ministry_staff, [agency])
    notice = Notification.objects.get(recipient=press_secretary)
    assert notice.subject == "Reference materials asked for: Мектептер саны"
    assert "Order No. 159" in notice.body_text


def test_a_request_without_agencies_or_kinds_is_refused_and_nothing_is_stored(ministry_staff):
    with pytest.raises(ValidationError) as error:
        ask(ministry_staff, [], kinds=["gossip"])
    assert set(error.value.message_dict) == {"agencies", "kinds"}
    assert not ReferenceRequest.objects.exists()


def test_an_answer_on_time_meets_the_deadline_with_its_files(
    ministry_staff, agency, press_secretary
):
    reference = ask(ministry_staff, [agency])
    answer = reference.answers.get()
    services.reference_answer(
        answer=answer, by=press_secretary, text="1 200 мектеп.", files=[pdf()], at=at(2026, 2, 12)
    )
    answer.refresh_from_db()
    assert not answer.late and answer.files.count() == 1
    deadline = Deadline.objects.get(rule__code="reference-materials")
    assert deadline.state == DeadlineState.DONE_ON_TIME


def test_a_late_answer_is_marked_late(ministry_staff, agency, press_secretary):
    answer = ask(ministry_staff, [agency]).answers.get()
    services.reference_answer(answer=answer, by=press_secretary, text="Кеш.", at=at(2026, 2, 13))
    answer.refresh_from_db()
    assert answer.late
    assert Deadline.objects.get(rule__code="reference-materials").state == DeadlineState.DONE_LATE


def test_an_agency_answers_once(ministry_staff, agency, press_secretary):
    answer = ask(ministry_staff, [agency]).answers.get()
    services.reference_answer(answer=answer, by=press_secretary, text="Жауап.")
    with pytest.raises(ValidationError):
        services.reference_answer(answer=answer, by=press_secretary, text="Тағы.")


def test_a_refused_file_refuses_the_answer_and_stores_nothing(
    ministry_staff, agency, press_secretary
):
    answer = ask(ministry_staff, [agency]).answers.get()
    with pytest.raises(ValidationError) as error:
        services.reference_answer(
            answer=answer,
            by=press_secretary,
            text="Жауап.",
            files=[pdf(), pdf("virus.pdf", b"MZ\x90\x00 not a pdf")],
        )
    assert "virus.pdf" in str(error.value)
    answer.refresh_from_db()
    assert answer.answered_at is None
    assert not ReferenceFile.objects.exists()


def test_an_overdue_answer_escalates_to_the_head(
    ministry_staff, agency, press_secretary, agency_head
):
    ask(ministry_staff, [agency], when=at(2026, 2, 11))
    later = at(2026, 2, 13)
    deadlines_mark_overdue(now=later)
    deadlines_escalate(now=later)
    assert Notification.objects.filter(recipient=agency_head).exists()


def test_the_ministry_sees_every_answer_side_by_side_and_an_agency_only_its_own(
    ministry_staff, agency, other_agency, press_secretary, other_secretary
):
    reference = ask(ministry_staff, [agency, other_agency])
    for answer, secretary, text in (
        (reference.answers.get(agency=agency), press_secretary, "Біздің жауап A"),
        (reference.answers.get(agency=other_agency), other_secretary, "Басқа жауап B"),
    ):
        services.reference_answer(answer=answer, by=secretary, text=text)
    url = f"/en{reference_url(reference)}"
    ministry = client_for(ministry_staff).get(url).content.decode()
    assert "Біздің жауап A" in ministry and "Басқа жауап B" in ministry
    own = client_for(press_secretary).get(url).content.decode()
    assert "Біздің жауап A" in own and "Басқа жауап B" not in own


def reference_url(reference):
    with translation.override("en"):
        return reverse("requests_desk:reference_detail", args=[reference.pk])[3:]


def test_a_request_not_addressed_to_the_agency_is_not_there(
    ministry_staff, other_agency, press_secretary
):
    reference = ask(ministry_staff, [other_agency])
    assert client_for(press_secretary).get(f"/en{reference_url(reference)}").status_code == 404


def test_the_answer_form_is_for_the_agencys_own_answer(
    ministry_staff, agency, other_agency, press_secretary
):
    reference = ask(ministry_staff, [agency, other_agency])
    own = reference.answers.get(agency=agency)
    other = reference.answers.get(agency=other_agency)
    client = client_for(press_secretary)
    answer_url = "requests_desk:reference_answer"
    assert client.get(reverse(answer_url, args=[reference.pk, other.pk])).status_code == 404
    assert (
        client_for(ministry_staff).get(reverse(answer_url, args=[reference.pk, own.pk])).status_code
        == 403
    )
    response = client.post(
        reverse(answer_url, args=[reference.pk, own.pk]),
        {"text": "Жауап <b>бар</b>", "files": [pdf()]},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.answered_at is not None


def test_a_file_of_another_size_or_type_is_a_clear_error_on_the_form(
    ministry_staff, agency, press_secretary
):
    reference = ask(ministry_staff, [agency])
    own = reference.answers.get()
    with translation.override("en"):
        url = reverse("requests_desk:reference_answer", args=[reference.pk, own.pk])
    response = client_for(press_secretary).post(
        url, {"text": "Жауап", "files": [pdf("page.pdf", b"<html>")]}
    )
    assert response.status_code == 400
    assert "page.pdf: The file&#x27;s content is not a PDF file" in response.content.decode()
    assert not ReferenceAnswer.objects.filter(answered_at__isnull=False).exists()


def test_files_are_served_only_to_those_who_read_the_answer(
    ministry_staff, agency, other_agency, press_secretary, other_secretary
):
    reference = ask(ministry_staff, [agency, other_agency])
    answer = reference.answers.get(agency=agency)
    services.reference_answer(answer=answer, by=press_secretary, text="Жауап", files=[pdf()])
    file = ReferenceFile.objects.get()
    url = reverse("requests_desk:reference_file", args=[reference.pk, file.pk])
    response = client_for(ministry_staff).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert client_for(other_secretary).get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_the_list_runs_a_constant_number_of_queries(
    ministry_staff, agency, other_agency, django_assert_num_queries
):
    client = client_for(ministry_staff)
    url = reverse("requests_desk:reference_list")
    ask(ministry_staff, [agency, other_agency])
    client.get(url)
    with django_assert_num_queries(count := _queries(client, url)):
        client.get(url)
    for _ in range(9):
        ask(ministry_staff, [agency, other_agency])
    with django_assert_num_queries(count):
        assert client.get(url, {"state": "pending"}).status_code == 200


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        client.get(url, {"state": "pending"})
    return len(captured)


def test_the_list_refuses_an_unknown_filter(ministry_staff):
    response = client_for(ministry_staff).get(
        reverse("requests_desk:reference_list"), {"state": "someday"}
    )
    assert response.status_code == 400


def test_only_the_authorized_body_asks(press_secretary, agency):
    client = client_for(press_secretary)
    assert client.get(reverse("requests_desk:reference_new")).status_code == 403


def test_the_authorized_body_asks_through_the_form(ministry_staff, agency, other_agency):
    response = client_for(ministry_staff).post(
        reverse("requests_desk:reference_new"),
        {
            "topic": "Инфографика",
            "kinds": ["infographics"],
            "text": "Жіберіңіз.",
            "agencies": [agency.pk, other_agency.pk],
        },
    )
    assert response.status_code == 302
    assert ReferenceRequest.objects.get().answers.count() == 2


def test_the_api_lists_only_the_agencys_own_answer_and_takes_its_answer(
    api_client, ministry_staff, agency, other_agency, press_secretary
):
    reference = ask(ministry_staff, [agency, other_agency])
    api_client.force_authenticate(press_secretary)
    listed = api_client.get("/api/v1/reference-requests/").json()
    assert [a["agency"] for a in listed["results"][0]["answers"]] == [agency.slug]
    url = f"/api/v1/reference-requests/{reference.pk}/answer/"
    refused = api_client.post(url, {"agency": other_agency.slug, "text": "Жауап"})
    assert refused.status_code == 400
    bad_file = api_client.post(
        url, {"agency": agency.slug, "text": "Жауап", "files": [pdf("x.pdf", b"GIF89a")]}
    )
    assert bad_file.status_code == 400 and "files" in bad_file.json()
    answered = api_client.post(url, {"agency": agency.slug, "text": "Жауап", "files": [pdf()]})
    assert answered.status_code == 201 and len(answered.json()["files"]) == 1
    api_client.force_authenticate(ministry_staff)
    detail = api_client.get(f"/api/v1/reference-requests/{reference.pk}/").json()
    assert len(detail["answers"]) == 2


def test_an_empty_post_is_a_bad_request(ministry_staff, agency, press_secretary):
    assert (
        client_for(ministry_staff).post(reverse("requests_desk:reference_new")).status_code == 400
    )
    reference = ask(ministry_staff, [agency])
    url = reverse("requests_desk:reference_answer", args=[reference.pk, reference.answers.get().pk])
    assert client_for(press_secretary).post(url).status_code == 400
