"""Co-organisers' input for a shared event (004 §10): "When an issue concerns several
agencies, the spokesperson sends what is within their competence within one working day, for
one agenda." Planning or publishing an event asks each co-organising agency once, opens its
`cross-agency-input` deadline and tells its press secretaries; the input completes the
deadline, late after its due moment; the lead agency and the ministry read it; a third
agency sees nothing."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from eventgrid import services
from eventgrid.models import EventContribution
from portal.deadlines.models import Deadline
from portal.directory.choices import Role
from portal.directory.models import User
from portal.notifications.models import Notification
from tests.deadlines.factories import almaty
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db

# Tuesday 15 December 2026, 10:00 in Astana; the 16th is Independence Day.
TUESDAY_TEN = almaty(2026, 12, 15, 10, 0)


def press_of(agency, language="en"):
    user = UserFactory(preferred_language=language)
    MembershipFactory(user=user, role=Role.PRESS_SECRETARY, agency=agency)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def co_organisers():
    return AgencyFactory(), AgencyFactory()


@pytest.fixture
def shared(agency, co_organisers):
    """Agency A's draft press conference with two co-organisers, in the week after next."""
    event = EventFactory(
        agency=agency,
        state="draft",
        starts_at=almaty(2026, 12, 22, 11, 0),
        goal_en="One agenda for the winter roads",
        participants_en="PARTICIPANTS-ONLY-FOR-THE-LEAD",
    )
    event.co_organisers.set(co_organisers)
    return event


def detail_url(contribution):
    return reverse("eventgrid:contribution_detail", kwargs={"pk": contribution.pk})


LIST = "/en/events/contributions/"


# --- Asking ------------------------------------------------------------------------------


def test_planning_asks_each_co_organiser_once(shared, co_organisers, press_secretary):
    first, second = co_organisers
    readers = [press_of(first, "ru"), press_of(second, "kk")]
    with time_machine.travel(TUESDAY_TEN, tick=False):
        services.event_plan(event=shared, by=press_secretary)
        services.event_publish(event=shared, by=press_secretary)  # asks nothing more
    requests = EventContribution.objects.filter(event=shared).order_by("agency__pk")
    assert [(c.agency, c.state, c.requested_at) for c in requests] == [
        (first, "requested", TUESDAY_TEN),
        (second, "requested", TUESDAY_TEN),
    ]
    deadlines = Deadline.objects.filter(rule__code="cross-agency-input").order_by("agency__pk")
    assert [(d.agency, d.subject) for d in deadlines] == [
        (first, requests[0]),
        (second, requests[1]),
    ]
    notifications = Notification.objects.filter(key__startswith="contribution-requested:")
    assert sorted(n.recipient_id for n in notifications) == sorted(u.pk for u in readers)
    services.contributions_sync(event=shared)  # again: still once
    assert EventContribution.objects.count() == 2
    assert notifications.count() == 2


def test_the_notification_is_in_the_readers_language(shared, co_organisers, press_secretary):
    reader = press_of(co_organisers[0], "ru")
    shared.title_ru = "Зимние дороги"
    shared.save()
    with time_machine.travel(TUESDAY_TEN, tick=False):
        services.event_plan(event=shared, by=press_secretary)
    notification = Notification.objects.get(recipient=reader)
    contribution = EventContribution.objects.get(agency=co_organisers[0])
    assert "Зимние дороги" in notification.subject
    assert notification.url == f"/ru/events/contributions/{contribution.pk}/"
    assert "17.12.2026 18:00" in notification.body_text


def test_a_draft_asks_nobody(shared):
    assert services.contributions_sync(event=shared) == []
    assert not EventContribution.objects.exists()


def test_the_input_is_due_one_working_day_later_skipping_a_holiday(shared, press_secretary):
    with time_machine.travel(TUESDAY_TEN, tick=False):
        services.event_plan(event=shared, by=press_secretary)
    deadline = Deadline.objects.filter(rule__code="cross-agency-input").first()
    # Counted from Tuesday the 15th; Wednesday the 16th (Independence Day) is skipped.
    assert deadline.due_at == almaty(2026, 12, 17, 18, 0)
    assert deadline.computation["skipped"] == ["2026-12-16"]


