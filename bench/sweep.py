"""Benchmark of the deadline sweeps: time, SQL queries and rows at 50 and at 500 agencies.

Run from the repository root:  .venv/bin/python -m bench.sweep   (or `make bench`)

It works on a throwaway database of the engine DATABASE_URL names (PostgreSQL: a database
`bench_<pid>` created and dropped on that server; SQLite or unset: a file in a temporary
directory), never on db.sqlite3 or on the database of the shell's DATABASE_URL; emails go to Django's in-memory outbox. Every agency has a
press secretary and a head, and the authorized body has a few staff members.

The clock is not patched: `now` is handed to the services. Beat is taken to have opened the
recurring deadlines every week from late November 2025 and nobody to have done any, so at
NOW, Tuesday 30 December 2025 at 10:00 in Astana, every recurring rule has deadlines pending:
the media-plan submission (1 December), the December report and last Thursday's weekly
information and media-grid are overdue and escalate, the quarterly update due tomorrow is
reminded, and the January deadlines (thematic proposals, approval, weekly information) are
open or opening. From that same state the sweep runs once whole (`deadlines_sweep`) and
once step by step. The number of queries a step makes must not grow with the number of
agencies, apart from delivery's UPDATE per e-mail: the script exits with status 1 if it
does.
"""

import datetime as dt
import logging
import sys
import time
from collections import Counter

from bench.database import throwaway_database

SIZES = (50, 500)
STAFF = 3  # authorized-body staff, who hear of every overdue deadline
ALMATY = dt.timezone(dt.timedelta(hours=5))
NOW = dt.datetime(2025, 12, 30, 10, 0, tzinfo=ALMATY)
FIRST_OPENING = dt.datetime(2025, 11, 25, 0, 5, tzinfo=ALMATY)
WRITES = ("INSERT", "UPDATE", "DELETE")
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class Counting:
    """Counts the SQL statements run (by kind and table) and the rows the writes changed.

    SQLite takes at most 999 parameters a statement, so Django sends one bulk_create as
    several INSERTs in a row; those continuations are counted apart (`batches`), because
    they are one query of the code's and PostgreSQL receives them as one statement."""

    def __init__(self):
        self.statements = Counter()
        self.batches = 0
        self.rows = 0
        self._last = None

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        words = sql.split()
        kind = words[0].upper() if words else ""
        table = next((word.strip('"') for word in words if word.startswith('"')), "")
        statement = f"{kind} {table}".strip()
        if kind == "INSERT" and statement == self._last:
            self.batches += 1
        else:
            self.statements[statement] += 1
        self._last = statement
        if kind in WRITES and context["cursor"].rowcount > 0:
            self.rows += context["cursor"].rowcount
        return result

    @property
    def queries(self) -> int:
        return sum(self.statements.values())


def measure(function, **kwargs) -> tuple[float, Counting, object]:
    """(seconds, statements, result) of one call of function(**kwargs)."""
    from django.db import connection

    counting = Counting()
    with connection.execute_wrapper(counting):
        started = time.perf_counter()
        result = function(**kwargs)
        seconds = time.perf_counter() - started
    return seconds, counting, result


def add_people(agencies, start: int) -> None:
    """A press secretary and a head for each agency; STAFF staff at the authorized body
    (the first agency `generate` makes) the first time."""
    from portal.directory.choices import AgencyKind, Role
    from portal.directory.models import Membership, User

    users, roles = [], []
    for number, agency in enumerate(agencies, start=start):
        if agency.kind == AgencyKind.AUTHORIZED_BODY:
            people = [(f"staff{n}", Role.AUTHORIZED_STAFF) for n in range(STAFF)]
        else:
            people = [(f"press{number}", Role.PRESS_SECRETARY), (f"head{number}", Role.AGENCY_HEAD)]
        for username, role in people:
            users.append(
                User(
                    username=username,
                    email=f"{username}@bench.gov.kz",
                    password="!",  # unusable: nobody signs in
                    preferred_language=("kk", "ru", "en")[len(users) % 3],
                )
            )
            roles.append((agency, role))
    User.objects.bulk_create(users, batch_size=500)
    by_name = User.objects.in_bulk([user.username for user in users], field_name="username")
    Membership.objects.bulk_create(
        [
            Membership(user=by_name[user.username], agency=agency, role=role)
            for user, (agency, role) in zip(users, roles, strict=True)
        ],
        batch_size=500,
    )


def arrange() -> int:
    """Forget every deadline and notification, then open the recurring deadlines as beat
    would have, week by week up to the day before NOW, with nothing done since."""
    from django.db import connection

    from portal.deadlines.models import Deadline, DeadlineReminder
    from portal.deadlines.services import deadlines_open_recurring
    from portal.notifications.models import Notification

    with connection.cursor() as cursor:
        for model in (Notification, DeadlineReminder, Deadline):
            cursor.execute(f'DELETE FROM "{model._meta.db_table}"')
    opening = FIRST_OPENING
    while opening < NOW - dt.timedelta(days=1):
        deadlines_open_recurring(now=opening)
        opening += dt.timedelta(days=7)
    deadlines_open_recurring(now=NOW - dt.timedelta(days=1))
    # Statistics as autovacuum keeps them on a live database: without them PostgreSQL plans
    # for the empty tables it last saw (a nested loop over 500 agencies took 0.2 s).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Deadline.objects.count()


