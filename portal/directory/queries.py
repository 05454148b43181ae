"""Reads used in more than one place: each list a user sees starts from one of these."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import Agency, AgencySuccession, Membership, Spokesperson
from .search import ALPHABETS, search_skeleton


def agencies_changeable_by(user) -> QuerySet[Agency]:
    return rules.scope_for_user(Agency.objects.all(), user, agency_field="pk")


def active_members(role, *, agency_id: int | None = None) -> list:
    """The active users who hold `role` (in that agency, when one is given): the people a
    step of an agency's work is told to."""
    memberships = Membership.objects.filter(role=role, user__is_active=True)
    if agency_id is not None:
        memberships = memberships.filter(agency_id=agency_id)
    return [membership.user for membership in memberships.select_related("user")]


def spokespersons_for_user(user) -> QuerySet[Spokesperson]:
    """Published appointments, plus every appointment of the user's own agencies."""
    return rules.scope_for_user(
        Spokesperson.objects.select_related("agency"),
        user,
        public=Q(confirmed_at__isnull=False),
    )


def sort_language() -> str:
    """The active language whose alphabet lists are sorted by (the default outside requests)."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in ALPHABETS else settings.LANGUAGE_CODE


def name_ordering(model, field_path: str = "") -> list[str]:
    """The sort key of the name at `field_path` from `model`, in the active language: an
    agency's name ("" on Agency, "agency__" on rows of an agency) or a person's surname, first
    name and patronymic ("" on Spokesperson)."""
    target = model
    for part in filter(None, field_path.split("__")):
        target = target._meta.get_field(part).related_model
    key = "sort_surname" if issubclass(target, Spokesperson) else "sort_name"
    return [f"{field_path}{key}_{sort_language()}"]


def by_name(queryset: QuerySet, *field_paths: str) -> QuerySet:
    """`queryset` in the alphabet of the page's language (Kazakh: А Ә Б … Ғ … Қ … І …), by the
    name at each of `field_paths` in turn (default: the rows' own), then by pk.

    `by_name(spokespersons, "agency__", "")` lists by agency, then by person."""
    keys = [key for path in field_paths or ("",) for key in name_ordering(queryset.model, path)]
    return queryset.order_by(*keys, "pk")


# The input of a search is bounded: an unbounded one (2,000 words in a 4 KB URL) took seconds
# to build when every word was a condition on each translated field in each language.
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


def _every_word(fields, text: str) -> Q:
    """Each word of `text`, spelt as a search skeleton ("Жақсыбеков", "Jaksybekov" and
    "Žaksybekov" read alike, see `search.search_skeleton`), appears in one of the skeleton
    `fields` (`search_text` of the row or of its agency): one condition for one `.filter()`,
    since chaining a filter per word copies the growing query each time."""
    parts = dict.fromkeys(
        part for word in search_words(text) for part in search_skeleton(word).split()
    )
    return Q(
        *(
            Q.create([(f"{field}__icontains", part) for field in fields], connector=Q.OR)
            for part in parts
        )
    )


def directory_search(
    queryset: QuerySet[Spokesperson], *, text: str = "", agency=None, region: str = ""
) -> QuerySet[Spokesperson]:
    """Search by any part of the person's or the agency's names (in any of the three languages
    and common transliterations), agency and region."""
    queryset = queryset.filter(_every_word(("search_text", "agency__search_text"), text))
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    if region:
        queryset = queryset.filter(agency__region=region)
    return queryset


def agency_search(
    queryset: QuerySet[Agency], *, text: str = "", kind: str = "", region: str = ""
) -> QuerySet[Agency]:
    """Search by any part of the full or short name, in any of the three languages and common
    transliterations."""
    queryset = queryset.filter(_every_word(("search_text",), text))
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
