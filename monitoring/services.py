"""Every write of monitoring: ingest, tone overrides, saved searches, and the resonance
case's steps — flag (000 §4.2), head informed (003 §10.4), response and close (000 §4.3).

Pages, API, admin and tasks call these; who may call them is decided by `rules`, before.
The text work (language, normalised URLs, matching, tone, resonance) is done by the pure
functions of `monitoring.text`; here it meets the database.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.deadlines.models import Deadline
from portal.deadlines.services import deadline_complete_for, deadline_open_for_event
from portal.directory.choices import Role
from portal.directory.models import Agency
from portal.directory.queries import active_members
from portal.notifications.services import notifications_each, notifications_save

from .choices import CaseAction, CaseSource, CaseState, Polarity, ResponseKind, Tone
from .emergencies.queries import response_hours_for
from .models import (
    AgencyRule,
    CaseEvent,
    Outlet,
    Publication,
    PublicationMatch,
    ResonanceCase,
    Response,
    SavedSearch,
    Story,
    ToneOverride,
    ToneWord,
)
from .text import language as text_language
from .text import matching, normalise, resonance, tone

RESPONSE_RULE = "monitoring-response"
# Syndicated copies: a near-identical title within this many days joins the same story.
STORY_WINDOW = dt.timedelta(days=3)
# How many recent stories a new title is compared with (the newest first).
STORY_CANDIDATES = 500
# A text in no language it can tell is scored with no words: neutral.
NO_WORDS = tone.Lexicon(negative=frozenset(), positive=frozenset(), negators=frozenset())


# --- What one ingest run reads once ------------------------------------------------------


@dataclass
class AgencyMatcher:
    """Every agency's rules in one index, compiled once per run (issue 11 item 2: 500
    agencies' rules against many thousands of texts, each text read once)."""

    index: matching.RuleIndex

    @classmethod
    def load(cls) -> "AgencyMatcher":
        terms: dict[int, list] = {}
        for agency_id, term, language, exclude in AgencyRule.objects.values_list(
            "agency_id", "term", "language", "exclude"
        ):
            terms.setdefault(agency_id, []).append(
                matching.Term(text=term, language=language, exclude=exclude)
            )
        return cls(matching.compile_rules(terms))

    def match(self, text: str, language: str) -> dict[int, tuple[str, ...]]:
        """agency id → the terms that matched, for the agencies the text is about."""
        return {
            agency_id: result.terms
            for agency_id, result in self.index.match(text, language).items()
            if result.matched
        }


def lexicons_load() -> dict[str, tone.Lexicon]:
    """The ministry's lexicon of each language that has words in `ToneWord`, the shipped
    default for the others (issue 11 item 3: lexicons as data the ministry edits)."""
    rows: dict[str, tuple[list, list]] = {}
    for language, word, polarity in ToneWord.objects.values_list("language", "word", "polarity"):
        words, negators = rows.setdefault(language, ([], []))
        if polarity == Polarity.NEGATOR:
            negators.append(word)
        else:
            words.append((word, polarity))
    lexicons = dict(tone.DEFAULT_LEXICONS)
    for language, (words, negators) in rows.items():
        lexicons[language] = tone.lexicon_from_rows(words, negators, language)
    return lexicons


@dataclass
class IngestContext:
    """What a run of ingest reads once: the rules and lexicons."""

    matcher: AgencyMatcher
    lexicons: dict

    @classmethod
    def load(cls) -> "IngestContext":
        return cls(matcher=AgencyMatcher.load(), lexicons=lexicons_load())


# --- Ingest ------------------------------------------------------------------------------


def _story_for(title: str, published_at: dt.datetime) -> Story | None:
    """The story a near-identical title of the last days belongs to (issue 11 item 2)."""
    candidates = Story.objects.filter(
        first_published_at__gte=published_at - STORY_WINDOW,
        first_published_at__lte=published_at + STORY_WINDOW,
    ).order_by("-first_published_at")[:STORY_CANDIDATES]
    for story in candidates:
        if normalise.titles_near(story.title, title):
            return story
    return None


