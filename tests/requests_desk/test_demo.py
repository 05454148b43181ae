"""After `make run` each role sees real work at the requests desk (issue 10 item 13):
requests in every state and channel, some overdue, one redirected, one extended, and the
ministry's reference requests with answers, one late. Seeding twice adds nothing."""

import pytest
from django.utils import timezone

from requests_desk.choices import Channel, Outcome, RequestState
from requests_desk.models import InformationRequest, ReferenceAnswer, ReferenceRequest
from tests.demo import seed, shared_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_data(django_db_blocker, tmp_path_factory, DEBUG=True):
        with django_db_blocker.unblock():
            seed("seed_demo", "seed_demo_requests")
            counts = (InformationRequest.objects.count(), ReferenceRequest.objects.count())
            seed("seed_demo_requests")
            assert (InformationRequest.objects.count(), ReferenceRequest.objects.count()) == counts
        yield InformationRequest.objects.all()


def test_requests_stand_in_every_state_and_channel(demo):
    assert set(demo.values_list("state", flat=True)) == set(RequestState.values)
    assert set(demo.values_list("channel", flat=True)) == set(Channel.values)
    outcomes = set(demo.values_list("outcome", flat=True))
    assert {Outcome.ANSWERED, Outcome.REFUSED, Outcome.REDIRECTED} <= outcomes


def test_some_are_overdue_one_redirected_and_one_extended(demo):
    overdue = demo.filter(state__in=["registered", "assigned"], due_at__lt=timezone.now())
    assert overdue.count() >= 2
    assert demo.filter(redirected_from__isnull=False).count() == 1
    assert demo.filter(extended_days__isnull=False).count() == 1


def test_the_ministry_asked_for_reference_materials_and_one_answer_came_late(demo):
    assert ReferenceRequest.objects.count() == 2
    answered = ReferenceAnswer.objects.filter(answered_at__isnull=False)
    assert answered.count() == 2 and answered.filter(late=True).count() == 1
    assert ReferenceAnswer.objects.filter(answered_at__isnull=True).count() == 2