def check_scenario(summary: dict) -> None:
    """Stop if NOW no longer finds every step with work and every recurring rule pending."""
    from portal.deadlines.choices import Recurrence
    from portal.deadlines.models import Deadline, DeadlineRule

    idle = [step for step, done in summary.items() if not done]
    rules = set(
        DeadlineRule.objects.filter(is_active=True)
        .exclude(recurrence=Recurrence.EVENT)
        .values_list("code", flat=True)
    )
    pending = set(Deadline.objects.pending().values_list("rule__code", flat=True))
    if idle or rules - pending:
        raise SystemExit(
            f"The scenario is broken: no work for {idle}; nothing pending for {rules - pending}"
        )


def steps() -> list[tuple[str, object]]:
    from portal.deadlines import services
    from portal.notifications.services import notifications_deliver

    return [
        ("open_recurring", services.deadlines_open_recurring),
        ("mark_overdue", services.deadlines_mark_overdue),
        ("send_reminders", services.deadlines_send_reminders),
        ("escalate", services.deadlines_escalate),
        ("deliver", notifications_deliver),
    ]


def sweep_once(size: int) -> dict[str, tuple[float, Counting, object]]:
    """The whole sweep from the arranged state, then each step from the same state again."""
    from django.core import mail

    from portal.deadlines.services import deadlines_sweep

    results = {}
    deadlines = arrange()
    mail.outbox = []
    results["sweep (all steps)"] = measured = measure(deadlines_sweep, now=NOW)
    summary = measured[2]
    check_scenario(summary)
    print(
        f"{size} agencies: {deadlines} deadlines pending before the sweep; it did {summary}, "
        f"{len(mail.outbox)} emails in the outbox",
        file=sys.stderr,
    )

    arrange()
    for name, step in steps():
        results[name] = measure(step, now=NOW)
    return results


# Delivery claims each e-mail and marks the one before in one UPDATE, so that a killed worker
# resends at most one (portal/notifications/services.py): those UPDATEs are the only queries
# allowed to follow the number of agencies.
PER_EMAIL_STATEMENT = "UPDATE notifications_notification"


def fixed_queries(counting: Counting) -> int:
    return counting.queries - counting.statements[PER_EMAIL_STATEMENT]


def main() -> int:
    started = time.perf_counter()
    with throwaway_database(EMAIL_BACKEND=LOCMEM) as database:
        from django.conf import settings

        if settings.EMAIL_BACKEND != LOCMEM:
            raise SystemExit(f"Refusing to benchmark with {settings.EMAIL_BACKEND}: real emails.")
        # One line per announcement and per delivery would bury the table.
        logging.getLogger("portal").setLevel(logging.WARNING)
        return run(started, database)


def warm_up() -> None:
    """Load the URLconf and compile the e-mail templates, as a worker has after its first
    task, so that the first size measured does not pay for them."""
    from pathlib import Path

    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every app's urls.py)
    for template in sorted((Path(settings.BASE_DIR) / "templates" / "emails").iterdir()):
        get_template(f"emails/{template.name}")
    get_template("deadlines/_explanation.html")


def run(started: float, database: str) -> int:

    from bench.generate import generate

    warm_up()

    results: dict[str, dict[int, tuple[float, Counting, object]]] = {}
    made = 0
    for size in SIZES:
        generation_started = time.perf_counter()
        new = generate(size - made, per_agency=1, start=made)
        add_people(new, start=made)
        made = size
        print(
            f"Generated {size} agencies with their people "
            f"in {time.perf_counter() - generation_started:.1f} s",
            file=sys.stderr,
        )
        for label, measured in sweep_once(size).items():
            results.setdefault(label, {})[size] = measured

    print()
    print(database)
    print(
        f"One run each at {NOW:%Y-%m-%d %H:%M} (Astana) from the same state; a press secretary "
        f"and a head per agency, {STAFF} staff at the authorized body."
    )
    header = (
        f"{'step':<17} | {'agencies':>8} | {'seconds':>7} | {'SQL queries':>11} | "
        f"{'+ INSERT batches':>16} | {'rows affected':>13}"
    )
    print(header)
    print("-" * len(header))
    for label, by_size in results.items():
        for size, (seconds, counting, _returned) in by_size.items():
            print(
                f"{label:<17} | {size:>8} | {seconds:>7.2f} | {counting.queries:>11} | "
                f"{counting.batches:>16} | {counting.rows:>13}"
            )
    print()

    small, large = SIZES[0], SIZES[-1]
    changed = {
        label: (by_size[small][1], by_size[large][1])
        for label, by_size in results.items()
        if fixed_queries(by_size[small][1]) != fixed_queries(by_size[large][1])
    }
    grew = [
        label
        for label, (before, after) in changed.items()
        if fixed_queries(after) > fixed_queries(before)
    ]
    print(f"Total time {time.perf_counter() - started:.1f} s")
    if not changed:
        print(
            f"Query counts are equal at {small} and {large} agencies for every step "
            "(besides delivery's UPDATE per e-mail): OK"
        )
        return 0
    for label, (before, after) in changed.items():
        differences = ", ".join(
            f"{statement} {before.statements[statement]} -> {after.statements[statement]}"
            for statement in sorted(set(before.statements) | set(after.statements))
            if before.statements[statement] != after.statements[statement]
        )
        print(f"  {label}: {before.queries} -> {after.queries} queries ({differences})")
    if grew:
        print(f"FAIL: query counts grew from {small} to {large} agencies: {', '.join(grew)}")
        return 1
    print(f"Query counts differ (but none grew) from {small} to {large} agencies")
    return 0


if __name__ == "__main__":
    sys.exit(main())
