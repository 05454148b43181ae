"""Who may see and change events: the directory's rules applied to them. Journalists and
anonymous visitors see the public states; an agency's members also see their own agency's
drafts and planned events (not those it co-organises); the authorized body sees all."""

from django.db.models import Q, QuerySet

from portal.directory.rules import can_change_agency, scope_for_user

from .choices import PUBLIC_STATES
from .models import Event

PUBLIC = Q(state__in=PUBLIC_STATES)


def scope_events(queryset: QuerySet, user) -> QuerySet:
    return scope_for_user(queryset, user, public=PUBLIC)


def can_view_event(user, event: Event) -> bool:
    return event.is_public or can_change_agency(user, event.agency)


def can_change_event(user, event: Event) -> bool:
    """Members of the owning agency and the authorized body (a cancelled event is refused by
    the services, with a message saying so)."""
    return can_change_agency(user, event.agency)
