"""The demo's monitoring (issue 11 item 10): shipped publications in Kazakh and Russian,
flagged items, one open response case and one closed; loaded twice, nothing doubles."""

import pytest
from django.core.management import call_command

from monitoring.models import Outlet, Publication, ResonanceCase, Response
from portal.directory.choices import Role
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_directory(db):
    agencies = {
        slug: AgencyFactory(slug=slug)
        for slug in ("health", "edu", "energy", "transport", "emergency")
    }
    MembershipFactory(
        user=UserFactory(username="press"), role=Role.PRESS_SECRETARY, agency=agencies["health"]
    )
    MembershipFactory(
        user=UserFactory(username="ministry"),
        role=Role.AUTHORIZED_STAFF,
        agency=AgencyFactory(kind="authorized"),
    )
    return agencies


def test_the_demo_loads_once_with_flags_and_an_open_and_a_closed_case(demo_directory):
    call_command("seed_demo_monitoring", verbosity=0)
    counts = [Outlet.objects.count(), Publication.objects.count(), ResonanceCase.objects.count()]
    call_command("seed_demo_monitoring", verbosity=0)
    assert [
        Outlet.objects.count(),
        Publication.objects.count(),
        ResonanceCase.objects.count(),
    ] == counts

    assert Publication.objects.count() == 30
    assert set(Publication.objects.values_list("language", flat=True)) == {"kk", "ru"}
    assert Publication.objects.filter(tone="negative").count() >= 5
    cases = ResonanceCase.objects.all()
    assert cases.filter(source="auto").exists() and cases.filter(source="ministry").exists()
    closed = cases.get(state="closed")
    assert closed.publication.url.endswith("/demo/queues")
    assert closed.responses.get().on_time
    open_answered = cases.get(publication__url__endswith="/demo/medicine-deficit")
    assert open_answered.is_open and open_answered.head_informed_at is not None
    assert Response.objects.count() == 2
    # Syndicated copies in three outlets: one story.
    queues = Publication.objects.get(url__endswith="/demo/queues")
    assert queues.story.outlets == 3
    # The exclusion: Russia's ministry is not the agency.
    assert not Publication.objects.get(url__endswith="/demo/russia").matches.exists()
