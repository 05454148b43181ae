"""Every change to deadlines: opening, completing, waiving, and the sweeps beat runs.

The other apps call only `deadline_open_for_event`, `deadline_complete_for`,
`deadline_waive` and `deadline_shorten`. Every completion, waiver and reopening is recorded
as a `DeadlineEvent` (who, when, the comment) in the same transaction as the change of state. Each sweep runs a fixed number of queries whatever the number of
agencies, and may run twice or in two workers at once: deadline rows are unique per rule,
agency and period, and each reminder stage is recorded together with its notifications in
one transaction, whose rows are unique too.
"""

import datetime as dt
import hashlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Model, Q
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ..calendar import working_calendar
from ..directory.choices import AgencyStatus, Role
from ..directory.models import Agency, Membership
from ..documents.services import publication_bump
from ..notifications.services import (
    Blank,
    Stencils,
    notifications_build,
    notifications_deliver,
    notifications_save,
    render_text,
)
from . import exports
from .choices import (
    ESCALATION_STAGE,
    PENDING_STATES,
    DeadlineAction,
    DeadlineState,
    PeriodUnit,
    Recurrence,
    Responsible,
)
from .computation import (
    Due,
    Period,
    anchors,
    compute_due,
    compute_due_for_anchor,
    day_start,
    explain,
)
from .models import (
    CalendarFeed,
    Deadline,
    DeadlineEvent,
    DeadlineReminder,
    DeadlineRule,
    new_feed_token,
)
from .signals import deadlines_recomputed

logger = logging.getLogger(__name__)

# Look back this far for recurring anchors whose due date is still ahead (a media-grid due
# the working day after Thursday's information, which a holiday may push into next week).
ANCHOR_LOOKBACK = dt.timedelta(days=14)
# Who is reminded of an agency's deadline: its press secretary (and, at the authorized body,
# its staff). The authorized body's work (`Responsible.AUTHORIZED_BODY`) is reminded to the
# authorized body's staff instead.
RESPONSIBLE_ROLES = (Role.PRESS_SECRETARY, Role.AUTHORIZED_STAFF)
# The ministry's overdue digest names this many of the oldest deadlines, and links to the list.
DIGEST_OLDEST = 5
# An agency head's escalation names this many of the agency's deadlines that became overdue,
# and links to the agency's overdue list for the rest.
ESCALATION_LISTED = 10


def subject_key(subject: Model) -> str:
    """The `period_key` of the deadline opened for `subject` (`deadline_open_for_event`)."""
    return f"{subject._meta.label_lower}:{subject.pk}"


def deadline_open_for_event(
    *,
    rule_code: str,
    agency: Agency,
    subject: Model,
    start: dt.datetime | None = None,
    amount: int | None = None,
) -> Deadline | None:
    """Open the deadline an event starts (a request received, a spokesperson appointed).

    `amount` replaces the rule's period for this one deadline, in the rule's unit: an
    extension of 10 of the 30 days the head may grant (002 §39) is counted, and explained,
    as 10 days from the original end. Opening the same event twice returns the first
    deadline; an inactive rule opens none.
    """
    rule = DeadlineRule.objects.filter(code=rule_code, is_active=True).first()
    if rule is None:
        return None
    counted = (
        rule
        if amount is None
        else Period(amount, rule.unit, rule.time_of_day, rule.move_to_working_day)
    )
    due = compute_due(counted, start=start or timezone.now(), calendar=working_calendar())
    deadline, _created = Deadline.objects.get_or_create(
        rule=rule,
        agency=agency,
        period_key=subject_key(subject),
        defaults={
            "subject": subject,
            "starts_on": due.starts_on,
            "due_at": due.due_at,
            "computation": due.computation,
        },
    )
    if _created:
        publication_bump(exports.PUBLICATION)
    return deadline


