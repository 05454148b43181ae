"""The demo's accredited journalists: permanent, temporary, revoked and one applied, added
once however often the command runs."""

import pytest
from django.core.management import call_command

from portal.directory.choices import Role
from requests_desk.accreditation import demo_data
from requests_desk.accreditation.models import Accreditation
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_is_added_once_in_every_state():
    agency = AgencyFactory(slug="health")
    press = UserFactory(username="press")
    MembershipFactory(user=press, role=Role.PRESS_SECRETARY, agency=agency)
    call_command("seed_demo_accreditation")
    call_command("seed_demo_accreditation")
    accreditations = Accreditation.objects.filter(agency=agency)
    assert accreditations.count() == len(demo_data.JOURNALISTS)
    assert sorted(accreditations.values_list("state", flat=True)) == sorted(
        row[-1] for row in demo_data.JOURNALISTS
    )
    assert set(accreditations.values_list("kind", flat=True)) == {"permanent", "temporary"}
    assert accreditations.get(state="revoked").reason == demo_data.REVOKED_REASON
