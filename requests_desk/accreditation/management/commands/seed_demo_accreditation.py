"""The demo's accredited journalists (`accreditation/demo_data.py`): permanent, temporary
(ending within a week, so its reminder is due), revoked and one waiting in the press
secretary's queue (003 §8.3). Runs after `seed_demo`; everything goes through the services,
and a journalist who already has an accreditation at the agency is left as is, so a re-run
adds nothing."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from portal.directory.choices import Role
from portal.directory.models import Agency, Membership, User
from portal.directory.services import membership_save

from ... import demo_data, services
from ...models import Accreditation


class Command(BaseCommand):
    help = "Add the demo's accredited journalists (once)."

    @transaction.atomic
    def handle(self, *args, **options):
        press = User.objects.filter(username="press").first()
        agencies = Agency.objects.in_bulk(
            {row[4] for row in demo_data.JOURNALISTS}, field_name="slug"
        )
        today = timezone.localdate()
        made = 0
        for number, row in enumerate(demo_data.JOURNALISTS):
            username, name, outlet, position, slug, kind, days, state = row
            agency = agencies.get(slug)
            if agency is None:
                continue
            journalist = self._journalist(username, name)
            if Accreditation.objects.filter(journalist=journalist, agency=agency).exists():
                continue
            accreditation = services.accreditation_apply(
                journalist=journalist,
                agency=agency,
                full_name=name,
                outlet=outlet,
                position=position,
                phone=demo_data.PHONE.format(number),
                email=journalist.email,
                photo=SimpleUploadedFile("photo.png", demo_data.PHOTO),
                kind=kind,
                valid_from=today,
                valid_until=today + dt.timedelta(days=days) if days else None,
            )
            if state in ("approved", "revoked"):
                services.accreditation_approve(accreditation=accreditation, by=press)
            if state == "revoked":
                services.accreditation_revoke(
                    accreditation=accreditation, by=press, reason=demo_data.REVOKED_REASON
                )
            made += 1
        self.stdout.write(f"Demo accreditations added: {made}.")

    def _journalist(self, username: str, name: str) -> User:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.kz", "first_name": name},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if not Membership.objects.filter(user=user, role=Role.JOURNALIST).exists():
            membership_save(Membership(user=user, role=Role.JOURNALIST))
        return user
