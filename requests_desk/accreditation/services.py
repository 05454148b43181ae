"""Every write of accreditation (003 §8.3) and press events (003 §8.4): pages, admin, API
and tasks call these. Each step locks the row, checks the state it comes from, records the
step in the history (`AccreditationChange`) and tells the journalist in their language.
Who may call a step is decided by `rules`, before."""

import datetime as dt

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import attachments
from portal.directory.choices import AgencyStatus, Role
from portal.directory.queries import active_members
from portal.directory.validators import normalise_phone, validate_phone
from portal.documents.services import publication_bump
from portal.notifications.services import (
    notification_build,
    notifications_each,
    notifications_save,
)
from requests_desk.choices import Channel
from requests_desk.services import request_receive

from .choices import (
    CURRENT_STATES,
    EVENT_PUBLISHED,
    PRESS_EVENT_FORMATS,
    AccreditationAction,
    AccreditationKind,
    AccreditationState,
)
from .models import (
    Accreditation,
    AccreditationChange,
    AccreditationDocument,
    PressQuestion,
    PressRegistration,
)

PUBLICATION = "accreditation"
PHOTO_MAX_MB = 5
PHOTO_TYPES = (attachments.JPG, attachments.PNG)
MAX_DOCUMENTS = 5
# The reminder goes this many days before the last day of a temporary accreditation.
REMIND_DAYS_BEFORE = 7


def _record(accreditation, action, *, by=None, reason: str = "") -> None:
    AccreditationChange.objects.create(
        accreditation=accreditation, action=action, actor=by, reason=reason
    )


def _locked(accreditation: Accreditation) -> Accreditation:
    return (
        Accreditation.objects.select_for_update()
        .select_related("agency", "journalist")
        .get(pk=accreditation.pk)
    )


def _tell(accreditation: Accreditation, *, template: str, key: str) -> None:
    """The journalist learns of the step in their language, with a link to the
    application, once per step (the notification's key)."""
    journalist = accreditation.journalist
    with translation.override(journalist.preferred_language):
        path = reverse("accreditation:detail", kwargs={"pk": accreditation.pk})
    notifications_save(
        [
            notification_build(
                recipient=journalist,
                event_key=f"accreditation:{accreditation.pk}:{key}",
                template=template,
                context={
                    "accreditation": accreditation,
                    "agency": accreditation.agency,
                    "link": settings.PORTAL_BASE_URL + path,
                },
                url=path,
            )
        ]
    )
    transaction.on_commit(_deliver)


def _deliver() -> None:
    from portal.notifications.tasks import deliver

    deliver.delay()


def _store(field, upload, kind) -> str:
    field.save(attachments.stored_name(kind=kind, size=upload.size), upload, save=False)
    return field.name


def _check_photo(photo):
    """JPG or PNG by name and first bytes (`portal.attachments`), at most PHOTO_MAX_MB."""
    if photo is None:
        raise ValidationError({"photo": _("Attach your photo (JPG or PNG).")})
    if (photo.size or 0) > PHOTO_MAX_MB * 1024 * 1024:
        raise ValidationError(
            {"photo": _("The photo is larger than %(limit)s MB.") % {"limit": PHOTO_MAX_MB}}
        )
    try:
        kind = attachments.file_type(photo)
    except ValidationError as error:
        raise ValidationError({"photo": error.messages}) from error
    if kind not in PHOTO_TYPES:
        raise ValidationError({"photo": _("The photo must be a JPG or PNG image.")})
    return kind


def _check_documents(documents) -> list:
    if len(documents) > MAX_DOCUMENTS:
        raise ValidationError(
            {"documents": _("Attach at most %(count)s documents.") % {"count": MAX_DOCUMENTS}}
        )
    kinds = []
    for upload in documents:
        try:
            kinds.append(attachments.file_type(upload))
        except ValidationError as error:
            raise ValidationError(
                {"documents": [f"{upload.name}: {message}" for message in error.messages]}
            ) from error
    return kinds


def _period(*, kind, event, agency, valid_from, valid_until) -> tuple[dt.date, dt.date | None]:
    """A permanent accreditation runs from its first day with no end; a temporary one is for
    an event of the agency (its days) or for a period (003 §8.3)."""
    if kind == AccreditationKind.PERMANENT:
        return valid_from or timezone.localdate(), None
    if event is not None:
        if event.agency_id != agency.pk or event.state != EVENT_PUBLISHED:
            raise ValidationError({"event": _("Choose a published event of this agency.")})
        return (
            timezone.localtime(event.starts_at).date(),
            timezone.localtime(event.ends_at).date(),
        )
    if valid_from is None or valid_until is None:
        raise ValidationError(
            {
                "valid_until": _(
                    "A temporary accreditation needs an event or its first and last day."
                )
            }
        )
    if valid_until < valid_from:
        raise ValidationError({"valid_until": _("The last day comes before the first.")})
    return valid_from, valid_until


