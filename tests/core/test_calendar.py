import datetime as dt

import pytest
from django.utils import translation

from portal.calendar import WorkingCalendar, working_calendar
from portal.directory.choices import CalendarCorrectionKind
from tests.factories import CalendarCorrectionFactory

calendar = WorkingCalendar()


@pytest.mark.parametrize("day", [21, 22, 23, 24, 25])
def test_nauryz_2026_days_are_not_working_days(day):
    assert calendar.is_working_day(dt.date(2026, 3, day)) is False


def test_days_around_nauryz_2026_are_working_days():
    assert calendar.is_working_day(dt.date(2026, 3, 20)) is True
    assert calendar.is_working_day(dt.date(2026, 3, 26)) is True


def test_third_of_january_2025_was_moved_off():
    assert calendar.is_working_day(dt.date(2025, 1, 3)) is False


def test_saturday_fourth_of_may_2024_was_worked():
    assert calendar.is_working_day(dt.date(2024, 5, 4)) is True


def test_ordinary_weekend_is_not_worked():
    assert calendar.is_working_day(dt.date(2026, 11, 21)) is False


def test_one_working_day_after_friday_before_nauryz_is_the_thursday_after():
    assert calendar.add_working_days(dt.date(2026, 3, 20), 1) == dt.date(2026, 3, 26)


def test_the_day_of_receipt_is_not_counted():
    assert calendar.add_working_days(dt.date(2026, 11, 18), 1) == dt.date(2026, 11, 19)
    assert calendar.add_working_days(dt.date(2026, 11, 20), 1) == dt.date(2026, 11, 23)


def test_zero_working_days_is_the_start_itself():
    assert calendar.add_working_days(dt.date(2026, 3, 21), 0) == dt.date(2026, 3, 21)


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError):
        calendar.add_working_days(dt.date(2026, 3, 20), -1)


def test_calendar_days_ignore_holidays():
    assert calendar.add_calendar_days(dt.date(2026, 3, 20), 15) == dt.date(2026, 4, 4)


def test_next_working_day_on_or_after():
    assert calendar.next_working_day(dt.date(2026, 3, 19)) == dt.date(2026, 3, 19)
    assert calendar.next_working_day(dt.date(2026, 3, 21)) == dt.date(2026, 3, 26)


def test_skipped_days_explain_the_due_date_in_russian():
    with translation.override("ru"):
        skipped = calendar.skipped_days(dt.date(2026, 3, 20), dt.date(2026, 3, 26))
    assert [(day.date.day, day.name) for day in skipped] == [
        (21, "Наурыз мейрамы"),
        (22, "Наурыз мейрамы"),
        (23, "Наурыз мейрамы"),
        (24, "Наурыз мейрамы (перенесённый выходной)"),
        (25, "Наурыз мейрамы (перенесённый выходной)"),
    ]


def test_holiday_names_in_kazakh_and_english():
    with translation.override("kk"):
        assert calendar.day_name(dt.date(2026, 3, 22)) == "Наурыз мейрамы"
    with translation.override("en"):
        assert calendar.day_name(dt.date(2026, 3, 22)) == "Nowruz Holiday"
        assert calendar.day_name(dt.date(2026, 11, 21)) == "Weekend"


def test_moved_day_off_is_named_with_its_origin_in_russian():
    with translation.override("ru"):
        assert calendar.day_name(dt.date(2025, 1, 3)) == "Перенесённый выходной (с 05.01.2025)"


@pytest.mark.django_db
def test_government_corrections_win_over_the_package():
    CalendarCorrectionFactory(date=dt.date(2026, 12, 31), kind=CalendarCorrectionKind.DAY_OFF)
    CalendarCorrectionFactory(
        date=dt.date(2026, 12, 26), kind=CalendarCorrectionKind.WORKING_DAY, name_en="Worked"
    )
    corrected = working_calendar()
    assert corrected.is_working_day(dt.date(2026, 12, 31)) is False
    assert corrected.is_working_day(dt.date(2026, 12, 26)) is True
    assert corrected.add_working_days(dt.date(2026, 12, 30), 1) == dt.date(2027, 1, 5)


@pytest.mark.django_db
def test_correction_names_follow_the_language():
    CalendarCorrectionFactory(date=dt.date(2026, 12, 31), kind=CalendarCorrectionKind.DAY_OFF)
    with translation.override("ru"):
        assert working_calendar().day_name(dt.date(2026, 12, 31)) == "Выходной день"
    with translation.override("kk"):
        assert working_calendar().day_name(dt.date(2026, 12, 31)) == "Демалыс күні"


def test_non_working_days_of_a_year_include_weekends_and_holidays():
    days = {day.date for day in calendar.non_working_days(2026)}
    assert dt.date(2026, 3, 23) in days
    assert dt.date(2026, 11, 21) in days
    assert dt.date(2026, 11, 20) not in days
