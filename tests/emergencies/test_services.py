"""The emergencies' services (000 §5): opening tells the involved agencies, statements are
published in three languages on a timeline in order, closing needs a reason, and an open
emergency shortens the involved agencies' response periods."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from monitoring.emergencies import services
from monitoring.emergencies.choices import IncidentAction, IncidentState
from monitoring.emergencies.models import Incident
from monitoring.emergencies.queries import response_hours_for, statements_for_user
from portal.notifications.models import Notification

from .conftest import texts

pytestmark = pytest.mark.django_db


def test_opening_tells_the_involved_agencies_press_secretaries(
    incident, press_secretary, other_press, ministry_staff
):
    keys = set(Notification.objects.values_list("key", flat=True))
    assert keys == {
        f"emergency-opened:{incident.pk}:{press_secretary.pk}",
        f"emergency-opened:{incident.pk}:{other_press.pk}",
    }
    assert list(incident.changes.values_list("action", flat=True)) == [IncidentAction.OPENED]


def test_an_agency_involved_later_is_told_once(incident, ministry_staff, uninvolved):
    from tests.factories import MembershipFactory, UserFactory

    late = UserFactory()
    MembershipFactory(user=late, role="press_secretary", agency=uninvolved)
    services.incident_add_agency(incident=incident, agency=uninvolved, by=ministry_staff)
    assert Notification.objects.filter(recipient=late).count() == 1
    with pytest.raises(ValidationError):
        services.incident_add_agency(incident=incident, agency=uninvolved, by=ministry_staff)


def test_publishing_tells_every_involved_agency(published, press_secretary, other_press):
    told = Notification.objects.filter(key__startswith=f"emergency-statement:{published.pk}:")
    assert sorted(told.values_list("recipient", flat=True)) == sorted(
        [press_secretary.pk, other_press.pk]
    )


def test_a_statement_is_published_only_in_all_three_languages(incident, agency, press_secretary):
    draft = services.statement_draft(
        incident=incident,
        agency=agency,
        by=press_secretary,
        text={"kk": "Тек қазақша", "ru": "", "en": ""},
    )
    with pytest.raises(ValidationError):
        services.statement_publish(statement=draft, by=press_secretary)
    draft.refresh_from_db()
    assert (draft.state, draft.published_at) == ("draft", None)


def test_an_uninvolved_agency_makes_no_statement(incident, uninvolved, ministry_staff):
    with pytest.raises(ValidationError):
        services.statement_draft(
            incident=incident, agency=uninvolved, by=ministry_staff, text=texts("X")
        )


def test_the_timeline_is_in_publication_order_with_drafts_last(
    incident, agency, other_agency, press_secretary, other_press, ministry_staff
):
    start = timezone.now()
    first = services.statement_draft(
        incident=incident, agency=agency, by=press_secretary, text=texts("FIRST")
    )
    second = services.statement_draft(
        incident=incident, agency=other_agency, by=other_press, text=texts("SECOND")
    )
    draft = services.statement_draft(
        incident=incident, agency=agency, by=press_secretary, text=texts("DRAFT")
    )
    # Drafted first, published last: the timeline follows publication.
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        services.statement_publish(statement=second, by=other_press)
    with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
        services.statement_publish(statement=first, by=press_secretary)
    timeline = list(statements_for_user(incident, ministry_staff))
    assert [s.pk for s in timeline] == [second.pk, first.pk, draft.pk]


def test_closing_needs_a_reason(incident, ministry_staff):
    with pytest.raises(ValidationError) as refused:
        services.incident_close(incident=incident, by=ministry_staff, reason="   ")
    assert "reason" in refused.value.message_dict
    incident.refresh_from_db()
    assert (incident.state, incident.closed_at) == (IncidentState.OPEN, None)
    services.incident_close(incident=incident, by=ministry_staff, reason="Су қайтты")
    incident.refresh_from_db()
    assert (incident.state, incident.close_reason) == (IncidentState.CLOSED, "Су қайтты")
    with pytest.raises(ValidationError):
        services.incident_close(incident=incident, by=ministry_staff, reason="again")


def test_a_closed_incident_takes_no_statement(incident, agency, press_secretary, ministry_staff):
    services.incident_close(incident=incident, by=ministry_staff, reason="Done")
    with pytest.raises(ValidationError):
        services.statement_draft(
            incident=incident, agency=agency, by=press_secretary, text=texts("LATE")
        )


def test_the_database_refuses_a_closed_incident_without_reason(incident):
    incident.state = IncidentState.CLOSED
    incident.closed_at = timezone.now()
    with pytest.raises(ValidationError):
        incident.full_clean()


def test_response_hours_are_shortened_while_open(
    incident, agency, ministry, uninvolved, ministry_staff, settings
):
    settings.EMERGENCY_RESPONSE_HOURS = 3
    assert response_hours_for(agency) == 3
    assert response_hours_for(ministry) == 3
    assert response_hours_for(uninvolved) is None
    assert response_hours_for(agency, incident.started_at - dt.timedelta(minutes=1)) is None
    while_open = timezone.now()
    services.incident_close(incident=incident, by=ministry_staff, reason="Done")
    assert response_hours_for(agency) is None
    assert response_hours_for(agency, while_open) == 3


def test_update_changes_an_open_incident_and_records_it(incident, ministry_staff):
    services.incident_update(
        incident=incident,
        by=ministry_staff,
        title={"kk": "Жаңа", "ru": "Новое", "en": "New"},
        kind="other",
    )
    incident = Incident.objects.get(pk=incident.pk)
    assert (incident.title_en, incident.kind) == ("New", "other")
    assert incident.changes.last().data == {"fields": ["kind", "title"]}