def _story_totals(story: Story) -> None:
    """The story's reach and outlets from its copies: each outlet counted once."""
    outlets = Outlet.objects.filter(publications__story=story).distinct()
    story.outlets = outlets.count()
    story.reach = outlets.aggregate(total=Sum("reach"))["total"] or 0
    story.save(update_fields=["outlets", "reach", "updated_at"])


def publication_ingest(
    *,
    url: str,
    title: str,
    summary: str = "",
    text: str = "",
    published_at: dt.datetime | None = None,
    outlet: Outlet | None = None,
    html_lang: str | None = None,
    context: IngestContext | None = None,
    by=None,
) -> tuple[Publication, bool]:
    """Store one publication found in a feed or entered by hand; (publication, created).

    An address seen before returns the stored publication. Otherwise: the story of a
    near-identical title of the last 3 days (or a new one), the language (kk/ru/en), the
    agencies its rules match with the terms that matched, the tone with the words that
    decided it, and for each agency a resonance case when the story may cause negative
    resonance (000 §4.1–4.2)."""
    title = (title or "").strip()[:500]
    if not title:
        raise ValidationError(_("A publication needs a title."), code="title")
    normalised = normalise.normalise_url(url)
    existing = Publication.objects.filter(normalised_url=normalised).first()
    if existing is not None:
        return existing, False
    context = context or IngestContext.load()
    published_at = published_at or timezone.now()
    body = text or summary
    language = text_language.detect_language(f"{title}\n{body}", html_lang=html_lang)
    lexicon = context.lexicons.get(language, NO_WORDS)
    scored = tone.score_tone(f"{title}\n{body}", language, lexicon)
    with transaction.atomic():
        story = _story_for(title, published_at)
        if story is None:
            story = Story.objects.create(title=title, first_published_at=published_at)
        publication = Publication(
            outlet=outlet,
            url=url,
            normalised_url=normalised,
            title=title,
            summary=summary,
            text=text,
            language=language,
            published_at=published_at,
            story=story,
            tone=scored.label,
            scored_tone=scored.label,
            tone_score=scored.score,
            tone_words=list(scored.words),
        )
        publication.full_clean()
        try:
            with transaction.atomic():
                publication.save()
        except IntegrityError:  # another worker stored the same address meanwhile
            return Publication.objects.get(normalised_url=normalised), False
        _story_totals(story)
        matched = context.matcher.match(f"{title}\n{body}", language)
        PublicationMatch.objects.bulk_create(
            PublicationMatch(publication=publication, agency_id=agency_id, terms=list(terms))
            for agency_id, terms in matched.items()
        )
        flag, reason = resonance.resonance_flag(
            tone=publication.tone, reach=story.reach, outlets=story.outlets
        )
        if flag and matched:
            for agency in Agency.objects.filter(pk__in=matched):
                case_open(
                    publication=publication, agency=agency, reason=reason, source=CaseSource.AUTO
                )
    return publication, True


# --- Tone overrides and saved searches ----------------------------------------------------


def tone_override(*, publication: Publication, by, tone: str, reason: str) -> Publication:
    """Staff set the tone the scorer got wrong; the override is kept and shown (issue 11
    item 3)."""
    reason = (reason or "").strip()
    if tone not in Tone.values:
        raise ValidationError({"tone": _("Unknown tone.")})
    if not reason:
        raise ValidationError({"reason": _("Say why the tone is changed.")})
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.tone == tone:
            raise ValidationError({"tone": _("The publication already has this tone.")})
        override = ToneOverride(
            publication=publication, previous=publication.tone, tone=tone, reason=reason, actor=by
        )
        override.full_clean()
        override.save()
        publication.tone = tone
        publication.save(update_fields=["tone", "updated_at"])
    return publication