def deadline_complete(
    *, deadline: Deadline, by=None, comment: str = "", at: dt.datetime | None = None
) -> bool:
    """Record that the work was done, by whom (None: the portal itself) and with what
    comment; on time or late is judged against the stored due_at.

    Returns False when the deadline was no longer pending (done twice, or waived).
    """
    at = at or timezone.now()
    state = DeadlineState.DONE_ON_TIME if at <= deadline.due_at else DeadlineState.DONE_LATE
    with transaction.atomic():
        updated = (
            Deadline.objects.pending()
            .filter(pk=deadline.pk)
            .update(state=state, completed_at=at, updated_at=timezone.now())
        )
        if updated:
            DeadlineEvent.objects.create(
                deadline=deadline,
                action=DeadlineAction.DONE,
                actor=by,
                comment=comment.strip(),
                at=at,
            )
            publication_bump(exports.PUBLICATION)
    if updated:
        deadline.state, deadline.completed_at = state, at
    return bool(updated)


def deadline_complete_for(
    *,
    rule_code: str,
    agency: Agency,
    subject: Model | None = None,
    period_key: str = "",
    by=None,
    comment: str = "",
    at: dt.datetime | None = None,
) -> bool:
    """Complete the pending deadline of a rule for an event's object or a period.

    Work done for a period before beat opened its deadline (the weekly information sent
    ten days ahead) opens that deadline now, so that it is completed, not left to fall
    overdue when it opens."""
    key = subject_key(subject) if subject is not None else period_key
    deadlines = Deadline.objects.filter(rule__code=rule_code, agency=agency, period_key=key)
    deadline = deadlines.pending().first()
    if deadline is None and subject is None and not deadlines.exists():
        deadline = _deadline_open_for_period(rule_code=rule_code, agency=agency, period_key=key)
    return deadline is not None and deadline_complete(
        deadline=deadline, by=by, comment=comment, at=at
    )


def _deadline_open_for_period(*, rule_code: str, agency: Agency, period_key: str):
    """The deadline of an active recurring rule for the period anchored to `period_key` (an
    ISO date that is one of the rule's anchors), if the rule applies to the agency."""
    rule = (
        DeadlineRule.objects.filter(code=rule_code, is_active=True)
        .exclude(recurrence=Recurrence.EVENT)
        .select_related("counts_from")
        .first()
    )
    try:
        anchor = dt.date.fromisoformat(period_key)
    except ValueError:
        return None
    if rule is None or agency.kind not in rule.agency_kinds:
        return None
    if anchors(rule, first=anchor, last=anchor) != [anchor]:
        return None
    due = compute_due_for_anchor(rule, anchor=anchor, calendar=working_calendar())
    deadline, created = Deadline.objects.get_or_create(
        rule=rule,
        agency=agency,
        period_key=period_key,
        defaults={
            "starts_on": due.starts_on,
            "due_at": due.due_at,
            "computation": due.computation,
        },
    )
    if created:
        publication_bump(exports.PUBLICATION)
    return deadline


def deadline_waive(*, deadline: Deadline, by, reason: str) -> Deadline:
    """Waive a pending deadline (the event was cancelled, the rule did not apply)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"waived_reason": _("Say why the deadline is waived.")})
    now = timezone.now()
    with transaction.atomic():
        updated = (
            Deadline.objects.pending()
            .filter(pk=deadline.pk)
            .update(state=DeadlineState.WAIVED, waived_reason=reason, updated_at=now)
        )
        if not updated:
            raise ValidationError(_("Only an open or overdue deadline can be waived."))
        DeadlineEvent.objects.create(
            deadline=deadline, action=DeadlineAction.WAIVED, actor=by, comment=reason, at=now
        )
        publication_bump(exports.PUBLICATION)
    deadline.refresh_from_db()
    return deadline


def deadline_reopen(*, deadline: Deadline, by, reason: str) -> Deadline:
    """Reopen a deadline marked done (or waived) by mistake: it is open again, or overdue
    when its due moment has passed, and counts again in the compliance table."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the deadline is reopened.")})
    now = timezone.now()
    state = DeadlineState.OVERDUE if deadline.due_at < now else DeadlineState.OPEN
    with transaction.atomic():
        updated = (
            Deadline.objects.exclude(state__in=PENDING_STATES)
            .filter(pk=deadline.pk)
            .update(state=state, completed_at=None, waived_reason="", updated_at=now)
        )
        if not updated:
            raise ValidationError(_("Only a done or waived deadline can be reopened."))
        DeadlineEvent.objects.create(
            deadline=deadline, action=DeadlineAction.REOPENED, actor=by, comment=reason, at=now
        )
        publication_bump(exports.PUBLICATION)
    deadline.refresh_from_db()
    return deadline


