"""Every write of the requests desk: pages, API and tasks call these.

Each transition is one function that locks the request, checks its legal condition,
records the step in the timeline (`RequestEvent`), recomputes the due date from the
recorded events (`clock.case_clock`) and keeps the engine's deadline of the running period
in step: `deadline_open_for_event` when a period starts, `deadline_complete_for` when the
work is done, `deadline_waive` when an extension or a redirection replaces it. Who may call
it is decided by `rules`, before. E-mails to the requester (who has no account) are
address-only notifications in the request's language, delivered after the commit.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import attachments
from portal.calendar import working_calendar
from portal.deadlines.models import Deadline
from portal.deadlines.services import (
    deadline_complete_for,
    deadline_open_for_event,
    deadline_waive,
    subject_key,
)
from portal.directory.choices import AgencyStatus, Language, Role
from portal.directory.models import Agency, Membership
from portal.directory.queries import active_members
from portal.directory.rules import can_change_agency, sees_every_agency
from portal.notifications.models import Notification
from portal.notifications.services import message_render, notifications_each, notifications_save

from . import clock as clocks
from .choices import (
    ANSWER_OUTCOMES,
    OPEN_STATES,
    Channel,
    Outcome,
    ReferenceKind,
    RequestAction,
    RequestState,
)
from .models import (
    AnswerTemplate,
    InformationRequest,
    ReferenceAnswer,
    ReferenceFile,
    ReferenceRequest,
    RequestAnswer,
    RequestAttachment,
    RequestEvent,
    token_hash,
)
from .queries import clock_periods

NUMBER_ATTEMPTS = 5
# The deadline rule of an agency's reference materials (004 §13: one working day).
REFERENCE_RULE = "reference-materials"
# The most files one answer or one request carries.
FILES_MAX = 10


def _record(case, action, *, by=None, public=False, data=None, at=None) -> RequestEvent:
    return RequestEvent.objects.create(
        request=case,
        action=action,
        actor=by,
        public=public,
        data=data or {},
        at=at or timezone.now(),
    )


def _locked(case: InformationRequest) -> InformationRequest:
    return InformationRequest.objects.select_for_update().select_related("agency").get(pk=case.pk)


def _check_open(case: InformationRequest) -> None:
    if case.state not in OPEN_STATES:
        raise ValidationError(_("This request is closed."), code="closed")


def _clock(case, periods=None) -> clocks.Clock:
    return clocks.case_clock(
        channel=case.channel,
        received_at=case.received_at,
        events=case.events.order_by("at", "pk"),
        periods=periods or clock_periods(),
        calendar=working_calendar(),
    )


def _save(case: InformationRequest, clock: clocks.Clock) -> None:
    case.due_at = clock.due_at
    case.full_clean()
    case.save()


def requests_follow_recomputed_deadlines(sender, deadlines, **kwargs) -> None:
    """A calendar correction moved deadlines (issue 10 item 4): the open requests among their
    subjects store their clock's due date again, so the inbox agrees with the engine."""
    prefix = InformationRequest._meta.label_lower + ":"
    ids = {
        int(deadline.period_key.removeprefix(prefix))
        for deadline in deadlines
        if deadline.period_key.startswith(prefix)
    }
    if not ids:
        return
    periods = clock_periods()
    for case in InformationRequest.objects.select_for_update().filter(
        pk__in=ids, state__in=OPEN_STATES
    ):
        clock = _clock(case, periods)
        if clock.due_at != case.due_at:
            _save(case, clock)


def _pending_deadline(case, rule_code: str) -> Deadline | None:
    return (
        Deadline.objects.pending()
        .filter(rule__code=rule_code, agency=case.agency, period_key=subject_key(case))
        .first()
    )


def _follow_stage(case, before: clocks.Clock, after: clocks.Clock, *, by, at) -> None:
    """A blog question's next stage (002 §45–47): the stage done is met, the next opens."""
    if after.rule_code != before.rule_code:
        deadline_complete_for(rule_code=before.rule_code, agency=case.agency, subject=case, by=by)
        deadline_open_for_event(
            rule_code=after.rule_code, agency=case.agency, subject=case, start=at
        )


def _tracking_link(token: str) -> str:
    """The secret link in the active language."""
    return settings.PORTAL_BASE_URL + reverse(
        "requests_desk:request_track", kwargs={"token": token}
    )


