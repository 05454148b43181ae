"""After `make run` every role sees the whole flow of the media-plans: next year's plans in
every state of the review, a returned plan with comments, this year's approved plans with
last month's reports and a consolidated edition, and the demo press office's plan in a second
revision whose difference reads."""

import pytest
from django.utils import timezone

from mediaplans import revisions
from mediaplans.choices import PlanState
from mediaplans.demo_data import THIS_YEAR
from mediaplans.models import ConsolidatedPlan, MediaPlan, MonthlyReport
from tests.demo import seed, shared_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo seeded once for the module (tests/demo.py), the media-plans seeded twice: the
    second run adds nothing."""
    with shared_data(django_db_blocker, tmp_path_factory, DEBUG=True):
        with django_db_blocker.unblock():
            seed("seed_demo", "seed_demo_events", "seed_demo_mediaplans")
            counts = (MediaPlan.objects.count(), MonthlyReport.objects.count())
            seed("seed_demo_mediaplans")
            assert (MediaPlan.objects.count(), MonthlyReport.objects.count()) == counts
        yield MediaPlan.objects.select_related("agency")


def test_next_years_plans_stand_in_every_state_of_the_review(demo):
    next_year = timezone.localdate().year + 1
    assert set(demo.filter(year=next_year).values_list("state", flat=True)) == set(PlanState.values)
    returned = demo.get(year=next_year, agency__slug="health")
    assert returned.state == PlanState.RETURNED
    assert returned.comments.filter(item__isnull=True).exists()
    assert returned.comments.filter(item__isnull=False).exists()


def test_every_item_reads_in_three_languages(demo):
    for plan in demo:
        for item in plan.items.all():
            assert all(getattr(item, f"topic_{language}") for language in ("kk", "ru", "en"))


def test_the_demo_press_office_has_revision_two_under_review_while_one_is_in_force(demo):
    plan = demo.get(year=timezone.localdate().year, agency__slug="health")
    assert (plan.revision, plan.state) == (2, PlanState.SUBMITTED)
    first, second = plan.revisions.order_by("number")
    kinds = [d.kind for d in revisions.snapshot_difference(first.snapshot, second.snapshot)]
    assert sorted(kinds) == ["added", "changed"]
    assert ConsolidatedPlan.objects.filter(year=plan.year).exists()


def test_last_months_reports_are_sent(demo):
    # In January last month's report would belong to last year's plan, which the demo lacks.
    expected = 0 if timezone.localdate().month == 1 else len(THIS_YEAR)
    sent = MonthlyReport.objects.filter(submitted_at__isnull=False, is_late=False)
    assert sent.count() == expected
