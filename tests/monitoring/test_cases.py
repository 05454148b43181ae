"""Resonance cases (000 §4.2–4.3; 003 §10.4): a flag alerts the agency's spokesperson and
head at once in their language; the spokesperson records that the head was informed; the
agency records its response with a deadline in hours; the case stays open until closed with
one; an overdue response escalates through the deadlines engine."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from monitoring import services
from monitoring.models import CaseEvent, Outlet, ResonanceCase
from portal.deadlines.models import Deadline, DeadlineRule
from portal.deadlines.services import deadlines_sweep
from portal.directory.choices import Role
from portal.notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication(db):
    outlet = Outlet.objects.create(name="Tengri", kind="news_site", language="ru", reach=10)
    publication, _created = services.publication_ingest(
        url="https://tengri.kz/news/1",
        title="Жалобы на поликлинику",
        text="Пациенты жалуются.",
        outlet=outlet,
        html_lang="ru",
    )
    return publication


@pytest.fixture
def team(agency):
    press = UserFactory(preferred_language="ru")
    head = UserFactory(preferred_language="kk")
    MembershipFactory(user=press, role=Role.PRESS_SECRETARY, agency=agency)
    MembershipFactory(user=head, role=Role.AGENCY_HEAD, agency=agency)
    return press, head


def flag(publication, agency, *, by=None, at=None):
    return services.case_open(
        publication=publication, agency=agency, reason="Критика", source="ministry", by=by, at=at
    )


def test_the_response_rule_counts_24_hours_and_cites_the_seed():
    rule = DeadlineRule.objects.get(code="monitoring-response")
    assert (rule.unit, rule.amount, rule.recurrence) == ("hours", 24, "event")
    assert not rule.move_to_working_day
    assert "000 §4.3" in rule.description_en and "sets no period" in rule.description_en


def test_a_flag_opens_a_case_due_in_24_hours_and_alerts_the_spokesperson_and_head(
    publication, agency, team, ministry_staff
):
    at = timezone.now().replace(microsecond=0)
    case = flag(publication, agency, by=ministry_staff, at=at)

    assert case.due_at == at + dt.timedelta(hours=24)
    deadline = Deadline.objects.get(rule__code="monitoring-response")
    assert (deadline.agency, deadline.due_at) == (agency, case.due_at)
    press, head = team
    alerts = {n.recipient: n for n in Notification.objects.all()}
    assert set(alerts) == {press, head}
    # Each in their language, with a link to the case.
    assert agency.name_ru in alerts[press].body_text
    assert agency.name_kk in alerts[head].body_text
    assert alerts[head].url == f"/kk/monitoring/cases/{case.pk}/"
    assert alerts[press].url == f"/ru/monitoring/cases/{case.pk}/"
    assert publication.title in alerts[press].body_text
    assert list(case.events.values_list("action", "actor")) == [("flagged", ministry_staff.pk)]


def test_a_story_flagged_twice_keeps_one_open_case(publication, agency, team):
    first = flag(publication, agency)
    assert flag(publication, agency) == first
    assert ResonanceCase.objects.count() == 1
    assert Notification.objects.count() == 2


def test_the_spokesperson_records_that_the_head_was_informed(publication, agency, team):
    press, _head = team
    case = flag(publication, agency, at=timezone.now() - dt.timedelta(hours=2))
    informed = timezone.now() - dt.timedelta(hours=1)

    services.case_head_informed(case=case, by=press, at=informed)

    case.refresh_from_db()
    assert (case.head_informed_at, case.head_informed_by) == (informed, press)
    assert case.events.filter(action="head_informed", at=informed).exists()
    with translation.override("en"), pytest.raises(ValidationError, match="already recorded"):
        services.case_head_informed(case=case, by=press)


def test_the_head_informed_before_the_flag_or_in_the_future_is_refused(publication, agency, team):
    press, _head = team
    case = flag(publication, agency)
    for at in (case.flagged_at - dt.timedelta(minutes=1), timezone.now() + dt.timedelta(hours=1)):
        with pytest.raises(ValidationError):
            services.case_head_informed(case=case, by=press, at=at)
    case.refresh_from_db()
    assert case.head_informed_at is None


def test_a_case_stays_open_until_closed_with_a_response_that_links_its_result(
    publication, agency, team
):
    press, _head = team
    case = flag(publication, agency)
    response = services.response_record(
        case=case, by=press, kind="briefing", description="Брифинг в 15:00"
    )
    assert response.due_at == case.due_at
    case.refresh_from_db()
    assert case.is_open

    with translation.override("en"), pytest.raises(ValidationError, match="link"):
        services.case_close(case=case, by=press, response=response)
    assert ResonanceCase.objects.get().is_open

    services.case_close(
        case=case, by=press, response=response, result_url="https://gov.kz/briefing/1"
    )
    case.refresh_from_db()
    response.refresh_from_db()
    assert case.state == "closed" and response.closed_at == case.closed_at
    assert response.on_time
    assert Deadline.objects.get(rule__code="monitoring-response").state == "done_on_time"
    assert list(CaseEvent.objects.values_list("action", flat=True)) == [
        "flagged",
        "response",
        "closed",
    ]
    with pytest.raises(ValidationError):
        services.response_record(case=case, by=press, kind="post")


def test_another_cases_response_does_not_close_it(publication, agency, other_agency, team):
    press, _head = team
    case = flag(publication, agency)
    other = flag(publication, other_agency)
    foreign = services.response_record(
        case=other, by=None, kind="post", result_url="https://gov.kz/p"
    )
    with pytest.raises(ValidationError):
        services.case_close(case=case, by=press, response=foreign)
    assert ResonanceCase.objects.get(pk=case.pk).is_open


def test_an_overdue_response_escalates_to_the_head_through_the_deadlines_engine(
    publication, agency, team
):
    _press, head = team
    flag(publication, agency, at=timezone.now() - dt.timedelta(hours=30))
    Notification.objects.all().delete()

    deadlines_sweep()

    deadline = Deadline.objects.get(rule__code="monitoring-response")
    assert deadline.state == "overdue"
    assert Notification.objects.filter(recipient=head).exists()


def test_the_ministry_overrides_the_tone_and_the_override_is_kept(publication, ministry_staff):
    assert publication.tone == "negative"
    services.tone_override(
        publication=publication, by=ministry_staff, tone="neutral", reason="Ирония"
    )
    publication.refresh_from_db()
    assert (publication.tone, publication.scored_tone) == ("neutral", "negative")
    assert publication.is_overridden
    override = publication.tone_overrides.get()
    assert (override.previous, override.tone, override.actor) == (
        "negative",
        "neutral",
        ministry_staff,
    )
    with pytest.raises(ValidationError):
        services.tone_override(
            publication=publication, by=ministry_staff, tone="neutral", reason=""
        )


def test_the_ministrys_lexicon_replaces_the_default_of_its_language(db):
    from monitoring.models import ToneWord

    ToneWord.objects.create(language="ru", word="поликлиника", polarity=-1)
    publication, _created = services.publication_ingest(
        url="https://x.kz/1", title="Поликлиника открылась", html_lang="ru"
    )
    assert (publication.tone, publication.tone_words) == ("negative", ["поликлиника"])


def test_an_agency_in_an_open_emergency_answers_sooner(publication, agency, settings):
    from monitoring.emergencies.models import Incident

    settings.EMERGENCY_RESPONSE_HOURS = 2
    at = timezone.now().replace(microsecond=0)
    Incident.objects.create(
        title="Су тасқыны",
        kind="natural",
        started_at=at - dt.timedelta(hours=1),
        coordinator=agency,
    )
    case = flag(publication, agency, at=at)
    assert case.due_at == at + dt.timedelta(hours=2)
    deadline = Deadline.objects.get(rule__code="monitoring-response")
    assert deadline.due_at == case.due_at
    # Through the engine: the computation and the history say why it is shorter.
    assert deadline.computation["shortened"]["previous_due_at"] == (
        (at + dt.timedelta(hours=24)).isoformat()
    )
    assert list(deadline.events.values_list("action", flat=True)) == ["shortened"]


def test_a_jump_in_negative_publications_alerts_the_agency_and_the_ministry(
    agency, team, ministry_staff
):
    from monitoring.models import AgencyRule

    AgencyRule.objects.create(agency=agency, term="Минздрав", language="ru")
    now = timezone.now()
    for n, hours in enumerate([30, 80, *[1] * 6]):
        services.publication_ingest(
            url=f"https://x.kz/{n}",
            title=f"Скандал {n}: жалобы на Минздрав {'я' * n}",
            published_at=now - dt.timedelta(hours=hours),
            html_lang="ru",
        )
    Notification.objects.all().delete()

    assert services.negative_spikes_alert(now=now) == [agency.pk]
    press, head = team
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        press.pk,
        head.pk,
        ministry_staff.pk,
    }
    services.negative_spikes_alert(now=now)
    assert Notification.objects.count() == 3  # once a day
    # At the usual level: no alert.
    assert services.negative_spikes_alert(now=now + dt.timedelta(days=2)) == []
