"""An open emergency coordinated by the ministry, with agency A (the personas' `agency`)
and agency B involved: a published statement by the ministry, and a draft of each agency."""

import datetime as dt

import pytest
from django.utils import timezone

from monitoring.emergencies import services
from portal.directory.choices import Role
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

THREE = {"kk": "Ресми мәлімдеме", "ru": "Официальное заявление", "en": "Official statement"}


def texts(label: str) -> dict[str, str]:
    return {code: f"{label}-{code}" for code in ("kk", "ru", "en")}


@pytest.fixture
def ministry(ministry_staff):
    return ministry_staff.memberships.get().agency


@pytest.fixture
def other_press(other_agency):
    user = UserFactory()
    MembershipFactory(user=user, role=Role.PRESS_SECRETARY, agency=other_agency)
    return user


@pytest.fixture
def incident(ministry, ministry_staff, agency, other_agency, press_secretary, other_press):
    return services.incident_open(
        by=ministry_staff,
        coordinator=ministry,
        title=texts("FLOOD"),
        kind="natural",
        region="akmola",
        started_at=timezone.now() - dt.timedelta(hours=3),
        agencies=[agency, other_agency],
    )


@pytest.fixture
def published(incident, ministry, ministry_staff):
    draft = services.statement_draft(
        incident=incident, agency=ministry, by=ministry_staff, text=texts("PUBLISHED")
    )
    return services.statement_publish(statement=draft, by=ministry_staff)


@pytest.fixture
def own_draft(incident, agency, press_secretary):
    return services.statement_draft(
        incident=incident, agency=agency, by=press_secretary, text=texts("DRAFT-A")
    )


@pytest.fixture
def other_draft(incident, other_agency, other_press):
    return services.statement_draft(
        incident=incident, agency=other_agency, by=other_press, text=texts("DRAFT-B")
    )


@pytest.fixture
def uninvolved():
    return AgencyFactory()
