"""Every write to the directory goes through one of these functions."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..deadlines.computation import day_start
from ..deadlines.services import deadline_complete_for, deadline_open_for_event
from ..documents.services import publication_bump
from ..notifications.services import notifications_each, notifications_save
from .choices import AgencyStatus, ReviewState, Role, SpokespersonAction, SpokespersonPost
from .exports import PUBLICATION
from .models import (
    Agency,
    AgencySuccession,
    CalendarCorrection,
    Membership,
    Spokesperson,
    SpokespersonEvent,
)
from .queries import active_members

# What journalists see of an appointment: a change to any of these waits for the authorized
# body's confirmation, while the public keeps the confirmed version (004 §4). The mobile
# phone is seen only by the agency and the ministry, so a correction of it applies at once.
PRIVATE_FIELDS = ("mobile_phone",)


def _public_fields() -> tuple[str, ...]:
    translated = [
        f"{field}_{code}"
        for field in ("surname", "name", "patronymic", "position")
        for code, _label in settings.LANGUAGES
    ]
    return ("post", "appointed_on", "left_on", *translated, "email", "work_phone", "languages")


def _stored(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def _differences(before: Spokesperson, after: Spokesperson, names) -> dict[str, list]:
    """{field: [old, new]} of the fields whose values differ, as JSON."""
    return {
        name: [_stored(getattr(before, name)), _stored(getattr(after, name))]
        for name in names
        if getattr(before, name) != getattr(after, name)
    }


def _log(spokesperson, action, *, by=None, comment="", changes=None) -> SpokespersonEvent:
    return SpokespersonEvent.objects.create(
        spokesperson=spokesperson, action=action, actor=by, comment=comment, changes=changes or {}
    )


def _ask_for_confirmation(spokesperson: Spokesperson, event: SpokespersonEvent) -> None:
    """Confirming is the authorized body's work, so its deadline chases the ministry's staff,
    not the agency; the submission (the event) is its subject, so every submission gets one."""
    spokesperson.review_event = event
    deadline_open_for_event(
        rule_code="spokesperson-confirmation",
        agency=spokesperson.agency,
        subject=event,
        start=event.at,
    )


def _close_confirmation(spokesperson: Spokesperson, *, by) -> None:
    if spokesperson.review_event is not None:
        deadline_complete_for(
            rule_code="spokesperson-confirmation",
            agency=spokesperson.agency,
            subject=spokesperson.review_event,
            by=by,
        )
    spokesperson.review_event = None


def spokesperson_appoint(
    *, agency: Agency, appointed_on: dt.date, by=None, **fields
) -> Spokesperson:
    """Record an appointment from its details."""
    return spokesperson_record(
        spokesperson=Spokesperson(agency=agency, appointed_on=appointed_on, **fields), by=by
    )


@transaction.atomic
def spokesperson_record(*, spokesperson: Spokesperson, by=None) -> Spokesperson:
    """Save a new appointment, awaiting the authorized body's confirmation.

    Recording it is the agency's notice of the appointment (004 §3), so the one-working-day
    notice deadline is met now (late if recorded late). Until the ministry confirms, the
    current holder keeps the post in the directory: only confirmation ends their term."""
    spokesperson.confirmed_at = None
    spokesperson.review_state = ReviewState.AWAITING
    spokesperson.full_clean()
    spokesperson.save()
    event = _log(
        spokesperson,
        SpokespersonAction.RECORDED,
        by=by,
        changes={name: [None, _stored(getattr(spokesperson, name))] for name in _public_fields()},
    )
    _ask_for_confirmation(spokesperson, event)
    spokesperson.save(update_fields=["review_event", "updated_at"])
    deadline_open_for_event(
        rule_code="spokesperson-notice",
        agency=spokesperson.agency,
        subject=spokesperson,
        start=day_start(spokesperson.appointed_on),
    )
    deadline_complete_for(
        rule_code="spokesperson-notice", agency=spokesperson.agency, subject=spokesperson, by=by
    )
    return spokesperson


def _current_holder(spokesperson: Spokesperson) -> Spokesperson | None:
    """The confirmed authorized person whose term a new appointment would end."""
    if spokesperson.post != SpokespersonPost.AUTHORIZED_PERSON:
        return None
    return (
        Spokesperson.objects.select_for_update()
        .holder_of_post(spokesperson.agency_id)
        .exclude(pk=spokesperson.pk)
        .first()
    )


@transaction.atomic
def spokesperson_update(*, spokesperson: Spokesperson, by=None, **fields) -> Spokesperson:
    """Change the details of an appointment (the agency stays as it is).

    An entry not yet confirmed (or rejected) changes at once and goes (back) to the authorized
    body. A confirmed one keeps its confirmed values in public: the change waits in
    `pending_changes` until the ministry confirms it (004 §4); a second edit before then
    replaces the proposal. The private mobile phone changes at once."""
    stored = Spokesperson.objects.select_for_update().get(pk=spokesperson.pk)
    proposed = Spokesperson.objects.get(pk=spokesperson.pk).with_pending_changes()
    for name, value in fields.items():
        setattr(proposed, name, value)
    proposed.full_clean()
    if not stored.is_published:
        return _update_unconfirmed(stored, proposed, by=by)
    changes = _differences(stored, proposed, _public_fields())
    private = _differences(stored, proposed, PRIVATE_FIELDS)
    stored.with_values({name: new for name, (_old, new) in private.items()})
    proposal = {name: new for name, (_old, new) in changes.items()}
    if private:
        _log(stored, SpokespersonAction.CHANGED, by=by, changes=private)
    if proposal != stored.pending_changes:
        stored.pending_changes = proposal
        if proposal:
            stored.review_state = ReviewState.CHANGE_AWAITING
            event = _log(stored, SpokespersonAction.CHANGE_PROPOSED, by=by, changes=changes)
            if stored.review_event is None:
                _ask_for_confirmation(stored, event)
        else:
            # Edited back to the confirmed values: nothing is left for the ministry to do.
            stored.review_state = ReviewState.CONFIRMED
            _log(stored, SpokespersonAction.CHANGED, by=by, comment=_("Change withdrawn."))
            _close_confirmation(stored, by=by)
    stored.save()
    return stored


def _update_unconfirmed(stored, proposed, *, by) -> Spokesperson:
    changes = _differences(stored, proposed, (*_public_fields(), *PRIVATE_FIELDS))
    if not changes and stored.review_state != ReviewState.REJECTED:
        return stored
    resubmitted = stored.review_state == ReviewState.REJECTED
    proposed.review_state = ReviewState.AWAITING
    proposed.rejection_reason = ""
    proposed.full_clean()
    event = _log(proposed, SpokespersonAction.CHANGED, by=by, changes=changes)
    if resubmitted:
        _ask_for_confirmation(proposed, event)
    proposed.save()
    return proposed


@transaction.atomic
def spokesperson_confirm(*, spokesperson: Spokesperson, by=None) -> Spokesperson:
    """The authorized body confirms a new appointment (which ends the previous holder's term
    the day before) or a change; either becomes public now (004 §4)."""
    stored = Spokesperson.objects.select_for_update().get(pk=spokesperson.pk)
    if stored.review_state == ReviewState.AWAITING:
        holder = _current_holder(stored)
        stored.full_clean()  # still after the holder, who may have changed since
        if holder is not None:
            holder.left_on = stored.appointed_on - dt.timedelta(days=1)
            holder.save(update_fields=["left_on", "updated_at"])
            _log(holder, SpokespersonAction.LEFT, by=by, comment=stored.full_name)
        stored.confirmed_at = timezone.now()
        changes = {}
    elif stored.review_state == ReviewState.CHANGE_AWAITING:
        before = Spokesperson.objects.get(pk=stored.pk)
        stored.with_pending_changes()
        changes = _differences(before, stored, _public_fields())
        stored.pending_changes = {}
    else:
        raise ValidationError(_("Nothing about this appointment awaits confirmation."))
    stored.review_state = ReviewState.CONFIRMED
    stored.rejection_reason = ""
    stored.full_clean()
    _log(stored, SpokespersonAction.CONFIRMED, by=by, changes=changes)
    _close_confirmation(stored, by=by)
    stored.save()
    publication_bump(PUBLICATION)
    return stored


@transaction.atomic
def spokesperson_reject(*, spokesperson: Spokesperson, by, reason: str) -> Spokesperson:
    """The authorized body refuses a new appointment or a change, saying why; the agency sees
    the reason, corrects the entry and it comes back for confirmation."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why: the agency sees the reason.")})
    stored = Spokesperson.objects.select_for_update().get(pk=spokesperson.pk)
    if stored.review_state == ReviewState.AWAITING:
        stored.review_state = ReviewState.REJECTED
        changes = {}
    elif stored.review_state == ReviewState.CHANGE_AWAITING:
        changes = stored.pending_changes
        stored.pending_changes = {}
        stored.review_state = ReviewState.CONFIRMED
    else:
        raise ValidationError(_("Nothing about this appointment awaits confirmation."))
    stored.rejection_reason = reason
    event = _log(stored, SpokespersonAction.REJECTED, by=by, comment=reason, changes=changes)
    _close_confirmation(stored, by=by)
    stored.save()
    _tell_agency_of_rejection(stored, event)
    return stored