def deadline_shorten(
    *, deadline: Deadline, due_at: dt.datetime, reason: str, now: dt.datetime | None = None
) -> Deadline:
    """Bring a pending deadline's due moment forward (an open emergency shortens the
    response to a publication, 000 §5), recorded as a calendar correction's recompute is:
    the previous due moment and the reason in the stored computation, and a history entry.
    A due moment no earlier than the stored one, or a deadline no longer pending, is left
    as it is. Returns the deadline as stored."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the deadline is shortened."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Deadline.objects.pending()
            .select_for_update(of=("self",))
            .filter(pk=deadline.pk)
            .first()
        )
        if locked is None or due_at >= locked.due_at:
            return locked or deadline
        previous = locked.due_at
        locked.due_at = due_at
        locked.computation = {
            **locked.computation,
            "shortened": {"reason": reason, "previous_due_at": previous.isoformat()},
        }
        locked.state = DeadlineState.OVERDUE if due_at < now else DeadlineState.OPEN
        locked.save(update_fields=["due_at", "computation", "state", "updated_at"])
        with translation.override(settings.LANGUAGE_CODE):
            comment = _("%(reason)s: due %(previous)s → %(due)s.") % {
                "reason": reason,
                "previous": f"{timezone.localtime(previous):%d.%m.%Y %H:%M}",
                "due": f"{timezone.localtime(due_at):%d.%m.%Y %H:%M}",
            }
        DeadlineEvent.objects.create(
            deadline=locked, action=DeadlineAction.SHORTENED, comment=comment, at=now
        )
        publication_bump(exports.PUBLICATION)
    return locked


def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """Give the user a feed address, or a new one: the old address stops working."""
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": new_feed_token()}
    )
    return feed


def deadlines_open_recurring(*, now: dt.datetime | None = None) -> int:
    """Open the coming weekly, monthly and yearly deadlines of every active agency.

    Returns how many deadlines are due in the window, whether opened now or before."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    calendar = working_calendar()
    agencies = list(Agency.objects.filter(status=AgencyStatus.ACTIVE).values_list("pk", "kind"))
    periods = []  # (rule, period_key, due) of each period due in the window
    recurring = (
        DeadlineRule.objects.filter(is_active=True)
        .exclude(recurrence=Recurrence.EVENT)
        .select_related("counts_from")
    )
    for rule in recurring:
        window_end = today + dt.timedelta(days=rule.open_days_before)
        for anchor in anchors(rule, first=today - ANCHOR_LOOKBACK, last=window_end):
            due = compute_due_for_anchor(rule, anchor=anchor, calendar=calendar)
            if today <= timezone.localtime(due.due_at).date() <= window_end:
                periods.append((rule, anchor.isoformat(), due))
    wanted = {
        (rule.pk, agency_id, period_key): (rule, due)
        for rule, period_key, due in periods
        for agency_id, kind in agencies
        if kind in rule.agency_kinds
    }
    if not wanted:
        return 0
    # The runs before opened most of the window: only the missing rows are built and sent
    # (a model for each of the 1,500 rows at 500 agencies, all opened the day before, was
    # most of this step).
    opened = set(
        Deadline.objects.filter(
            rule_id__in={rule.pk for rule, _key, _due in periods},
            period_key__in={key for _rule, key, _due in periods},
        ).values_list("rule_id", "agency_id", "period_key")
    )
    rows = [
        Deadline(
            rule=rule,
            agency_id=agency_id,
            period_key=period_key,
            starts_on=due.starts_on,
            due_at=due.due_at,
            computation=due.computation,
        )
        for (rule_id, agency_id, period_key), (rule, due) in wanted.items()
        if (rule_id, agency_id, period_key) not in opened
    ]
    if rows:  # a worker running at the same moment may have opened some of them
        Deadline.objects.bulk_create(rows, ignore_conflicts=True)
        publication_bump(exports.PUBLICATION)
    return len(wanted)


