"""The demo's media monitoring (`monitoring/demo_data.py`): outlets and feeds, the agencies'
matching rules, the fixed publications stored through `publication_ingest` (no network),
a flag by hand, one case answered and closed and one open with its response, and the
analytical notes of last month and this one asked for. Runs after
`seed_demo`; an address stored before is left as it is and a publication that already has
a case gets no other, so a re-run adds nothing."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from portal.directory.models import Agency, User

from ... import demo_data, services
from ...models import AgencyRule, Feed, Outlet, ResonanceCase
from ...note import previous_month

LANGUAGES = ("kk", "ru", "en")


class Command(BaseCommand):
    help = "Load the demo's outlets, rules, publications and resonance cases (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        outlets = self._outlets()
        agencies = Agency.objects.in_bulk(list(demo_data.RULES), field_name="slug")
        for slug, rules in demo_data.RULES.items():
            if slug in agencies:
                for term, language, kind, exclude in rules:
                    AgencyRule.objects.get_or_create(
                        agency=agencies[slug],
                        language=language,
                        term=term,
                        defaults={"kind": kind, "exclude": exclude},
                    )
        now = timezone.now()
        context = services.IngestContext.load()
        publications = {}
        for key, outlet, hours, title, text in demo_data.PUBLICATIONS:
            publications[key], _created = services.publication_ingest(
                url=f"{outlets[outlet].website}/demo/{key}",
                title=title,
                text=text,
                published_at=now - dt.timedelta(hours=hours),
                outlet=outlets[outlet],
                context=context,
            )
        ministry = User.objects.filter(username="ministry").first()
        press = User.objects.filter(username="press").first()
        for key, slug, reason in demo_data.FLAG_BY_HAND:
            publication = publications[key]
            if slug in agencies and not publication.cases.exists():
                services.case_open(
                    publication=publication,
                    agency=agencies[slug],
                    reason=reason,
                    source="ministry",
                    by=ministry,
                    at=publication.published_at + dt.timedelta(hours=1),
                )
        for key, (kind, description, link, close) in demo_data.RESPONSES.items():
            case = ResonanceCase.objects.filter(publication=publications[key]).first()
            if case is None or case.responses.exists():
                continue
            services.case_head_informed(case=case, by=press, at=case.flagged_at)
            response = services.response_record(
                case=case, by=press, kind=kind, description=description, result_url=link
            )
            if close:
                services.case_close(case=case, by=press, response=response)
        # The analytical notes of last month and this one (000 §4.5), built by the worker.
        this_month = timezone.localdate().replace(day=1)
        for month in (previous_month(this_month), this_month):
            services.notes_request_month(month=month)
        self.stdout.write(
            self.style.SUCCESS(
                f"Monitoring demo ready: {len(outlets)} outlets, {len(publications)} "
                f"publications, {ResonanceCase.objects.count()} cases."
            )
        )

    def _outlets(self) -> dict[str, Outlet]:
        outlets = {}
        for key, names, kind, language, region, reach, website in demo_data.OUTLETS:
            names_by_language = dict(zip(LANGUAGES, names, strict=True))
            outlet, _created = Outlet.objects.get_or_create(
                website=website,
                defaults={
                    "name": names_by_language["kk"],
                    **{f"name_{code}": name for code, name in names_by_language.items()},
                    "kind": kind,
                    "language": language,
                    "region": region,
                    "reach": reach,
                },
            )
            Feed.objects.get_or_create(
                url=f"{website}/rss", defaults={"outlet": outlet, "is_active": False}
            )
            outlets[key] = outlet
        return outlets
