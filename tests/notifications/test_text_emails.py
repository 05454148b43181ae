"""Subjects and text bodies are plain text: a name with quotes or an ampersand reaches the
mail program as written, and the inbox escapes it once, as it escapes everything."""

import pytest
from django.urls import reverse

from portal.deadlines import services
from portal.directory.choices import Role
from portal.notifications.models import Notification
from tests.deadlines.factories import DeadlineFactory, almaty, rule
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

AGENCY = 'ТОО "Қазақ" & Co'
RULE = "Report 'Monthly' & plan"


@pytest.fixture
def quoted_world():
    agency = AgencyFactory(name_kk=AGENCY, name_ru=AGENCY, name_en=AGENCY)
    monthly = rule("monthly-report")
    monthly.name_en = RULE
    monthly.save()
    people = {}
    for role in (Role.PRESS_SECRETARY, Role.AGENCY_HEAD):
        people[role] = UserFactory(preferred_language="en")
        MembershipFactory(user=people[role], agency=agency, role=role)
    return agency, people


def test_a_reminder_keeps_quotes_and_ampersands_as_written(quoted_world):
    agency, people = quoted_world
    DeadlineFactory(agency=agency, due_at=almaty(2026, 4, 24, 18))
    services.deadlines_send_reminders(now=almaty(2026, 4, 24, 9))
    reminder = Notification.objects.get(recipient=people[Role.PRESS_SECRETARY])
    assert reminder.subject == f"{RULE}: due today"
    assert f'{AGENCY} must complete "{RULE}" by 24.04.2026 18:00' in reminder.body_text
    assert "&quot;" not in reminder.body_text + reminder.subject
    # The HTML alternative is HTML: escaped there, once.
    assert "ТОО &quot;Қазақ&quot; &amp; Co" in reminder.body_html


def test_an_escalation_subject_keeps_the_agencys_name_as_written(quoted_world):
    agency, people = quoted_world
    DeadlineFactory(agency=agency, due_at=almaty(2026, 4, 24, 18), state="overdue")
    services.deadlines_escalate(now=almaty(2026, 4, 24, 19))
    escalation = Notification.objects.get(recipient=people[Role.AGENCY_HEAD])
    assert escalation.subject == f"Overdue: {RULE} — {AGENCY}"


def test_the_inbox_escapes_subject_and_body_once(client, quoted_world):
    agency, people = quoted_world
    DeadlineFactory(agency=agency, due_at=almaty(2026, 4, 24, 18))
    services.deadlines_send_reminders(now=almaty(2026, 4, 24, 9))
    client.force_login(people[Role.PRESS_SECRETARY])
    content = client.get(reverse("notifications:inbox")).content.decode()
    assert "Report &#x27;Monthly&#x27; &amp; plan: due today" in content
    assert "ТОО &quot;Қазақ&quot; &amp; Co must complete" in content
    assert "&amp;quot;" not in content
    assert "&amp;amp;" not in content
    assert "&amp;#x27;" not in content
    assert AGENCY not in content