def deadlines_mark_overdue(*, now: dt.datetime | None = None) -> int:
    overdue = Deadline.objects.filter(
        state=DeadlineState.OPEN, due_at__lt=now or timezone.now()
    ).update(state=DeadlineState.OVERDUE, updated_at=timezone.now())
    if overdue:
        publication_bump(exports.PUBLICATION)
    return overdue


def reminder_stage(deadline: Deadline, *, today: dt.date, sent: set[str]) -> str | None:
    """The reminder a pending deadline needs today, if any.

    Only the most urgent stage that has come is sent: a deadline opened one day before it
    falls due gets the one-day reminder, not the three-day one as well.
    """
    come = [
        days
        for days in deadline.rule.reminder_days
        if deadline.due_date - dt.timedelta(days=days) <= today
    ]
    if not come:
        return None
    urgent = min(come)
    if any(f"before_{days}" in sent for days in deadline.rule.reminder_days if days <= urgent):
        return None
    return f"before_{urgent}"


def deadlines_send_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind the people responsible of the deadlines that fall due soon."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rules = _rules()
    horizon = max((max(rule.reminder_days, default=0) for rule in rules.values()), default=0)
    candidates = list(
        Deadline.objects.filter(
            state=DeadlineState.OPEN,
            due_at__gte=now,
            due_at__lt=now + dt.timedelta(days=horizon + 1),
        )
    )
    # A rule added since `rules` was read waits for the next run.
    candidates = [deadline for deadline in candidates if deadline.rule_id in rules]
    for deadline in candidates:
        deadline.rule = rules[deadline.rule_id]
    sent = _stages_sent([deadline.pk for deadline in candidates])
    due = [
        (deadline, stage)
        for deadline in candidates
        if (stage := reminder_stage(deadline, today=today, sent=sent[deadline.pk]))
    ]
    if not due:
        return 0
    _attach_agencies([deadline for deadline, _stage in due])
    members, staff = _people({deadline.agency_id for deadline, _ in due}, RESPONSIBLE_ROLES)
    return _announce(
        due,
        template="deadline_reminder",
        recipients_of=lambda deadline: (
            staff
            if deadline.rule.responsible == Responsible.AUTHORIZED_BODY
            else members[deadline.agency_id]
        ),
        now=now,
    )


@dataclass(slots=True)
class Overdue:
    """An overdue deadline as its escalation names it: its rule, agency and due moment.

    Read as a row, not as a model: a sweep escalates thousands of deadlines at once, and
    building a model of each (a deferred one, at that) was a third of the escalation."""

    pk: int
    rule: DeadlineRule
    agency: Agency
    due_at: dt.datetime

    def get_absolute_url(self) -> str:
        return Deadline(pk=self.pk).get_absolute_url()


def _escalates_to_head(deadline: Overdue) -> bool:
    """The agency's head hears of the agency's own overdue work, never of the authorized
    body's (a confirmation the ministry has not given yet)."""
    rule = deadline.rule
    return Role.AGENCY_HEAD in rule.escalate_to and rule.responsible == Responsible.AGENCY


