"""Reads used in more than one place: each list a user sees starts from one of these."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

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


# Every word of a search adds a condition on each translated field in each language, so
# the input is bounded: an unbounded one (2,000 words in a 4 KB URL) took seconds to build.
SEARCH_MAX_LENGTH = 100
SEARCH_MAX_WORDS = 10


def search_words(text: str) -> list[str]:
    """The words of a search; a `ValidationError` when there are too many (also a validator
    of the search fields of the pages and the API)."""
    if len(text) > SEARCH_MAX_LENGTH:
        raise ValidationError(
            _("Search for at most %(limit)d characters."),
            code="max_length",
            params={"limit": SEARCH_MAX_LENGTH},
        )
    words = text.split()
    if len(words) > SEARCH_MAX_WORDS:
        raise ValidationError(
            _("Search for at most %(limit)d words."),
            code="max_words",
            params={"limit": SEARCH_MAX_WORDS},
        )
    return words


def _in_any_language(fields, word: str) -> Q:
    """`word` appears in one of the translated `fields`, in any of the three languages."""
    match = Q()
    for field in fields:
        for language, _name in settings.LANGUAGES:
            match |= Q(**{f"{field}_{language}__icontains": word})
    return match


def _every_word(fields, text: str) -> Q:
    """Each word of `text` appears in one of `fields`: one condition for one `.filter()`,
    since chaining a filter per word copies the growing query each time."""
    return Q(*(_in_any_language(fields, word) for word in search_words(text)))


def directory_search(
    queryset: QuerySet[Spokesperson], *, text: str = "", agency=None, region: str = ""
) -> QuerySet[Spokesperson]:
    """Search by any part of the name (in any of the three languages), agency and region."""
    queryset = queryset.filter(_every_word(("surname", "name", "patronymic"), text))
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    if region:
        queryset = queryset.filter(agency__region=region)
    return queryset


def agency_search(
    queryset: QuerySet[Agency], *, text: str = "", kind: str = "", region: str = ""
) -> QuerySet[Agency]:
    """Search by any part of the full or short name, in any of the three languages."""
    queryset = queryset.filter(_every_word(("name", "short_name"), text))
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