@transaction.atomic
def accreditation_apply(
    *,
    journalist,
    agency,
    full_name: str,
    outlet: str,
    position: str,
    phone: str,
    email: str,
    photo,
    kind: str,
    event=None,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    documents=(),
) -> Accreditation:
    """A journalist applies to an agency for temporary or permanent accreditation (003
    §8.3), with their photo and supporting documents. One application or accreditation in
    force per journalist and agency. Refused with nothing stored."""
    if agency.status != AgencyStatus.ACTIVE:
        raise ValidationError({"agency": _("This agency no longer accredits journalists.")})
    if kind not in AccreditationKind.values:
        raise ValidationError({"kind": _("Choose temporary or permanent.")})
    validate_phone(phone)
    photo_kind = _check_photo(photo)
    document_kinds = _check_documents(list(documents))
    start, end = _period(
        kind=kind, event=event, agency=agency, valid_from=valid_from, valid_until=valid_until
    )
    accreditation = Accreditation(
        journalist=journalist,
        agency=agency,
        full_name=full_name.strip(),
        outlet=outlet.strip(),
        position=position.strip(),
        phone=normalise_phone(phone.strip()),
        email=email.strip(),
        kind=kind,
        event=event if kind == AccreditationKind.TEMPORARY else None,
        valid_from=start,
        valid_until=end,
    )
    accreditation.photo.name = "pending.jpg"  # replaced by the stored name below
    accreditation.full_clean(validate_constraints=False)
    if Accreditation.objects.filter(
        journalist=journalist, agency=agency, state__in=CURRENT_STATES
    ).exists():
        raise ValidationError(
            _("You already have an application or an accreditation in force at this agency.")
        )
    stored = [_store(accreditation.photo, photo, photo_kind)]
    try:
        with transaction.atomic():
            accreditation.save()
            for upload, kind_of_file in zip(documents, document_kinds, strict=True):
                document = AccreditationDocument(
                    accreditation=accreditation, title=upload.name.rsplit("/", 1)[-1][:200]
                )
                stored.append(_store(document.file, upload, kind_of_file))
                document.save()
    except BaseException as error:
        for name in stored:
            accreditation.photo.storage.delete(name)
        if isinstance(error, IntegrityError):
            raise ValidationError(
                _("You already have an application or an accreditation in force at this agency.")
            ) from error
        raise
    _record(accreditation, AccreditationAction.APPLIED, by=journalist)
    _tell_press_office(accreditation)
    return accreditation


def _tell_press_office(accreditation: Accreditation) -> None:
    """The agency's press secretaries learn of a new application, in the inbox and by
    e-mail in each one's language, with a link to it (003 §8.3: staff decide). Saved with
    the application, delivered after its commit."""
    notifications_save(
        notifications_each(
            recipients=active_members(Role.PRESS_SECRETARY, agency_id=accreditation.agency_id),
            event_key=f"accreditation:{accreditation.pk}:applied",
            template="accreditation_applied",
            context={"accreditation": accreditation, "agency": accreditation.agency},
            path=lambda: reverse("accreditation:detail", kwargs={"pk": accreditation.pk}),
        )
    )
    transaction.on_commit(_deliver)


def _decide(accreditation, *, frm, to, action, by, reason: str = "", need_reason=False):
    accreditation = _locked(accreditation)
    if accreditation.state != frm:
        raise ValidationError(
            _("This step is not possible: the accreditation is %(state)s.")
            % {"state": accreditation.get_state_display()},
            code="state",
        )
    reason = (reason or "").strip()
    if need_reason and not reason:
        raise ValidationError({"reason": _("Give the reason.")}, code="reason")
    accreditation.state = to
    accreditation.reason = reason
    if by is not None:
        accreditation.decided_by = by
        accreditation.decided_at = timezone.now()
    accreditation.save()
    _record(accreditation, action, by=by, reason=reason)
    _tell(accreditation, template="accreditation_decided", key=to)
    publication_bump(PUBLICATION)
    return accreditation


@transaction.atomic
def accreditation_approve(*, accreditation: Accreditation, by) -> Accreditation:
    """The press secretary or the authorized body accredits the journalist (003 §8.3)."""
    return _decide(
        accreditation,
        frm=AccreditationState.APPLIED,
        to=AccreditationState.APPROVED,
        action=AccreditationAction.APPROVED,
        by=by,
    )


@transaction.atomic
def accreditation_refuse(*, accreditation: Accreditation, by, reason: str) -> Accreditation:
    """An application refused, with the reason the journalist reads."""
    return _decide(
        accreditation,
        frm=AccreditationState.APPLIED,
        to=AccreditationState.REFUSED,
        action=AccreditationAction.REFUSED,
        by=by,
        reason=reason,
        need_reason=True,
    )


@transaction.atomic
def accreditation_revoke(*, accreditation: Accreditation, by, reason: str) -> Accreditation:
    """An accreditation withdrawn before its end, with the reason; its card's verification
    page says so at once."""
    return _decide(
        accreditation,
        frm=AccreditationState.APPROVED,
        to=AccreditationState.REVOKED,
        action=AccreditationAction.REVOKED,
        by=by,
        reason=reason,
        need_reason=True,
    )