def deadlines_escalate(*, now: dt.datetime | None = None) -> int:
    """Tell the agency head of each overdue deadline, once, and the authorized body's staff
    in one short digest per run rather than one email per agency's deadline."""
    now = now or timezone.now()
    # Pending and past due, on the index of pending deadlines, then the overdue of those:
    # the planner knows `state` as of the last ANALYZE, from before mark_overdue changed
    # thousands of rows, and planned `state = overdue` for one row, a nested loop that took
    # 0.1 s at 500 agencies. One marked overdue and still due ahead (a clock set back) waits.
    rows = [
        row
        for row in Deadline.objects.pending()
        .filter(due_at__lt=now)
        .exclude(reminders__stage=ESCALATION_STAGE)
        .order_by("agency__name", "due_at", "pk")
        .values_list("pk", "rule_id", "agency_id", "due_at", "state")
        if row[-1] == DeadlineState.OVERDUE
    ]
    if not rows:
        return 0
    rules = _rules()
    agencies = Agency.objects.in_bulk({agency_id for _pk, _rule, agency_id, *_ in rows})
    overdue = [
        Overdue(pk=pk, rule=rules[rule_id], agency=agencies[agency_id], due_at=due_at)
        for pk, rule_id, agency_id, due_at, _state in rows
    ]
    heads, staff = _people(set(agencies), (Role.AGENCY_HEAD,))
    for_heads = defaultdict(list)
    for deadline in overdue:
        if _escalates_to_head(deadline) and heads[deadline.agency.pk]:
            for_heads[deadline.agency.pk].append(deadline)
    for_ministry = [d for d in overdue if Role.AUTHORIZED_STAFF in d.rule.escalate_to]
    if not staff:
        for_ministry = []
    notifications, stencils = [], Stencils()
    for agency_id, deadlines in for_heads.items():
        notifications += _agency_escalation(deadlines, heads[agency_id], stencils)
    if for_ministry:
        notifications += _overdue_digest(for_ministry, staff)
    told = {d.pk for deadlines in for_heads.values() for d in deadlines}
    told.update(d.pk for d in for_ministry)
    stages = [(pk, ESCALATION_STAGE) for pk in told]
    return _record(stages, notifications, template="deadline_escalation")


def _agency_escalation(deadlines, heads, stencils: Stencils) -> list:
    """One message per head of an agency, in their language, naming the agency's deadlines
    that became overdue in this run (the first ESCALATION_LISTED) and linking to the
    agency's overdue list: one e-mail per run, not one per deadline. Agencies late with the
    same deadlines share one rendering. Its key names exactly those deadlines, so a retried
    run adds no second one."""
    agency = deadlines[0].agency
    listed = deadlines[:ESCALATION_LISTED]
    more = len(deadlines) - len(listed)
    items = {"deadlines": listed, "more": more}

    def context_for():
        overdue_list = (
            reverse("deadlines:deadline_list")
            + "?"
            + urlencode({"state": DeadlineState.OVERDUE, "agency": agency.slug})
        )
        context = {
            "agency_name": Blank(agency.name),
            "agency_label": Blank(agency.short_name or agency.name),
            "deadline": deadlines[0],
            "items_text": lambda: render_text("emails/_overdue_items.txt", items).strip(),
            "items_html": lambda: get_template("emails/_overdue_items.html").render(items),
            "count": len(deadlines),
            "link": Blank(settings.PORTAL_BASE_URL + overdue_list),
        }
        return context, deadlines[0].get_absolute_url() if len(deadlines) == 1 else overdue_list

    return notifications_build(
        recipients=heads,
        event_key=f"agency:{agency.pk}:{ESCALATION_STAGE}:{_digest_of(deadlines)}",
        template="deadline_escalation",
        context_for=context_for,
        stencils=stencils,
        alike=(ESCALATION_STAGE, len(deadlines), more, *(_item_key(d) for d in listed)),
    )