def _email(case, *, template: str, event: str, context_for) -> None:
    """One e-mail to the requester in the request's language; `context_for()` runs with
    that language active. The key makes it once per request and event."""
    with translation.override(case.language):
        calendar = working_calendar()
        context = {"request": case, "agency": case.agency.name, **context_for(calendar)}
        message = message_render(template=template, context=context)
    notifications_save(
        [
            Notification(
                email=case.requester_email,
                key=f"request:{case.pk}:{event}",
                subject=message.subject,
                body_text=message.body_text,
                body_html=message.body_html,
            )
        ]
    )
    transaction.on_commit(_deliver)


def _deliver() -> None:
    from portal.notifications.tasks import deliver

    deliver.delay()


def _receipt_queue(case: InformationRequest, token: str) -> None:
    """The notice of receipt goes by a task given the token once, after the commit: a
    `Notification` would keep the secret link in a body the authorized body's staff read in
    the admin (issue 10 item 10)."""
    from .tasks import receipt_send

    transaction.on_commit(lambda: receipt_send.delay(case_id=case.pk, token=token))


def receipt_send(*, case_id: int, token: str) -> bool:
    """E-mail the requester the notice of receipt in the request's language: the number, the
    due date with its explanation and the secret link (002 §36–38); for a redirected request,
    from which agency and whether in part (002 §48). False when the token is not the
    request's, or when the notice was already claimed (nothing is sent).

    At most once: the notice is claimed first, by a conditional UPDATE of `receipt_sent_at`
    committed before the mail server is called, so the task run again (a retry, a second
    worker, a worker that died after sending and was redelivered: tasks are acknowledged
    late) finds it claimed and sends nothing. A refusal the mail server answers (an
    exception from `send`) releases the claim, so that a run again may send it. What SMTP
    cannot tell apart stays: a worker dying between the claim and the server's answer leaves
    the notice claimed and unsent (at most once: the portal prefers that to sending the
    secret link twice), and a connection lost after the server accepted it is released and
    may go again."""
    claimed_at = timezone.now()
    with transaction.atomic():
        claimed = InformationRequest.objects.filter(
            pk=case_id, tracking_token_hash=token_hash(token), receipt_sent_at__isnull=True
        ).update(receipt_sent_at=claimed_at)
    if not claimed:
        return False
    case = InformationRequest.objects.select_related("agency", "redirected_from__agency").get(
        pk=case_id
    )
    original = case.redirected_from
    with translation.override(case.language):
        calendar = working_calendar()
        clock = _clock(case)
        context = {
            "request": case,
            "agency": case.agency.name,
            **_due_context(case, clock, calendar),
            "link": _tracking_link(token),
        }
        if original is not None:
            context.update(
                original=original,
                from_agency=original.agency.name,
                part=original.events.filter(
                    action=RequestAction.REDIRECTED, data__number=case.number, data__part=True
                ).exists(),
            )
        message = message_render(
            template="request_redirected" if original else "request_received", context=context
        )
    email = EmailMultiAlternatives(
        subject=message.subject, body=message.body_text, to=[case.requester_email]
    )
    email.attach_alternative(message.body_html, "text/html")
    try:
        email.send()
    except Exception:
        InformationRequest.objects.filter(pk=case_id, receipt_sent_at=claimed_at).update(
            receipt_sent_at=None
        )
        raise
    return True


