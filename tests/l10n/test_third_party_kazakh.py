"""The third-party admin screens the ministry meets are in Kazakh: django_celery_beat, axes and
DRF's tokens ship no (or, for DRF, not quite all) Kazakh of their own, so locale_overrides/kk
gives it."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

from .test_catalogues import TYPOS

pytestmark = pytest.mark.django_db


def admin_url(name):
    with translation.override("kk"):
        return reverse(f"admin:{name}")


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def page(client, name):
    response = client.get(admin_url(name))
    assert response.status_code == 200
    content = response.content.decode()
    assert [typo for typo in TYPOS if typo in content] == []
    return content


def test_the_admin_index_names_the_third_party_apps_in_kazakh(superuser_client):
    content = page(superuser_client, "index")
    assert "Periodic Tasks" not in content
    assert "periodic tasks" not in content.lower()
    assert "Access attempts" not in content
    for kazakh in ("Мерзімді тапсырмалар", "Кіру әрекеттері", "Кіру журналдары", "Токендер"):
        assert kazakh in content


def test_the_periodic_task_list_is_in_kazakh(superuser_client):
    content = page(superuser_client, "django_celery_beat_periodictask_changelist")
    for kazakh in (
        "Өзгерту үшін мерзімді тапсырма таңдаңыз",
        "Таңдалған тапсырмаларды қосу",
        "Таңдалған тапсырмаларды іске қосу",
    ):
        assert kazakh in content
    for english in ("periodic task", "Enable selected tasks", "Run selected tasks"):
        assert english not in content


def test_the_access_attempt_list_is_in_kazakh(superuser_client):
    content = page(superuser_client, "axes_accessattempt_changelist")
    assert "Кіру әрекеттері" in content
    assert "access attempt" not in content.lower()


def test_the_task_messages_use_no_english_plural_and_keep_their_placeholders():
    with translation.override("kk"):
        assert translation.gettext("{0} task{1} {2} successfully run").format(3, "s", "") == (
            "3 тапсырма сәтті іске қосылды"
        )
        assert (
            translation.ngettext(
                "{0} task was successfully enabled", "{0} tasks were successfully enabled", 2
            ).format(2)
            == "2 тапсырма сәтті қосылды"
        )
        assert translation.gettext("every {} {}").format(5, "минут") == "әр 5 минут сайын"
