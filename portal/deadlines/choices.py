from django.db import models
from django.utils.translation import gettext_lazy as _


class Recurrence(models.TextChoices):
    """What a rule's deadlines are anchored to."""

    DATES = "dates", _("Given days of given months")
    WEEKLY = "weekly", _("A day of every week")
    EVENT = "event", _("An event (a request, an appointment)")


class PeriodUnit(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    WORKING_DAYS = "working_days", _("working days")
    HOURS = "hours", _("hours")


class DeadlineState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    OVERDUE = "overdue", _("Overdue")
    WAIVED = "waived", _("Waived")


PENDING_STATES = (DeadlineState.OPEN, DeadlineState.OVERDUE)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Responsible(models.TextChoices):
    """Whose work a rule's deadlines are: who is reminded, and whose head hears when late."""

    AGENCY = "agency", _("The agency (its press secretary, then its head)")
    AUTHORIZED_BODY = "authorized_body", _("The authorized body (its staff)")


ESCALATION_STAGE = "escalation"


class DeadlineAction(models.TextChoices):
    """What a person (or the portal) did to a deadline, as its history records it."""

    DONE = "done", _("Marked as done")
    WAIVED = "waived", _("Waived")
    REOPENED = "reopened", _("Reopened")
    RECOMPUTED = "recomputed", _("Recomputed after a calendar correction")
    SHORTENED = "shortened", _("Shortened")