@transaction.atomic
def accreditation_expire(*, accreditation: Accreditation) -> Accreditation:
    """A temporary accreditation whose last day has passed (the portal's own step)."""
    stored = _locked(accreditation)
    if stored.valid_until is None or stored.valid_until >= timezone.localdate():
        raise ValidationError(_("This accreditation has not ended yet."), code="not_ended")
    return _decide(
        stored,
        frm=AccreditationState.APPROVED,
        to=AccreditationState.EXPIRED,
        action=AccreditationAction.EXPIRED,
        by=None,
    )


def accreditations_expire(*, today: dt.date | None = None) -> int:
    """Expire every approved accreditation whose last day is before `today`; each in its
    own transaction, so one failure stops none of the others."""
    today = today or timezone.localdate()
    ended = Accreditation.objects.filter(
        state=AccreditationState.APPROVED, valid_until__lt=today
    ).only("pk")
    done = 0
    for accreditation in ended:
        try:
            accreditation_expire(accreditation=accreditation)
        except ValidationError:
            continue
        done += 1
    return done


def accreditations_remind(*, today: dt.date | None = None) -> int:
    """Tell each journalist whose accreditation ends in REMIND_DAYS_BEFORE days, once: the
    notification's key holds the last day, so a run again (or a second beat) adds nothing,
    and a prolonged accreditation is reminded again for its new end."""
    today = today or timezone.localdate()
    ending = Accreditation.objects.filter(
        state=AccreditationState.APPROVED,
        valid_until__gt=today,
        valid_until__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
    ).select_related("agency", "journalist")
    count = 0
    for accreditation in ending:
        with transaction.atomic():
            _tell(
                accreditation,
                template="accreditation_expiring",
                key=f"expiring:{accreditation.valid_until.isoformat()}",
            )
        count += 1
    return count


# --- Press events (003 §8.4) -------------------------------------------------------------


def _event_model():
    return apps.get_model("eventgrid", "Event")


def is_press_event(event) -> bool:
    return event.format in PRESS_EVENT_FORMATS and event.state == EVENT_PUBLISHED


def valid_accreditation(*, journalist, agency_id: int, on: dt.date) -> Accreditation | None:
    """The journalist's accreditation at the agency in force on that day, if any."""
    current = Accreditation.objects.filter(
        journalist=journalist, agency_id=agency_id, state=AccreditationState.APPROVED
    ).first()
    return current if current is not None and current.valid_on(on) else None


@transaction.atomic
def press_register(*, event, journalist) -> PressRegistration:
    """An accredited journalist registers for a published press conference, briefing or
    interview of the agency that accredited them; once per event."""
    event = _event_model().objects.select_for_update().get(pk=event.pk)
    if not is_press_event(event):
        raise ValidationError(
            _(
                "Registration is open only for published press conferences, briefings and interviews."
            )
        )
    if event.ends_at < timezone.now():
        raise ValidationError(_("This event is over."))
    on = timezone.localtime(event.starts_at).date()
    accreditation = valid_accreditation(journalist=journalist, agency_id=event.agency_id, on=on)
    if accreditation is None:
        raise ValidationError(
            _("You need an accreditation of this agency valid on the day of the event.")
        )
    registration, created = PressRegistration.objects.get_or_create(
        event=event, journalist=journalist, defaults={"accreditation": accreditation}
    )
    if not created:
        raise ValidationError(_("You are already registered for this event."))
    return registration


@transaction.atomic
def press_unregister(*, event, journalist) -> None:
    """The journalist will not come; a registration with a recorded question stays."""
    registration = PressRegistration.objects.filter(event=event, journalist=journalist).first()
    if registration is None:
        raise ValidationError(_("You are not registered for this event."))
    if registration.questions.exists():
        raise ValidationError(_("A question of yours was recorded at this event; it stays."))
    registration.delete()


@transaction.atomic
def question_to_media_request(*, registration: PressRegistration, text: str, by) -> PressQuestion:
    """A question left unanswered at a press event becomes a media request of the event's
    agency in one step (003 §8.4), the journalist its requester: it gets its number, its
    clock of 5 working days and the notice of receipt, as any media request."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the question.")})
    registration = (
        PressRegistration.objects.select_related("event__agency", "accreditation", "journalist")
        .select_for_update(of=("self",))
        .get(pk=registration.pk)
    )
    event, accreditation = registration.event, registration.accreditation
    case, _token = request_receive(
        agency=event.agency,
        channel=Channel.MEDIA,
        requester_name=accreditation.full_name,
        requester_email=accreditation.email,
        requester_organisation=accreditation.outlet,
        text=text,
        language=registration.journalist.preferred_language,
    )
    question = PressQuestion(
        registration=registration, text=text, recorded_by=by, media_request=case
    )
    question.full_clean()
    question.save()
    return question
