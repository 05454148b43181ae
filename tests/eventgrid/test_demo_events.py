"""The demo shows events right after `make run`: published ones for journalists, one
cancelled with its reason, one still the agency's plan; and most agencies' weekly information
for the coming week (004 §10), the demo press secretary's agency left to submit by hand."""

import os

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from eventgrid.models import Event, MediaGridVersion, WeeklyInformation
from eventgrid.queries import agencies_owing_weekly_information, weekly_rule
from eventgrid.weeks import coming_week, monday_of

pytestmark = pytest.mark.django_db


def test_demo_events_are_added_once_and_journalists_see_the_announced_ones(settings):
    settings.DEBUG = True
    quiet = open(os.devnull, "w")
    call_command("seed_demo", stdout=quiet)
    call_command("seed_demo_events", stdout=quiet)
    call_command("seed_demo_events", stdout=quiet)
    states = sorted(Event.objects.values_list("state", flat=True))
    # One published event was rescheduled: this week's grid's correction.
    assert states == ["cancelled", "draft", *["published"] * 3, "rescheduled"]
    listed = APIClient().get("/api/v1/events/", HTTP_ACCEPT_LANGUAGE="ru").json()["results"]
    assert len(listed) == 5
    cancelled = Event.objects.get(state="cancelled")
    assert cancelled.state_reason_kk == "Спикердің іссапарына байланысты."


def test_most_demo_agencies_have_submitted_the_coming_weeks_information_once(settings):
    settings.DEBUG = True
    quiet = open(os.devnull, "w")
    call_command("seed_demo", stdout=quiet)
    call_command("seed_demo_events", stdout=quiet)
    submitted = WeeklyInformation.objects.filter(week_start=coming_week(), state="submitted")
    first = sorted(submitted.values_list("agency__slug", "no_events"))
    owing = agencies_owing_weekly_information(weekly_rule()).count()
    assert owing / 2 < len(first) < owing
    assert "health" not in dict(first)  # the demo press secretary submits it
    assert ("edu", False) in first  # with its events of the coming week
    call_command("seed_demo_events", stdout=quiet)
    assert sorted(submitted.values_list("agency__slug", "no_events")) == first
    assert WeeklyInformation.objects.count() == len(first)


def test_the_demo_has_this_weeks_grid_with_a_correction_and_the_coming_weeks(client, settings):
    settings.DEBUG = True
    quiet = open(os.devnull, "w")
    call_command("seed_demo", stdout=quiet)
    call_command("seed_demo_events", stdout=quiet)
    call_command("seed_demo_events", stdout=quiet)
    versions = sorted(MediaGridVersion.objects.values_list("grid__week_start", "number"))
    this_week = monday_of(timezone.localdate())
    assert versions == [(this_week, 1), (this_week, 2), (coming_week(), 1)]
    [moved] = MediaGridVersion.objects.get(number=2).changelog["moved"]
    assert moved["reason"]["kk"] == "Спикердің кестесі өзгерді."
    assert client.get("/kk/media-grid/").status_code == 200
