"""The demo's emergencies: one closed with statements in three languages, one open with a
draft; a second run adds nothing."""

import pytest
from django.core.management import call_command

from monitoring.emergencies.models import Incident, OfficialStatement
from portal.directory.choices import Role
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_is_added_once():
    ministry = AgencyFactory(slug="mci", kind="authorized")
    for slug in ("emergency", "health", "energy"):
        AgencyFactory(slug=slug)
    MembershipFactory(user=UserFactory(), role=Role.AUTHORIZED_STAFF, agency=ministry)
    call_command("seed_demo_emergencies")
    call_command("seed_demo_emergencies")
    assert sorted(Incident.objects.values_list("state", flat=True)) == ["closed", "open"]
    closed = Incident.objects.get(state="closed")
    assert closed.close_reason
    assert all(
        s.text_kk and s.text_ru and s.text_en and s.is_published for s in closed.statements.all()
    )
    assert list(
        OfficialStatement.objects.filter(incident__state="open").values_list("state", flat=True)
    ) == ["published", "draft"]
