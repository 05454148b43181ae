"""The media-grid in the admin (004 §11): only the authorized body composes a week's grid
("Add"), chooses its events and each day's main news ("Compose") and publishes it
("Publish"), all through the services; the versions are shown as published. A press
secretary sees nothing of it."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from eventgrid import services
from eventgrid.models import MediaGrid, MediaGridVersion

from .conftest import WEEK

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def grid(grid_week, ministry_staff):
    return services.media_grid_compose(week_start=WEEK, by=ministry_staff)


def compose_url(grid):
    return reverse("admin:eventgrid_mediagrid_compose", args=[grid.pk])


def publish_url(grid):
    return reverse("admin:eventgrid_mediagrid_publish", args=[grid.pk])


def test_adding_a_week_composes_its_grid(grid_week, ministry_staff):
    client = signed_in(ministry_staff)

    assert client.get(reverse("admin:eventgrid_mediagrid_add")).status_code == 200
    response = client.post(reverse("admin:eventgrid_mediagrid_add"), {"week": "2026-W50"})

    grid = MediaGrid.objects.get()
    assert response.status_code == 302 and response["Location"] == compose_url(grid)
    assert grid.entries.count() == 3


def test_the_compose_page_sets_the_events_and_the_main_news(grid, grid_week, ministry_staff):
    client = signed_in(ministry_staff)
    page = client.get(compose_url(grid)).content.decode()
    assert grid_week["conference"].title_en in page
    assert grid_week["draft"].title_en not in page  # drafts cannot be in it
    forum, conference = grid_week["forum"], grid_week["conference"]

    response = client.post(
        compose_url(grid),
        {
            f"include_{forum.pk}": "on",
            f"include_{conference.pk}": "on",
            f"rank_{conference.pk}": "1",
        },
    )

    assert response.status_code == 302
    assert dict(grid.entries.values_list("event_id", "main_news_rank")) == {
        forum.pk: None,
        conference.pk: 1,
    }


def test_the_compose_page_shows_the_services_refusal(grid, grid_week, ministry_staff):
    forum = grid_week["forum"]
    response = signed_in(ministry_staff).post(compose_url(grid), {f"rank_{forum.pk}": "1"})

    assert response.status_code == 200
    assert (
        f"Event #{forum.pk} is among the main news but not in the media-grid."
        in response.content.decode()
    )


def test_publishing_and_its_refusal(grid, grid_week, ministry_staff):
    client = signed_in(ministry_staff)
    grid_week["conference"].title_kk = ""
    grid_week["conference"].save()

    refused = client.post(publish_url(grid))
    assert refused.status_code == 200
    assert "lacks: title in Kazakh." in refused.content.decode()
    assert not MediaGridVersion.objects.exists()

    grid_week["conference"].title_kk = "Брифинг"
    grid_week["conference"].save()
    assert client.get(publish_url(grid)).status_code == 200
    published = client.post(publish_url(grid))
    assert published.status_code == 302
    assert messages_of(published) == ["Version 1 of the media-grid is published."]
    again = client.post(publish_url(grid))
    assert messages_of(again)[-1] == "Nothing changed since version 1: nothing new is published."

    change = client.get(reverse("admin:eventgrid_mediagrid_change", args=[grid.pk]))
    assert change.status_code == 200
    assert "The first version." in change.content.decode()


def test_the_list_of_weeks(grid, ministry_staff):
    page = signed_in(ministry_staff).get(reverse("admin:eventgrid_mediagrid_changelist"))

    assert page.status_code == 200
    assert "2026-W50" in page.content.decode()
    assert "Not published yet" in page.content.decode()


def test_a_press_secretary_sees_nothing(grid, press_secretary):
    client = signed_in(press_secretary)

    index = client.get(reverse("admin:index")).content.decode()
    assert "media-grid" not in index.lower()
    assert client.get(reverse("admin:eventgrid_mediagrid_changelist")).status_code == 403
    assert client.get(compose_url(grid)).status_code == 403
    assert client.post(publish_url(grid)).status_code == 403
    assert not MediaGridVersion.objects.exists()