def _next_number(year: int) -> str:
    last = (
        InformationRequest.objects.filter(number__startswith=f"{year}-")
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{year}-{int(last.split('-')[1]) + 1 if last else 1:06d}"


def _register(case: InformationRequest) -> None:
    """Save with the next registration number of the year ("2026-000123"); two requests
    registered at once cannot take the same one (unique), the second takes the next."""
    year = timezone.localtime(case.received_at).year
    for attempt in range(NUMBER_ATTEMPTS):
        case.number = _next_number(year)
        try:
            with transaction.atomic():
                case.save()
            return
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS - 1:
                raise


def _check_request_data(*, agency, channel, name, email, text, language) -> None:
    errors = {}
    if channel not in Channel.values:
        errors["channel"] = _("Choose a channel from the list.")
    if language not in Language.values:
        errors["language"] = _("Choose Kazakh, Russian or English.")
    if agency.status != AgencyStatus.ACTIVE:
        errors["agency"] = _("This agency no longer receives requests.")
    if not name.strip():
        errors["requester_name"] = _("Give your name.")
    if not text.strip():
        errors["text"] = _("Write your question.")
    if errors:
        raise ValidationError(errors)


def _receive(
    *,
    agency: Agency,
    channel: str,
    requester_name: str,
    requester_email: str,
    requester_organisation: str,
    text: str,
    language: str,
    at: dt.datetime,
    redirected_from: InformationRequest | None = None,
) -> tuple[InformationRequest, str, clocks.Clock]:
    _check_request_data(
        agency=agency,
        channel=channel,
        name=requester_name,
        email=requester_email,
        text=text,
        language=language,
    )
    token = secrets.token_urlsafe(32)
    periods = clock_periods()
    first = clocks.case_clock(
        channel=channel, received_at=at, events=(), periods=periods, calendar=working_calendar()
    )
    case = InformationRequest(
        agency=agency,
        channel=channel,
        requester_name=requester_name.strip(),
        requester_email=requester_email.strip(),
        requester_organisation=requester_organisation.strip(),
        text=text.strip(),
        language=language,
        number="0000-000000",  # replaced by _register
        tracking_token_hash=token_hash(token),
        received_at=at,
        due_at=first.due_at,
        redirected_from=redirected_from,
    )
    case.full_clean(exclude=["number"])
    _register(case)
    data = {"from_number": redirected_from.number} if redirected_from else {}
    _record(case, RequestAction.RECEIVED, public=True, at=at, data=data)
    _record(case, RequestAction.REGISTERED, public=True, at=at, data={"number": case.number})
    deadline_open_for_event(rule_code=first.rule_code, agency=agency, subject=case, start=at)
    return case, token, first


def _due_context(case, clock, calendar) -> dict:
    return {
        "due_at": clock.due_at,
        "explanation": "; ".join(clocks.explain(clock, calendar=calendar)),
    }


@transaction.atomic
def request_receive(
    *,
    agency: Agency,
    channel: str,
    requester_name: str,
    requester_email: str,
    text: str,
    language: str,
    requester_organisation: str = "",
    at: dt.datetime | None = None,
    files=(),
) -> tuple[InformationRequest, str]:
    """Register a request from the public form: its number, its clock, the deadline of its
    answer, and the notice of receipt with the due date and the secret link (002 §36–38).
    Its `files` are checked by content first: one refused, and nothing is stored, not even
    the request (issue 10 item 10).

    Returns the request and its tracking token: this is the only moment the token exists
    in clear (only its hash is stored)."""
    files = list(files)
    kinds = files_check(files)
    case, token, _first = _receive(
        agency=agency,
        channel=channel,
        requester_name=requester_name,
        requester_email=requester_email,
        requester_organisation=requester_organisation,
        text=text,
        language=language,
        at=at or timezone.now(),
    )
    _files_store(RequestAttachment, files, kinds, request=case)
    _receipt_queue(case, token)
    return case, token


@transaction.atomic
def request_assign(
    *, case: InformationRequest, by, unit: str = "", person=None
) -> InformationRequest:
    """Send the request to a unit or a person of the agency (002 §37, §44)."""
    case = _locked(case)
    _check_open(case)
    unit = unit.strip()
    if not unit and person is None:
        raise ValidationError(_("Name a unit or choose a person."))
    if (
        person is not None
        and not Membership.objects.filter(user=person, agency=case.agency).exists()
    ):
        raise ValidationError({"person": _("Choose a member of the agency.")})
    case.assigned_unit, case.assigned_to = unit, person
    if case.state == RequestState.REGISTERED:
        case.state = RequestState.ASSIGNED
    case.full_clean()
    case.save()
    _record(
        case,
        RequestAction.ASSIGNED,
        by=by,
        data={"unit": unit, "person": person.get_full_name() or person.username if person else ""},
    )
    return case


@transaction.atomic
def request_comment(*, case: InformationRequest, by, text: str) -> RequestEvent:
    """An internal note on the request, never shown to the requester."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    return _record(case, RequestAction.COMMENT, by=by, data={"text": text})


@transaction.atomic
def request_extend(
    *, case: InformationRequest, by, days: int, reason: str, now: dt.datetime | None = None
) -> InformationRequest:
    """Extend the period once, by at most the rule's days counted from the original end,
    while it runs; the requester is told at once by e-mail, which is the notice due within
    3 calendar days (002 §39; SPEC §5 for media requests: 15 days, told within 2 working
    days). The answer's deadline is waived and the extended one opens, counted (and
    explained) as `days` from the original end, as the case's clock counts it."""
    now = now or timezone.now()
    case = _locked(case)
    _check_open(case)
    periods = clock_periods()
    before = _clock(case, periods)
    reason = reason.strip()
    if before.extension_limit == 0:
        raise ValidationError(_("Requests of this channel cannot be extended."))
    if before.extended:
        raise ValidationError(_("The period was already extended once."), code="extended")
    if now > before.original_due_at:
        raise ValidationError(_("The period has ended: it can no longer be extended."))
    if not 1 <= days <= before.extension_limit:
        raise ValidationError(
            {"days": _("Extend by 1 to %(limit)s days.") % {"limit": before.extension_limit}}
        )
    if not reason:
        raise ValidationError({"reason": _("Say why the period is extended.")})
    _record(
        case,
        RequestAction.EXTENDED,
        by=by,
        public=True,
        at=now,
        data={"days": days, "reason": reason},
    )
    after = _clock(case, periods)
    case.extended_days = days
    _save(case, after)
    answer = _pending_deadline(case, before.rule_code)
    if answer is not None:
        deadline_waive(
            deadline=answer,
            by=by,
            reason=_("Extended by the head: %(reason)s") % {"reason": reason},
        )
    deadline_open_for_event(
        rule_code=after.rule_code,
        agency=case.agency,
        subject=case,
        start=before.original_due_at,
        amount=days,
    )
    notice_rule = clocks.NOTICE_RULES[case.channel]
    deadline_open_for_event(rule_code=notice_rule, agency=case.agency, subject=case, start=now)
    _email(
        case,
        template="request_extended",
        event="extended",
        context_for=lambda calendar: {
            **_due_context(case, after, calendar),
            "days": days,
            "reason": reason,
            "original_due_at": before.original_due_at,
        },
    )
    _record(case, RequestAction.NOTICE_SENT, public=True, at=now)
    deadline_complete_for(rule_code=notice_rule, agency=case.agency, subject=case, by=by, at=now)
    return case


