"""The back office in Kazakh, and the deadline rule's change form without JSON to type
(issue 7 §2)."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal.deadlines.models import DeadlineRule
from tests.factories import UserFactory

from .test_catalogues import TYPOS

pytestmark = pytest.mark.django_db

RULE = "mediaplan-submission"  # 0002_default_rules: 1 December, reminders 7, 3, 1, 0


def admin_url(name, *args):
    with translation.override("kk"):
        return reverse(f"admin:deadlines_deadlinerule_{name}", args=args)


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def filled_form(response) -> dict:
    """The change form's values as a browser posts them back."""
    form = response.context["adminform"].form
    values = {name: form[name].value() for name in form.fields}
    return {
        name: value for name, value in values.items() if value is not None and value is not False
    }


def assert_kazakh(content, *words):
    assert [typo for typo in TYPOS if typo in content] == []
    assert [word for word in words if word not in content] == []


def test_the_rules_list_is_in_kazakh_with_times_as_18_00(superuser_client):
    content = superuser_client.get(admin_url("changelist")).content.decode()
    assert_kazakh(content, "Іздеу", "Сүзгі", "Әрекет:", "Барлығы", "Орындау", "18:00")
    assert "Т.Қ." not in content


def test_the_rule_form_is_in_kazakh_with_checkboxes_instead_of_json(superuser_client):
    rule = DeadlineRule.objects.get(code=RULE)
    content = superuser_client.get(admin_url("change", rule.pk)).content.decode()
    assert_kazakh(content, "Сақтау", "Жою", "Тарих", "Сақтап, өңдеуді жалғастыру", "Желтоқсан")
    assert '<textarea name="months"' not in content
    assert "[7, 3, 1, 0]" not in content
    assert 'type="checkbox" name="months" value="12"' in content
    assert 'name="reminder_days" value="7, 3, 1, 0"' in content
    for name in ("escalate_to", "agency_kinds"):
        assert f'type="checkbox" name="{name}"' in content


def test_posting_the_form_stores_the_same_json_lists(superuser_client):
    rule = DeadlineRule.objects.get(code=RULE)
    data = filled_form(superuser_client.get(admin_url("change", rule.pk)))
    data.update(
        months=["12", "6"],
        reminder_days="1, 5 0,1;14",
        escalate_to=["authorized_staff", "agency_head"],
        agency_kinds=["local", "central"],
    )
    response = superuser_client.post(admin_url("change", rule.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    rule.refresh_from_db()
    assert (rule.months, rule.reminder_days, rule.escalate_to, rule.agency_kinds) == (
        [6, 12],
        [14, 5, 1, 0],
        ["agency_head", "authorized_staff"],
        ["central", "local"],
    )


@pytest.mark.parametrize("typed", ["3, x", "3, -1", "400", "3.5"])
def test_bad_reminder_days_are_a_form_error_naming_the_field_and_change_nothing(
    superuser_client, typed
):
    rule = DeadlineRule.objects.get(code=RULE)
    before = (rule.months, rule.reminder_days, rule.escalate_to, rule.agency_kinds)
    data = {**filled_form(superuser_client.get(admin_url("change", rule.pk))), "months": ["6"]}
    response = superuser_client.post(admin_url("change", rule.pk), {**data, "reminder_days": typed})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["reminder_days"]
    [message] = errors["reminder_days"]
    with translation.override("kk"):
        label = str(DeadlineRule._meta.get_field("reminder_days").verbose_name)
    assert message.startswith(label[0].upper() + label[1:] + ": ")
    rule.refresh_from_db()
    assert (rule.months, rule.reminder_days, rule.escalate_to, rule.agency_kinds) == before


def test_a_rule_on_dates_without_months_is_refused(superuser_client):
    rule = DeadlineRule.objects.get(code=RULE)
    data = filled_form(superuser_client.get(admin_url("change", rule.pk)))
    data.pop("months")
    response = superuser_client.post(admin_url("change", rule.pk), data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["months"]
    rule.refresh_from_db()
    assert rule.months == [12]
