"""After `make run` the press secretary's queue of publication requests has real work
(issue 10 items 8 and 13): material at every stage on its way to the website, one handed
over late, in Kazakh, Russian and English. Seeding twice gives the same rows."""

import os

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portal.directory.models import User
from requests_desk.publications.choices import PublicationStage
from requests_desk.publications.demo_data import PUBLICATIONS
from requests_desk.publications.models import PublicationEvent, PublicationRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    quiet = open(os.devnull, "w")
    call_command("seed_demo", stdout=quiet)
    call_command("seed_demo_requests", stdout=quiet)
    rows = list(PublicationRequest.objects.order_by("pk").values())
    events = PublicationEvent.objects.count()
    call_command("seed_demo_requests", stdout=quiet)
    assert list(PublicationRequest.objects.order_by("pk").values()) == rows
    assert PublicationEvent.objects.count() == events
    return PublicationRequest.objects.all()


def test_publication_requests_stand_at_every_stage_one_late_in_the_queue(demo):
    assert demo.count() == len(PUBLICATIONS)
    assert set(demo.values_list("stage", flat=True)) == set(PublicationStage.values)
    late = demo.filter(is_late=True)
    assert [(row.kind, row.stage) for row in late] == [("graphic", "handed_over")]
    assert all(row.handover_due_at is not None for row in demo)
    posted = demo.filter(stage="posted")
    assert all(row.posted_url.startswith("https://") for row in posted)
    assert {row[1] for row in PUBLICATIONS} == {"kk", "ru", "en"}
    # One seeding (7 s with `seed_demo`) serves both: the press secretary's queue shows them.
    client = Client()
    client.force_login(User.objects.get(username="press"))
    response = client.get(reverse("publications:publication_list"))
    assert response.status_code == 200
    health = demo.filter(agency__slug="health")
    shown = [row.title for row in health if row.title in response.content.decode()]
    assert shown  # this week's materials are in the queue
