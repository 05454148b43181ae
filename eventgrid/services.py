"""Every write to events goes through one of these functions: one per state change, each
locking the event, validating it (`full_clean`: the database's constraints as messages) and
recording who did it, when and why in `EventChange`.

    draft ──plan──► planned ──publish──► published ──postpone──► postponed
      └──────────publish───────────────►    │  ▲                    │
                                            │  └──reschedule────────┤
                              rescheduled ◄─┘ (also from itself)    │
    published, postponed, rescheduled ──cancel──► cancelled (final, not editable)

Postponing, rescheduling and cancelling are announcements to journalists, so they apply to
public events only and need a reason that journalists read. A draft or a planned event that
will not happen is not announced; a published event moves only by rescheduling.
"""

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import PUBLIC_STATES, EventAction, EventState
from .models import Event, EventChange

# A reason in the active language, or per language code ({"kk": ..., "ru": ...}).
Reason = str | Mapping[str, str]

# Target state → (the states it may be reached from, the action recorded, the refusal).
TRANSITIONS = {
    EventState.PLANNED: (
        (EventState.DRAFT,),
        EventAction.PLANNED,
        gettext_lazy("Only a draft can be planned; this event is “%(state)s”."),
    ),
    EventState.PUBLISHED: (
        (EventState.DRAFT, EventState.PLANNED),
        EventAction.PUBLISHED,
        gettext_lazy(
            "Only a draft or a planned event can be published; this event is “%(state)s”."
        ),
    ),
    EventState.POSTPONED: (
        (EventState.PUBLISHED, EventState.RESCHEDULED),
        EventAction.POSTPONED,
        gettext_lazy(
            "Only a published or rescheduled event can be postponed; this event is “%(state)s”."
        ),
    ),
    EventState.RESCHEDULED: (
        (EventState.PUBLISHED, EventState.POSTPONED, EventState.RESCHEDULED),
        EventAction.RESCHEDULED,
        gettext_lazy(
            "Only a published, postponed or rescheduled event can be rescheduled; this event "
            "is “%(state)s”."
        ),
    ),
    EventState.CANCELLED: (
        (EventState.PUBLISHED, EventState.POSTPONED, EventState.RESCHEDULED),
        EventAction.CANCELLED,
        gettext_lazy(
            "Only a published, postponed or rescheduled event can be cancelled; this event "
            "is “%(state)s”."
        ),
    ),
}
# Set by the transitions only, never by an edit.
STATE_FIELDS = frozenset(
    {
        "agency",
        "state",
        "state_reason",
        *(f"state_reason_{code}" for code, _label in settings.LANGUAGES),
    }
)
DATE_FIELDS = ("starts_at", "ends_at")


def _log(event: Event, action: str, *, by=None, reason: str = "") -> EventChange:
    return EventChange.objects.create(event=event, action=action, actor=by, reason=reason)


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def event_create(*, agency, by=None, co_organisers=None, **fields) -> Event:
    """A new event of `agency`, as a draft. Text fields may be given in the active language
    (`title`) or per language (`title_kk`)."""
    return event_record(event=Event(agency=agency, **fields), by=by, co_organisers=co_organisers)


@transaction.atomic
def event_record(*, event: Event, by=None, co_organisers=None) -> Event:
    """Save a new event built elsewhere (the admin's form) as a draft."""
    event.state = EventState.DRAFT
    for code, _label in settings.LANGUAGES:
        setattr(event, f"state_reason_{code}", None)
    event.full_clean()
    event.save()
    if co_organisers is not None:
        event.co_organisers.set(co_organisers)
    _log(event, EventAction.CREATED, by=by)
    return event


@transaction.atomic
def event_update(*, event: Event, by=None, co_organisers=None, **fields) -> Event:
    """Change an event's details. A cancelled event stays as it is; a public one keeps its
    dates (it moves by `event_reschedule`, with a reason journalists read)."""
    stored = _locked(event)
    if stored.state == EventState.CANCELLED:
        raise ValidationError(_("A cancelled event cannot be changed."))
    refused = sorted(STATE_FIELDS & set(fields))
    if refused:
        raise ValidationError(
            {name: _("This changes only with the event's state.") for name in refused}
        )
    if stored.state in PUBLIC_STATES:
        moved = [
            name for name in DATE_FIELDS if name in fields and fields[name] != getattr(stored, name)
        ]
        if moved:
            raise ValidationError(
                {
                    name: _(
                        "A published event moves by rescheduling it, with a reason that "
                        "journalists see."
                    )
                    for name in moved
                }
            )
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.full_clean()
    stored.save()
    if co_organisers is not None:
        stored.co_organisers.set(co_organisers)
    _log(stored, EventAction.CHANGED, by=by)
    return stored


@transaction.atomic
def _transition(event: Event, to: EventState, *, by=None, reason=None, **fields) -> Event:
    stored = _locked(event)
    allowed_from, action, refusal = TRANSITIONS[to]
    if stored.state not in allowed_from:
        raise ValidationError(refusal, code="state", params={"state": stored.get_state_display()})
    stored.state = to
    for name, value in fields.items():
        setattr(stored, name, value)
    if reason is not None:
        # The new reason replaces every language's old one (a postponement's, say).
        for code, _label in settings.LANGUAGES:
            setattr(stored, f"state_reason_{code}", None)
        if isinstance(reason, Mapping):  # {"kk": ..., "ru": ...}: one text per language
            texts = [
                (code, (reason.get(code) or "").strip()) for code, _label in settings.LANGUAGES
            ]
            for code, text in texts:
                setattr(stored, f"state_reason_{code}", text or None)
            reason = "\n".join(text for _code, text in texts if text)
        else:
            reason = reason.strip()
            stored.state_reason = reason or None  # in the active language
    stored.full_clean()
    stored.save()
    _log(stored, action, by=by, reason=reason or "")
    return stored


def event_plan(*, event: Event, by=None) -> Event:
    """The agency's draft becomes its plan (still its own, not public)."""
    return _transition(event, EventState.PLANNED, by=by)


def event_publish(*, event: Event, by=None) -> Event:
    """Journalists see the event from now on."""
    return _transition(event, EventState.PUBLISHED, by=by)


def event_postpone(*, event: Event, reason: Reason, by=None) -> Event:
    """Postponed to a date not yet known; journalists read the reason."""
    return _transition(event, EventState.POSTPONED, by=by, reason=reason)


def event_reschedule(*, event: Event, starts_at, ends_at, reason: Reason, by=None) -> Event:
    """Moved to a new start and end; journalists read the reason."""
    return _transition(
        event, EventState.RESCHEDULED, by=by, reason=reason, starts_at=starts_at, ends_at=ends_at
    )


def event_cancel(*, event: Event, reason: Reason, by=None) -> Event:
    """Cancelled for good: journalists see it with the reason, and it can no longer change."""
    return _transition(event, EventState.CANCELLED, by=by, reason=reason)
