"""The demo's media-plans (`mediaplans/demo_data.py`): this year's plans approved, reported on
last month and consolidated, the demo ministry's own plan in a second revision; next year's
plans in every state of the review (000 §2.2–2.4). Runs after `seed_demo` and
`seed_demo_events`; everything goes through the services, and an agency that already has its
plan for a year is left as it is, so a re-run adds nothing."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from portal.directory.models import Agency, User

from ... import demo_data, services
from ...choices import ItemStatus, Recipient
from ...models import MediaPlan, ReportEntry

LANGUAGES = ("kk", "ru", "en")
ALMATY = dt.timezone(dt.timedelta(hours=5))


def _translated(name, values) -> dict:
    return {f"{name}_{language}": value for language, value in zip(LANGUAGES, values, strict=True)}


def _item(row) -> dict:
    direction, topic, audiences, formats, channels, month, quarter, preventive = row
    return {
        **_translated("strategic_direction", direction),
        **_translated("topic", topic),
        **_translated("target_audiences", audiences),
        "formats": formats,
        "channels": channels,
        "month": month,
        "quarter": quarter,
        "is_preventive": preventive,
        "responsible_unit_ru": "Пресс-служба",
        "responsible_unit_kk": "Баспасөз қызметі",
        "responsible_unit_en": "Press office",
    }


class Command(BaseCommand):
    help = "Add the demo agencies' media-plans in every state of the review (once)."

    @transaction.atomic
    def handle(self, *args, **options):
        users = {
            user.username: user
            for user in User.objects.filter(username__in=["press", "ministry", "region"])
        }
        press, ministry, region = (users.get(name) for name in ("press", "ministry", "region"))
        agencies = Agency.objects.in_bulk(
            set(demo_data.NEXT_YEAR) | set(demo_data.THIS_YEAR), field_name="slug"
        )
        this_year = timezone.localdate().year
        made = 0
        for slug in demo_data.THIS_YEAR:
            agency = agencies.get(slug)
            if agency and not MediaPlan.objects.filter(agency=agency, year=this_year).exists():
                self._this_year(agency, this_year, press if slug == "health" else None, ministry)
                made += 1
        if made:
            edition = services.consolidated_freeze(
                year=this_year, by=ministry, at=dt.datetime(this_year, 1, 15, 11, tzinfo=ALMATY)
            )
            services.consolidated_dispatch_record(
                consolidated=edition,
                recipient=Recipient.MINISTRY,
                by=ministry,
                reference="01-12/345",
            )
        for slug, state in demo_data.NEXT_YEAR.items():
            agency = agencies.get(slug)
            if agency and not MediaPlan.objects.filter(agency=agency, year=this_year + 1).exists():
                by = {"health": press, "akimat-almaty-region": region}.get(slug)
                self._next_year(agency, this_year + 1, state, by, ministry)
                made += 1
        self.stdout.write(f"Demo media-plans added: {made}.")

    def _plan(self, agency, year, by, rows=demo_data.ITEMS):
        plan = services.plan_create(agency=agency, year=year, by=by)
        for row in rows:
            services.item_add(plan=plan, by=by, data=_item(row))
        return plan

    def _this_year(self, agency, year, by, ministry):
        plan = self._plan(agency, year, by)
        submitted = dt.datetime(year - 1, 11, 27, 10, tzinfo=ALMATY)
        services.plan_submit(plan=plan, by=by, at=submitted)
        services.plan_approve(plan=plan, by=ministry, at=submitted + dt.timedelta(days=20))
        self._last_month_report(plan, by)
        if by is not None:  # the demo press secretary's plan: revision 2 under review
            services.plan_revision_open(plan=plan, by=by)
            item = plan.items.order_by("position")[1]
            services.item_update(
                item=item,
                by=by,
                data=_translated("topic", demo_data.REVISED_TOPIC),
                version=item.version,
            )
            services.item_add(plan=plan, by=by, data=_item(demo_data.ITEMS[3]) | {"month": 12})
            services.plan_submit(plan=plan, by=by)

    def _last_month_report(self, plan, by):
        today = timezone.localdate()
        month = (today.replace(day=1) - dt.timedelta(days=1)).month
        if month == 12:  # January: last month belongs to last year's plan
            return
        Event = ReportEntry._meta.get_field("events").related_model
        events = list(Event.objects.filter(agency=plan.agency, starts_at__month=month)[:2])
        statuses = [ItemStatus.DONE, ItemStatus.IN_PROGRESS, ItemStatus.POSTPONED]
        entries = [
            {
                "item": item,
                "status": statuses[index % len(statuses)],
                "text_ru": "Проведено, материалы опубликованы." if index % 3 == 0 else "",
                "text_kk": "Өткізілді, материалдар жарияланды." if index % 3 == 0 else "",
                "links": ["https://www.gov.kz/memleket/entities/"] if index % 3 == 0 else [],
                "events": events if index == 0 else [],
            }
            for index, item in enumerate(plan.items.order_by("position")[:3])
        ]
        report = services.report_save(plan=plan, month=month, by=by, entries=entries)
        services.report_submit(
            report=report, by=by, at=dt.datetime(plan.year, month, 24, 17, tzinfo=ALMATY)
        )

    def _next_year(self, agency, year, state, by, ministry):
        plan = self._plan(agency, year, by, demo_data.ITEMS[: 4 if state == "draft" else 6])
        if state == "draft":
            return
        services.plan_submit(plan=plan, by=by)
        if state == "returned":
            services.plan_return(plan=plan, by=ministry, comment=demo_data.RETURN_COMMENT)
            services.comment_add(
                plan=plan, by=ministry, text=demo_data.ITEM_COMMENT, item=plan.items.last()
            )
        elif state in ("approved", "reviewed"):
            services.plan_approve(plan=plan, by=ministry)
