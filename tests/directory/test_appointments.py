"""The appointment workflow of 004 §3–4: the agency records (its notice), the authorized body
confirms or rejects with a reason; the public sees only what was confirmed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from portal.deadlines.models import Deadline
from portal.directory import services
from portal.directory.choices import AgencyStatus
from portal.directory.models import Spokesperson
from portal.notifications.models import Notification
from tests.factories import AgencyFactory, SpokespersonFactory

pytestmark = pytest.mark.django_db

NEW = {
    "post": "person",
    "surname_kk": "Оспанова",
    "name_kk": "Динара",
    "position_kk": "Баспасөз хатшысы",
}


def appoint(agency, on=dt.date(2026, 11, 20), by=None, **fields):
    return services.spokesperson_appoint(agency=agency, appointed_on=on, by=by, **{**NEW, **fields})


def history(spokesperson):
    return [(event.action, event.actor) for event in spokesperson.events.order_by("at", "pk")]


def test_a_change_of_a_confirmed_entry_waits_while_the_public_keeps_the_confirmed_version(
    client, press_secretary, ministry_staff, agency
):
    entry = SpokespersonFactory(agency=agency, position_kk="Баспасөз хатшысы")
    client.force_login(press_secretary)
    form = client.get(reverse("directory:spokesperson_edit", args=[entry.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(position_kk="Департамент директоры", languages=["kk", "ru"])
    response = client.post(reverse("directory:spokesperson_edit", args=[entry.pk]), data)
    assert response.status_code == 302, response.context["form"].errors

    entry.refresh_from_db()
    assert entry.review_state == "change"
    assert entry.position_kk == "Баспасөз хатшысы"
    assert entry.pending_changes == {"position_kk": "Департамент директоры"}
    public = client.__class__().get(agency.get_absolute_url()).content.decode()
    assert "Баспасөз хатшысы" in public and "Департамент директоры" not in public

    services.spokesperson_confirm(spokesperson=entry, by=ministry_staff)
    entry.refresh_from_db()
    assert (entry.position_kk, entry.review_state, entry.pending_changes) == (
        "Департамент директоры",
        "confirmed",
        {},
    )
    assert history(entry) == [("proposed", press_secretary), ("confirmed", ministry_staff)]


def test_a_second_edit_before_confirmation_replaces_the_proposal(press_secretary, agency):
    entry = SpokespersonFactory(agency=agency, email="old@gov.kz")
    services.spokesperson_update(spokesperson=entry, by=press_secretary, email="a@gov.kz")
    services.spokesperson_update(spokesperson=entry, by=press_secretary, email="b@gov.kz")
    entry.refresh_from_db()
    assert entry.pending_changes == {"email": "b@gov.kz"}
    assert Deadline.objects.filter(rule__code="spokesperson-confirmation").count() == 1
    services.spokesperson_update(spokesperson=entry, by=press_secretary, email="old@gov.kz")
    entry.refresh_from_db()
    assert (entry.review_state, entry.pending_changes) == ("confirmed", {})


def test_the_private_mobile_phone_changes_at_once(press_secretary, agency):
    entry = SpokespersonFactory(agency=agency)
    services.spokesperson_update(spokesperson=entry, by=press_secretary, mobile_phone="87015556677")
    entry.refresh_from_db()
    assert entry.mobile_phone == "+7 701 555 6677"
    assert entry.review_state == "confirmed"


def test_an_unconfirmed_appointment_never_shortens_the_holders_term(agency, ministry_staff):
    holder = SpokespersonFactory(agency=agency)
    newcomer = appoint(agency)
    holder.refresh_from_db()
    assert holder.left_on is None
    services.spokesperson_reject(spokesperson=newcomer, by=ministry_staff, reason="Wrong order")
    holder.refresh_from_db()
    assert holder.left_on is None
    assert list(Spokesperson.objects.filter(agency=agency).current()) == [holder]


def test_appointments_more_than_a_month_ahead_are_refused(agency):
    with pytest.raises(ValidationError) as error:
        appoint(agency, on=timezone.localdate() + dt.timedelta(days=31))
    assert "appointed_on" in error.value.message_dict
    assert appoint(agency, on=timezone.localdate() + dt.timedelta(days=30)).pk


def test_the_appointment_page_refuses_a_far_date_and_a_bad_phone_in_kazakh(
    client, press_secretary, agency
):
    client.force_login(press_secretary)
    with translation.override("kk"):
        url = reverse("directory:spokesperson_appoint", args=[agency.slug])
    far = (timezone.localdate() + dt.timedelta(days=400)).isoformat()
    response = client.post(url, {**NEW, "appointed_on": far, "work_phone": "12345"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"work_phone"}
    assert not Spokesperson.objects.filter(agency=agency).exists()


def test_current_has_one_definition_for_the_page_the_directory_and_the_api(client, agency):
    today = timezone.localdate()
    in_post = SpokespersonFactory(
        agency=agency, surname_en="Inpost", appointed_on=dt.date(2024, 1, 1)
    )
    SpokespersonFactory(
        agency=agency, post="unit", surname_en="Tomorrow", appointed_on=today + dt.timedelta(days=5)
    )
    SpokespersonFactory(agency=agency, post="unit", surname_en="Unconfirmed", confirmed_at=None)
    with translation.override("en"):
        page = client.get(agency.get_absolute_url())
        directory = client.get(reverse("directory:spokesperson_list"))
    assert [s.surname_en for s in page.context["current"]] == ["Inpost"]
    assert [s.surname_en for s in directory.context["page"]] == ["Inpost"]
    api = APIClient().get("/api/v1/spokespersons/", {"current": "true"}).json()
    assert [row["id"] for row in api["results"]] == [in_post.pk]
    assert list(Spokesperson.objects.current()) == [in_post]


def test_the_ministry_rejects_with_a_reason_the_agency_sees_and_the_public_never_sees(
    client, press_secretary, ministry_staff, agency
):
    newcomer = appoint(agency, by=press_secretary)
    with pytest.raises(ValidationError):
        services.spokesperson_reject(spokesperson=newcomer, by=ministry_staff, reason="  ")
    services.spokesperson_reject(
        spokesperson=newcomer, by=ministry_staff, reason="Приказ не приложен"
    )
    newcomer.refresh_from_db()
    assert newcomer.review_state == "rejected" and not newcomer.is_published

    client.force_login(press_secretary)
    assert "Приказ не приложен" in client.get(agency.get_absolute_url()).content.decode()
    assert Notification.objects.filter(recipient=press_secretary).count() == 1
    client.logout()
    assert "Оспанова" not in client.get(agency.get_absolute_url()).content.decode()

    # Corrected, it goes back to the ministry with a deadline of its own.
    services.spokesperson_update(spokesperson=newcomer, by=press_secretary, name_kk="Дина")
    newcomer.refresh_from_db()
    assert (newcomer.review_state, newcomer.rejection_reason) == ("awaiting", "")
    confirmations = Deadline.objects.filter(rule__code="spokesperson-confirmation")
    assert [d.state for d in confirmations.order_by("pk")] == ["done_on_time", "open"]
    assert history(newcomer) == [
        ("recorded", press_secretary),
        ("rejected", ministry_staff),
        ("changed", press_secretary),
    ]


def test_recording_is_the_agencys_notice_and_confirming_is_the_ministrys_deadline(
    press_secretary, ministry_staff, agency
):
    newcomer = appoint(agency, on=timezone.localdate(), by=press_secretary)
    notice = Deadline.objects.get(rule__code="spokesperson-notice")
    assert notice.state == "done_on_time"
    confirmation = Deadline.objects.get(rule__code="spokesperson-confirmation")
    assert confirmation.state == "open"
    services.spokesperson_confirm(spokesperson=newcomer, by=ministry_staff)
    confirmation.refresh_from_db()
    assert confirmation.state == "done_on_time"
    assert confirmation.events.get().actor == ministry_staff


def test_confirming_in_the_admin_goes_through_the_service(client, ministry_staff, agency):
    holder = SpokespersonFactory(agency=agency, appointed_on=dt.date(2024, 1, 1))
    newcomer = appoint(agency, on=dt.date(2026, 11, 20))
    client.force_login(ministry_staff)
    change = client.get(reverse("admin:portal_spokesperson_change", args=[newcomer.pk]))
    assert "confirmed_at" not in change.context["adminform"].form.fields
    review = reverse("admin:portal_spokesperson_review", args=[newcomer.pk])
    assert review in change.content.decode()
    assert client.post(review, {"confirm": "1"}).status_code == 302
    newcomer.refresh_from_db()
    holder.refresh_from_db()
    assert newcomer.is_published and holder.left_on == dt.date(2026, 11, 19)
    assert history(newcomer)[-1] == ("confirmed", ministry_staff)
    assert history(holder) == [("left", ministry_staff)]


def test_rejecting_in_the_admin_needs_a_reason(client, ministry_staff, agency):
    newcomer = appoint(agency)
    client.force_login(ministry_staff)
    review = reverse("admin:portal_spokesperson_review", args=[newcomer.pk])
    assert client.post(review, {"reject": "1", "reason": ""}).status_code == 200
    newcomer.refresh_from_db()
    assert newcomer.review_state == "awaiting"
    assert client.post(review, {"reject": "1", "reason": "Дубль"}).status_code == 302
    newcomer.refresh_from_db()
    assert (newcomer.review_state, newcomer.rejection_reason) == ("rejected", "Дубль")


def test_the_admin_changes_an_agencys_status_only_through_reorganisation(
    client, ministry_staff, agency
):
    successor = AgencyFactory()
    holder = SpokespersonFactory(agency=agency)
    client.force_login(ministry_staff)
    change = client.get(reverse("admin:portal_agency_change", args=[agency.pk]))
    assert "status" not in change.context["adminform"].form.fields
    url = reverse("admin:portal_agency_reorganise", args=[agency.pk])
    assert url in change.content.decode()
    response = client.post(
        url,
        {"status": AgencyStatus.MERGED, "effective_on": "2026-11-30", "successors": [successor.pk]},
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    holder.refresh_from_db()
    assert agency.status == "merged" and list(agency.successors.all()) == [successor]
    assert holder.left_on == dt.date(2026, 11, 30)
    assert history(holder) == [("left", ministry_staff)]


def test_a_reorganisation_without_successors_is_a_form_error(client, ministry_staff, agency):
    client.force_login(ministry_staff)
    url = reverse("admin:portal_agency_reorganise", args=[agency.pk])
    response = client.post(url, {"status": AgencyStatus.MERGED, "effective_on": "2026-11-30"})
    assert response.status_code == 200
    agency.refresh_from_db()
    assert agency.status == "active"


def test_a_press_secretary_cannot_edit_another_agencys_entry(client, press_secretary, other_agency):
    other = SpokespersonFactory(agency=other_agency, confirmed_at=None)
    client.force_login(press_secretary)
    assert client.get(reverse("directory:spokesperson_edit", args=[other.pk])).status_code == 404
    published = SpokespersonFactory(agency=other_agency, post="unit")
    assert (
        client.get(reverse("directory:spokesperson_edit", args=[published.pk])).status_code == 403
    )


def test_the_appointment_form_groups_by_language_marks_required_and_notes_privacy(
    client, press_secretary, agency
):
    client.force_login(press_secretary)
    with translation.override("en"):
        page = client.get(reverse("directory:spokesperson_appoint", args=[agency.slug]))
        legends = [str(legend) for legend, _fields in page.context["form"].groups()]
    html = page.content.decode()
    assert legends == ["Appointment", "Kazakh", "Russian", "English", "Contacts"]
    assert html.count('class="required"') >= 5  # post, date, surname, name, position (kk)
    assert "Seen only by the agency and the authorized body." in html


def test_the_edit_form_shows_the_dates_to_the_browsers_date_picker_in_kazakh(
    client, press_secretary, agency
):
    """The date picker reads ISO dates only; the Kazakh format 15.01.2024 left it empty."""
    entry = SpokespersonFactory(agency=agency, appointed_on=dt.date(2024, 1, 15))
    client.force_login(press_secretary)
    with translation.override("kk"):
        page = client.get(reverse("directory:spokesperson_edit", args=[entry.pk]))
    assert 'type="date" name="appointed_on" value="2024-01-15"' in page.content.decode()


def test_only_the_ministry_may_mark_its_confirmation_deadline_done(
    client, press_secretary, ministry_staff, agency
):
    appoint(agency, on=timezone.localdate(), by=press_secretary)
    confirmation = Deadline.objects.get(rule__code="spokesperson-confirmation")
    done = reverse("deadlines:deadline_complete", args=[confirmation.pk])
    client.force_login(press_secretary)
    assert client.post(done).status_code == 403
    confirmation.refresh_from_db()
    assert confirmation.state == "open"
    client.force_login(ministry_staff)
    assert client.post(done).status_code == 302
    confirmation.refresh_from_db()
    assert confirmation.state == "done_on_time"