def _digest_of(deadlines) -> str:
    """A short name of exactly these deadlines, for a notification's key."""
    pks = ",".join(str(pk) for pk in sorted(deadline.pk for deadline in deadlines))
    return hashlib.sha256(pks.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class OverdueSummary:
    """What a digest says of the deadlines that became overdue: how many, at how many
    agencies, how many of each rule (most first), and the oldest few."""

    count: int
    agencies: int
    by_rule: list[tuple[DeadlineRule, int]]
    oldest: list[Overdue]


def overdue_summary(deadlines, *, oldest: int = DIGEST_OLDEST) -> OverdueSummary:
    rules, counts = {}, defaultdict(int)
    for deadline in deadlines:
        rules.setdefault(deadline.rule.pk, deadline.rule)
        counts[deadline.rule.pk] += 1
    return OverdueSummary(
        count=len(deadlines),
        agencies=len({deadline.agency.pk for deadline in deadlines}),
        by_rule=[
            (rules[rule_id], count)
            for rule_id, count in sorted(
                counts.items(), key=lambda item: (-item[1], rules[item[0]].code)
            )
        ],
        oldest=sorted(deadlines, key=lambda deadline: (deadline.due_at, deadline.pk))[:oldest],
    )


def _overdue_digest(deadlines, staff) -> list:
    """One short notification per staff member, in their language: the counts of the
    deadlines that became overdue, the oldest few and a link to the overdue list, never the
    whole list. Its key names exactly those deadlines, so a retried run adds no second one."""
    summary = overdue_summary(deadlines)

    def context_for():
        url = reverse("deadlines:deadline_list") + "?state=overdue"
        return {"summary": summary, "link": settings.PORTAL_BASE_URL + url}, url

    return notifications_build(
        recipients=staff,
        event_key=f"overdue-digest:{_digest_of(deadlines)}",
        template="overdue_digest",
        context_for=context_for,
    )


def deadlines_sweep(*, now: dt.datetime | None = None) -> dict:
    """Everything beat does, in order, in one call: for the tests and the benchmark."""
    return {
        "opened": deadlines_open_recurring(now=now),
        "overdue": deadlines_mark_overdue(now=now),
        "reminded": deadlines_send_reminders(now=now),
        "escalated": deadlines_escalate(now=now),
        "emailed": notifications_deliver(now=now),
    }


def _rules() -> dict[int, DeadlineRule]:
    """Every rule, in one query: a sweep reads a few dozen rules for thousands of deadlines,
    and builds each rule once rather than once per deadline (select_related would)."""
    return {rule.pk: rule for rule in DeadlineRule.objects.select_related("counts_from")}


def _attach_agencies(deadlines) -> None:
    """Each deadline's agency, in one query, built once per agency rather than per deadline."""
    agencies = Agency.objects.in_bulk({deadline.agency_id for deadline in deadlines})
    for deadline in deadlines:
        deadline.agency = agencies[deadline.agency_id]


def _stages_sent(deadline_ids) -> dict[int, set[str]]:
    sent = defaultdict(set)
    for deadline_id, stage in DeadlineReminder.objects.filter(
        deadline_id__in=deadline_ids
    ).values_list("deadline_id", "stage"):
        sent[deadline_id].add(stage)
    return sent


def _people(agency_ids: set[int], roles) -> tuple[dict[int, list], list]:
    """In one query: the active members holding `roles` in each of the agencies, and the
    authorized body's staff (who are told of its work and of every overdue deadline)."""
    members, staff = defaultdict(list), {}
    for membership in Membership.objects.filter(
        Q(agency_id__in=agency_ids, role__in=roles) | Q(role=Role.AUTHORIZED_STAFF),
        user__is_active=True,
    ).select_related("user"):
        user = membership.user
        if membership.role == Role.AUTHORIZED_STAFF:
            staff.setdefault(user.pk, user)
        if membership.agency_id in agency_ids and membership.role in roles:
            if user not in members[membership.agency_id]:
                members[membership.agency_id].append(user)
    return members, list(staff.values())


def _announce(deadline_stages, *, template: str, recipients_of, now: dt.datetime) -> int:
    stages, notifications = _stage_notifications(
        deadline_stages, template=template, recipients_of=recipients_of, now=now
    )
    return _record(stages, notifications, template=template)


def _stage_notifications(deadline_stages, *, template: str, recipients_of, now: dt.datetime):
    """The stages to record and their notifications, one per person in their language:
    deadlines of one rule due at the same moment read alike but for the agency and the
    link, so their e-mail is rendered once per language for all of them (`Stencils`).

    A stage nobody could be told of (an agency without a press secretary yet) is left out,
    so it goes out once someone holds the role."""
    today = timezone.localdate(now)
    calendar, stencils = working_calendar(), Stencils()
    stages, notifications = [], []
    for deadline, stage in deadline_stages:
        people = recipients_of(deadline)
        if not people:
            continue
        stages.append((deadline.pk, stage))

        def context_for(deadline=deadline, stage=stage):
            url = deadline.get_absolute_url()

            def explained():
                return {"deadline": deadline, "explanation": explain(deadline, calendar=calendar)}

            context = {
                "deadline": deadline,
                "agency_name": Blank(deadline.agency.name),
                "stage": stage,
                "days_left": (deadline.due_date - today).days,
                "explanation_text": lambda: render_text(
                    "emails/_explanation.txt", explained()
                ).strip(),
                "explanation_html": lambda: get_template("deadlines/_explanation.html").render(
                    explained()
                ),
                "link": Blank(settings.PORTAL_BASE_URL + url),
            }
            return context, url

        notifications += notifications_build(
            recipients=people,
            event_key=f"deadline:{deadline.pk}:{stage}",
            template=template,
            context_for=context_for,
            stencils=stencils,
            alike=(stage, (deadline.due_date - today).days, *_explanation_key(deadline)),
        )
    return stages, notifications


def _explanation_key(deadline) -> tuple:
    return (
        deadline.rule_id,
        deadline.starts_on,
        deadline.due_at,
        json.dumps(deadline.computation, sort_keys=True),
    )


def _item_key(deadline: Overdue) -> tuple:
    return (deadline.rule.pk, deadline.due_at)


def _record(stages: list[tuple[int, str]], notifications, *, template: str) -> int:
    """Record the (deadline id, stage) pairs with their notifications in one transaction, so
    a crash leaves either both or neither and a retry finishes the job exactly once."""
    if not stages:
        return 0
    with transaction.atomic():
        _stages_save(stages)
        notifications_save(notifications)
    logger.info("%s: %d stages, %d notifications", template, len(stages), len(notifications))
    return len(stages)


def _stages_save(stages: list[tuple[int, str]]) -> None:
    """Save each (deadline id, stage) pair as a DeadlineReminder; a pair saved before is
    left as it is (its unique constraint), so a retried run adds nothing.

    On PostgreSQL one INSERT of two arrays: a model built and prepared field by field for
    each of the 5,900 escalations at 500 agencies was a fifth of the escalation."""
    if connection.vendor != "postgresql":
        DeadlineReminder.objects.bulk_create(
            [DeadlineReminder(deadline_id=pk, stage=stage) for pk, stage in stages],
            ignore_conflicts=True,
        )
        return
    deadline_ids, names = zip(*stages, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(DeadlineReminder._meta.db_table)}"
            " (deadline_id, stage, created_at)"
            " SELECT deadline_id, stage, %s FROM unnest(%s::bigint[], %s::text[])"
            " AS stages (deadline_id, stage) ON CONFLICT DO NOTHING",
            [timezone.now(), list(deadline_ids), list(names)],
        )


