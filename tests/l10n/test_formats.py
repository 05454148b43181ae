"""Dates, times, weekdays and percentages follow the page's language (issue 7 §2): 18:00 and
01.12.2026 in Kazakh and Russian, not "6 Т.Қ."; "76,9 %" with a decimal comma."""

import datetime as dt

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from tests.deadlines.factories import NOW, compliance_world

TUESDAY = dt.date(2026, 12, 1)
A_WEEK = [TUESDAY + dt.timedelta(days=n) for n in range(-1, 6)]  # Monday 30.11 … Sunday 6.12

SHOWN = Template(
    "{% load portal_format %}{{ time|time }} | {{ day|date }} | {{ moment|date:'DATETIME_FORMAT' }}"
    " | {{ rate|percent }} | {{ whole|percent }} | {{ big }}"
)


def shown(language):
    with translation.override(language):
        return SHOWN.render(
            Context(
                {
                    "time": dt.time(18, 0),
                    "day": TUESDAY,
                    "moment": dt.datetime(2026, 12, 1, 9, 5),
                    "rate": 76.9,
                    "whole": 100.0,
                    "big": 1234.5,
                }
            )
        )


def test_kazakh_writes_18_00_dates_with_dots_and_a_decimal_comma():
    assert shown("kk") == "18:00 | 01.12.2026 | 01.12.2026 09:05 | 76,9\xa0% | 100\xa0% | 1234,5"


def test_russian_too():
    assert shown("ru") == "18:00 | 01.12.2026 | 01.12.2026 09:05 | 76,9\xa0% | 100\xa0% | 1234,5"


def test_english_keeps_djangos_own_formats():
    assert shown("en") == "6 p.m. | Dec. 1, 2026 | Dec. 1, 2026, 9:05 a.m. | 76.9% | 100% | 1234.5"


def test_a_missing_rate_is_a_dash():
    with translation.override("kk"):
        assert (
            Template("{% load portal_format %}{{ rate|percent }}").render(Context({"rate": None}))
            == "—"
        )


def test_kazakh_weekdays_are_abbreviated_ds_ss_sr_bs_zhm_sb_zhs():
    with translation.override("kk"):
        assert [date_format(day, "D") for day in A_WEEK] == [
            "Дс", "Сс", "Ср", "Бс", "Жм", "Сб", "Жс"
        ]  # fmt: skip
        assert [date_format(day, "l") for day in A_WEEK] == [
            "Дүйсенбі", "Сейсенбі", "Сәрсенбі", "Бейсенбі", "Жұма", "Сенбі", "Жексенбі"
        ]  # fmt: skip
        assert date_format(TUESDAY, "D d.m.Y") == "Сс 01.12.2026"
        assert date_format(TUESDAY, "F") == "Желтоқсан"
        assert date_format(TUESDAY, "j E Y") == "1 желтоқсан 2026"
        assert date_format(TUESDAY, "N") == "Жел."


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("typed", ["01.12.2026", "2026-12-01"])
def test_dates_are_accepted_as_people_type_them_and_as_a_date_input_sends_them(language, typed):
    with translation.override(language):
        assert forms.DateField().clean(typed) == TUESDAY
        assert forms.DateTimeField().clean(f"{typed} 18:00").replace(tzinfo=None) == dt.datetime(
            2026, 12, 1, 18, 0
        )


@pytest.mark.django_db
@pytest.mark.time_machine(NOW, tick=False)
@pytest.mark.parametrize(
    ("language", "rates"),
    [("kk", ["66,7\xa0%", "50\xa0%"]), ("ru", ["66,7\xa0%", "50\xa0%"]), ("en", ["66.7%", "50%"])],
)
def test_the_compliance_page_shows_percentages_in_the_pages_language(
    client, ministry_staff, language, rates
):
    compliance_world()
    client.force_login(ministry_staff)
    with translation.override(language):
        content = client.get(reverse("deadlines:deadline_compliance")).content.decode()
    assert all(rate in content for rate in rates)
    assert " %" not in content.replace("\xa0%", "")