def _tell_agency_of_rejection(spokesperson: Spokesperson, event: SpokespersonEvent) -> None:
    """The press secretaries learn the reason at once, with a link in their language."""
    notifications_save(
        notifications_each(
            recipients=active_members(Role.PRESS_SECRETARY, agency_id=spokesperson.agency_id),
            event_key=f"spokesperson-rejected:{event.pk}",
            template="spokesperson_rejected",
            context={"spokesperson": spokesperson, "reason": spokesperson.rejection_reason},
            path=spokesperson.agency.get_absolute_url,
        )
    )


@transaction.atomic
def agency_save(*, agency: Agency) -> Agency:
    """Add an agency or correct its details (names, contacts); what it is and whether it is
    active change only through `agency_reorganise`."""
    agency.full_clean()
    agency.save()
    publication_bump(PUBLICATION)
    return agency


@transaction.atomic
def agency_reorganise(
    *, agency: Agency, status: AgencyStatus, effective_on: dt.date, successors=(), by=None
) -> Agency:
    """Rename, merge, split or close an agency, linking it to the bodies that follow it and
    ending the appointments of its spokespersons."""
    if status == AgencyStatus.ACTIVE:
        raise ValidationError({"status": _("Choose how the agency was reorganised.")})
    if status != AgencyStatus.CLOSED and not successors:
        raise ValidationError({"successors": _("Name the agencies that take over.")})
    if agency in successors:
        raise ValidationError({"successors": _("An agency cannot succeed itself.")})
    agency.status = status
    agency.status_changed_on = effective_on
    agency.full_clean()
    agency.save(update_fields=["status", "status_changed_on", "updated_at"])
    for successor in successors:
        AgencySuccession.objects.get_or_create(
            predecessor=agency, successor=successor, defaults={"effective_on": effective_on}
        )
    # The old body's spokespersons leave with it; the successor appoints its own.
    leaving = list(
        agency.spokespersons.filter(left_on__isnull=True, appointed_on__lte=effective_on)
    )
    for spokesperson in leaving:
        spokesperson.left_on = effective_on
        spokesperson.save(update_fields=["left_on", "updated_at"])
    SpokespersonEvent.objects.bulk_create(
        SpokespersonEvent(
            spokesperson=spokesperson,
            action=SpokespersonAction.LEFT,
            actor=by,
            comment=str(agency.get_status_display()),
        )
        for spokesperson in leaving
    )
    publication_bump(PUBLICATION)
    return agency