def saved_search_save(*, user, name: str, query: dict) -> SavedSearch:
    """Save the list's filters under a name; the same name replaces them."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the search a name.")})
    with transaction.atomic():
        search = SavedSearch.objects.filter(user=user, name=name).first() or SavedSearch(
            user=user, name=name
        )
        search.query = {key: value for key, value in query.items() if value not in ("", None)}
        search.full_clean()
        search.save()
    return search


def saved_search_delete(*, search: SavedSearch) -> None:
    search.delete()


# --- Resonance cases ---------------------------------------------------------------------


def _record(case: ResonanceCase, action: str, *, by=None, at=None, data=None) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case, action=action, actor=by, at=at or timezone.now(), data=data or {}
    )


def _alert(case: ResonanceCase) -> None:
    """The agency's press secretaries and head learn of the flag at once, in-app and by
    e-mail, each in their language (000 §4.2; 003 §10.4)."""
    people = {
        person.pk: person
        for role in (Role.PRESS_SECRETARY, Role.AGENCY_HEAD)
        for person in active_members(role, agency_id=case.agency_id)
    }
    notifications_save(
        notifications_each(
            recipients=people.values(),
            event_key=f"monitoring_flag:{case.pk}",
            template="monitoring_flag",
            context={
                "case": case,
                "agency": case.agency,
                "publication": case.publication,
                "due_at": case.due_at,
            },
            path=lambda: reverse("monitoring:case_detail", kwargs={"pk": case.pk}),
        )
    )
    from portal.notifications.tasks import deliver

    transaction.on_commit(deliver.delay)


def case_open(
    *, publication: Publication, agency: Agency, reason: str, source: str, by=None, at=None
) -> ResonanceCase:
    """Flag a publication's story for an agency: open its case, start the response
    deadline (000 §4.3, rule "monitoring-response", in hours) and alert the agency. A story
    already open for the agency keeps its one case."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the publication is flagged.")})
    if source not in CaseSource.values:
        raise ValidationError({"source": _("Unknown source.")})
    at = at or timezone.now()
    with transaction.atomic():
        open_case = ResonanceCase.objects.filter(
            story_id=publication.story_id, agency=agency, state=CaseState.OPEN
        ).first()
        if open_case is not None:
            return open_case
        case = ResonanceCase(
            story_id=publication.story_id,
            publication=publication,
            agency=agency,
            reason=reason,
            source=source,
            flagged_by=by,
            flagged_at=at,
        )
        case.full_clean()
        case.save()
        deadline = deadline_open_for_event(
            rule_code=RESPONSE_RULE, agency=agency, subject=case, start=at
        )
        due_at = deadline.due_at if deadline is not None else None
        emergency_hours = response_hours_for(agency, at)
        if emergency_hours is not None:
            # An agency in an open emergency answers sooner (000 §5): the engine's deadline
            # moves with the case, so that it escalates at the shorter moment.
            shorter = at + dt.timedelta(hours=emergency_hours)
            due_at = min(due_at, shorter) if due_at else shorter
            if deadline is not None:
                Deadline.objects.filter(pk=deadline.pk).update(due_at=due_at)
        if due_at is not None:
            case.due_at = due_at
            case.save(update_fields=["due_at"])
        _record(case, CaseAction.FLAGGED, by=by, at=at, data={"source": source})
        _alert(case)
    return case


def _locked(case: ResonanceCase) -> ResonanceCase:
    return ResonanceCase.objects.select_for_update().select_related("agency").get(pk=case.pk)


def case_head_informed(*, case: ResonanceCase, by, at: dt.datetime | None = None):
    """The spokesperson records that the first head was informed, and when (003 §10.4)."""
    at = at or timezone.now()
    with transaction.atomic():
        case = _locked(case)
        if case.head_informed_at is not None:
            raise ValidationError(_("The head's being informed is already recorded."))
        if at > timezone.now() or at < case.flagged_at:
            raise ValidationError(
                {"at": _("The time must be between the flag and now.")}, code="at"
            )
        case.head_informed_at, case.head_informed_by = at, by
        case.full_clean()
        case.save(update_fields=["head_informed_at", "head_informed_by", "updated_at"])
        _record(case, CaseAction.HEAD_INFORMED, by=by, at=at)
    return case


def response_record(
    *, case: ResonanceCase, by, kind: str, description: str = "", result_url: str = ""
) -> Response:
    """The agency records its explanatory work (000 §4.3), held to the case's deadline."""
    with transaction.atomic():
        case = _locked(case)
        if not case.is_open:
            raise ValidationError(_("This case is closed."), code="closed")
        if kind not in ResponseKind.values:
            raise ValidationError({"kind": _("Unknown kind of response.")})
        response = Response(
            case=case,
            kind=kind,
            description=(description or "").strip(),
            result_url=(result_url or "").strip(),
            due_at=case.due_at or case.flagged_at,
            recorded_by=by,
        )
        response.full_clean()
        response.save()
        _record(case, CaseAction.RESPONSE, by=by, data={"kind": kind, "response": response.pk})
    return response


