"""The demo shows events right after `make run`: published ones for journalists, one
cancelled with its reason, one still the agency's plan."""

import os

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from eventgrid.models import Event

pytestmark = pytest.mark.django_db


def test_demo_events_are_added_once_and_journalists_see_the_announced_ones(settings):
    settings.DEBUG = True
    quiet = open(os.devnull, "w")
    call_command("seed_demo", stdout=quiet)
    call_command("seed_demo_events", stdout=quiet)
    call_command("seed_demo_events", stdout=quiet)
    states = sorted(Event.objects.values_list("state", flat=True))
    assert states == ["cancelled", "draft", *["published"] * 4]
    listed = APIClient().get("/api/v1/events/", HTTP_ACCEPT_LANGUAGE="ru").json()["results"]
    assert len(listed) == 5
    cancelled = Event.objects.get(state="cancelled")
    assert cancelled.state_reason_kk == "Спикердің іссапарына байланысты."
