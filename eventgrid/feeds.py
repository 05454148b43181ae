"""The public feeds (issue 8 §5): the Atom feed of published media-grids (`MediaGridFeed`,
below) and the calendar of events, `/feeds/events.ics`: every published,
postponed, rescheduled or cancelled event from 90 days ago to a year ahead, filterable by
agency, region and format, in the language a calendar program asks for (`?language=kk`; it
cannot send a header) or its Accept-Language.

Each event keeps its UID for ever; SEQUENCE is the number of changes it has had since it
was made (edits, postponements, reschedulings, the cancellation), so it rises with each
correction and a calendar replaces its copy; a cancelled event stays, STATUS:CANCELLED, so
a calendar that holds it removes it. An occurrence of a repeating event is an event of
its own here too (its own UID, no RRULE and no RECURRENCE-ID): each is published, moved
and cancelled on its own, and a RECURRENCE-ID would tie it to a master VEVENT that the
feed does not have (drafts of the series are not public). Answers are cached by the version of the publication
"eventgrid" (ETag, 304)."""

import datetime as dt
from urllib.parse import urlparse

import icalendar
from django import forms
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from portal.directory.choices import Language, Region
from portal.directory.models import Agency
from portal.documents.views import published_response

from .choices import PUBLIC_STATES, EventAction, EventFormat, EventState
from .exports import PUBLICATION
from .grids import changelog_lines
from .models import Event, MediaGridVersion
from .queries import ending_after

PAST = dt.timedelta(days=90)
AHEAD = dt.timedelta(days=366)
# The actions after which a calendar must replace its copy of the event.
REVISIONS = (
    EventAction.CHANGED,
    EventAction.POSTPONED,
    EventAction.RESCHEDULED,
    EventAction.CANCELLED,
)
STATUS = {EventState.CANCELLED: "CANCELLED", EventState.POSTPONED: "TENTATIVE"}


class EventFeedForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.all(),
        to_field_name="slug",
        required=False,
        label=gettext_lazy("Agency"),
    )
    region = forms.ChoiceField(
        choices=[("", "")] + Region.choices, required=False, label=gettext_lazy("Region")
    )
    format = forms.ChoiceField(
        choices=[("", "")] + EventFormat.choices, required=False, label=gettext_lazy("Format")
    )
    language = forms.ChoiceField(
        choices=[("", "")] + Language.choices, required=False, label=gettext_lazy("Language")
    )

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.unknown = sorted(set(data) - set(self.fields))

    def clean(self):
        if self.unknown:
            raise forms.ValidationError(
                _("Unknown parameter: %(names)s.") % {"names": ", ".join(self.unknown)}
            )
        return super().clean()


def feed_events(filters: dict, *, now: dt.datetime):
    """The public events the feed lists, with their revision counts, in one query."""
    events = (
        ending_after(Event.objects.filter(state__in=PUBLIC_STATES), now - PAST)
        .filter(starts_at__lte=now + AHEAD)
        .select_related("agency")
        .annotate(revisions=Count("changes", filter=Q(changes__action__in=REVISIONS)))
        .order_by("starts_at", "pk")
    )
    if filters.get("agency"):
        events = events.filter(agency=filters["agency"])
    if filters.get("region"):
        events = events.filter(agency__region=filters["region"])
    if filters.get("format"):
        events = events.filter(format=filters["format"])
    return events


def _calendar_event(event: Event, *, host: str) -> icalendar.Event:
    agency = event.agency
    item = icalendar.Event()
    item.add("uid", f"event-{event.pk}@{host}")
    item.add("sequence", event.revisions)
    item.add("dtstamp", event.updated_at.astimezone(dt.UTC))
    item.add("last-modified", event.updated_at.astimezone(dt.UTC))
    item.add("dtstart", event.starts_at.astimezone(dt.UTC))
    item.add("dtend", event.ends_at.astimezone(dt.UTC))
    item.add("summary", f"{event.title} — {agency.short_name or agency.name}")
    item.add("status", STATUS.get(event.state, "CONFIRMED"))
    if event.place:
        item.add("location", event.place)
    description = [f"{event.get_format_display()} · {agency.name}"]
    if event.state_reason:
        description.append(f"{event.get_state_display()}: {event.state_reason}")
    if event.key_messages:
        description.append(event.key_messages)
    if event.contacts:
        description.append(event.contacts)
    item.add("description", "\n\n".join(description))
    item.add("categories", [event.get_format_display()])
    return item