@transaction.atomic
def answer_draft(*, case: InformationRequest, by, text: str, language: str) -> RequestAnswer:
    """Write or rewrite the answer; a rewritten answer needs a new approval. A blog
    question's first draft is the unit's answer (002 §45): the press secretary's edit
    period starts."""
    case = _locked(case)
    _check_open(case)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the answer.")})
    if language not in Language.values:
        raise ValidationError({"language": _("Choose Kazakh, Russian or English.")})
    periods = clock_periods()
    before = _clock(case, periods)
    answer = RequestAnswer.objects.filter(request=case).first() or RequestAnswer(request=case)
    answer.text, answer.language, answer.drafted_by = text, language, by
    answer.approved_by, answer.approved_at = None, None
    answer.full_clean()
    answer.save()
    event = _record(case, RequestAction.ANSWER_DRAFTED, by=by, data={"language": language})
    case.state = RequestState.DRAFTED
    after = _clock(case, periods)
    _save(case, after)
    _follow_stage(case, before, after, by=by, at=event.at)
    return answer


@transaction.atomic
def answer_approve(*, case: InformationRequest, by) -> RequestAnswer:
    """The head approves the drafted answer (002 §39, §46); a media request's may be
    signed off by the press secretary. A blog answer's publication period starts (002 §47)."""
    case = _locked(case)
    if case.state != RequestState.DRAFTED:
        raise ValidationError(_("Only a drafted answer can be approved."))
    periods = clock_periods()
    before = _clock(case, periods)
    answer = case.answer
    event = _record(case, RequestAction.APPROVED, by=by)
    answer.approved_by, answer.approved_at = by, event.at
    answer.save(update_fields=["approved_by", "approved_at", "updated_at"])
    case.state = RequestState.APPROVED
    after = _clock(case, periods)
    _save(case, after)
    _follow_stage(case, before, after, by=by, at=event.at)
    return answer


def _close(case, *, outcome: str, by, action, reason: str = "", data=None) -> None:
    """Close the request and meet the deadline of the period that ran."""
    periods = clock_periods()
    before = _clock(case, periods)
    event = _record(case, action, by=by, public=True, data=data)
    case.state, case.outcome, case.outcome_reason, case.closed_at = (
        RequestState.CLOSED,
        outcome,
        reason,
        event.at,
    )
    case.full_clean()
    case.save()
    deadline_complete_for(
        rule_code=before.rule_code, agency=case.agency, subject=case, by=by, at=event.at
    )


