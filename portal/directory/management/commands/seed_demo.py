"""Load the demo directory and one user per role. Safe to run again: it updates in place."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal.deadlines.choices import Recurrence
from portal.deadlines.models import Deadline
from portal.deadlines.services import (
    deadline_complete,
    deadlines_mark_overdue,
    deadlines_open_recurring,
)
from portal.directory import demo_data, services
from portal.directory.choices import AgencyKind, AgencyStatus, Role, SpokespersonPost
from portal.directory.models import Agency, Membership, Spokesperson, User

LANGUAGES = ("kk", "ru", "en")

# username, role, agency slug, password
DEMO_USERS = [
    ("admin", None, None, "admin-demo-2026"),
    ("ministry", Role.AUTHORIZED_STAFF, "mci", "ministry-demo-2026"),
    ("press", Role.PRESS_SECRETARY, "health", "press-demo-2026"),
    ("head", Role.AGENCY_HEAD, "health", "head-demo-2026"),
    ("region", Role.REGIONAL_APPROVER, "akimat-almaty-region", "region-demo-2026"),
    ("journalist", Role.JOURNALIST, None, "journalist-demo-2026"),
]


def _translated(field, values):
    return {f"{field}_{language}": value for language, value in zip(LANGUAGES, values, strict=True)}


class Command(BaseCommand):
    help = "Load demo agencies, spokespersons and one user per role (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run unless DEBUG is on: it sets known passwords."
            )
        with transaction.atomic():
            agencies = self._agencies()
            self._spokespersons(agencies)
            self._reorganise(agencies)
            users = self._users()
            self._deadline_history()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {len(agencies)} agencies."))
        self.stdout.write("Demo users (username / password / role):")
        for username, role, agency_slug, password in users:
            where = f" of {agency_slug}" if agency_slug else ""
            self.stdout.write(f"  {username:<11} {password:<22} {role or 'superuser'}{where}")

    def _agency(self, slug, kind, names, short=("", "", ""), **fields):
        agency, _ = Agency.objects.update_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                **_translated("name", names),
                **_translated("short_name", short),
                **fields,
            },
        )
        return agency

    def _agencies(self):
        agencies = {}
        for slug, kind, *names in demo_data.MINISTRIES:
            agencies[slug] = self._agency(
                slug,
                kind,
                names[:3],
                names[3:],
                region="astana",
                website=f"https://www.gov.kz/memleket/entities/{slug}",
                email=f"press@{slug}.gov.kz",
                phone="+7 7172 00 00 00",
            )
        for slug, parent, *names in demo_data.COMMITTEES:
            agencies[slug] = self._agency(
                slug, AgencyKind.COMMITTEE, names, parent=agencies[parent], region="astana"
            )
        for region, *names in demo_data.AKIMATS:
            slug = f"akimat-{region.replace('_', '-')}"
            agencies[slug] = self._agency(slug, AgencyKind.LOCAL_BODY, names, region=region)
        for slug, *names, website in demo_data.COMPANIES:
            agencies[slug] = self._agency(
                slug, AgencyKind.NATIONAL_COMPANY, names, region="astana", website=website
            )
        slug, *names, effective_on, successor = demo_data.REORGANISED
        agencies[slug] = self._agency(slug, AgencyKind.CENTRAL_BODY, names, region="astana")
        agencies["mci"].social_accounts.get_or_create(
            url="https://t.me/mci_kz", defaults={"network": "Telegram"}
        )
        return agencies

    def _reorganise(self, agencies):
        """The ministry renamed in 2023, so the directory shows a readable history."""
        slug, *names, effective_on, successor = demo_data.REORGANISED
        if agencies[slug].is_active:
            services.agency_reorganise(
                agency=agencies[slug],
                status=AgencyStatus.RENAMED,
                effective_on=dt.date.fromisoformat(effective_on),
                successors=[agencies[successor]],
            )

    def _spokespersons(self, agencies):
        """One confirmed spokesperson per agency; some with a predecessor; one pending."""
        already = set(Spokesperson.objects.values_list("agency__slug", flat=True))
        today = timezone.localdate()
        for index, (slug, agency) in enumerate(sorted(agencies.items())):
            if slug in already:
                continue
            if index % 4 == 0 or not agency.is_active:
                self._appoint(agency, index + 7, dt.date(2019, 3, 1), demo_data.FORMER_POSITION)
            appointed_on = (
                today if slug == "health" else dt.date(2022, 1, 10) + dt.timedelta(days=index * 9)
            )
            if agency.is_active:
                # Health's appointment is fresh: the ministry has not confirmed it yet, so
                # its one-working-day notice deadline is open.
                self._appoint(
                    agency, index, appointed_on, demo_data.POSITION, confirmed=slug != "health"
                )

    def _appoint(self, agency, index, appointed_on, position, *, confirmed=True):
        number = (index + 2 * (index // 10)) % 10
        spokesperson = services.spokesperson_appoint(
            agency=agency,
            appointed_on=appointed_on,
            post=SpokespersonPost.AUTHORIZED_PERSON,
            **_translated("surname", demo_data.SURNAMES[index % 10]),
            **_translated("name", demo_data.FIRST_NAMES[number]),
            **_translated("patronymic", demo_data.PATRONYMICS[number]),
            **_translated("position", position),
            email=f"press{index}@{agency.slug}.gov.kz",
            work_phone=f"+7 7172 {index:02d} 11 22",
            mobile_phone=f"+7 701 {index:03d} 44 55",
            languages=["kk", "ru"] if index % 3 else ["kk", "ru", "en"],
        )
        if confirmed:
            services.spokesperson_confirm(spokesperson=spokesperson)
        return spokesperson

    def _deadline_history(self):
        """Three months of deadlines, mostly met, so the calendar and compliance have data.
        Monthly reports are left to the media-plans demo, whose reports complete them: a
        history completed here would contradict the report it sends."""
        if Deadline.objects.exclude(rule__recurrence=Recurrence.EVENT).exists():
            return
        now = timezone.now()
        for weeks_ago in range(13, -1, -1):
            deadlines_open_recurring(now=now - dt.timedelta(weeks=weeks_ago))
        past = Deadline.objects.filter(due_at__lt=now).exclude(rule__code="monthly-report")
        for index, deadline in enumerate(past.order_by("pk")):
            if index % 10 == 9:
                continue  # left overdue: beat escalates it
            late = index % 10 == 8
            done_at = deadline.due_at + dt.timedelta(hours=30 if late else -20)
            deadline_complete(deadline=deadline, at=done_at)
        deadlines_mark_overdue(now=now)

    def _users(self):
        for username, role, agency_slug, password in DEMO_USERS:
            user, _ = User.objects.get_or_create(
                username=username,
                defaults={"email": f"{username}@example.kz", "first_name": username.title()},
            )
            user.set_password(password)
            if role is None:
                user.is_superuser = user.is_staff = True
            user.save()
            if role is not None:
                agency = Agency.objects.get(slug=agency_slug) if agency_slug else None
                membership = Membership.objects.filter(user=user, role=role, agency=agency).first()
                services.membership_save(
                    membership or Membership(user=user, role=role, agency=agency)
                )
        return DEMO_USERS
