import pytest
from django.urls import reverse
from django.utils import translation

from portal.directory.choices import Language, Role
from portal.directory.models import Spokesperson
from tests.factories import MembershipFactory, SpokespersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_agencies_staffed(agency, other_agency):
    return (
        SpokespersonFactory(agency=agency, surname_en="Ownova"),
        SpokespersonFactory(agency=other_agency, surname_en="Otherova", confirmed_at=None),
    )


def admin_url(name, *args):
    return reverse(f"admin:portal_{name}", args=args)


def test_press_secretary_sees_only_own_agency_in_admin_lists(
    client, press_secretary, agency, two_agencies_staffed
):
    client.force_login(press_secretary)
    spokespersons = client.get(admin_url("spokesperson_changelist"))
    agencies = client.get(admin_url("agency_changelist"))
    assert list(spokespersons.context["cl"].result_list) == [two_agencies_staffed[0]]
    assert list(agencies.context["cl"].result_list) == [agency]


def filled_form(response) -> dict:
    """The admin change form's current values, as a browser posts them back."""
    form = response.context["adminform"].form
    values = {name: form[name].value() for name in form.fields}
    return {name: value for name, value in values.items() if value is not None}


def test_press_secretary_cannot_change_another_agencys_row_that_its_own_office_can(
    client, press_secretary, other_agency, two_agencies_staffed
):
    other = two_agencies_staffed[1]
    change = admin_url("spokesperson_change", other.pk)
    their_secretary = UserFactory()
    MembershipFactory(user=their_secretary, agency=other_agency, role=Role.PRESS_SECRETARY)
    client.force_login(their_secretary)
    complete = {**filled_form(client.get(change)), "email": "changed@gov.kz"}

    client.force_login(press_secretary)
    assert client.get(change).status_code == 302  # admin redirects a missing object to its index
    client.post(change, complete)
    other.refresh_from_db()
    assert other.email != "changed@gov.kz"
    assert client.get(admin_url("agency_change", other_agency.pk)).status_code == 302

    # The very same post is a valid change for the agency's own press office.
    client.force_login(their_secretary)
    response = client.post(change, complete)
    assert response.status_code == 302
    assert response["Location"] == admin_url("spokesperson_changelist")
    other.refresh_from_db()
    assert other.email == "changed@gov.kz"


def test_press_secretary_can_only_pick_own_agency_for_a_new_spokesperson(
    client, press_secretary, agency, other_agency
):
    client.force_login(press_secretary)
    form = client.get(admin_url("spokesperson_add")).context["adminform"].form
    assert list(form.fields["agency"].queryset) == [agency]


def test_press_secretary_cannot_confirm_appointments(client, press_secretary, agency):
    pending = SpokespersonFactory(agency=agency, confirmed_at=None)
    client.force_login(press_secretary)
    action_form = client.get(admin_url("spokesperson_changelist")).context["action_form"]
    assert action_form is None or "confirm" not in dict(action_form.fields["action"].choices)
    client.post(
        admin_url("spokesperson_changelist"),
        {"action": "confirm", "_selected_action": [pending.pk]},
    )
    pending.refresh_from_db()
    assert pending.confirmed_at is None


def test_press_secretary_cannot_manage_memberships_or_the_calendar(client, press_secretary):
    client.force_login(press_secretary)
    assert client.get(admin_url("membership_changelist")).status_code == 403
    assert client.get(admin_url("calendarcorrection_changelist")).status_code == 403


def test_ministry_staff_see_every_agency_and_confirm_appointments(
    client, ministry_staff, two_agencies_staffed
):
    client.force_login(ministry_staff)
    listed = client.get(admin_url("spokesperson_changelist")).context["cl"].result_list
    assert set(listed) == set(two_agencies_staffed)
    pending = two_agencies_staffed[1]
    client.post(
        admin_url("spokesperson_changelist"),
        {"action": "confirm", "_selected_action": [pending.pk]},
    )
    pending.refresh_from_db()
    assert pending.confirmed_at is not None


def test_admin_groups_translation_fields_by_language(client, ministry_staff):
    client.force_login(ministry_staff)
    adminform = client.get(admin_url("agency_add")).context["adminform"]
    names = [str(name) for name, options in adminform.fieldsets]
    assert names[1:4] == [str(label) for label in Language.labels]
    assert adminform.fieldsets[1][1]["fields"][0] == "name_kk"


def test_an_appointment_added_in_admin_awaits_confirmation_and_the_holder_stays(
    client, ministry_staff, agency
):
    holder = SpokespersonFactory(agency=agency)
    client.force_login(ministry_staff)
    form = {
        "agency": agency.pk,
        "post": "person",
        "appointed_on": "2026-01-01",
        "surname_kk": "Оспанова",
        "name_kk": "Динара",
        "position_kk": "Баспасөз хатшысы",
        "languages": ["kk"],
    }
    assert client.post(admin_url("spokesperson_add"), form).status_code == 302
    new = Spokesperson.objects.get(surname_kk="Оспанова")
    holder.refresh_from_db()
    assert new.review_state == "awaiting" and new.languages == ["kk"]
    assert holder.left_on is None
    assert new.events.get().actor == ministry_staff


def test_a_second_appointment_awaiting_confirmation_is_a_form_error(client, ministry_staff, agency):
    SpokespersonFactory(agency=agency, confirmed_at=None)
    client.force_login(ministry_staff)
    with translation.override("ru"):
        add_url = admin_url("spokesperson_add")
    response = client.post(
        add_url,
        {
            "agency": agency.pk,
            "post": "person",
            "appointed_on": "2026-01-01",
            "surname_kk": "Оспанова",
            "name_kk": "Динара",
            "position_kk": "Баспасөз хатшысы",
            "languages": ["kk"],
        },
    )
    assert response.status_code == 200
    assert "уже ожидает подтверждения" in response.content.decode()
    assert Spokesperson.objects.filter(agency=agency).count() == 1