def _affected_by(day: dt.date) -> Q:
    """Pending deadlines whose count runs over `day`: from their start to their due date
    (back from the start for a period counted back; from the anchor for a rule counted from
    another rule's due date). A day outside that span changes no due date."""
    starts, ends = day_start(day), day_start(day + dt.timedelta(days=1))
    return (
        Q(starts_on__lte=day, due_at__gte=starts)
        | Q(starts_on__gte=day, due_at__lt=ends)
        | Q(rule__counts_from__isnull=False, due_at__gte=starts)
    )


def _due_again(deadline: Deadline, calendar) -> Due:
    """The due moment of a stored deadline counted again in `calendar`, with the period and
    time of day it was opened with (a rule changed since, or a per-case amount, does not
    change an open deadline: only the calendar does)."""
    rule, computation = deadline.rule, deadline.computation
    local_due = timezone.localtime(deadline.due_at)
    period = Period(
        computation.get("amount", rule.amount),
        computation.get("unit", rule.unit),
        local_due.time().replace(tzinfo=None),
        rule.move_to_working_day,
        rule.counts_from if computation.get("counted_from_rule") else None,
    )
    if rule.recurrence != Recurrence.EVENT:
        try:
            anchor = dt.date.fromisoformat(deadline.period_key)
        except ValueError:
            anchor = None
        if anchor is not None:
            return compute_due_for_anchor(period, anchor=anchor, calendar=calendar)
    start = day_start(deadline.starts_on)
    if period.unit == PeriodUnit.HOURS:
        # The moment counted from is not stored: it is the due moment before any move.
        counted_to = dt.date.fromisoformat(
            computation.get("moved_from") or local_due.date().isoformat()
        )
        start = timezone.make_aware(
            dt.datetime.combine(counted_to, period.time_of_day)
        ) - dt.timedelta(hours=period.amount)
    return compute_due(period, start=start, calendar=calendar)


