"""The demo's emergencies (`emergencies/demo_data.py`): a closed flood with statements in
Kazakh, Russian and English and an open gas incident with a draft, coordinated by the
ministry ("mci"). Recorded through the services; an incident already there (found by its
Kazakh title) is left as it is, so a re-run adds nothing. Runs after `seed_demo`."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from portal.directory.choices import Role
from portal.directory.models import Agency, User

from ... import services
from ...demo_data import DEMO_INCIDENTS
from ...models import Incident


class Command(BaseCommand):
    help = "Add the demo emergencies (one closed, one open with a draft statement), once."

    @transaction.atomic
    def handle(self, *args, **options):
        agencies = Agency.objects.in_bulk(field_name="slug")
        ministry = agencies.get("mci")
        if ministry is None:
            self.stdout.write("No demo ministry: run seed_demo first.")
            return
        by = (
            User.objects.filter(
                memberships__role=Role.AUTHORIZED_STAFF, memberships__agency=ministry
            ).first()
            or User.objects.filter(is_superuser=True).first()
        )
        added = 0
        for demo in DEMO_INCIDENTS:
            if Incident.objects.filter(title_kk=demo.title["kk"]).exists():
                continue
            self._add(demo, ministry=ministry, agencies=agencies, by=by)
            added += 1
        self.stdout.write(f"{added} demo emergencies added.")

    def _add(self, demo, *, ministry, agencies, by):
        incident = services.incident_open(
            by=by,
            coordinator=ministry,
            title=demo.title,
            kind=demo.kind,
            region=demo.region,
            started_at=timezone.now() - demo.started_before,
            agencies=[agencies[slug] for slug in demo.agencies if slug in agencies],
        )
        for statement in demo.statements:
            agency = agencies.get(statement.slug)
            if agency is None:
                continue
            draft = services.statement_draft(
                incident=incident, agency=agency, by=by, text=statement.text
            )
            if statement.published:
                services.statement_publish(statement=draft, by=by)
        if demo.close_reason:
            services.incident_close(incident=incident, by=by, reason=demo.close_reason)
