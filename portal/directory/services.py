"""Every write to the directory goes through one of these functions."""

import datetime as dt

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..deadlines.computation import day_start
from ..deadlines.services import deadline_complete_for, deadline_open_for_event
from .choices import AgencyStatus, Role, SpokespersonPost
from .models import Agency, AgencySuccession, Membership, Spokesperson


def spokesperson_appoint(*, agency: Agency, appointed_on: dt.date, **fields) -> Spokesperson:
    """Record an appointment from its details."""
    return spokesperson_record(
        spokesperson=Spokesperson(agency=agency, appointed_on=appointed_on, **fields)
    )


@transaction.atomic
def spokesperson_record(*, spokesperson: Spokesperson) -> Spokesperson:
    """Save a new appointment; the previous holder of the authorized-person post leaves the
    day before, so the history shows who held the post when."""
    if spokesperson.post == SpokespersonPost.AUTHORIZED_PERSON:
        previous = (
            Spokesperson.objects.select_for_update()
            .filter(
                agency=spokesperson.agency,
                post=SpokespersonPost.AUTHORIZED_PERSON,
                left_on__isnull=True,
            )
            .first()
        )
        if previous is not None:
            if previous.appointed_on >= spokesperson.appointed_on:
                raise ValidationError(
                    {"appointed_on": _("The new appointment must follow the current one.")}
                )
            previous.left_on = spokesperson.appointed_on - dt.timedelta(days=1)
            previous.save(update_fields=["left_on", "updated_at"])
    spokesperson.full_clean()
    spokesperson.save()
    if spokesperson.confirmed_at is None:
        # The agency has one working day to inform the authorized body (004 §3); recording
        # the appointment here is the notice, the ministry's confirmation closes it.
        deadline_open_for_event(
            rule_code="spokesperson-notice",
            agency=spokesperson.agency,
            subject=spokesperson,
            start=day_start(spokesperson.appointed_on),
        )
    return spokesperson


@transaction.atomic
def spokesperson_confirm(*, spokesperson: Spokesperson) -> Spokesperson:
    """The authorized body confirms the notice of appointment; the entry becomes public.

    The notice deadline counts as met when the appointment was recorded, not when the
    ministry got round to confirming it."""
    if spokesperson.confirmed_at is None:
        spokesperson.confirmed_at = timezone.now()
        spokesperson.save(update_fields=["confirmed_at", "updated_at"])
        deadline_complete_for(
            rule_code="spokesperson-notice",
            agency=spokesperson.agency,
            subject=spokesperson,
            at=spokesperson.created_at,
        )
    return spokesperson


@transaction.atomic
def agency_reorganise(
    *, agency: Agency, status: AgencyStatus, effective_on: dt.date, successors=()
) -> Agency:
    """Rename, merge, split or close an agency, linking it to the bodies that follow it and
    ending the appointments of its spokespersons."""
    if status == AgencyStatus.ACTIVE:
        raise ValidationError({"status": _("Choose how the agency was reorganised.")})
    if status != AgencyStatus.CLOSED and not successors:
        raise ValidationError({"successors": _("Name the agencies that take over.")})
    agency.status = status
    agency.status_changed_on = effective_on
    agency.full_clean()
    agency.save(update_fields=["status", "status_changed_on", "updated_at"])
    for successor in successors:
        AgencySuccession.objects.get_or_create(
            predecessor=agency, successor=successor, defaults={"effective_on": effective_on}
        )
    # The old body's spokespersons leave with it; the successor appoints its own.
    agency.spokespersons.filter(left_on__isnull=True, appointed_on__lte=effective_on).update(
        left_on=effective_on, updated_at=timezone.now()
    )
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


def spokesperson_update(*, spokesperson: Spokesperson, **fields) -> Spokesperson:
    """Correct the details of an appointment (the agency and the post stay as they are)."""
    for name, value in fields.items():
        setattr(spokesperson, name, value)
    spokesperson.full_clean()
    spokesperson.save()
    return spokesperson