def test_a_co_organiser_added_later_is_asked_and_one_removed_is_withdrawn(
    shared, co_organisers, press_secretary
):
    first, second = co_organisers
    third = AgencyFactory()
    services.event_plan(event=shared, by=press_secretary)
    services.event_update(event=shared, by=press_secretary, co_organisers=[first, third])
    withdrawn = EventContribution.objects.get(agency=second)
    assert withdrawn.state == "requested"  # kept, not deleted
    deadline = Deadline.objects.get(rule__code="cross-agency-input", agency=second)
    assert (deadline.state, deadline.waived_reason) == (
        "waived",
        "The agency is no longer a co-organiser of the event.",
    )
    assert deadline.events.get().actor == press_secretary
    assert EventContribution.objects.filter(agency=third).exists()
    # Added again: asked anew, with a new deadline.
    services.event_update(event=shared, by=press_secretary, co_organisers=[first, second, third])
    again = EventContribution.objects.get(agency=second)
    assert again.pk != withdrawn.pk
    assert Deadline.objects.filter(rule__code="cross-agency-input", agency=second).count() == 2
    assert Deadline.objects.get(subject_id=again.pk, agency=second).state == "open"


def test_cancelling_withdraws_what_is_still_asked(shared, co_organisers, press_secretary):
    services.event_publish(event=shared, by=press_secretary)
    services.contribution_submit(
        contribution=EventContribution.objects.get(agency=co_organisers[0]),
        text={"en": "Our part"},
        by=press_of(co_organisers[0]),
    )
    services.event_cancel(event=shared, reason="Storm", by=press_secretary)
    states = dict(
        Deadline.objects.filter(rule__code="cross-agency-input").values_list("agency", "state")
    )
    assert states == {co_organisers[0].pk: "done_on_time", co_organisers[1].pk: "waived"}


# --- Submitting ----------------------------------------------------------------------------


def test_the_input_completes_the_deadline(shared, co_organisers, press_secretary):
    with time_machine.travel(TUESDAY_TEN, tick=False):
        services.event_plan(event=shared, by=press_secretary)
    contribution = EventContribution.objects.get(agency=co_organisers[0])
    author = press_of(co_organisers[0])
    at = almaty(2026, 12, 17, 9, 0)
    submitted = services.contribution_submit(
        contribution=contribution, text={"kk": "Біздің үлес", "ru": ""}, by=author, at=at
    )
    assert (submitted.state, submitted.submitted_at, submitted.submitted_by, submitted.late) == (
        "submitted",
        at,
        author,
        False,
    )
    assert submitted.text_kk == "Біздің үлес"
    deadline = Deadline.objects.get(agency=co_organisers[0], rule__code="cross-agency-input")
    assert (deadline.state, deadline.completed_at) == ("done_on_time", at)


def test_input_after_the_due_moment_is_late(shared, co_organisers, press_secretary):
    with time_machine.travel(TUESDAY_TEN, tick=False):
        services.event_plan(event=shared, by=press_secretary)
    contribution = EventContribution.objects.get(agency=co_organisers[1])
    submitted = services.contribution_submit(
        contribution=contribution,
        text={"en": "Late"},
        by=press_of(co_organisers[1]),
        at=almaty(2026, 12, 18, 9, 0),
    )
    assert submitted.late is True
    deadline = Deadline.objects.get(agency=co_organisers[1], rule__code="cross-agency-input")
    assert deadline.state == "done_late"


def test_input_in_no_language_is_refused(shared, co_organisers, press_secretary):
    services.event_plan(event=shared, by=press_secretary)
    contribution = EventContribution.objects.get(agency=co_organisers[0])
    with pytest.raises(ValidationError) as refused:
        services.contribution_submit(contribution=contribution, text={"kk": " "}, by=None)
    assert refused.value.message_dict == {"text": ["Write the input in at least one language."]}
    contribution.refresh_from_db()
    assert contribution.state == "requested"


def test_withdrawn_input_cannot_be_sent(shared, co_organisers, press_secretary):
    services.event_plan(event=shared, by=press_secretary)
    contribution = EventContribution.objects.get(agency=co_organisers[1])
    services.event_update(event=shared, by=press_secretary, co_organisers=[co_organisers[0]])
    with pytest.raises(ValidationError) as refused:
        services.contribution_submit(contribution=contribution, text="Too late", by=None)
    assert refused.value.messages == ["Your agency's input for this event is no longer asked for."]


# --- Pages ---------------------------------------------------------------------------------


@pytest.fixture
def planned(shared, press_secretary):
    with time_machine.travel(TUESDAY_TEN, tick=False):
        services.event_plan(event=shared, by=press_secretary)
    return shared