@transaction.atomic
def answer_send(
    *, case: InformationRequest, by, outcome: str = Outcome.ANSWERED
) -> InformationRequest:
    """Send the approved answer to the requester (a blog answer: published), answered in
    full or in part. Refused unless the answer is in the request's language (002 §40)."""
    case = _locked(case)
    if case.state != RequestState.APPROVED:
        raise ValidationError(_("Only an approved answer can be sent."))
    if outcome not in ANSWER_OUTCOMES:
        raise ValidationError({"outcome": _("Choose answered or partly answered.")})
    answer = case.answer
    if answer.language != case.language:
        raise ValidationError(
            _(
                "The answer is in %(answer)s but the request in %(request)s: an answer is "
                "given in the language of the request."
            )
            % {
                "answer": Language(answer.language).label,
                "request": Language(case.language).label,
            },
            code="language",
        )
    action = RequestAction.PUBLISHED if case.channel == Channel.BLOG else RequestAction.ANSWERED
    _close(case, outcome=outcome, by=by, action=action)
    answer.sent_at = case.closed_at
    answer.save(update_fields=["sent_at", "updated_at"])
    _email(
        case,
        template="request_answered",
        event="answered",
        context_for=lambda calendar: {"answer": answer.text, "outcome": case.get_outcome_display()},
    )
    return case


@transaction.atomic
def request_refuse(*, case: InformationRequest, by, reason: str) -> InformationRequest:
    """Refuse the request, with the reason the requester reads (002 §40: reasoned)."""
    case = _locked(case)
    _check_open(case)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    _close(
        case,
        outcome=Outcome.REFUSED,
        by=by,
        action=RequestAction.REFUSED,
        reason=reason,
        data={"reason": reason},
    )
    _email(
        case,
        template="request_answered",
        event="refused",
        context_for=lambda calendar: {"reason": reason, "outcome": case.get_outcome_display()},
    )
    return case


@transaction.atomic
def request_redirect(
    *, case: InformationRequest, by, agency: Agency, part: str = ""
) -> InformationRequest:
    """Redirect the request — whole, or the `part` outside the competence — to the
    competent agency, within 3 working days of receipt (002 §48; a later one is recorded
    late). The receiving agency gets a linked request with its own clock, and the
    requester is told by its notice of receipt. Returns the new request."""
    case = _locked(case)
    _check_open(case)
    if agency.pk == case.agency_id:
        raise ValidationError({"agency": _("Choose another agency than the request's own.")})
    part = part.strip()
    now = timezone.now()
    new, token, _first = _receive(
        agency=agency,
        channel=case.channel,
        requester_name=case.requester_name,
        requester_email=case.requester_email,
        requester_organisation=case.requester_organisation,
        text=part or case.text,
        language=case.language,
        at=now,
        redirected_from=case,
    )
    data = {"agency": agency.pk, "number": new.number, "part": bool(part)}
    deadline_open_for_event(
        rule_code=clocks.REDIRECT_RULE, agency=case.agency, subject=case, start=case.received_at
    )
    deadline_complete_for(
        rule_code=clocks.REDIRECT_RULE, agency=case.agency, subject=case, by=by, at=now
    )
    if part:
        _record(case, RequestAction.REDIRECTED, by=by, public=True, at=now, data=data)
    else:
        answer = _pending_deadline(case, _clock(case).rule_code)
        if answer is not None:
            deadline_waive(
                deadline=answer,
                by=by,
                reason=_("Redirected to the competent body (%(number)s).") % {"number": new.number},
            )
        _close(case, outcome=Outcome.REDIRECTED, by=by, action=RequestAction.REDIRECTED, data=data)
    _receipt_queue(new, token)
    return new


# --- Files (issue 10 item 10) --------------------------------------------------------------


def files_check(files) -> list:
    """Each upload's type, by its content (`portal.attachments`), before anything is stored:
    one refused file refuses them all, with its name in the message."""
    files = list(files)
    if len(files) > FILES_MAX:
        raise ValidationError(
            {"files": _("Attach at most %(count)s files.") % {"count": FILES_MAX}}
        )
    kinds = []
    for upload in files:
        try:
            kinds.append(attachments.file_type(upload))
        except ValidationError as error:
            name = (upload.name or "").rsplit("/", 1)[-1]
            raise ValidationError(
                {"files": [f"{name}: {message}" for message in error.messages]}
            ) from None
    return kinds


