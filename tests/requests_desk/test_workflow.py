"""Every transition and its legal condition (002 §36–48; SPEC §5), with the engine's
deadlines and the requester's e-mails."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from portal.deadlines.models import Deadline
from portal.notifications.models import Notification
from requests_desk import rules, services
from requests_desk.models import InformationRequest, token_hash
from requests_desk.queries import request_clock, request_for_token

from .conftest import at, receipt, receive

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(settings):
    """These tests read the English source texts: the client and the services speak English
    (the Kazakh and Russian texts are the catalogues', tested in tests/l10n)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def deadlines(case) -> dict[str, tuple]:
    rows = Deadline.objects.filter(period_key=f"requests_desk.informationrequest:{case.pk}")
    return {
        row.rule.code: (row.state, timezone.localtime(row.due_at).replace(tzinfo=None))
        for row in rows.select_related("rule")
    }


def local(value):
    return timezone.localtime(value).replace(tzinfo=None)


@time_machine.travel(at(2026, 3, 20), tick=False)
def test_receiving_registers_a_number_a_clock_and_a_notice_in_the_requests_language(agency):
    case, token = receive(agency, language="ru")
    second, _ = receive(agency)
    assert (case.number, second.number) == ("2026-000001", "2026-000002")
    assert len(token) >= 43 and case.tracking_token_hash == token_hash(token)
    assert token not in case.tracking_token_hash
    assert request_for_token(token) == case and request_for_token(token[:-1] + "x") is None
    assert local(case.due_at) == dt.datetime(2026, 4, 6, 18, 0)
    assert deadlines(case) == {"request-answer": ("open", dt.datetime(2026, 4, 6, 18, 0))}
    mail = receipt(case)
    assert mail.to == ["aigul@example.kz"]
    assert "2026-000001" in mail.subject
    assert f"/ru/requests/track/{token}/" in mail.body
    assert "06.04.2026" in mail.body
    assert list(case.events.values_list("action", "public")) == [
        ("received", True),
        ("registered", True),
    ]


def test_html_in_a_request_is_escaped_in_the_html_e_mail(agency):
    case, _ = receive(agency, requester_name="<b>Бауыржан</b>")
    html = receipt(case).alternatives[0][0]
    assert "&lt;b&gt;Бауыржан&lt;/b&gt;" in html and "<b>" not in html


def test_an_inactive_agency_receives_no_request(agency):
    agency.status, agency.status_changed_on = "closed", dt.date(2026, 1, 1)
    agency.save()
    with pytest.raises(ValidationError) as error:
        receive(agency)
    assert error.value.message_dict == {"agency": ["This agency no longer receives requests."]}
    assert not InformationRequest.objects.exists()


@time_machine.travel(at(2026, 3, 27), tick=False)
def test_the_head_extends_once_from_the_original_end_and_the_requester_is_told(agency, head):
    case, _ = receive(agency, when=at(2026, 3, 20))
    assert rules.can_extend(head, case, clock=request_clock(case))
    case = services.request_extend(case=case, by=head, days=10, reason="Тексеру қажет")
    assert local(case.due_at) == dt.datetime(2026, 4, 16, 18, 0)
    assert deadlines(case) == {
        "request-answer": ("waived", dt.datetime(2026, 4, 6, 18, 0)),
        "request-extension": ("open", dt.datetime(2026, 4, 16, 18, 0)),
        "request-extension-notice": ("done_on_time", dt.datetime(2026, 3, 30, 18, 0)),
    }
    notice = Notification.objects.get(key=f"request:{case.pk}:extended")
    assert "16.04.2026" in notice.body_text and "Тексеру қажет" in notice.body_text
    assert list(case.events.filter(public=True).values_list("action", flat=True))[-2:] == [
        "extended",
        "notice_sent",
    ]
    assert not rules.can_extend(head, case, clock=request_clock(case))
    with pytest.raises(ValidationError, match="already extended once"):
        services.request_extend(case=case, by=head, days=5, reason="Тағы")


@time_machine.travel(at(2026, 3, 20), tick=False)
def test_the_extensions_deadline_starts_on_the_original_end_and_counts_the_days_granted(
    agency, head
):
    """002 §39: the extension counts from the original end, by the days the head grants
    (not the rule's 30 counted from a date made up to land on the same end)."""
    case, _ = receive(agency, when=at(2026, 3, 20))
    case = services.request_extend(case=case, by=head, days=10, reason="Тексеру қажет")
    row = Deadline.objects.get(
        rule__code="request-extension", period_key=f"requests_desk.informationrequest:{case.pk}"
    )
    assert row.starts_on == dt.date(2026, 4, 6)
    assert row.computation["amount"] == 10
    assert row.due_at == case.due_at


@pytest.mark.parametrize(
    ("days", "reason", "message"),
    [
        (31, "Себеп", "Extend by 1 to 30 days."),
        (0, "Себеп", "Extend by 1 to 30 days."),
        (10, "  ", "Say why the period is extended."),
    ],
)
def test_an_extension_needs_days_within_the_limit_and_a_reason(agency, head, days, reason, message):
    case, _ = receive(agency)
    with pytest.raises(ValidationError, match=re.escape(message)):
        services.request_extend(case=case, by=head, days=days, reason=reason)
    assert deadlines(case)["request-answer"][0] == "open"


def test_a_period_that_ended_is_no_longer_extended(agency, head):
    case, _ = receive(agency, when=at(2026, 3, 20))
    with (
        time_machine.travel(at(2026, 4, 7), tick=False),
        pytest.raises(ValidationError, match="no longer be extended"),
    ):
        services.request_extend(case=case, by=head, days=10, reason="Кеш")


def test_a_blog_question_cannot_be_extended(agency, head):
    case, _ = receive(agency, channel="blog")
    assert not rules.can_extend(head, case, clock=request_clock(case))
    with pytest.raises(ValidationError, match="cannot be extended"):
        services.request_extend(case=case, by=head, days=5, reason="Себеп")


def test_only_the_head_extends(agency, press_secretary):
    case, _ = receive(agency)
    assert not rules.can_extend(press_secretary, case, clock=request_clock(case))


@time_machine.travel(at(2026, 3, 24), tick=False)
def test_redirecting_the_whole_request_closes_it_and_opens_a_linked_case(
    agency, competent_agency, press_secretary
):
    case, _ = receive(agency, when=at(2026, 3, 20))
    new = services.request_redirect(case=case, by=press_secretary, agency=competent_agency)
    case.refresh_from_db()
    assert (case.state, case.outcome) == ("closed", "redirected")
    assert (new.agency, new.redirected_from, new.text) == (competent_agency, case, case.text)
    assert local(new.due_at) == dt.datetime(2026, 4, 8, 18, 0)  # its own clock from 24.03
    assert deadlines(case) == {
        "request-answer": ("waived", dt.datetime(2026, 4, 6, 18, 0)),
        "redirect-to-competent-body": ("done_on_time", dt.datetime(2026, 3, 30, 18, 0)),
    }
    assert deadlines(new) == {"request-answer": ("open", dt.datetime(2026, 4, 8, 18, 0))}
    mail = receipt(new)
    assert case.number in mail.body and new.number in mail.body
    assert "/kk/requests/track/" in mail.body


def test_a_late_redirection_is_recorded_late(agency, competent_agency, press_secretary):
    case, _ = receive(agency, when=at(2026, 3, 20))
    with time_machine.travel(at(2026, 3, 31), tick=False):
        services.request_redirect(case=case, by=press_secretary, agency=competent_agency)
    assert deadlines(case)["redirect-to-competent-body"][0] == "done_late"


def test_redirecting_a_part_keeps_the_request_open(agency, competent_agency, press_secretary):
    case, _ = receive(agency)
    new = services.request_redirect(
        case=case, by=press_secretary, agency=competent_agency, part="Жол салу бөлігі"
    )
    case.refresh_from_db()
    assert case.is_open and new.text == "Жол салу бөлігі"
    assert deadlines(case)["request-answer"][0] == "open"


def test_a_request_is_not_redirected_to_its_own_agency(agency, press_secretary):
    case, _ = receive(agency)
    with pytest.raises(ValidationError):
        services.request_redirect(case=case, by=press_secretary, agency=agency)


def test_the_answer_is_drafted_approved_by_the_head_and_sent_in_the_requests_language(
    agency, press_secretary, head
):
    case, _ = receive(agency, language="kk")
    services.request_assign(case=case, by=press_secretary, unit="Білім бөлімі")
    services.answer_draft(case=case, by=press_secretary, text="Жауап мәтіні", language="kk")
    case.refresh_from_db()
    assert not rules.can_approve(press_secretary, case) and rules.can_approve(head, case)
    services.answer_approve(case=case, by=head)
    case = services.answer_send(case=case, by=press_secretary)
    assert (case.state, case.outcome) == ("closed", "answered")
    assert case.answer.sent_at == case.closed_at
    assert deadlines(case)["request-answer"][0] == "done_on_time"
    mail = Notification.objects.get(key=f"request:{case.pk}:answered")
    assert "Жауап мәтіні" in mail.body_text


def test_an_answer_in_another_language_is_not_sent(agency, press_secretary, head):
    case, _ = receive(agency, language="kk")
    services.answer_draft(case=case, by=press_secretary, text="Ответ", language="ru")
    services.answer_approve(case=case, by=head)
    with pytest.raises(ValidationError, match="language of the request"):
        services.answer_send(case=case, by=press_secretary)
    case.refresh_from_db()
    assert case.state == "approved" and case.answer.sent_at is None


def test_a_rewritten_answer_needs_a_new_approval(agency, press_secretary, head):
    case, _ = receive(agency)
    services.answer_draft(case=case, by=press_secretary, text="Бірінші", language="kk")
    services.answer_approve(case=case, by=head)
    services.answer_draft(case=case, by=press_secretary, text="Екінші", language="kk")
    case.refresh_from_db()
    assert case.state == "drafted" and case.answer.approved_at is None
    with pytest.raises(ValidationError, match="approved answer"):
        services.answer_send(case=case, by=press_secretary)


def test_a_media_request_is_signed_off_by_the_press_secretary(agency, press_secretary):
    case, _ = receive(agency, channel="media")
    services.answer_draft(case=case, by=press_secretary, text="Жауап", language="kk")
    case.refresh_from_db()
    assert rules.can_approve(press_secretary, case)


def test_a_refusal_needs_a_reason_and_tells_the_requester(agency, head):
    case, _ = receive(agency)
    with pytest.raises(ValidationError):
        services.request_refuse(case=case, by=head, reason=" ")
    case = services.request_refuse(case=case, by=head, reason="Құпия ақпарат")
    assert (case.outcome, case.outcome_reason) == ("refused", "Құпия ақпарат")
    assert "Құпия ақпарат" in Notification.objects.get(key=f"request:{case.pk}:refused").body_text
    assert not rules.can_refuse(head, case) and not rules.can_work_on(head, case)


def test_a_blog_question_meets_each_stage_in_the_engine(agency, press_secretary, head):
    with time_machine.travel(at(2026, 3, 2), tick=False):
        case, _ = receive(agency, channel="blog")
    with time_machine.travel(at(2026, 3, 10), tick=False):
        services.answer_draft(case=case, by=press_secretary, text="Жауап", language="kk")
    with time_machine.travel(at(2026, 3, 20), tick=False):
        services.answer_approve(case=case, by=head)
    with time_machine.travel(at(2026, 3, 25), tick=False):
        case = services.answer_send(case=case, by=press_secretary)
    assert deadlines(case) == {
        "blog-unit-answer": ("done_on_time", dt.datetime(2026, 3, 12, 18, 0)),
        "blog-press-edit": ("done_late", dt.datetime(2026, 3, 12, 18, 0)),
        "blog-publication": ("done_on_time", dt.datetime(2026, 3, 26, 18, 0)),
    }
    assert case.events.order_by("-at", "-pk").first().action == "published"


def test_assignment_is_to_a_member_of_the_agency(agency, press_secretary, other_agency):
    from ..factories import MembershipFactory, UserFactory

    outsider = UserFactory()
    MembershipFactory(user=outsider, role="press_secretary", agency=other_agency)
    case, _ = receive(agency)
    with pytest.raises(ValidationError):
        services.request_assign(case=case, by=press_secretary, person=outsider)
    case = services.request_assign(case=case, by=press_secretary, person=press_secretary)
    assert (case.state, case.assigned_to) == ("assigned", press_secretary)