def deadlines_recompute_for_correction(
    *, dates: list[str], names: dict[str, str], now: dt.datetime | None = None
) -> int:
    """Count again every pending deadline, of every app, whose period runs over a day an
    administrator corrected (`dates`: the correction's day first, then the day it had
    before a change; ISO dates), after
    the correction was saved or deleted (SPEC §9: a period ending on a non-working day ends
    on the next working day). A deadline whose due moment changes records the correction's
    `names` (by language) in its explanation and a history entry; done and waived deadlines
    are history and stay as they are. Running it again changes nothing.

    Apps that keep a copy of a due date (a request's `due_at`) follow through the
    `deadlines_recomputed` signal. Returns how many deadlines moved."""
    now = now or timezone.now()
    days = list(dict.fromkeys(dt.date.fromisoformat(day) for day in dates))
    if not days:
        return 0
    corrected = days[0]
    affected = Q()
    for day in days:
        affected |= _affected_by(day)
    calendar = working_calendar()
    moved = []
    with transaction.atomic():
        for deadline in (
            Deadline.objects.pending()
            .filter(affected)
            .select_related("rule__counts_from")
            .select_for_update(of=("self",))
        ):
            due = _due_again(deadline, calendar)
            if due.due_at == deadline.due_at and due.starts_on == deadline.starts_on:
                continue
            previous = deadline.due_at
            deadline.starts_on, deadline.due_at = due.starts_on, due.due_at
            deadline.computation = {
                **due.computation,
                "recomputed": {
                    "date": corrected.isoformat(),
                    "names": names,
                    "previous_due_at": previous.isoformat(),
                },
            }
            deadline.state = DeadlineState.OVERDUE if due.due_at < now else DeadlineState.OPEN
            deadline.save(
                update_fields=["starts_on", "due_at", "computation", "state", "updated_at"]
            )
            DeadlineEvent.objects.create(
                deadline=deadline,
                action=DeadlineAction.RECOMPUTED,
                comment=_recomputed_comment(names, corrected, previous, due.due_at),
                at=now,
            )
            moved.append(deadline)
        if moved:
            publication_bump(exports.PUBLICATION)
            deadlines_recomputed.send(sender=Deadline, deadlines=moved)
    logger.info("calendar correction %s: %d deadlines recomputed", dates, len(moved))
    return len(moved)


def _recomputed_comment(names, day: dt.date, previous: dt.datetime, due: dt.datetime) -> str:
    """The history entry, in the portal's language (a history comment is stored once)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _('Calendar correction "%(name)s" (%(date)s): due %(previous)s → %(due)s.') % {
            "name": names.get(settings.LANGUAGE_CODE) or next(iter(names.values()), ""),
            "date": day.strftime("%d.%m.%Y"),
            "previous": f"{timezone.localtime(previous):%d.%m.%Y %H:%M}",
            "due": f"{timezone.localtime(due):%d.%m.%Y %H:%M}",
        }