def _files_store(model, files, kinds, **owner) -> None:
    """Store the checked files under the portal's names; a failure removes those stored."""
    stored = []
    try:
        for upload, kind in zip(files, kinds, strict=True):
            row = model(title=(upload.name or "").rsplit("/", 1)[-1][:200], **owner)
            row.file.save(attachments.stored_name(kind=kind, size=upload.size), upload, save=False)
            stored.append(row.file)
            row.save()
    except BaseException:
        for file in stored:
            file.storage.delete(file.name)
        raise


# --- Reference materials (004 §12–13) ------------------------------------------------------


def _reference_path(reference: ReferenceRequest):
    return lambda: reverse("requests_desk:reference_detail", kwargs={"pk": reference.pk})


@transaction.atomic
def reference_request_create(
    *, by, topic: str, kinds, text: str, agencies, at: dt.datetime | None = None
) -> ReferenceRequest:
    """The authorized body asks one or several agencies for statistics, explanations,
    methodological or analytical materials or infographics (004 §12). Each agency gets its
    own answer with its deadline, one working day from receipt (004 §13), and its press
    secretaries are told."""
    at = at or timezone.now()
    topic, text = topic.strip(), text.strip()
    kinds = list(dict.fromkeys(kinds))
    agencies = list({agency.pk: agency for agency in agencies}.values())
    errors = {}
    if not topic:
        errors["topic"] = _("Give the topic.")
    if not kinds or not set(kinds) <= set(ReferenceKind.values):
        errors["kinds"] = _("Choose what is asked.")
    if not text:
        errors["text"] = _("Write what is asked.")
    if not agencies:
        errors["agencies"] = _("Choose at least one agency.")
    elif any(agency.status != AgencyStatus.ACTIVE for agency in agencies):
        errors["agencies"] = _("Choose agencies that still work.")
    if errors:
        raise ValidationError(errors)
    reference = ReferenceRequest(topic=topic, kinds=kinds, text=text, created_by=by, sent_at=at)
    reference.full_clean()
    reference.save()
    notifications = []
    for agency in agencies:
        answer = ReferenceAnswer.objects.create(request=reference, agency=agency)
        deadline = deadline_open_for_event(
            rule_code=REFERENCE_RULE, agency=agency, subject=answer, start=at
        )
        if deadline is not None:
            answer.due_at = deadline.due_at
            answer.save(update_fields=["due_at"])
        notifications += notifications_each(
            recipients=active_members(Role.PRESS_SECRETARY, agency_id=agency.pk),
            event_key=f"reference:{answer.pk}:asked",
            template="requests_reference_asked",
            context={"reference": reference, "answer": answer, "agency": agency},
            path=_reference_path(reference),
        )
    notifications_save(notifications)
    transaction.on_commit(_deliver)
    return reference


@transaction.atomic
def reference_answer(
    *, answer: ReferenceAnswer, by, text: str, files=(), at: dt.datetime | None = None
) -> ReferenceAnswer:
    """The agency's answer, with its files (checked by content: one refused file, nothing
    stored). It meets the agency's deadline, late when after `due_at` (004 §13)."""
    at = at or timezone.now()
    answer = ReferenceAnswer.objects.select_for_update().select_related("agency").get(pk=answer.pk)
    if answer.answered_at is not None:
        raise ValidationError(_("This agency has already answered."), code="answered")
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the answer.")})
    files = list(files)
    kinds = files_check(files)
    answer.text, answer.answered_by, answer.answered_at = text, by, at
    answer.late = answer.due_at is not None and at > answer.due_at
    answer.full_clean()
    answer.save()
    _files_store(ReferenceFile, files, kinds, answer=answer)
    deadline_complete_for(
        rule_code=REFERENCE_RULE, agency=answer.agency, subject=answer, by=by, at=at
    )
    return answer


# --- Answer templates (issue 10 item 6) ----------------------------------------------------


def answer_template_check(*, by, agency, instance=None) -> None:
    """A global template (no agency) is the authorized body's; an agency's, its members'."""
    if agency is None and not sees_every_agency(by):
        raise ValidationError(_("Only the authorized body keeps templates for every agency."))
    if agency is not None and not can_change_agency(by, agency):
        raise ValidationError(_("Choose one of your agencies."))


@transaction.atomic
def answer_template_save(*, template: AnswerTemplate, by) -> AnswerTemplate:
    """Create or change an answer template, in at least one language."""
    answer_template_check(by=by, agency=template.agency, instance=template)
    template.full_clean()
    template.save()
    return template
