"""Who may see and change events and the weekly information: the directory's rules applied to
them. Journalists and anonymous visitors see the public states; an agency's members also see
their own agency's drafts and planned events (not those it co-organises); the authorized body
sees all. The weekly information (004 §10) is sent to the authorized body: only the agency's
members and the authorized body read it."""

from django.db.models import Q, QuerySet

from portal.directory.models import Agency
from portal.directory.rules import can_change_agency, scope_for_user, sees_every_agency

from .choices import PUBLIC_STATES
from .models import Event

PUBLIC = Q(state__in=PUBLIC_STATES)


def scope_events(queryset: QuerySet, user) -> QuerySet:
    return scope_for_user(queryset, user, public=PUBLIC)


def scope_events_of_own_agencies(queryset: QuerySet, user) -> QuerySet:
    """The events of the user's agencies only (every agency's for the authorized body): the
    pages where events are entered list no other agency's, public or not."""
    return scope_for_user(queryset, user)


def can_view_event(user, event: Event) -> bool:
    return event.is_public or can_change_agency(user, event.agency)


def can_change_event(user, event: Event) -> bool:
    """Members of the owning agency and the authorized body (a cancelled event is refused by
    the services, with a message saying so)."""
    return can_change_agency(user, event.agency)


def can_add_event(user, agency: Agency) -> bool:
    return can_change_agency(user, agency)


def can_view_weekly_information(user, agency: Agency) -> bool:
    """The agency's members and the authorized body: it holds unpublished events."""
    return can_change_agency(user, agency)


def can_submit_weekly_information(user, agency: Agency) -> bool:
    """The agency's members send it; the authorized body may, on the agency's behalf."""
    return can_change_agency(user, agency)


def can_compose_media_grid(user) -> bool:
    """The weekly media-grid (004 §11) is the authorized body's: its staff and superusers
    compose, correct and publish it. Everyone reads what is published."""
    return sees_every_agency(user)
