"""Reads of accreditation used by pages, API and tasks; each starts from what the user may
see."""

import datetime as dt

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from portal.directory.rules import member_agency_ids, sees_every_agency

from . import rules
from .choices import EVENT_PUBLISHED, PRESS_EVENT_FORMATS, AccreditationState
from .models import Accreditation, PressRegistration


def accreditations_for_user(user) -> QuerySet[Accreditation]:
    return rules.scope_accreditations(
        Accreditation.objects.select_related("agency", "journalist", "event"), user
    )


def in_force(queryset: QuerySet, *, on: dt.date | None = None) -> QuerySet:
    on = on or timezone.localdate()
    return queryset.filter(state=AccreditationState.APPROVED, valid_from__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def accredited_journalists(agency) -> QuerySet[Accreditation]:
    """The public list of an agency's accredited journalists (003 §8.3): who is accredited
    today, by name. No contacts, no photo."""
    return (
        in_force(Accreditation.objects.filter(agency=agency))
        .order_by("full_name", "pk")
        .only("full_name", "outlet", "position", "kind", "valid_from", "valid_until", "agency_id")
    )


def press_events() -> QuerySet:
    """Published press conferences, briefings and interviews still to come (003 §8.4)."""
    Event = apps.get_model("eventgrid", "Event")
    return (
        Event.objects.filter(
            format__in=PRESS_EVENT_FORMATS, state=EVENT_PUBLISHED, ends_at__gte=timezone.now()
        )
        .select_related("agency")
        .order_by("starts_at", "pk")
    )


def press_events_for_user(user) -> QuerySet:
    """A journalist's: the events of the agencies that accredited them; staff's: their
    agencies' (every agency's for the authorized body); each with its registrations' count."""
    events = press_events().annotate(registered=Count("press_registrations"))
    if sees_every_agency(user):
        return events
    accredited = in_force(Accreditation.objects.filter(journalist=user)).values("agency_id")
    return events.filter(Q(agency_id__in=member_agency_ids(user)) | Q(agency_id__in=accredited))


def registrations(event) -> QuerySet[PressRegistration]:
    return (
        PressRegistration.objects.filter(event=event)
        .select_related("accreditation", "journalist")
        .prefetch_related("questions__media_request")
        .order_by("accreditation__full_name", "pk")
    )
