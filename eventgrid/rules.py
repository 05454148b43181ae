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


# --- Attachments (000 §3.5) and co-organisers' input (004 §10) -----------------------------


def can_view_attachment(user, attachment) -> bool:
    """An attachment is public exactly when its event is; before that, the agency's and the
    authorized body's."""
    return can_view_event(user, attachment.event)


def can_change_attachments(user, event: Event) -> bool:
    return can_change_event(user, event)


def scope_contributions(queryset: QuerySet, user) -> QuerySet:
    """The input asked of the user's agencies as co-organisers (every agency's for the
    authorized body)."""
    return scope_for_user(queryset, user)


def can_give_input(user, contribution) -> bool:
    """The co-organising agency's members send it (the authorized body may, on its behalf)."""
    return can_change_agency(user, contribution.agency)


def can_view_contribution(user, contribution) -> bool:
    """The co-organiser that gives it, the lead agency that asked for it, the authorized body."""
    return can_give_input(user, contribution) or can_change_agency(user, contribution.event.agency)


# What a co-organiser reads of a shared event that is not yet public, to give its input for
# one agenda (004 §10): what, when, where, why and who to call — not the speakers, the
# participants, the other co-organisers' input or the history.
SHARED_EVENT_FIELDS = (
    "title",
    "format",
    "starts_at",
    "ends_at",
    "place",
    "organisers",
    "goal",
    "key_messages",
    "contacts",
)


def can_view_shared_event(user, contribution) -> bool:
    """The co-organiser asked for input sees SHARED_EVENT_FIELDS of the event, even while it
    is planned, on the page of its input; the event's own pages stay the lead agency's until
    it is published."""
    return can_view_contribution(user, contribution)


def can_view_event_series(user, agency: Agency) -> bool:
    """An agency's event series (000 §3.3) holds its planned, unpublished events: its members
    and the authorized body read it."""
    return can_change_agency(user, agency)


def can_submit_event_series(user, agency: Agency) -> bool:
    """The agency's members submit, reopen and import its series; the authorized body may,
    on the agency's behalf."""
    return can_change_agency(user, agency)


def can_view_network_schedule(user) -> bool:
    """The republican network schedule goes to the Prime Minister's office (000 §3.4): the
    authorized body's staff and superusers only."""
    return sees_every_agency(user)
