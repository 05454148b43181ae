"""Reads of events; each list starts from what the user may see."""

from django.db.models import QuerySet

from . import rules
from .models import Event


def events_for_user(user) -> QuerySet[Event]:
    """Public events for everyone, plus every event of the user's own agencies; with what a
    list shows (agency, co-organisers, speakers) in a constant number of queries."""
    return rules.scope_events(
        Event.objects.select_related("agency").prefetch_related("co_organisers", "speakers"),
        user,
    )