def feed_language(request) -> str:
    """The language a feed is written in: `?language=` (a calendar program or feed reader
    cannot send a header) when it is one of the portal's, else the negotiated one."""
    asked = request.GET.get("language", "")
    return asked if asked in Language.values else translation.get_language()


@require_safe
def events_feed(request):
    with translation.override(feed_language(request)):
        form = EventFeedForm(request.GET)
        if not form.is_valid():
            errors = "\n".join(
                f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
                for name, messages in form.errors.items()
            )
            return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
        return published_response(
            request,
            lambda: _feed_response(form.cleaned_data),
            publication=PUBLICATION,
            output="ics",
            vary=("Accept-Language",),
        )


def _feed_response(filters: dict) -> HttpResponse:
    host = urlparse(settings.PORTAL_BASE_URL).hostname or "press-office-portal"
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Press Office Portal//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{_('Events')} · {_('Press Office Portal')}")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in feed_events(filters, now=timezone.now()):
        calendar.add_component(_calendar_event(event, host=host))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


class MediaGridFeed(Feed):
    """The Atom feed of published media-grids, `/feeds/media-grids.atom` (issue 8 §5): one
    entry per published version, newest first — the first publication of a week and each
    correction, with what the correction changed — linking to the grid's page and PDF in
    the language asked for (`?language=kk`, else Accept-Language)."""

    feed_type = Atom1Feed
    LIMIT = 50

    def __call__(self, request, *args, **kwargs):
        asked = request.GET.get("language", "")
        unknown = sorted(set(request.GET) - {"language"})
        with translation.override(feed_language(request)):
            if unknown or (asked and asked not in Language.values):
                message = _("Unknown parameter: %(names)s.") % {
                    "names": ", ".join(unknown or ["language"])
                }
                return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
            return published_response(
                request,
                lambda: super(MediaGridFeed, self).__call__(request, *args, **kwargs),
                publication=PUBLICATION,
                output="atom",
                vary=("Accept-Language",),
            )

    def title(self):
        name = _("Weekly media-grid")
        return f"{name} · {_('Press Office Portal')}"

    def link(self):
        return reverse("eventgrid:media_grid_latest")

    def subtitle(self):
        return _("Each published media-grid and each correction, with what it changed.")

    def items(self):
        return MediaGridVersion.objects.select_related("grid").order_by("-published_at", "-pk")[
            : self.LIMIT
        ]

    def item_title(self, version):
        week = version.grid.week_start
        span = f"{week:%d.%m.%Y} – {week + dt.timedelta(days=6):%d.%m.%Y}"
        if version.number == 1:
            return _("Media-grid for %(week)s") % {"week": span}
        return _("Media-grid for %(week)s, correction (version %(number)s)") % {
            "week": span,
            "number": version.number,
        }

    def item_description(self, version):
        lines = changelog_lines(version.changelog, version.snapshot, translation.get_language())
        if not lines:
            return _("Version %(number)s.") % {"number": version.number}
        return "\n".join(
            f"{line.label}: {line.title} — {line.agency}"
            + (f" ({line.reason})" if line.reason else "")
            for line in lines
        )

    def item_link(self, version):
        path = reverse("eventgrid:media_grid_detail", kwargs={"week": version.grid.week_start})
        return f"{path}?version={version.number}"

    def item_guid(self, version):
        return f"media-grid-{version.grid.week_start:%G-W%V}-v{version.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, version):
        return version.published_at

    def item_updateddate(self, version):
        return version.published_at
