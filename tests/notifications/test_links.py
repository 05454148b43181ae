"""Links in messages are clickable: the inbox turns the addresses in a text into links (and
escapes the rest), HTML e-mails carry <a href>, text e-mails the full address on its own line;
a digest of many deadlines is a short message that links to the list (issue 7 §2)."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal.deadlines import services
from portal.directory.choices import Role
from portal.notifications.models import Notification
from tests.deadlines.factories import DeadlineFactory, almaty, rule
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = "https://press.example.kz"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = BASE


def test_the_inbox_turns_addresses_into_links_and_escapes_the_rest(client, press_secretary):
    Notification.objects.create(
        recipient=press_secretary,
        key="links",
        subject="S",
        body_text=f'"Report" & plan <b>\n{BASE}/ru/deadlines/7/\n',
    )
    client.force_login(press_secretary)
    with translation.override("en"):
        content = client.get(reverse("notifications:inbox")).content.decode()
    assert f'<a href="{BASE}/ru/deadlines/7/" rel="nofollow">{BASE}/ru/deadlines/7/</a>' in content
    assert "&quot;Report&quot; &amp; plan &lt;b&gt;" in content
    assert "<b>" not in content


def test_a_reminder_links_its_deadline_in_both_e_mail_bodies(agency, press_secretary):
    deadline = DeadlineFactory(agency=agency, due_at=almaty(2026, 4, 24, 18))
    services.deadlines_send_reminders(now=almaty(2026, 4, 24, 9))
    [reminder] = Notification.objects.filter(recipient=press_secretary)
    link = f"{BASE}/kk/deadlines/{deadline.pk}/"
    assert f"\n{link}\n" in reminder.body_text
    assert f'<a href="{link}">' in reminder.body_html
    assert reminder.url == f"/kk/deadlines/{deadline.pk}/"


def ministry_staff_in(*languages):
    ministry = AgencyFactory(kind="authorized")
    staff = []
    for language in languages:
        staff.append(UserFactory(preferred_language=language))
        MembershipFactory(user=staff[-1], agency=ministry, role=Role.AUTHORIZED_STAFF)
    return staff


def test_the_ministrys_digest_is_short_and_links_the_overdue_list():
    staff = ministry_staff_in("en", "ru")
    agencies = [AgencyFactory(kind="central") for _ in range(3)]
    monthly, weekly = rule("monthly-report"), rule("weekly-information")
    oldest = []
    for day in range(1, 9):  # 8 overdue: 6 monthly reports and 2 weekly informations
        oldest.append(
            DeadlineFactory(
                rule=weekly if day > 6 else monthly,
                agency=agencies[day % 3],
                due_at=almaty(2026, 4, day, 18),
                state="overdue",
            )
        )
    assert services.deadlines_escalate(now=almaty(2026, 4, 10, 9)) == 8
    english = Notification.objects.get(recipient=staff[0])
    russian = Notification.objects.get(recipient=staff[1])
    assert english.subject == "8 deadlines became overdue"
    assert english.url == "/en/deadlines/?state=overdue"
    assert russian.url == "/ru/deadlines/?state=overdue"
    assert f"\n{BASE}/en/deadlines/?state=overdue\n" in english.body_text
    assert f'<a href="{BASE}/en/deadlines/?state=overdue">' in english.body_html
    text = english.body_text
    assert "8 deadlines became overdue. Agencies concerned: 3." in text
    assert "- Monthly report on the media-plan: 6\n- Information for the coming week: 2\n" in text
    # The five oldest, and no more.
    for deadline in oldest[:5]:
        assert f"{deadline.due_at.astimezone(almaty(2026, 1, 1).tzinfo):%d.%m.%Y} 18:00" in text
    assert "06.04.2026" not in text
    assert len(text) < 1200


def test_each_language_of_a_digest_is_rendered_once(settings):
    from django.test.signals import template_rendered

    ministry_staff_in("en", "en", "en", "kk")
    DeadlineFactory(due_at=almaty(2026, 4, 1, 18), state="overdue")
    rendered = []

    def count(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(count)
    try:
        services.deadlines_escalate(now=almaty(2026, 4, 10, 9))
    finally:
        template_rendered.disconnect(count)
    assert Notification.objects.filter(key__startswith="overdue-digest:").count() == 4
    assert rendered.count("emails/overdue_digest_body.html") == 2
    assert rendered.count("emails/overdue_digest_body.txt") == 2


def test_an_agency_head_hears_of_a_runs_overdue_deadlines_in_one_message(agency, agency_head):
    for day in range(1, 13):
        DeadlineFactory(agency=agency, due_at=almaty(2026, 4, day, 18), state="overdue")
    agency_head.preferred_language = "en"
    agency_head.save()
    assert services.deadlines_escalate(now=almaty(2026, 4, 20, 9)) == 12
    [message] = Notification.objects.filter(recipient=agency_head)
    name = agency.short_name_en or agency.name_en
    assert message.subject == f"12 deadlines overdue — {name}"
    overdue_list = f"/en/deadlines/?state=overdue&agency={agency.slug}"
    assert message.url == overdue_list
    assert message.body_text.count("«Monthly report on the media-plan», due by") == 10
    assert "And 2 more deadlines." in message.body_text
    assert f"\n{BASE}{overdue_list}\n" in message.body_text
    assert message.body_html.count("<li>«Monthly report on the media-plan», due by") == 10
    assert f'<a href="{BASE}{overdue_list}">' in message.body_html.replace("&amp;", "&")


def _rendered_during(action) -> list[str]:
    from django.test.signals import template_rendered

    rendered = []

    def count(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(count)
    try:
        action()
    finally:
        template_rendered.disconnect(count)
    return rendered


def test_a_reminder_many_agencies_share_is_rendered_once_per_language_with_each_ones_name():
    """Issue 7 §3: 500 agencies reminded of one rule due at one moment cost one rendering per
    language, not 500; each e-mail still names its own agency and links its own deadline."""
    deadlines = []
    for name in ["Ministry of Energy", 'Fund "Samruk" & Co', "Akimat"]:
        agency = AgencyFactory(kind="central", name_en=name, name_kk=f"{name} (kk)")
        for language in ("en", "kk"):
            person = UserFactory(preferred_language=language)
            MembershipFactory(user=person, agency=agency, role=Role.PRESS_SECRETARY)
        deadlines.append(
            DeadlineFactory(
                agency=agency, rule=rule("monthly-report"), due_at=almaty(2026, 4, 24, 18)
            )
        )
    rendered = _rendered_during(
        lambda: services.deadlines_send_reminders(now=almaty(2026, 4, 23, 9))
    )

    assert rendered.count("emails/deadline_reminder_body.html") == 2  # en and kk
    assert rendered.count("emails/deadline_reminder_body.txt") == 2
    assert Notification.objects.count() == 6
    for deadline in deadlines:
        english = Notification.objects.get(
            recipient__memberships__agency=deadline.agency, recipient__preferred_language="en"
        )
        name = deadline.agency.name_en
        assert f"{name} must complete" in english.body_text
        assert f"{BASE}/en/deadlines/{deadline.pk}/" in english.body_text
        assert f'<a href="{BASE}/en/deadlines/{deadline.pk}/">' in english.body_html
        assert english.url == f"/en/deadlines/{deadline.pk}/"
    html = Notification.objects.get(
        body_text__contains="Samruk", recipient__preferred_language="en"
    )
    assert "Fund &quot;Samruk&quot; &amp; Co must complete" in html.body_html
    kazakh = Notification.objects.get(
        recipient__memberships__agency=deadlines[0].agency, recipient__preferred_language="kk"
    )
    assert "Ministry of Energy (kk)" in kazakh.body_text and "/kk/deadlines/" in kazakh.body_text
