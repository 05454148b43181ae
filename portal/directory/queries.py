"""Reads used in more than one place: each list a user sees starts from one of these."""

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from . import rules
from .models import Agency, AgencySuccession, Spokesperson


def agencies_changeable_by(user) -> QuerySet[Agency]:
    return rules.scope_for_user(Agency.objects.all(), user, agency_field="pk")


def spokespersons_for_user(user) -> QuerySet[Spokesperson]:
    """Published appointments, plus every appointment of the user's own agencies."""
    return rules.scope_for_user(
        Spokesperson.objects.select_related("agency"),
        user,
        public=Q(confirmed_at__isnull=False),
    )


def _in_any_language(fields, word: str) -> Q:
    """`word` appears in one of the translated `fields`, in any of the three languages."""
    match = Q()
    for field in fields:
        for language, _ in settings.LANGUAGES:
            match |= Q(**{f"{field}_{language}__icontains": word})
    return match


def directory_search(
    queryset: QuerySet[Spokesperson], *, text: str = "", agency=None, region: str = ""
) -> QuerySet[Spokesperson]:
    """Search by any part of the name (in any of the three languages), agency and region."""
    for word in text.split():
        queryset = queryset.filter(_in_any_language(("surname", "name", "patronymic"), word))
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    if region:
        queryset = queryset.filter(agency__region=region)
    return queryset


def agency_search(
    queryset: QuerySet[Agency], *, text: str = "", kind: str = "", region: str = ""
) -> QuerySet[Agency]:
    """Search by any part of the full or short name, in any of the three languages."""
    for word in text.split():
        queryset = queryset.filter(_in_any_language(("name", "short_name"), word))
    if kind:
        queryset = queryset.filter(kind=kind)
    if region:
        queryset = queryset.filter(region=region)
    return queryset


def agency_with_history(queryset: QuerySet[Agency], user) -> QuerySet[Agency]:
    """Agencies with the appointments the user may see and the reorganisation links."""
    return queryset.select_related("parent").prefetch_related(
        Prefetch(
            "spokespersons",
            queryset=spokespersons_for_user(user).order_by("-appointed_on"),
            to_attr="visible_spokespersons",
        ),
        "social_accounts",
        Prefetch("succession_to", queryset=_successions("successor")),
        Prefetch("succession_from", queryset=_successions("predecessor")),
    )


def _successions(related: str):
    return AgencySuccession.objects.select_related(related)
