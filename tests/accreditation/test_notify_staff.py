"""A new application is told to the agency's press secretaries (003 §8.3: staff decide), in
the inbox and by e-mail in each one's language, once the application is committed."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from portal.directory.choices import Role
from portal.notifications.models import Notification
from portal.notifications.services import notifications_deliver
from tests.factories import MembershipFactory, UserFactory

from .conftest import apply

pytestmark = pytest.mark.django_db


def _secretary(agency, language):
    user = UserFactory(preferred_language=language)
    MembershipFactory(user=user, role=Role.PRESS_SECRETARY, agency=agency)
    return user


def test_the_press_secretaries_are_told_in_their_language_after_the_commit(
    journalist, agency, other_agency, agency_head, django_capture_on_commit_callbacks
):
    english, russian = _secretary(agency, "en"), _secretary(agency, "ru")
    _secretary(other_agency, "en")
    with django_capture_on_commit_callbacks() as callbacks:
        accreditation = apply(journalist, agency, full_name="Әсел <b>Нұрланқызы</b>")
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    told = {n.recipient: n for n in Notification.objects.filter(key__contains=":applied:")}
    assert set(told) == {english, russian}  # not the head, not another agency
    assert told[english].subject == (
        "New application for accreditation: Әсел <b>Нұрланқызы</b> (Kazinform)"
    )
    assert told[english].url == f"/en/accreditation/applications/{accreditation.pk}/"
    assert told[russian].url == f"/ru/accreditation/applications/{accreditation.pk}/"
    assert f"/ru/accreditation/applications/{accreditation.pk}/" in told[russian].body_text
    assert "&lt;b&gt;" in told[english].body_html and "<b>" not in told[english].body_html
    assert notifications_deliver() == 2
    assert {tuple(m.to) for m in mail.outbox} == {(english.email,), (russian.email,)}


def test_a_refused_application_tells_nobody(journalist, agency):
    _secretary(agency, "kk")
    with pytest.raises(ValidationError):
        apply(journalist, agency, photo=None)
    assert not Notification.objects.exists()
