"""The legal clock of a request, from its recorded events (pure: no database).

The due date follows from what happened to the case — received, extended, the blog
platform's stages, closed — and the deadline rules' values, counted by
`portal.deadlines.computation.compute_due` in the working calendar (the day of receipt is
not counted; a period ending on a non-working day ends on the next working day, SPEC §9):

- a feedback-form request: 15 calendar days (002 §38); one extension by the head of at most
  30 calendar days counted from the ORIGINAL end (002 §39; SPEC §9);
- a media request: 5 working days, one extension of up to 15 calendar days (SPEC §5);
- a blog-platform question: the unit answers within 10 days, the press secretary edits
  within 2 days of the unit's answer, the approved answer is published within 1 day
  (002 §45–47);
- outside the agency's competence: redirected within 3 working days of receipt (002 §48).

`case_clock` returns the due moment, the engine rule whose deadline is pending and the steps
that led there; `explain` words those steps in the active language.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.calendar import WorkingCalendar
from portal.deadlines.choices import PeriodUnit
from portal.deadlines.computation import compute_due

from .choices import Channel, RequestAction

# The engine's rules (portal/deadlines/migrations/0002_default_rules.py) by their role here.
ANSWER_RULES = {
    Channel.FEEDBACK_FORM: "request-answer",
    Channel.MEDIA: "media-request-answer",
    Channel.BLOG: "blog-unit-answer",
}
EXTENSION_RULES = {
    Channel.FEEDBACK_FORM: "request-extension",
    Channel.MEDIA: "media-request-extension",
}
NOTICE_RULES = {
    Channel.FEEDBACK_FORM: "request-extension-notice",
    Channel.MEDIA: "media-request-extension-notice",
}
BLOG_EDIT_RULE = "blog-press-edit"
BLOG_PUBLICATION_RULE = "blog-publication"
REDIRECT_RULE = "redirect-to-competent-body"
RULE_CODES = (
    *ANSWER_RULES.values(),
    *EXTENSION_RULES.values(),
    *NOTICE_RULES.values(),
    BLOG_EDIT_RULE,
    BLOG_PUBLICATION_RULE,
    REDIRECT_RULE,
)
# The events that stop the clock.
CLOSING = (RequestAction.ANSWERED, RequestAction.PUBLISHED, RequestAction.REFUSED)


@dataclass(frozen=True)
class Period:
    """What `compute_due` reads of a deadline rule."""

    amount: int
    unit: str = PeriodUnit.CALENDAR_DAYS
    time_of_day: dt.time = dt.time(18, 0)
    move_to_working_day: bool = True

    @classmethod
    def of(cls, rule) -> "Period":
        return cls(rule.amount, rule.unit, rule.time_of_day, rule.move_to_working_day)


@dataclass(frozen=True)
class Step:
    """One line of the explanation: what happened on `on`, and what it did to the period."""

    kind: str  # "received", "period", "extended", "stage", "closed", "redirected"
    on: dt.date
    amount: int = 0
    unit: str = ""
    base: dt.date | None = None  # the original end an extension counts from
    skipped: tuple[dt.date, ...] = ()
    moved_from: dt.date | None = None
    stage: str = ""


@dataclass(frozen=True)
class Clock:
    due_at: dt.datetime
    rule_code: str  # the engine rule of the period running now (or that ran last)
    original_due_at: dt.datetime
    redirect_due_at: dt.datetime  # by when a request outside the competence is redirected
    steps: tuple[Step, ...]
    extended: bool
    extension_limit: int  # the most days an extension may add (0: none for this channel)
    stopped: bool

    @property
    def can_still_extend(self) -> bool:
        return not self.stopped and not self.extended and self.extension_limit > 0


def _counted(kind, period: Period, start: dt.datetime, calendar, **step) -> tuple:
    due = compute_due(period, start=start, calendar=calendar)
    moved = due.computation["moved_from"]
    return due.due_at, Step(
        kind=kind,
        on=timezone.localtime(start).date(),
        amount=period.amount,
        unit=period.unit,
        skipped=tuple(map(dt.date.fromisoformat, due.computation["skipped"])),
        moved_from=dt.date.fromisoformat(moved) if moved else None,
        **step,
    )


def case_clock(
    *,
    channel: str,
    received_at: dt.datetime,
    events: Iterable,
    periods: dict[str, Period],
    calendar: WorkingCalendar,
) -> Clock:
    """The clock of a request received at `received_at` on `channel`, after `events`
    (anything with `action`, `at` and `data`, oldest first: `RequestEvent` rows)."""
    rule_code = ANSWER_RULES[channel]
    due_at, step = _counted("period", periods[rule_code], received_at, calendar)
    steps = [Step(kind="received", on=timezone.localtime(received_at).date()), step]
    original_due_at = due_at
    redirect_due_at = compute_due(
        periods[REDIRECT_RULE], start=received_at, calendar=calendar
    ).due_at
    extension_code = EXTENSION_RULES.get(channel)
    limit = periods[extension_code].amount if extension_code else 0
    extended = stopped = drafted = False
    for event in events:
        if stopped:
            break
        on = timezone.localtime(event.at).date()
        if event.action == RequestAction.EXTENDED and not extended and extension_code:
            extended, rule_code = True, extension_code
            extension = Period(
                event.data["days"],
                PeriodUnit.CALENDAR_DAYS,
                periods[extension_code].time_of_day,
                periods[extension_code].move_to_working_day,
            )
            due_at, step = _counted(
                "extended",
                extension,
                original_due_at,
                calendar,
                base=timezone.localtime(original_due_at).date(),
            )
            steps.append(step)
        elif channel == Channel.BLOG and event.action == RequestAction.ANSWER_DRAFTED:
            if drafted:
                continue
            drafted, rule_code = True, BLOG_EDIT_RULE
            due_at, step = _counted("stage", periods[rule_code], event.at, calendar, stage="edit")
            steps.append(step)
        elif channel == Channel.BLOG and event.action == RequestAction.APPROVED:
            rule_code = BLOG_PUBLICATION_RULE
            due_at, step = _counted(
                "stage", periods[rule_code], event.at, calendar, stage="publication"
            )
            steps.append(step)
        elif event.action in CLOSING:
            stopped = True
            steps.append(Step(kind="closed", on=on))
        elif event.action == RequestAction.REDIRECTED and not event.data.get("part"):
            stopped = True
            steps.append(Step(kind="redirected", on=on))
    return Clock(
        due_at=due_at,
        rule_code=rule_code,
        original_due_at=original_due_at,
        redirect_due_at=redirect_due_at,
        steps=tuple(steps),
        extended=extended,
        extension_limit=limit,
        stopped=stopped,
    )


def _date(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _period(step: Step, calendar: WorkingCalendar) -> str:
    if step.unit == PeriodUnit.WORKING_DAYS:
        text = ngettext("%(count)s working day", "%(count)s working days", step.amount) % {
            "count": step.amount
        }
    else:
        text = ngettext("%(count)s calendar day", "%(count)s calendar days", step.amount) % {
            "count": step.amount
        }
    if step.skipped:
        names = ", ".join(_named(day, calendar) for day in step.skipped)
        text += " " + _("(not counted: %(days)s)") % {"days": names}
    return text


def _named(day: dt.date, calendar: WorkingCalendar) -> str:
    return f"{_date(day)} ({calendar.day_name(day)})"


def _line(step: Step, calendar: WorkingCalendar) -> str:
    values = {"date": _date(step.on)}
    if step.kind == "received":
        return _("received %(date)s") % values
    if step.kind == "period":
        text = _period(step, calendar)
    elif step.kind == "extended":
        text = ngettext(
            "extended by %(count)s day from the original end %(base)s",
            "extended by %(count)s days from the original end %(base)s",
            step.amount,
        ) % {"count": step.amount, "base": _date(step.base)}
    elif step.kind == "stage" and step.stage == "edit":
        text = _("the unit's answer on %(date)s; %(period)s for the press secretary's edit") % {
            **values,
            "period": _period(step, calendar),
        }
    elif step.kind == "stage":
        text = _("approved on %(date)s; %(period)s to publish the answer") % {
            **values,
            "period": _period(step, calendar),
        }
    elif step.kind == "redirected":
        return _("redirected to the competent body on %(date)s") % values
    else:
        return _("closed on %(date)s") % values
    if step.moved_from:
        text += "; " + _(
            "%(date)s is not a working day (%(name)s): the period ends on the next"
        ) % {
            "date": _date(step.moved_from),
            "name": calendar.day_name(step.moved_from),
        }
    return text


def explain(clock: Clock, *, calendar: WorkingCalendar) -> list[str]:
    """The steps of the clock and its due date, worded in the active language:
    "received 20.03.2026; 15 calendar days; …; due 06.04.2026, 18:00"."""
    lines = [_line(step, calendar) for step in clock.steps]
    if not clock.stopped:
        local = timezone.localtime(clock.due_at)
        lines.append(
            _("due %(date)s, %(time)s") % {"date": _date(local.date()), "time": f"{local:%H:%M}"}
        )
    return lines