def test_the_co_organiser_sees_what_is_asked_and_sends_it(client, planned, co_organisers):
    reader = press_of(co_organisers[0])
    client.force_login(reader)
    listing = client.get(LIST)
    assert listing.status_code == 200
    [row] = listing.context["page"].object_list
    assert (row.event, row.due_at, row.withdrawn) == (planned, almaty(2026, 12, 17, 18, 0), False)
    page = client.get(detail_url(row))
    assert page.status_code == 200
    # The shared event as far as the input needs it, even while planned: not its participants.
    assert b"One agenda for the winter roads" in page.content
    assert b"PARTICIPANTS-ONLY-FOR-THE-LEAD" not in page.content
    # Its own pages stay the lead agency's until it is published.
    assert client.get(reverse("eventgrid:event_edit", kwargs={"pk": planned.pk})).status_code == 404
    assert client.get(f"/api/v1/events/{planned.pk}/").status_code == 404
    refused = client.post(detail_url(row), {"text_kk": "", "text_ru": "", "text_en": ""})
    assert refused.status_code == 400
    assert refused.context["form"].non_field_errors() == ["Ақпаратты кемінде бір тілде жазыңыз."]
    sent = client.post(detail_url(row), {"text_en": "Road closures from 9:00"})
    assert sent.status_code == 302
    row.refresh_from_db()
    assert (row.state, row.text_en, row.submitted_by) == (
        "submitted",
        "Road closures from 9:00",
        reader,
    )


def test_the_lead_agency_and_the_ministry_read_every_input(
    client, planned, co_organisers, press_secretary, ministry_staff
):
    contribution = EventContribution.objects.get(agency=co_organisers[0])
    services.contribution_submit(
        contribution=contribution, text={"en": "MARKED-INPUT"}, by=press_of(co_organisers[0])
    )
    for user in (press_secretary, ministry_staff):
        client.force_login(user)
        page = client.get(reverse("eventgrid:event_edit", kwargs={"pk": planned.pk}))
        assert [c.agency for c in page.context["contributions"]] == list(co_organisers)
        assert b"MARKED-INPUT" in page.content
        assert client.get(detail_url(contribution)).status_code == 200
    # The lead reads, it does not write another agency's input.
    client.force_login(press_secretary)
    assert client.post(detail_url(contribution), {"text_en": "x"}).status_code == 403
    client.force_login(ministry_staff)
    assert len(client.get(LIST).context["page"].object_list) == 2


def test_a_third_agency_sees_nothing(client, planned, co_organisers):
    client.force_login(press_of(AgencyFactory()))
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert list(listing.context["page"].object_list) == []
    assert b"Nothing is asked of your agency" in listing.content
    for contribution in EventContribution.objects.all():
        assert client.get(detail_url(contribution)).status_code == 404
        assert client.post(detail_url(contribution), {"text_en": "x"}).status_code == 404
    # Nor the other co-organiser's input.
    client.force_login(press_of(co_organisers[0]))
    other = EventContribution.objects.get(agency=co_organisers[1])
    assert client.get(detail_url(other)).status_code == 404


def test_the_list_filters_by_state(client, planned, co_organisers, press_secretary):
    member = press_of(co_organisers[0])
    MembershipFactory(user=member, role=Role.PRESS_SECRETARY, agency=co_organisers[1])
    member = User.objects.get(pk=member.pk)
    services.contribution_submit(
        contribution=EventContribution.objects.get(agency=co_organisers[0]),
        text={"en": "Done"},
        by=member,
    )
    client.force_login(member)
    submitted = client.get(LIST, {"state": "submitted"}).context["page"].object_list
    assert [c.agency for c in submitted] == [co_organisers[0]]
    services.event_update(event=planned, by=press_secretary, co_organisers=[co_organisers[0]])
    withdrawn = client.get(LIST, {"state": "withdrawn"}).context["page"].object_list
    assert [c.agency for c in withdrawn] == [co_organisers[1]]
    assert list(client.get(LIST, {"state": "requested"}).context["page"].object_list) == []
    bad = client.get(LIST, {"state": "lost"})
    assert bad.status_code == 400
    assert list(bad.context["form"].errors) == ["state"]


@pytest.mark.parametrize("size", [2, 12])
def test_the_list_costs_the_same_whatever_its_length(
    client, agency, size, django_assert_max_num_queries, press_secretary
):
    co_organiser = AgencyFactory()
    reader = press_of(co_organiser)
    for index in range(size):
        event = EventFactory(
            agency=agency, state="draft", starts_at=TUESDAY_TEN + dt.timedelta(hours=index)
        )
        event.co_organisers.add(co_organiser)
        services.event_plan(event=event, by=press_secretary)
    client.force_login(reader)
    client.get(LIST)
    with django_assert_max_num_queries(7):
        response = client.get(LIST)
    assert len(response.context["page"]) == size