def case_close(
    *, case: ResonanceCase, by, response: Response, result_url: str = "", at=None
) -> ResonanceCase:
    """Close the case with one of its responses, which must link its result; the response
    deadline is completed, on time or late (000 §4.3, §4.6)."""
    at = at or timezone.now()
    with transaction.atomic():
        case = _locked(case)
        if not case.is_open:
            raise ValidationError(_("This case is closed."), code="closed")
        response = Response.objects.select_for_update().filter(pk=response.pk, case=case).first()
        if response is None:
            raise ValidationError({"response": _("Choose a response of this case.")})
        if result_url:
            response.result_url = result_url.strip()
        if not response.result_url:
            raise ValidationError(
                {"result_url": _("Give the link to the response's result to close the case.")}
            )
        response.closed_at = at
        response.full_clean()
        response.save()
        case.state, case.closed_at = CaseState.CLOSED, at
        case.full_clean()
        case.save(update_fields=["state", "closed_at", "updated_at"])
        _record(case, CaseAction.CLOSED, by=by, at=at, data={"response": response.pk})
        deadline_complete_for(
            rule_code=RESPONSE_RULE, agency=case.agency, subject=case, by=by, at=at
        )
    return case


def manual_entry_request(*, url: str) -> None:
    """Queue a publication or social post entered by hand by its address (issue 11 item 1):
    its page is fetched by a task, never in the web request."""
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise ValidationError({"url": _("Give the full address of the page.")}) from error
    from .tasks import page_ingest

    transaction.on_commit(lambda: page_ingest.delay(url=url))


def register_save(*, instance) -> None:
    """Save a row of the registers the ministry keeps in the admin — outlets, feeds,
    agencies' matching rules, the lexicon's words — validated first; the next ingest run
    reads them (issue 11 items 1–3)."""
    with transaction.atomic():
        instance.full_clean()
        instance.save()


# Spikes: today's negative publications about an agency against its last two weeks.
SPIKE_HISTORY_DAYS = 14


def negative_spikes_alert(*, now: dt.datetime | None = None) -> list[int]:
    """Tell an agency's spokesperson and head, and the ministry, when the agency's negative
    publications of the last 24 hours jump against its usual daily level (issue 11 item 3;
    000 §4.2); once per agency and day. Returns the agencies alerted. Two queries to count."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=SPIKE_HISTORY_DAYS + 1)
    rows = PublicationMatch.objects.filter(
        publication__tone=Tone.NEGATIVE, publication__published_at__gte=since
    ).values_list("agency_id", "publication__published_at")
    per_day: dict[int, list[int]] = {}
    for agency_id, published_at in rows:
        day = min(int((now - published_at) / dt.timedelta(days=1)), SPIKE_HISTORY_DAYS)
        per_day.setdefault(agency_id, [0] * (SPIKE_HISTORY_DAYS + 1))[day] += 1
    spiking = [
        agency_id
        for agency_id, days in per_day.items()
        if resonance.spike(current=days[0], usual=days[1:])
    ]
    staff = active_members(Role.AUTHORIZED_STAFF)
    today = timezone.localdate(now).isoformat()
    for agency in Agency.objects.filter(pk__in=spiking):
        people = {
            person.pk: person
            for role in (Role.PRESS_SECRETARY, Role.AGENCY_HEAD)
            for person in active_members(role, agency_id=agency.pk)
        }
        people.update({person.pk: person for person in staff})
        notifications_save(
            notifications_each(
                recipients=people.values(),
                event_key=f"monitoring_spike:{agency.pk}:{today}",
                template="monitoring_spike",
                context={"agency": agency, "count": per_day[agency.pk][0]},
                path=lambda agency=agency: (
                    f"{reverse('monitoring:publication_list')}?agency={agency.slug}&tone=negative"
                ),
            )
        )
    return spiking
