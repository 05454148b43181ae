"""Every write of monitoring: ingest, tone overrides, saved searches, and the resonance
case's steps — flag (000 §4.2), head informed (003 §10.4), response and close (000 §4.3).

Pages, API, admin and tasks call these; who may call them is decided by `rules`, before.
The text work (language, normalised URLs, matching, tone, resonance) is done by the pure
functions of `monitoring.text`; here it meets the database.
"""

import bisect
import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.deadlines.services import (
    deadline_complete_for,
    deadline_open_for_event,
    deadline_shorten,
)
from portal.directory.choices import Role
from portal.directory.models import Agency
from portal.directory.queries import active_members
from portal.documents.choices import DocumentStatus
from portal.documents.services import STALE_CLAIM, build_claim
from portal.notifications.services import notifications_each, notifications_save

from . import note
from .choices import CaseAction, CaseSource, CaseState, Polarity, ResponseKind, Tone
from .emergencies.queries import response_hours_for
from .models import (
    AgencyRule,
    CaseEvent,
    NoteBuild,
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
from .note import month_bounds
from .text import language as text_language
from .text import matching, normalise, resonance, tone

logger = logging.getLogger(__name__)

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


@dataclass
class IngestItem:
    """One publication to store: what a feed's entry or a page gave."""

    url: str
    title: str
    summary: str = ""
    text: str = ""
    published_at: dt.datetime | None = None
    outlet: Outlet | None = None
    html_lang: str | None = None


@dataclass
class _KnownStory:
    """A story a title of the batch may join: stored, or made by an earlier item."""

    story: Story
    at: dt.datetime
    order: int  # ties of `at`: the later story first, as its larger pk
    key: str  # the normalised title
    outlets: dict  # outlet id → reach: each outlet counted once


def _stories_for(items: list, *, since: dt.datetime, until: dt.datetime) -> list:
    """The stored stories the batch's titles are compared with, newest first: for each
    item the STORY_CANDIDATES newest of its window (`STORY_WINDOW` either side), so all
    stories newer than the lowest upper bound plus that many more — two queries."""
    lowest_bound = min(item["published_at"] for item in items) + STORY_WINDOW
    window = Story.objects.filter(first_published_at__gte=since, first_published_at__lte=until)
    above = window.filter(first_published_at__gt=lowest_bound).count()
    return [
        _KnownStory(story=story, at=story.first_published_at, order=story.pk, key="", outlets={})
        for story in window.order_by("-first_published_at", "-pk")[: above + STORY_CANDIDATES]
    ]


def _story_outlets(known: list) -> None:
    """Fill each stored story's outlets (id → reach) from its copies: one query."""
    by_id = {entry.story.pk: entry for entry in known}
    if not by_id:
        return
    for story_id, outlet_id, reach in (
        Publication.objects.filter(story_id__in=by_id, outlet__isnull=False)
        .values_list("story_id", "outlet_id", "outlet__reach")
        .distinct()
    ):
        by_id[story_id].outlets[outlet_id] = reach


def _prepare(item: IngestItem, context: "IngestContext") -> dict | ValidationError:
    """The work without the database: title, normalised URL, language, tone, agencies."""
    title = (item.title or "").strip()[:500]
    if not title:
        return ValidationError(_("A publication needs a title."), code="title")
    body = item.text or item.summary
    language = text_language.detect_language(f"{title}\n{body}", html_lang=item.html_lang)
    lexicon = context.lexicons.get(language, NO_WORDS)
    return {
        "item": item,
        "title": title,
        "key": normalise.normalise_title(title),
        "normalised": normalise.normalise_url(item.url),
        "language": language,
        "published_at": item.published_at or timezone.now(),
        "scored": tone.score_tone(f"{title}\n{body}", language, lexicon),
        "matched": context.matcher.match(f"{title}\n{body}", language),
    }


def publications_ingest(
    items: list[IngestItem], *, context: IngestContext | None = None
) -> list[tuple[Publication, bool] | ValidationError]:
    """Store a batch of publications found in a feed (or one entered by hand): for each item
    (publication, created), or the ValidationError that refused it.

    An address seen before (stored, or earlier in the batch) gives the stored publication.
    Otherwise: the story of a near-identical title of the last 3 days (or a new one), the
    language (kk/ru/en), the agencies its rules match with the terms that matched, the tone
    with the words that decided it, and for each agency a resonance case when the story may
    cause negative resonance (000 §4.1–4.2), judged with the story's outlets as they stand
    after this copy. The same results as one by one, in a constant number of queries per
    batch — the rules read once (`context`), one lookup of the addresses, the stories
    compared in memory, one insert each of stories, publications and matches — plus the
    cases opened. Another worker storing one of the addresses meanwhile makes the batch go
    again item by item."""
    context = context or IngestContext.load()
    prepared = [_prepare(item, context) for item in items]
    found = [entry for entry in prepared if isinstance(entry, dict)]
    stored = {
        publication.normalised_url: publication
        for publication in Publication.objects.filter(
            normalised_url__in={entry["normalised"] for entry in found}
        )
    }
    fresh, seen = [], {}
    for entry in found:
        if entry["normalised"] in stored or entry["normalised"] in seen:
            continue
        seen[entry["normalised"]] = entry
        fresh.append(entry)
    if fresh:
        try:
            with transaction.atomic():
                created = _store_batch(fresh)
        except IntegrityError:
            if len(items) == 1:  # another worker stored the same address meanwhile
                return [(Publication.objects.get(normalised_url=found[0]["normalised"]), False)]
            return [
                result for item in items for result in publications_ingest([item], context=context)
            ]
    else:
        created = {}
    results = []
    for entry in prepared:
        if not isinstance(entry, dict):
            results.append(entry)
        elif entry["normalised"] in stored:
            results.append((stored[entry["normalised"]], False))
        else:
            publication = created[entry["normalised"]]
            results.append((publication, seen[entry["normalised"]] is entry))
    return results


def _store_batch(entries: list[dict]) -> dict[str, Publication]:
    """Stories, publications, matches and cases of the new entries, in one transaction."""
    since = min(entry["published_at"] for entry in entries) - STORY_WINDOW
    until = max(entry["published_at"] for entry in entries) + STORY_WINDOW
    known = _stories_for(entries, since=since, until=until)
    for entry in known:
        entry.key = normalise.normalise_title(entry.story.title)
    new_stories, touched, decisions = [], {}, []
    order = 2**62
    for entry in entries:
        at = entry["published_at"]
        story = _near_story(known, entry["key"], at)
        if story is None:
            order += 1
            story = _KnownStory(
                story=Story(title=entry["title"], first_published_at=at),
                at=at,
                order=order,
                key=entry["key"],
                outlets={},
            )
            new_stories.append(story)
            _insert_sorted(known, story)
        elif story.story.pk is not None and story.story.pk not in touched:
            touched[story.story.pk] = story
        entry["story"] = story
    _story_outlets(list(touched.values()))
    for entry in entries:
        story, outlet = entry["story"], entry["item"].outlet
        if outlet is not None:
            story.outlets[outlet.pk] = outlet.reach
        # Judged as the copy is stored: the story's outlets and reach until then.
        decisions.append((len(story.outlets), sum(story.outlets.values())))
    now = timezone.now()
    for story in [*new_stories, *touched.values()]:
        story.story.outlets = len(story.outlets)
        story.story.reach = sum(story.outlets.values())
        story.story.updated_at = now
    Story.objects.bulk_create([story.story for story in new_stories])
    Story.objects.bulk_update(
        [story.story for story in touched.values()], ["outlets", "reach", "updated_at"]
    )
    publications = []
    for entry in entries:
        item, scored = entry["item"], entry["scored"]
        publication = Publication(
            outlet=item.outlet,
            url=item.url,
            normalised_url=entry["normalised"],
            title=entry["title"],
            summary=item.summary,
            text=item.text,
            language=entry["language"],
            published_at=entry["published_at"],
            story=entry["story"].story,
            tone=scored.label,
            scored_tone=scored.label,
            tone_score=scored.score,
            tone_words=list(scored.words),
        )
        # The unique address was looked up for the batch (the database still guards it);
        # the outlet and story are the batch's own: no query to check them again.
        publication.full_clean(
            exclude=["outlet", "story"], validate_unique=False, validate_constraints=False
        )
        publications.append(publication)
    Publication.objects.bulk_create(publications)
    PublicationMatch.objects.bulk_create(
        PublicationMatch(publication=publication, agency_id=agency_id, terms=list(terms))
        for publication, entry in zip(publications, entries, strict=True)
        for agency_id, terms in entry["matched"].items()
    )
    flagged = []
    for publication, entry, (outlets, reach) in zip(publications, entries, decisions, strict=True):
        flag, reason = resonance.resonance_flag(tone=publication.tone, reach=reach, outlets=outlets)
        if flag and entry["matched"]:
            flagged.append((publication, entry["matched"], reason))
    agencies = Agency.objects.in_bulk({pk for _p, matched, _r in flagged for pk in matched})
    for publication, matched, reason in flagged:
        for agency_id in sorted(matched):
            if agency_id in agencies:
                case_open(
                    publication=publication,
                    agency=agencies[agency_id],
                    reason=reason,
                    source=CaseSource.AUTO,
                )
    return {publication.normalised_url: publication for publication in publications}


def _insert_sorted(known: list, story: _KnownStory) -> None:
    """Keep `known` newest first (ties: the later story first)."""
    bisect.insort(known, story, key=lambda entry: (-entry.at.timestamp(), -entry.order))


def _near_story(known: list, key: str, at: dt.datetime) -> _KnownStory | None:
    """The newest story of the window around `at` (of its STORY_CANDIDATES newest) whose
    title is near-identical (`normalise.titles_near`)."""
    if not key:
        return None
    start = bisect.bisect_left(
        known, -(at + STORY_WINDOW).timestamp(), key=lambda entry: -entry.at.timestamp()
    )
    lowest, candidates = at - STORY_WINDOW, []
    for entry in known[start:]:
        if entry.at < lowest or len(candidates) == STORY_CANDIDATES:
            break
        candidates.append(entry)
    index = normalise.first_near(key, [entry.key for entry in candidates])
    return None if index is None else candidates[index]


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
    `publications_ingest` of one item: a refusal raises its ValidationError."""
    item = IngestItem(
        url=url,
        title=title,
        summary=summary,
        text=text,
        published_at=published_at,
        outlet=outlet,
        html_lang=html_lang,
    )
    [result] = publications_ingest([item], context=context)
    if isinstance(result, ValidationError):
        raise result
    return result


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
            # moves with the case, so that it escalates at the shorter moment, and its
            # history says why.
            shorter = at + dt.timedelta(hours=emergency_hours)
            due_at = min(due_at, shorter) if due_at else shorter
            if deadline is not None:
                with translation.override(settings.LANGUAGE_CODE):
                    reason = _("An open emergency: %(hours)d hours to respond (000 §5)") % {
                        "hours": emergency_hours
                    }
                due_at = deadline_shorten(deadline=deadline, due_at=due_at, reason=reason).due_at
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
    from .ingest import feed_address_check
    from .tasks import page_ingest

    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise ValidationError({"url": _("Give the full address of the page.")}) from error
    try:
        feed_address_check(url, entered=True)
    except ValidationError as error:
        raise ValidationError({"url": error.messages}) from None

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


# --- The monthly analytical note (000 §4.5) ------------------------------------------------

PENDING = (DocumentStatus.QUEUED, DocumentStatus.RUNNING)


def note_request(
    *, month: dt.date, agency: Agency | None = None, by=None, rebuild: bool = False
) -> NoteBuild:
    """Ask for the note of `month` (of every agency, or of one): a build is queued in Celery
    (on commit) unless one is pending — that one is returned, and queued again if its task
    was lost — or, without `rebuild`, one is done. `rebuild` is the ministry's "build now":
    a new build from today's figures while the page keeps showing the last one. A month
    that has not begun has no note."""
    if month > timezone.localdate().replace(day=1):
        raise ValidationError(_("A note can be built only for a month that has begun."))
    builds = NoteBuild.objects.filter(month=month, agency=agency)
    pending = builds.filter(status__in=PENDING).first()
    if pending is not None:
        _note_build_resume(pending)
        return pending
    if not rebuild:
        done = builds.filter(status=DocumentStatus.DONE).order_by("-version").first()
        if done is not None:
            return done
    version = (builds.aggregate(last=Max("version"))["last"] or 0) + 1
    build = NoteBuild(
        month=month, agency=agency, version=version, requested_by=by, queued_at=timezone.now()
    )
    try:
        with transaction.atomic():
            build.save()
    except IntegrityError:  # asked for at the same moment elsewhere: that build it is
        return builds.filter(status__in=PENDING).first() or builds.order_by("-version").first()
    _note_build_queue(build.pk)
    return build


def _note_build_resume(build: NoteBuild) -> None:
    """Queue a pending build again when its task is lost (queued or started longer than the
    documents' STALE_CLAIM ago); the UPDATE must find the row as it was read, so two pages
    queue it once."""
    now = timezone.now()
    if (build.claimed_at or build.queued_at) >= now - STALE_CLAIM:
        return
    restarted = NoteBuild.objects.filter(
        pk=build.pk, status=build.status, queued_at=build.queued_at, claimed_at=build.claimed_at
    ).update(status=DocumentStatus.QUEUED, progress=0, claim="", claimed_at=None, queued_at=now)
    if restarted:
        _note_build_queue(build.pk)


def _note_build_queue(build_id: int) -> None:
    from .tasks import note_build

    transaction.on_commit(lambda: note_build.delay(build_id=build_id))


def notes_request_month(*, month: dt.date) -> int:
    """Beat's nightly run (000 §4.5): last month's notes — of every agency and of each
    agency with publications or cases that month — asked for once; later nights find them
    built and queue nothing. Returns how many builds were queued."""
    start, end = month_bounds(month)
    about = set(
        PublicationMatch.objects.filter(
            publication__published_at__gte=start, publication__published_at__lt=end
        )
        .values_list("agency_id", flat=True)
        .distinct()
    ) | set(
        ResonanceCase.objects.filter(flagged_at__gte=start, flagged_at__lt=end)
        .values_list("agency_id", flat=True)
        .distinct()
    )
    asked = set(
        NoteBuild.objects.filter(month=month)
        .exclude(status=DocumentStatus.FAILED)
        .values_list("agency_id", flat=True)
    )
    targets = [None] if None not in asked else []
    targets += list(Agency.objects.filter(pk__in=about - asked).order_by("pk"))
    for agency in targets:
        note_request(month=month, agency=agency)
    return len(targets)


def note_build_run(*, build_id: int) -> str:
    """Build a note (the task monitoring.note_build): claimed with a conditional UPDATE
    (queued, or running under a dead worker's claim), its figures read and its charts drawn
    in kk, ru and en, both stored under the claim in the UPDATE that marks it done — so a
    task delivered twice builds once and a crash leaves the previous build shown — then its
    three PDFs queued (documents.build renders each from those stored figures, in
    parallel). Returns "done", "failed" or "not claimed"."""
    from .exports import note_documents_request

    claim = build_claim(NoteBuild.objects.filter(pk=build_id))
    if claim is None:
        logger.info("Note build %s is gone, built or being built: nothing to do", build_id)
        return "not claimed"
    build = NoteBuild.objects.select_related("agency").get(pk=build_id)
    mine = NoteBuild.objects.filter(pk=build_id, claim=claim)
    try:
        figures = note.note_figures(build.month, build.agency)
        mine.update(progress=40)
        charts = note.note_charts_all(figures)
    except Exception as error:
        logger.exception("Note build %s failed", build_id)
        mine.update(status=DocumentStatus.FAILED, error=repr(error)[:2000])
        return "failed"
    marked = mine.update(
        status=DocumentStatus.DONE,
        progress=100,
        figures=figures.to_json(),
        charts=charts,
        built_at=timezone.now(),
    )
    if not marked:  # taken over meanwhile: the other run's build wins
        return "not claimed"
    build.refresh_from_db()
    note_documents_request(build=build)
    return "done"
