import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from portal.directory import services
from portal.directory.choices import AgencyStatus, Role, SpokespersonPost
from portal.directory.models import Membership, Spokesperson
from tests.factories import AgencyFactory, SpokespersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_a_second_current_authorized_person(agency):
    SpokespersonFactory(agency=agency)
    with pytest.raises(IntegrityError), transaction.atomic():
        SpokespersonFactory(agency=agency)


def test_unit_members_may_be_many(agency):
    SpokespersonFactory(agency=agency)
    SpokespersonFactory(agency=agency, post=SpokespersonPost.UNIT_MEMBER)
    SpokespersonFactory(agency=agency, post=SpokespersonPost.UNIT_MEMBER)
    assert agency.spokespersons.count() == 3


def test_database_refuses_leaving_before_appointment(agency):
    with pytest.raises(IntegrityError), transaction.atomic():
        SpokespersonFactory(
            agency=agency, appointed_on=dt.date(2024, 5, 1), left_on=dt.date(2024, 4, 1)
        )


def test_only_confirming_a_successor_closes_the_previous_holder(agency, ministry_staff):
    first = SpokespersonFactory(agency=agency, appointed_on=dt.date(2023, 2, 1))
    second = services.spokesperson_appoint(
        agency=agency,
        appointed_on=dt.date(2025, 6, 2),
        surname_kk="Оспанова",
        name_kk="Динара",
        position_kk="Баспасөз хатшысы",
    )
    first.refresh_from_db()
    assert first.left_on is None, "an unconfirmed appointment shortened the holder's term"
    in_post = Spokesperson.objects.filter(agency=agency).current
    assert list(in_post(on=dt.date(2025, 7, 1))) == [first]

    services.spokesperson_confirm(spokesperson=second, by=ministry_staff)
    first.refresh_from_db()
    assert first.left_on == dt.date(2025, 6, 1)
    assert list(in_post(on=dt.date(2024, 1, 1))) == [first]
    assert list(in_post(on=dt.date(2025, 7, 1))) == [second]


def test_a_successor_cannot_be_appointed_before_the_current_holder(agency):
    SpokespersonFactory(agency=agency, appointed_on=dt.date(2025, 1, 10))
    with pytest.raises(ValidationError) as error:
        services.spokesperson_appoint(
            agency=agency,
            appointed_on=dt.date(2024, 1, 1),
            surname_kk="Ә",
            name_kk="Б",
            position_kk="В",
        )
    assert "appointed_on" in error.value.message_dict
    assert agency.spokespersons.count() == 1


def test_unknown_language_codes_are_refused(agency):
    spokesperson = SpokespersonFactory.build(agency=agency, languages=["kk", "de"])
    with pytest.raises(ValidationError) as error:
        spokesperson.full_clean()
    assert "languages" in error.value.message_dict


def test_reorganising_links_the_successor_and_keeps_the_old_agency():
    old, new = AgencyFactory(), AgencyFactory()
    spokesperson = SpokespersonFactory(agency=old, appointed_on=dt.date(2020, 1, 1))
    services.agency_reorganise(
        agency=old, status=AgencyStatus.RENAMED, effective_on=dt.date(2023, 9, 1), successors=[new]
    )
    old.refresh_from_db()
    assert old.status == AgencyStatus.RENAMED
    assert old.status_changed_on == dt.date(2023, 9, 1)
    assert list(old.successors.all()) == [new]
    assert list(new.predecessors.all()) == [old]
    spokesperson.refresh_from_db()
    assert spokesperson.left_on == dt.date(2023, 9, 1)


def test_merging_needs_a_successor(agency):
    with pytest.raises(ValidationError):
        services.agency_reorganise(
            agency=agency, status=AgencyStatus.MERGED, effective_on=dt.date(2024, 1, 1)
        )
    agency.refresh_from_db()
    assert agency.status == AgencyStatus.ACTIVE


def test_an_inactive_agency_needs_the_date_of_change_in_the_database(agency):
    agency.status = AgencyStatus.CLOSED
    with pytest.raises(IntegrityError), transaction.atomic():
        agency.save()


def test_membership_gives_the_role_group_and_admin_access(agency):
    user = UserFactory()
    services.membership_save(Membership(user=user, agency=agency, role=Role.PRESS_SECRETARY))
    user.refresh_from_db()
    assert user.is_staff is True
    assert list(user.groups.values_list("name", flat=True)) == ["press_secretary"]


def test_journalists_need_no_agency_and_stay_out_of_the_admin():
    user = UserFactory()
    services.membership_save(Membership(user=user, role=Role.JOURNALIST))
    user.refresh_from_db()
    assert user.is_staff is False


def test_agency_roles_need_an_agency():
    with pytest.raises(ValidationError):
        services.membership_save(Membership(user=UserFactory(), role=Role.PRESS_SECRETARY))


def test_data_migration_created_one_group_per_role():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) == set(Role.values)