@transaction.atomic
def membership_save(membership: Membership) -> Membership:
    """Save a membership and give its user the role's group, which carries the admin
    permissions; every role but the journalist's works in the admin."""
    membership.full_clean()
    membership.save()
    user = membership.user
    user.groups.add(Group.objects.get(name=membership.role))
    if membership.role != Role.JOURNALIST and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return membership


def _recompute_after_commit(correction: CalendarCorrection, dates: list[dt.date]) -> None:
    """Count the open deadlines over the corrected days (its day first, then the day it had
    before a change) again, in Celery once the correction is committed (the worker reads
    the calendar with it)."""
    from ..deadlines.tasks import recompute_for_correction

    names = {code: getattr(correction, f"name_{code}") or "" for code, _name in settings.LANGUAGES}
    days = [day.isoformat() for day in dates]
    transaction.on_commit(lambda: recompute_for_correction.delay(dates=days, names=names))


@transaction.atomic
def calendar_correction_save(correction: CalendarCorrection) -> CalendarCorrection:
    """Enter or change a day moved by a government decree (SPEC §8); every open deadline
    counted over its day (and over the day it had before a change) is counted again."""
    correction.full_clean()
    dates = [correction.date]
    if correction.pk is not None:
        dates += CalendarCorrection.objects.filter(pk=correction.pk).values_list("date", flat=True)
    correction.save()
    _recompute_after_commit(correction, dates)
    return correction


@transaction.atomic
def calendar_correction_delete(correction: CalendarCorrection) -> None:
    """Remove a correction: the day is what the statutory calendar says again, and the open
    deadlines counted over it are counted again."""
    dates = [correction.date]
    correction.delete()
    _recompute_after_commit(correction, dates)
