from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AgencyKind(models.TextChoices):
    CENTRAL_BODY = "central", _("Central state body")
    COMMITTEE = "committee", _("Committee or department")
    LOCAL_BODY = "local", _("Local executive body")
    NATIONAL_COMPANY = "company", _("National company")
    AUTHORIZED_BODY = "authorized", _("Authorized body in mass media")


class AgencyStatus(models.TextChoices):
    """Life cycle of an agency: ministries are reorganised often (issue 2, item 3)."""

    ACTIVE = "active", pgettext_lazy("agency status", "Active")
    RENAMED = "renamed", pgettext_lazy("agency status", "Renamed")
    MERGED = "merged", pgettext_lazy("agency status", "Merged")
    SPLIT = "split", pgettext_lazy("agency status", "Split")
    CLOSED = "closed", pgettext_lazy("agency status", "Closed")


class Region(models.TextChoices):
    """The 17 regions and the 3 cities of republican significance."""

    ASTANA = "astana", _("Astana")
    ALMATY_CITY = "almaty_city", _("Almaty")
    SHYMKENT = "shymkent", _("Shymkent")
    ABAI = "abai", _("Abai Region")
    AKMOLA = "akmola", _("Akmola Region")
    AKTOBE = "aktobe", _("Aktobe Region")
    ALMATY_REGION = "almaty_region", _("Almaty Region")
    ATYRAU = "atyrau", _("Atyrau Region")
    EAST_KAZAKHSTAN = "east_kazakhstan", _("East Kazakhstan Region")
    ZHAMBYL = "zhambyl", _("Zhambyl Region")
    ZHETISU = "zhetisu", _("Zhetisu Region")
    WEST_KAZAKHSTAN = "west_kazakhstan", _("West Kazakhstan Region")
    KARAGANDA = "karaganda", _("Karaganda Region")
    KOSTANAY = "kostanay", _("Kostanay Region")
    KYZYLORDA = "kyzylorda", _("Kyzylorda Region")
    MANGYSTAU = "mangystau", _("Mangystau Region")
    PAVLODAR = "pavlodar", _("Pavlodar Region")
    NORTH_KAZAKHSTAN = "north_kazakhstan", _("North Kazakhstan Region")
    TURKISTAN = "turkistan", _("Turkistan Region")
    ULYTAU = "ulytau", _("Ulytau Region")


class Role(models.TextChoices):
    """The roles of SPEC §1 that a membership gives; each has a Django group of the same name."""

    PRESS_SECRETARY = "press_secretary", _("Press secretary")
    AGENCY_HEAD = "agency_head", _("Agency head")
    AUTHORIZED_STAFF = "authorized_staff", _("Authorized body staff")
    REGIONAL_APPROVER = "regional_approver", _("Regional approver")
    JOURNALIST = "journalist", _("Journalist")


AGENCY_ROLES = (Role.PRESS_SECRETARY, Role.AGENCY_HEAD, Role.REGIONAL_APPROVER)


class SpokespersonPost(models.TextChoices):
    """The authorized person is one post per agency; the unit may have several members."""

    AUTHORIZED_PERSON = "person", _("Authorized person (spokesperson)")
    UNIT_MEMBER = "unit", _("Member of the authorized unit")


class ReviewState(models.TextChoices):
    """Where an appointment stands with the authorized body, which keeps the directory (004 §4)."""

    AWAITING = "awaiting", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    CHANGE_AWAITING = "change", _("Change awaiting confirmation")
    REJECTED = "rejected", _("Rejected")


# What waits for the authorized body: a new appointment, or a change of a confirmed entry.
AWAITING_REVIEW = (ReviewState.AWAITING, ReviewState.CHANGE_AWAITING)


class SpokespersonAction(models.TextChoices):
    """What happened to an appointment, for its history."""

    RECORDED = "recorded", _("Recorded")
    CHANGED = "changed", _("Changed")
    CHANGE_PROPOSED = "proposed", _("Change proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    LEFT = "left", _("Left the post")


class Language(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class CalendarCorrectionKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off")
    WORKING_DAY = "working_day", _("Working day")
