"""Who may use each route: every URL pattern of the site × every role, in one table.

A route that is not in the table fails `test_every_route_is_in_the_matrix`, naming it: a new
page or endpoint must say who may use it before it ships. Each role's test then asks every
route of the table as that role, for each object the route takes (agency A's and agency B's),
and compares the answers with the table. The roles: an anonymous visitor, a journalist, the
press secretary, the agency head and the regional approver of agency A, the staff of the
authorized body (the ministry) and a superuser.

Besides the status codes, every answer a role gets is searched for the private data of the
agencies it is not a member of (unpublished appointments, mobile phones) and for other
people's notifications: a press secretary never sees agency B's unpublished data in a page,
the admin or the API.

The admin is covered by pattern groups: the site's own pages, and for every model in
`admin.site._registry` its changelist, add, change, delete and history pages, from what the
table declares each role may do with the model (`ADMIN_MODELS`).
"""

import datetime as dt
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.authtoken.models import Token

from eventgrid import services as eventgrid_services
from eventgrid.models import EventRecurrence, EventSeries, WeeklyInformation
from eventgrid.queries import weekly_snapshot
from mediaplans import services as mediaplans_services
from mediaplans.models import (
    ConsolidatedFreeze,
    ConsolidatedPlan,
    MediaPlan,
    MonthlyReport,
    PlanItem,
    PlanRevision,
    ThematicProposal,
)
from mediaplans.revisions import plan_snapshot
from monitoring.emergencies import services as emergencies_services
from portal.deadlines.models import CalendarFeed, DeadlineRule
from portal.directory.choices import Role
from portal.documents.models import StoredDocument
from portal.notifications.models import Notification
from portal.notifications.services import CONFIRM_SALT, subscription_request
from portal.webhooks.models import WebhookDelivery, WebhookMessage
from portal.webhooks.services import webhook_endpoint_create
from requests_desk import services as requests_services
from requests_desk.accreditation import cards as accreditation_cards
from requests_desk.accreditation import services as accreditation_services
from requests_desk.models import AnswerTemplate

from .deadlines.factories import DeadlineFactory
from .demo import shared_data
from .eventgrid.factories import EventFactory
from .factories import (
    AgencyFactory,
    CalendarCorrectionFactory,
    MembershipFactory,
    SpokespersonFactory,
    UserFactory,
)

ROLES = (
    "anonymous",
    "journalist",
    "press_secretary",
    "agency_head",
    "regional_approver",
    "ministry_staff",
    "superuser",
)
MEMBERS = ("press_secretary", "agency_head", "regional_approver")  # of agency A
EVERY_AGENCY = ("ministry_staff", "superuser")
NOT_STAFF = ("anonymous", "journalist")


# --- What an answer must be -------------------------------------------------------------


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location matches `to`, a regular expression (any 302 when empty)."""

    to: str = ""
    label: str = "anywhere"

    def __repr__(self):
        return f"302→{self.label}"


LOGIN = Redirect(r"^/[a-z]{2}/login/\?next=", "the sign-in page")
ADMIN_LOGIN = Redirect(r"^/[a-z]{2}/admin/login/\?next=", "the admin's sign-in page")
# The admin's answer for a row that is not among the user's: "no such object", to its index.
ADMIN_GONE = Redirect(r"^/[a-z]{2}/admin/$", "the admin's index")
REDIRECT = Redirect()


@dataclass(frozen=True)
class Taken:
    """A permitted POST went through: saved and redirected, or its form shown again."""

    def __repr__(self):
        return "200 or 302"


TAKEN = Taken()


def matches(expected, response) -> bool:
    if isinstance(expected, Taken):
        return response.status_code in (200, 302)
    if isinstance(expected, Redirect):
        location = response.get("Location", "")
        return response.status_code == 302 and re.search(expected.to, location) is not None
    return response.status_code == expected


def roles(
    *,
    anonymous=None,
    journalist=None,
    members=None,
    press_secretary=None,
    agency_head=None,
    regional_approver=None,
    every_agency=None,
    ministry_staff=None,
    superuser=None,
    signed_in=None,
) -> dict:
    """role → expected answer, or {target: expected answer}. `members` stands for the three
    roles of agency A, `every_agency` for the ministry and the superuser, `signed_in` for
    every role but the anonymous one; a role named on its own wins."""
    table = {}
    for role in ROLES[1:]:
        table[role] = signed_in
    for role in MEMBERS:
        table[role] = members if members is not None else table[role]
    for role in EVERY_AGENCY:
        table[role] = every_agency if every_agency is not None else table[role]
    named = {
        "anonymous": anonymous,
        "journalist": journalist,
        "press_secretary": press_secretary,
        "agency_head": agency_head,
        "regional_approver": regional_approver,
        "ministry_staff": ministry_staff,
        "superuser": superuser,
    }
    table.update({role: value for role, value in named.items() if value is not None})
    missing = [role for role in ROLES if table.get(role) is None]
    assert not missing, f"no expectation for {missing}"
    return table


def everyone(expected) -> dict:
    return dict.fromkeys(ROLES, expected)


def own_other(own, other) -> dict:
    return {"own": own, "other": other}


# --- The routes -------------------------------------------------------------------------


@dataclass
class Check:
    method: str
    expected: dict  # role → answer or {target: answer}
    data: Any = None  # dict, or a function (world, target) → dict
    query: dict | None = None
    json: bool = False  # send `data` as a JSON body


@dataclass
class Route:
    """`path(world, target)` gives the address; `targets` the objects the route is asked
    about (one pass with target None when it takes none)."""

    checks: list[Check]
    path: Any = None
    targets: tuple = (None,)


def named(name, kwargs=None):
    """The address of a named route, its arguments from the world and the target."""

    def path(world, target):
        return reverse(name, kwargs=kwargs(world, target) if kwargs else None)

    return path


def get(expected, **kwargs) -> Check:
    return Check("get", expected, **kwargs)


def post(expected, **kwargs) -> Check:
    return Check("post", expected, **kwargs)


OWN_OTHER = ("own", "other")
SIGNED_IN_PAGE = roles(anonymous=LOGIN, signed_in=200)
POST_ONLY = roles(anonymous=LOGIN, signed_in=405)  # a GET to a form's action


def agency_slug(world, target):
    return {"slug": world.agency[target].slug}


def deadline_pk(world, target):
    return {"pk": world.deadline[target].pk}


def waivable_pk(world, target):
    return {"pk": world.waivable[target].pk}


def reopenable_pk(world, target):
    return {"pk": world.reopenable[target].pk}


def spokesperson_pk(world, target):
    return {"pk": world.spokesperson[target].pk}


def new_appointment_form(world, target):
    return {
        "post": "unit",
        "appointed_on": "2026-11-02",
        "surname_kk": "Оспанова",
        "name_kk": "Динара",
        "position_kk": "Баспасөз хатшысы",
    }


def new_appointment_json(world, target):
    return {
        "agency": world.agency[target].slug,
        "post": "unit",
        "surname": "Оспанова",
        "name": "Динара",
        "position": "Баспасөз хатшысы",
        "appointed_on": "2026-11-02",
    }


def event_pk(world, target):
    return {"pk": world.event[target].pk}


def new_event_json(world, target):
    return {
        "agency": world.agency[target].slug,
        "title": "Брифинг",
        "format": "briefing",
        "starts_at": "2026-12-07T10:00:00+05:00",
        "ends_at": "2026-12-07T11:00:00+05:00",
    }


# Event targets: agency A's draft, agency B's draft and agency B's published event.
EVENT_TARGETS = ("own", "other", "other_published")

# Spokesperson targets: agency A's unpublished appointment, agency B's unpublished one, and
# agency B's published one.
SPOKESPERSON_TARGETS = ("own", "other", "other_published")
SEE_SPOKESPERSON = roles(
    anonymous={"own": 404, "other": 404, "other_published": 200},
    journalist={"own": 404, "other": 404, "other_published": 200},
    members={"own": 200, "other": 404, "other_published": 200},
    every_agency=200,
)
CHANGE_SPOKESPERSON = roles(
    anonymous=401,
    journalist={"own": 404, "other": 404, "other_published": 403},
    members={"own": 200, "other": 404, "other_published": 403},
    every_agency=200,
)
API_DEADLINES = roles(anonymous=401, journalist=403, members=200, every_agency=200)
API_FOR_THE_MINISTRY = roles(anonymous=401, journalist=403, members=403, every_agency=200)
PAGE_FOR_THE_MINISTRY = roles(anonymous=LOGIN, journalist=403, members=403, every_agency=200)
API_OPTIONS = Check("options", everyone(200))
MINISTRY_ADMIN_PAGE = roles(
    anonymous=ADMIN_LOGIN, journalist=ADMIN_LOGIN, members=403, every_agency=200
)

ANNOUNCE_EVENT = roles(
    anonymous=ADMIN_LOGIN,
    journalist=ADMIN_LOGIN,
    members={"own": 200, "other": 403, "other_published": 403},
    regional_approver=403,
    every_agency=200,
)

# The event pages: agency A's draft (its own), agency B's draft (not there for A's members)
# and B's published event (seen, not theirs to change).
SEE_EVENT_PAGE = roles(
    anonymous=LOGIN,
    journalist={"own": 404, "other": 404, "other_published": 403},
    members={"own": 200, "other": 404, "other_published": 403},
    every_agency=200,
)
CHANGE_EVENT_STATE = roles(
    anonymous=LOGIN,
    journalist={"own": 404, "other": 404, "other_published": 403},
    members={"own": REDIRECT, "other": 404, "other_published": 403},
    every_agency=REDIRECT,  # done, or refused with a message (a published event's plan)
)


# A POST of a form on the event's page: another agency's draft is not there, its public
# event is not the user's to change; the user's own with bad input is a 400.
CHANGE_EVENT_FORM = roles(
    anonymous=LOGIN,
    journalist={"own": 404, "other": 404, "other_published": 403},
    members={"own": 400, "other": 404, "other_published": 403},
    every_agency=400,
)
CONTRIBUTION_TARGETS = ("own", "other", "lead")


def attachment_pks(world, target):
    return {"pk": world.event[target].pk, "attachment_pk": world.attachment[target].pk}


def contribution_pk(world, target):
    return {"pk": world.contribution[target].pk}


def new_event_form(world, target):
    return {
        "agency": world.agency[target].pk,
        "format": "briefing",
        "starts_at": "2026-12-08T10:00",
        "ends_at": "2026-12-08T11:00",
        "title_kk": "Брифинг",
        "speakers-TOTAL_FORMS": "0",
        "speakers-INITIAL_FORMS": "0",
    }


# The weekly information of the week of the matrix's events (Monday 7 December 2026): the
# member's own agency (no ?agency=), agency A, agency B, an unknown agency, a week that does
# not exist (2026 has 53 weeks, no 54th).
WEEK_TARGETS = ("none", "own", "other", "unknown", "bad_week")
MATRIX_WEEK = dt.date(2026, 12, 7)


def _agency_query(world, target) -> str:
    if target in OWN_OTHER:
        return f"?agency={world.agency[target].slug}"
    return "?agency=no-such-agency" if target == "unknown" else ""


def week_path(name):
    def path(world, target):
        url = reverse(name, kwargs={"week": MATRIX_WEEK})
        if target == "bad_week":
            return url.replace("2026-W50", "2026-W54")
        return url + _agency_query(world, target)

    return path


def week_answers(*, members, every_agency) -> dict:
    """Agency B's week is not for A's members (403); an unknown agency is a bad request
    (400); the authorized body has no week of its own: it is sent to its overview. A week
    that does not exist is no address (404), whoever asks."""
    table = roles(
        anonymous=dict.fromkeys(WEEK_TARGETS, LOGIN),
        journalist={"none": 403, "own": 403, "other": 403, "unknown": 400},
        members={"none": members, "own": members, "other": 403, "unknown": 400},
        every_agency={"none": REDIRECT, "own": every_agency, "other": every_agency, "unknown": 400},
    )
    return {role: {**answers, "bad_week": 404} for role, answers in table.items()}


# The media-grid (004 §11): the week of the matrix's events is published (agency B's public
# event in it); the week after is composed, not published.
GRID_TARGETS = ("published", "unpublished")


def grid_week_path(name):
    def path(world, target):
        return reverse(name, kwargs={"week": world.media_grid[target].week_start})

    return path


def grid_pk_path(name):
    def path(world, target):
        return reverse(name, args=[world.media_grid["unpublished"].pk])

    return path


GRID_ADMIN_POST = roles(
    anonymous=ADMIN_LOGIN, journalist=ADMIN_LOGIN, members=403, every_agency=TAKEN
)

WEEK_POST_ONLY = {
    role: {**dict.fromkeys(WEEK_TARGETS[:4], answer), "bad_week": 404}
    for role, answer in POST_ONLY.items()
}

# The event series (000 §3.1–3.3) of January 2027: the member's own agency (no ?agency=),
# agency A, agency B, an unknown agency, a period that does not exist (a 13th month).
SERIES_TARGETS = ("none", "own", "other", "unknown", "bad_period")
MATRIX_PERIOD = "2027-01"


def series_path(name, **kwargs):
    def path(world, target):
        url = reverse(name, kwargs={"period": MATRIX_PERIOD, **kwargs})
        if target == "bad_period":
            return url.replace(MATRIX_PERIOD, "2027-13")
        return url + _agency_query(world, target)

    return path


def series_answers(*, members, every_agency, every_agency_none=REDIRECT) -> dict:
    """As the weekly information's: agency B's series is not for A's members (403), an
    unknown agency is a bad request (400), the authorized body without one is sent to the
    list of series; a period that does not exist is no address (404)."""
    table = roles(
        anonymous=dict.fromkeys(SERIES_TARGETS, LOGIN),
        journalist={"none": 403, "own": 403, "other": 403, "unknown": 400},
        members={"none": members, "own": members, "other": 403, "unknown": 400},
        every_agency={
            "none": every_agency_none,
            "own": every_agency,
            "other": every_agency,
            "unknown": 400,
        },
    )
    return {role: {**answers, "bad_period": 404} for role, answers in table.items()}


SERIES_POST_ONLY = {
    role: {**dict.fromkeys(SERIES_TARGETS[:4], answer), "bad_period": 404}
    for role, answer in POST_ONLY.items()
}
NETWORK_PATHS = ("network", "bad_period")


def network_path(name):
    def path(world, target):
        url = reverse(name, kwargs={"period": MATRIX_PERIOD})
        return url.replace(MATRIX_PERIOD, "2027-13") if target == "bad_period" else url

    return path


def for_the_ministry(answer) -> dict:
    """The network schedule (000 §3.4): the authorized body's; 404 for a bad period."""
    table = roles(anonymous=LOGIN, journalist=403, members=403, every_agency=answer)
    return {role: {"network": value, "bad_period": 404} for role, value in table.items()}


# The press secretary of agency A owns "own"; "other" is agency B's press secretary's.
WEBHOOK_OWNERS = roles(anonymous=401, signed_in=404, press_secretary=own_other(200, 404))


def media_plan_pk(world, target):
    return {"pk": world.media_plan[target].pk}


def plan_answers(answer) -> dict:
    """A media-plan's page: agency B's plan is not there for A's members (404)."""
    return roles(
        anonymous=LOGIN,
        journalist=own_other(404, 404),
        members=own_other(answer, 404),
        every_agency=answer,
    )


PLAN_PAGE = plan_answers(200)
API_PLANS = roles(anonymous=401, journalist=403, members=200, every_agency=200)
API_PLAN_METHOD = roles(anonymous=401, journalist=403, members=405, every_agency=405)


def api_plan(answer) -> dict:
    """A media-plan in the API: agency B's is not there for A's members (404)."""
    return roles(anonymous=401, journalist=403, members=own_other(answer, 404), every_agency=answer)


def taken(table: dict) -> dict:
    """The same answers for a POST, with a form shown again or saved for each 200."""
    return {
        role: {t: TAKEN if a == 200 else a for t, a in answer.items()}
        if isinstance(answer, dict)
        else (TAKEN if answer == 200 else answer)
        for role, answer in table.items()
    }


# The media-plan's review pages in the admin# The media-plan's review pages in the admin (000 §2.2–2.4): the authorized body's; the
# akimat's approval its region's approver's. The draft is refused with a message (200).
PLAN_REVIEW_PAGE = roles(
    anonymous=ADMIN_LOGIN, journalist=ADMIN_LOGIN, members=403, every_agency=200
)
PLAN_REGIONAL_PAGE = roles(
    anonymous=ADMIN_LOGIN,
    journalist=ADMIN_LOGIN,
    members=403,
    regional_approver=own_other(200, 403),
    ministry_staff=403,
    superuser=200,
)


# Requests (issue 10): agency A's and agency B's feedback-form request, just registered. The
# press secretary and the head work on them, only the head extends and refuses; a form
# posted empty is a 400, a step the request's state does not allow (approve, send) a 403.
def information_request_pk(world, target):
    return {"pk": world.information_request[target].pk}


def request_attachment_pks(world, target):
    case = world.information_request[target]
    return {"pk": case.pk, "file_pk": case.attachments.get().pk}


def request_answers(*, press_secretary, agency_head, ministry_staff=403, regional=403) -> dict:
    return roles(
        anonymous=LOGIN,
        journalist=own_other(404, 404),
        press_secretary=own_other(press_secretary, 404),
        agency_head=own_other(agency_head, 404),
        regional_approver=own_other(regional, 404),
        ministry_staff=ministry_staff,
        superuser=400 if 400 in (press_secretary, agency_head) else 403,
    )


REQUEST_POST_ONLY = roles(anonymous=LOGIN, signed_in=405)


# Reference materials (004 §12–13): the authorized body's request to agency A ("own") or B
# ("other"), its answer still to give, and an answered one with a file (its text private).
def reference_pk(world, target):
    return {"pk": world.reference[target].pk}


def reference_answer_pks(world, target):
    reference = world.reference[target]
    return {"pk": reference.pk, "answer_pk": reference.answers.get().pk}


def reference_file_pks(world, target):
    file = world.reference_file[target]
    return {"pk": file.answer.request_id, "file_pk": file.pk}


def reference_answering(answer) -> dict:
    """The answer's form: the agency's press secretary and head only."""
    return roles(
        anonymous=LOGIN,
        journalist=own_other(404, 404),
        press_secretary=own_other(answer, 404),
        agency_head=own_other(answer, 404),
        regional_approver=own_other(403, 404),
        every_agency=403,
    )


REFERENCE_READ = roles(
    anonymous=LOGIN, journalist=404, members=own_other(200, 404), every_agency=200
)
# A review step of the draft plan: there, not the user's to take now (403).
PLAN_STEP = plan_answers(403)
PLANS_PAGE = roles(anonymous=LOGIN, journalist=403, members=200, every_agency=200)


def plan_item_pks(world, target):
    return {"pk": world.media_plan[target].pk, "item_pk": world.plan_item[target].pk}


def webhook_pk(world, target):
    return {"pk": world.webhook[target].pk}


# Emergencies (issue 11 item 6; 000 §5): one open emergency coordinated by the ministry with
# agencies A and B involved, a published statement and a draft of each agency (in Kazakh
# only: publishing it is refused with a message); another without a published statement.
# The ministry's staff open, edit and close; each agency drafts and publishes its own.
def emergency_pk(world, target):
    return {"pk": world.emergency[target or "published"].pk}


def statement_pk(world, target):
    return {"pk": world.emergency_statement[target].pk}


EMERGENCY_STAFF = roles(anonymous=LOGIN, journalist=403, members=200, every_agency=200)
EMERGENCY_COORDINATOR = roles(anonymous=LOGIN, journalist=403, members=403, every_agency=200)
# The coordinator's step posted empty: the form shown again with its errors.
EMERGENCY_STEP = EMERGENCY_COORDINATOR | {"ministry_staff": 400, "superuser": 400}


# Monitoring (issue 11): publications are public media for agencies' members and the
# ministry; sources, manual entry, tone overrides and flags by hand are the ministry's; a
# resonance case is its agency's and the ministry's, its steps the spokesperson's and the
# head's (000 §4.2–4.3; 003 §10.4).
def monitoring_world(world):
    """An outlet with a feed, a publication about agency A and one about B (each flagged for
    its agency, the case's reason private to it), a rule each, a lexicon word and a saved
    search of agency B's press secretary."""
    from monitoring import services as monitoring_services
    from monitoring.models import AgencyRule, Feed, Outlet, SavedSearch, ToneWord

    outlet = Outlet.objects.create(name="Matrix", kind="news_site", language="ru", reach=10)
    feed = Feed.objects.create(outlet=outlet, url="https://matrix.example.kz/rss")
    world.monitoring_case, publications, rules_ = {}, {}, {}
    for target in OWN_OTHER:
        publication, _created = monitoring_services.publication_ingest(
            url=f"https://matrix.example.kz/{target}",
            title=f"Публикация {target}",
            text="Текст.",
            outlet=outlet,
            html_lang="ru",
        )
        publications[target] = publication
        reason = f"{SECRET}-case-{target}"
        world.monitoring_case[target] = monitoring_services.case_open(
            publication=publication, agency=world.agency[target], reason=reason, source="ministry"
        )
        world.private[target].append(reason)
        rules_[target] = AgencyRule.objects.create(
            agency=world.agency[target], term=f"Агентство {target}", language="ru"
        )
    world.monitoring_publication = publications["own"]
    search = SavedSearch.objects.create(
        user=world.agency["other"].memberships.filter(role="press_secretary").first().user,
        name="B",
        query={"tone": "negative"},
    )
    world.saved_search = search
    word = ToneWord.objects.create(language="ru", word="провал", polarity=-1)
    world.objects.update(
        {
            "monitoring.outlet": dict.fromkeys(OWN_OTHER, outlet.pk),
            "monitoring.feed": dict.fromkeys(OWN_OTHER, feed.pk),
            "monitoring.publication": {t: publications[t].pk for t in OWN_OTHER},
            "monitoring.story": {t: publications[t].story_id for t in OWN_OTHER},
            "monitoring.agencyrule": {t: rules_[t].pk for t in OWN_OTHER},
            "monitoring.toneword": dict.fromkeys(OWN_OTHER, word.pk),
            "monitoring.resonancecase": {t: world.monitoring_case[t].pk for t in OWN_OTHER},
            "monitoring.savedsearch": dict.fromkeys(OWN_OTHER, search.pk),
        }
    )


def monitoring_case_pk(world, target):
    return {"pk": world.monitoring_case[target].pk}


def monitoring_publication_pk(world, target):
    return {"pk": world.monitoring_publication.pk}


MONITORING_PAGE = roles(anonymous=LOGIN, journalist=403, members=200, every_agency=200)
MONITORING_BAD_QUERY = roles(anonymous=LOGIN, journalist=403, members=400, every_agency=400)
MINISTRY_PAGE = roles(anonymous=LOGIN, journalist=403, members=403, every_agency=200)


def case_step(acting) -> dict:
    """A step of a case: the agency's press secretary and head (and the superuser) take it
    on their own agency's case; the region's approver and the ministry only read it."""
    return roles(
        anonymous=LOGIN,
        journalist=own_other(404, 404),
        press_secretary=own_other(acting, 404),
        agency_head=own_other(acting, 404),
        regional_approver=own_other(403, 404),
        ministry_staff=403,
        superuser=acting,
    )


# The monthly analytical note (000 §4.5): the ministry reads every agency's (or one's), an
# agency's members their own; "build now" is the ministry's. A month that is not YYYY-MM is
# no address (404), whoever asks.
NOTE_TARGETS = ("none", "own", "other", "unknown", "bad_month")


def note_path(name):
    def path(world, target):
        month = "2026-13" if target == "bad_month" else "2026-11"
        return reverse(name, kwargs={"month": month}) + _agency_query(world, target)

    return path


def note_answers(*, members, every_agency, journalist=403) -> dict:
    table = roles(
        anonymous=dict.fromkeys(NOTE_TARGETS, LOGIN),
        journalist=dict.fromkeys(NOTE_TARGETS[:4], journalist),
        members=members,
        every_agency=every_agency,
    )
    return {role: {"bad_month": 404, **answers} for role, answers in table.items()}


NOTE_READ = note_answers(
    members={"none": 200, "own": 200, "other": 404, "unknown": 404},
    every_agency={"none": 200, "own": 200, "other": 200, "unknown": 404},
)
# No note is built in this world: its PDF's address leads to the note's page; a member may
# ask for their own agency's first build, the ministry builds any again.
NOTE_PDF = note_answers(
    members={"none": REDIRECT, "own": REDIRECT, "other": 404, "unknown": 404},
    every_agency={"none": REDIRECT, "own": REDIRECT, "other": REDIRECT, "unknown": 404},
)
NOTE_BUILD = note_answers(
    members={"none": REDIRECT, "own": REDIRECT, "other": 404, "unknown": 404},
    every_agency={"none": REDIRECT, "own": REDIRECT, "other": REDIRECT, "unknown": 404},
)
NOTE_BUILD_GET = {
    role: dict.fromkeys(NOTE_TARGETS, LOGIN if role == "anonymous" else 405) for role in ROLES
}


MONITORING_ROUTES = {
    "monitoring:publication_list": Route(
        [get(MONITORING_PAGE), get(MONITORING_BAD_QUERY, query={"tone": "awful"})],
        named("monitoring:publication_list"),
    ),
    "monitoring:saved_search_save": Route(
        [
            get(POST_ONLY),
            post(roles(anonymous=LOGIN, journalist=403, members=REDIRECT, every_agency=REDIRECT)),
        ],
        named("monitoring:saved_search_save"),
    ),
    # Agency B's press secretary's search: no role of the matrix finds it.
    "monitoring:saved_search_delete": Route(
        [get(POST_ONLY), post(roles(anonymous=LOGIN, signed_in=404))],
        named("monitoring:saved_search_delete", lambda w, t: {"pk": w.saved_search.pk}),
    ),
    "monitoring:publication_detail": Route(
        [get(MONITORING_PAGE)],
        named("monitoring:publication_detail", monitoring_publication_pk),
    ),
    **{
        f"monitoring:{name}": Route(
            [
                get(POST_ONLY),
                post(roles(anonymous=LOGIN, journalist=403, members=403, every_agency=400)),
            ],
            named(f"monitoring:{name}", monitoring_publication_pk),
        )
        for name in ("publication_tone", "publication_flag")
    },
    "monitoring:manual_entry": Route(
        [get(MINISTRY_PAGE), post(taken(MINISTRY_PAGE) | dict.fromkeys(EVERY_AGENCY, 400))],
        named("monitoring:manual_entry"),
    ),
    "monitoring:source_list": Route([get(MINISTRY_PAGE)], named("monitoring:source_list")),
    "monitoring:case_list": Route(
        [get(MONITORING_PAGE), get(MONITORING_BAD_QUERY, query={"state": "lost"})],
        named("monitoring:case_list"),
    ),
    "monitoring:case_detail": Route(
        [
            get(
                roles(
                    anonymous=LOGIN,
                    journalist=own_other(404, 404),
                    members=own_other(200, 404),
                    every_agency=200,
                )
            )
        ],
        named("monitoring:case_detail", monitoring_case_pk),
        OWN_OTHER,
    ),
    # An empty form: "informed now" is recorded; a response or a close needs its fields.
    "monitoring:case_head_informed": Route(
        [get(POST_ONLY), post(case_step(TAKEN))],
        named("monitoring:case_head_informed", monitoring_case_pk),
        OWN_OTHER,
    ),
    **{
        f"monitoring:{name}": Route(
            [get(POST_ONLY), post(case_step(400))],
            named(f"monitoring:{name}", monitoring_case_pk),
            OWN_OTHER,
        )
        for name in ("case_response", "case_close")
    },
    "monitoring:note_detail": Route(
        [get(NOTE_READ)], note_path("monitoring:note_detail"), NOTE_TARGETS
    ),
    "monitoring:note_pdf": Route([get(NOTE_PDF)], note_path("monitoring:note_pdf"), NOTE_TARGETS),
    "monitoring:note_build": Route(
        [get(NOTE_BUILD_GET), post(NOTE_BUILD)], note_path("monitoring:note_build"), NOTE_TARGETS
    ),
    "api:monitoring-publication-list": Route(
        [
            get(roles(anonymous=401, journalist=403, members=200, every_agency=200)),
            get(
                roles(anonymous=401, journalist=403, members=400, every_agency=400),
                query={"tone": "awful"},
            ),
        ],
        named("api:monitoring-publication-list"),
    ),
    "api:monitoring-publication-detail": Route(
        [get(roles(anonymous=401, journalist=403, members=200, every_agency=200))],
        named("api:monitoring-publication-detail", monitoring_publication_pk),
    ),
    "api:monitoring-case-list": Route(
        [
            get(roles(anonymous=401, journalist=403, members=200, every_agency=200)),
            get(
                roles(anonymous=401, journalist=403, members=400, every_agency=400),
                query={"stat": "open"},
            ),
        ],
        named("api:monitoring-case-list"),
    ),
    "api:monitoring-case-detail": Route(
        [
            get(
                roles(
                    anonymous=401,
                    journalist=403,
                    members=own_other(200, 404),
                    every_agency=200,
                )
            )
        ],
        named("api:monitoring-case-detail", monitoring_case_pk),
        OWN_OTHER,
    ),
}


# Accreditation (003 §8.3–8.4): agency A's and agency B's accreditation of a journalist who
# is none of the roles, in force; its decisions refused in that state (403), a revocation
# posted empty a 400. The press-event pages take the event targets.
def accreditation_pk(world, target):
    return {"pk": world.accreditation[target].pk}


def accreditation_document_pks(world, target):
    accreditation = world.accreditation[target]
    return {"pk": accreditation.pk, "document_pk": accreditation.documents.get().pk}


def accreditation_answers(*, decide, read=200) -> dict:
    return roles(
        anonymous=LOGIN,
        journalist=own_other(404, 404),
        members=own_other(decide, 404),
        regional_approver=own_other(403 if decide != read else read, 404),
        every_agency=decide,
    )


ACCREDITATION_READ = accreditation_answers(decide=200)
PRESS_QUESTION = roles(
    anonymous=LOGIN,
    journalist={"own": 404, "other": 404, "other_published": 403},
    members={"own": 400, "other": 404, "other_published": 403},
    regional_approver={"own": 403, "other": 404, "other_published": 403},
    every_agency=400,
)
PRESS_REGISTER = roles(
    anonymous=LOGIN,
    signed_in={"own": 404, "other": 404, "other_published": REDIRECT},
    members={"own": REDIRECT, "other": 404, "other_published": REDIRECT},
    every_agency=REDIRECT,
)


# Publication requests (issue 10 item 8; 002 §8–14): agency A's and agency B's material
# handed over, with a file each. Any member hands over; the press secretary and the head
# take the steps; a step the stage does not allow yet is a 403, a form posted empty a 400.
def publications_world(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from requests_desk.publications import services as publication_services

    world.publication = {}
    for target in OWN_OTHER:
        text = f"{SECRET}-publication-{target}"
        world.publication[target] = publication_services.publication_hand_over(
            agency=world.agency[target],
            by=None,
            unit="Департамент",
            title=text,
            text=text,
            kind="regular",
            publication_date=dt.date(2026, 12, 18),
            files=[SimpleUploadedFile("brief.pdf", b"%PDF-1.4\n%%EOF\n")],
        )
        world.private[target].append(text)
    world.objects.update(
        {"publications.publicationrequest": {t: world.publication[t].pk for t in OWN_OTHER}}
    )


def publication_pk(world, target):
    return {"pk": world.publication[target].pk}


def publication_file_pks(world, target):
    publication = world.publication[target]
    return {"pk": publication.pk, "file_pk": publication.files.get().pk}


def publication_step(*, press_office) -> dict:
    return roles(
        anonymous=LOGIN,
        journalist=own_other(404, 404),
        press_secretary=own_other(press_office, 404),
        agency_head=own_other(press_office, 404),
        regional_approver=own_other(403, 404),
        ministry_staff=403,
        superuser=press_office,
    )


PUBLICATION_READ = roles(
    anonymous=LOGIN, journalist=own_other(404, 404), members=own_other(200, 404), every_agency=200
)


def publication_hand_over(member) -> dict:
    """Any member of an agency hands material over, the authorized body's staff for its own
    website too (002 §8 binds every state body)."""
    return roles(anonymous=LOGIN, journalist=403, members=member, every_agency=member)


PUBLICATION_ROUTES = {
    "publications:publication_list": Route(
        [
            get(roles(anonymous=LOGIN, journalist=403, members=200, every_agency=200)),
            get(
                roles(anonymous=LOGIN, journalist=403, members=400, every_agency=400),
                query={"week": "2026-W99"},
            ),
        ],
        named("publications:publication_list"),
    ),
    "publications:publication_new": Route(
        [
            get(publication_hand_over(200)),
            post(publication_hand_over(400), data={"title": ""}),
        ],
        named("publications:publication_new"),
    ),
    "publications:publication_detail": Route(
        [get(PUBLICATION_READ), post(roles(anonymous=LOGIN, signed_in=405))],
        named("publications:publication_detail", publication_pk),
        OWN_OTHER,
    ),
    "publications:publication_file": Route(
        [get(PUBLICATION_READ), post(roles(anonymous=LOGIN, signed_in=405))],
        named("publications:publication_file", publication_file_pks),
        OWN_OTHER,
    ),
    **{
        f"publications:{name}": Route(
            [get(roles(anonymous=LOGIN, signed_in=405)), post(answers)],
            named(f"publications:{name}", publication_pk),
            OWN_OTHER,
        )
        for name, answers in (
            ("publication_edit", publication_step(press_office=400)),
            ("publication_translation", publication_step(press_office=403)),
            ("publication_translated", publication_step(press_office=403)),
            ("publication_post", publication_step(press_office=403)),
        )
    },
    "api:publication-request-list": Route(
        [
            get(roles(anonymous=401, journalist=403, members=200, every_agency=200)),
            get(
                roles(anonymous=401, journalist=403, members=400, every_agency=400),
                query={"stag": "posted"},
            ),
        ],
        named("api:publication-request-list"),
    ),
    "api:publication-request-detail": Route(
        [
            get(
                roles(
                    anonymous=401,
                    journalist=403,
                    members=own_other(200, 404),
                    every_agency=200,
                )
            )
        ],
        named("api:publication-request-detail", publication_pk),
        OWN_OTHER,
    ),
}


ROUTES: dict[str, Route] = {
    **MONITORING_ROUTES,
    **PUBLICATION_ROUTES,
    # The API (no language prefix).
    "api:agency-list": Route([get(everyone(200)), API_OPTIONS], named("api:agency-list")),
    "api:agency-detail": Route(
        [get(everyone(200)), API_OPTIONS], named("api:agency-detail", agency_slug), OWN_OTHER
    ),
    "api:spokesperson-list": Route(
        [
            get(everyone(200)),
            API_OPTIONS,
            post(
                roles(
                    anonymous=401,
                    journalist=400,  # "You may not add spokespersons of this agency."
                    members=own_other(201, 400),
                    every_agency=201,
                ),
                data=new_appointment_json,
                json=True,
            ),
        ],
        named("api:spokesperson-list"),
        OWN_OTHER,
    ),
    "api:spokesperson-detail": Route(
        [
            get(SEE_SPOKESPERSON),
            Check("patch", CHANGE_SPOKESPERSON, data={"work_phone": "+7 7172 74 00 00"}, json=True),
            Check("delete", roles(anonymous=401, signed_in=405)),
            Check("put", roles(anonymous=401, signed_in=405), data={}, json=True),
        ],
        named("api:spokesperson-detail", spokesperson_pk),
        SPOKESPERSON_TARGETS,
    ),
    "api:event-list": Route(
        [
            get(everyone(200)),
            API_OPTIONS,
            post(
                roles(
                    anonymous=401,
                    journalist=400,  # "You may not add events of this agency."
                    members=own_other(201, 400),
                    every_agency=201,
                ),
                data=new_event_json,
                json=True,
            ),
        ],
        named("api:event-list"),
        OWN_OTHER,
    ),
    "api:event-detail": Route(
        [
            get(SEE_SPOKESPERSON),  # the same answers: drafts stay inside their agency
            Check("patch", CHANGE_SPOKESPERSON, data={"place": "Астана"}, json=True),
            Check("delete", roles(anonymous=401, signed_in=405)),
            Check("put", roles(anonymous=401, signed_in=405), data={}, json=True),
        ],
        named("api:event-detail", event_pk),
        EVENT_TARGETS,
    ),
    "api:media-grid-list": Route(
        [get(everyone(200)), get(everyone(400), query={"week": "2026-W50"}), API_OPTIONS],
        named("api:media-grid-list"),
    ),
    "api:media-grid-detail": Route(
        [
            get(everyone({"published": 200, "unpublished": 404})),
            post(roles(anonymous=405, signed_in=405)),
        ],
        lambda world, target: reverse(
            "api:media-grid-detail", kwargs={"week": str(world.media_grid[target])}
        ),
        GRID_TARGETS,
    ),
    # Webhook endpoints (issue 8 §6): each signed-in user's own; anybody else's is no
    # address (404), for the superuser too. (Deleting is tested in tests/webhooks/.)
    # Media-plans (issue 9): never public; agency B's plan is not there for A's members. The
    # world's plans are drafts whose item lacks its Russian texts: submitting is refused (400),
    # the other steps are not for a draft (403); a change needs the item's version.
    "api:media-plan-list": Route(
        [
            get(API_PLANS),
            post(
                roles(
                    anonymous=401,
                    journalist=403,
                    members=own_other(201, 400),  # "You may not make media-plans of this agency."
                    every_agency=201,
                ),
                data=lambda world, target: {"agency": world.agency[target].slug, "year": 2026},
                json=True,
            ),
            Check("options", API_PLANS),
        ],
        named("api:media-plan-list"),
        OWN_OTHER,
    ),
    "api:media-plan-detail": Route(
        [get(api_plan(200)), post(API_PLAN_METHOD)],
        named("api:media-plan-detail", media_plan_pk),
        OWN_OTHER,
    ),
    "api:media-plan-submit": Route(
        [get(API_PLAN_METHOD), post(api_plan(400))],
        named("api:media-plan-submit", media_plan_pk),
        OWN_OTHER,
    ),
    **{
        f"api:media-plan-{name}": Route(
            [post(api_plan(403), data={"comment": "Толықтырыңыз"}, json=True)],
            named(f"api:media-plan-{name}", media_plan_pk),
            OWN_OTHER,
        )
        for name in ("return", "approve", "approve-regionally", "open-revision")
    },
    "api:media-plan-item-list": Route(
        [
            get(api_plan(200)),
            post(
                api_plan(201),
                data={"topic_kk": "Жаңа тақырып", "strategic_direction_kk": "Цифрландыру"},
                json=True,
            ),
        ],
        named("api:media-plan-item-list", lambda w, t: {"plan_pk": w.media_plan[t].pk}),
        OWN_OTHER,
    ),
    "api:media-plan-item-detail": Route(
        [
            get(api_plan(200)),
            Check("patch", api_plan(200), data={"version": 1, "is_preventive": True}, json=True),
            Check("delete", api_plan(400)),  # without the version read
            Check("put", API_PLAN_METHOD, data={}, json=True),
        ],
        named(
            "api:media-plan-item-detail",
            lambda w, t: {"plan_pk": w.media_plan[t].pk, "pk": w.plan_item[t].pk},
        ),
        OWN_OTHER,
    ),
    "api:media-plan-revision-list": Route(
        [get(api_plan(200)), post(API_PLAN_METHOD)],
        named("api:media-plan-revision-list", lambda w, t: {"plan_pk": w.media_plan[t].pk}),
        OWN_OTHER,
    ),
    "api:media-plan-revision-detail": Route(
        [get(api_plan(200))],
        named(
            "api:media-plan-revision-detail",
            lambda w, t: {"plan_pk": w.media_plan[t].pk, "pk": w.plan_revision[t].pk},
        ),
        OWN_OTHER,
    ),
    "api:media-plan-report-list": Route(
        [get(api_plan(200))],
        named("api:media-plan-report-list", lambda w, t: {"plan_pk": w.media_plan[t].pk}),
        OWN_OTHER,
    ),
    "api:media-plan-report-detail": Route(
        [get(api_plan(200)), Check("put", api_plan(400), data={"entries": []}, json=True)],
        named(
            "api:media-plan-report-detail",
            lambda w, t: {"plan_pk": w.media_plan[t].pk, "month": 1},
        ),
        OWN_OTHER,
    ),
    "api:media-plan-report-submit": Route(
        [post(api_plan(400))],  # "Report on at least one item first."
        named(
            "api:media-plan-report-submit",
            lambda w, t: {"plan_pk": w.media_plan[t].pk, "month": 1},
        ),
        OWN_OTHER,
    ),
    "api:webhook-list": Route(
        [
            get(roles(anonymous=401, signed_in=200)),
            post(
                roles(anonymous=401, signed_in=400),  # a local address: refused
                data={"url": "https://127.0.0.1/hook", "event_types": ["grid.published"]},
                json=True,
            ),
        ],
        named("api:webhook-list"),
    ),
    "api:webhook-detail": Route(
        [
            get(WEBHOOK_OWNERS),
            Check("patch", WEBHOOK_OWNERS, data={"description": "Newsroom"}, json=True),
            Check("put", roles(anonymous=401, signed_in=405), data={}, json=True),
        ],
        named("api:webhook-detail", webhook_pk),
        OWN_OTHER,
    ),
    "api:webhook-rotate": Route(
        [get(roles(anonymous=401, signed_in=405)), post(WEBHOOK_OWNERS)],
        named("api:webhook-rotate", webhook_pk),
        OWN_OTHER,
    ),
    "api:webhook-deliveries": Route(
        [get(WEBHOOK_OWNERS)], named("api:webhook-deliveries", webhook_pk), OWN_OTHER
    ),
    "api:deadline-list": Route([get(API_DEADLINES)], named("api:deadline-list")),
    "api:deadline-detail": Route(
        [
            get(
                roles(
                    anonymous=401,
                    journalist=403,
                    members=own_other(200, 404),
                    every_agency=200,
                )
            )
        ],
        named("api:deadline-detail", deadline_pk),
        OWN_OTHER,
    ),
    "api:deadline-compliance": Route([get(API_FOR_THE_MINISTRY)], named("api:deadline-compliance")),
    "api:deadline-calculate": Route(
        [
            get(API_DEADLINES, query={"rule": "reference-materials", "start": "2026-03-20"}),
            get(
                roles(anonymous=401, journalist=403, members=400, every_agency=400),
                query={"rule": "no-such-rule"},
            ),
        ],
        named("api:deadline-calculate"),
    ),
    "api:calendar": Route(
        [get(everyone(200), query={"year": "2026"}), API_OPTIONS], named("api:calendar")
    ),
    "api:calendar-add-working-days": Route(
        [get(everyone(200), query={"start": "2026-03-20", "days": "1"})],
        named("api:calendar-add-working-days"),
    ),
    "api:schema": Route([get(everyone(200))], named("api:schema")),
    "api:docs": Route([get(everyone(200))], named("api:docs")),
    "api:not_found": Route([get(everyone(404)), post(everyone(404))], named("api:not_found")),
    # Health of the portal for compose and load balancers (issue 12 §5), the same for
    # everyone: in the test world beat has never sent its heartbeat, hence the 503.
    "healthz": Route(
        [
            get(everyone(503)),
            get(everyone(200), query={"only": "database,storage"}),
            get(everyone(400), query={"only": "nope"}),
            Check("head", everyone(503)),
            post(everyone(405)),
        ],
        named("healthz"),
    ),
    # Language switch and calendar feeds (no language prefix).
    "set_language": Route(
        [post(everyone(REDIRECT), data={"language": "kk", "next": "/kk/"})],
        named("set_language"),
    ),
    "feeds:deadline_feed": Route(
        # The secret address is the key: no sign-in, the same answer for everyone.
        [
            get(everyone({"valid": 200, "unknown": 404})),
            Check("head", everyone({"valid": 200, "unknown": 404})),
            post(everyone(405)),
        ],
        lambda world, target: reverse(
            "feeds:deadline_feed",
            kwargs={"token": world.feed_token if target == "valid" else "x" * 43},
        ),
        ("valid", "unknown"),
    ),
    "feeds:events": Route(
        # Public events only, the same for everyone; a bad filter is a 400 naming it.
        [
            get(everyone(200)),
            get(everyone(200), query={"language": "ru"}),
            get(everyone(400), query={"agency": "nope"}),
            Check("head", everyone(200)),
            post(everyone(405)),
        ],
        named("feeds:events"),
    ),
    "feeds:media_grids": Route(
        # Published versions only, the same for everyone.
        [
            get(everyone(200)),
            get(everyone(200), query={"language": "kk"}),
            get(everyone(400), query={"week": "2026-W50"}),
            Check("head", everyone(200)),
            post(everyone(405)),
        ],
        named("feeds:media_grids"),
    ),
    # Directory pages.
    "directory:home": Route([get(everyone(200))], named("directory:home")),
    "directory:spokesperson_list": Route(
        [get(everyone(200)), get(everyone(200), query={"former": "on"})],
        named("directory:spokesperson_list"),
    ),
    "directory:spokesperson_list_pdf": Route(
        [get(everyone(200))], named("directory:spokesperson_list_pdf")
    ),
    "directory:agency_list": Route([get(everyone(200))], named("directory:agency_list")),
    "directory:agency_detail": Route(
        [get(everyone(200))], named("directory:agency_detail", agency_slug), OWN_OTHER
    ),
    "directory:spokesperson_edit": Route(
        [
            get(
                roles(
                    anonymous=LOGIN,
                    journalist={"own": 404, "other": 404, "other_published": 403},
                    members={"own": 200, "other": 404, "other_published": 403},
                    every_agency=200,
                )
            ),
            # An empty form is shown again with its errors; nothing changes.
            post(
                roles(
                    anonymous=LOGIN,
                    journalist={"own": 404, "other": 404, "other_published": 403},
                    members={"own": 200, "other": 404, "other_published": 403},
                    every_agency=200,
                ),
                data={},
            ),
        ],
        named("directory:spokesperson_edit", spokesperson_pk),
        SPOKESPERSON_TARGETS,
    ),
    "directory:spokesperson_appoint": Route(
        [
            get(
                roles(
                    anonymous=LOGIN, journalist=403, members=own_other(200, 403), every_agency=200
                )
            ),
            post(
                roles(
                    anonymous=LOGIN,
                    journalist=403,
                    members=own_other(REDIRECT, 403),
                    every_agency=REDIRECT,
                ),
                data=new_appointment_form,
            ),
        ],
        named("directory:spokesperson_appoint", agency_slug),
        OWN_OTHER,
    ),
    "directory:dashboard": Route([get(SIGNED_IN_PAGE)], named("directory:dashboard")),
    # Deadlines.
    "deadlines:deadline_list": Route([get(SIGNED_IN_PAGE)], named("deadlines:deadline_list")),
    "deadlines:deadline_detail": Route(
        [
            get(
                roles(
                    anonymous=LOGIN,
                    journalist=404,
                    members=own_other(200, 404),
                    every_agency=200,
                )
            )
        ],
        named("deadlines:deadline_detail", deadline_pk),
        OWN_OTHER,
    ),
    "deadlines:deadline_waive": Route(
        [
            get(POST_ONLY),
            post(
                roles(
                    anonymous=LOGIN,
                    journalist=404,
                    members=own_other(403, 404),  # only the authorized body excuses
                    every_agency=REDIRECT,
                ),
                data={"reason": "Excused by the ministry"},
            ),
        ],
        named("deadlines:deadline_waive", waivable_pk),
        OWN_OTHER,
    ),
    "deadlines:deadline_complete": Route(
        [
            get(POST_ONLY),
            post(
                roles(
                    anonymous=LOGIN,
                    journalist=404,
                    members=own_other(REDIRECT, 404),
                    every_agency=REDIRECT,
                )
            ),
        ],
        named("deadlines:deadline_complete", deadline_pk),
        OWN_OTHER,
    ),
    "deadlines:deadline_reopen": Route(
        [
            get(POST_ONLY),
            post(
                roles(
                    anonymous=LOGIN,
                    journalist=404,
                    members=own_other(403, 404),  # only the authorized body reopens
                    every_agency=REDIRECT,
                ),
                data={"reason": "Marked done by mistake"},
            ),
        ],
        named("deadlines:deadline_reopen", reopenable_pk),
        OWN_OTHER,
    ),
    "deadlines:deadline_calculator": Route(
        # Rules are public law, but only those who have deadlines have a use for them.
        [
            get(roles(anonymous=LOGIN, journalist=403, members=200, every_agency=200)),
            get(
                roles(anonymous=LOGIN, journalist=403, members=200, every_agency=200),
                query={"rule": "reference-materials", "date": "2026-03-20", "time": "10:00"},
            ),
            get(
                roles(anonymous=LOGIN, journalist=403, members=400, every_agency=400),
                query={"rule": "reference-materials", "date": "9999-12-31"},
            ),
        ],
        named("deadlines:deadline_calculator"),
    ),
    "deadlines:deadline_compliance": Route(
        [get(PAGE_FOR_THE_MINISTRY)], named("deadlines:deadline_compliance")
    ),
    "deadlines:deadline_compliance_xlsx": Route(
        [get(PAGE_FOR_THE_MINISTRY)], named("deadlines:deadline_compliance_xlsx")
    ),
    "deadlines:deadline_feed_regenerate": Route(
        [
            get(POST_ONLY),
            post(roles(anonymous=LOGIN, journalist=403, members=REDIRECT, every_agency=REDIRECT)),
        ],
        named("deadlines:deadline_feed_regenerate"),
    ),
    # Event pages: an agency's members enter their events; the authorized body all.
    "eventgrid:event_list": Route(
        [
            get(roles(anonymous=LOGIN, journalist=403, members=200, every_agency=200)),
            get(
                roles(anonymous=LOGIN, journalist=403, members=400, every_agency=400),
                query={"week": "2026-W54"},
            ),
        ],
        named("eventgrid:event_list"),
    ),
    "eventgrid:event_create": Route(
        [
            get(roles(anonymous=LOGIN, journalist=403, members=200, every_agency=200)),
            # Agency B is not among A's members' agencies: the form again, nothing saved.
            post(
                roles(
                    anonymous=LOGIN,
                    journalist=403,
                    members=own_other(REDIRECT, 200),
                    every_agency=REDIRECT,
                ),
                data=new_event_form,
            ),
        ],
        named("eventgrid:event_create"),
        OWN_OTHER,
    ),
    "eventgrid:event_edit": Route(
        [get(SEE_EVENT_PAGE), post(SEE_EVENT_PAGE, data={})],  # an empty form: shown again
        named("eventgrid:event_edit", event_pk),
        EVENT_TARGETS,
    ),
    "eventgrid:event_announce": Route(
        [get(SEE_EVENT_PAGE), post(SEE_EVENT_PAGE, data={})],  # no action: the form again
        named("eventgrid:event_announce", event_pk),
        EVENT_TARGETS,
    ),
    "eventgrid:event_plan": Route(
        [get(POST_ONLY), post(CHANGE_EVENT_STATE)],
        named("eventgrid:event_plan", event_pk),
        EVENT_TARGETS,
    ),
    "eventgrid:event_publish": Route(
        [get(POST_ONLY), post(CHANGE_EVENT_STATE)],
        named("eventgrid:event_publish", event_pk),
        EVENT_TARGETS,
    ),
    # An event's public page and its documents (000 §3.5): public with the event; a draft's
    # are its agency's and the authorized body's.
    "eventgrid:event_detail": Route(
        [get(SEE_SPOKESPERSON)], named("eventgrid:event_detail", event_pk), EVENT_TARGETS
    ),
    "eventgrid:attachment_download": Route(
        [get(SEE_SPOKESPERSON), post(SEE_SPOKESPERSON)],  # any method: a file to read
        named("eventgrid:attachment_download", attachment_pks),
        EVENT_TARGETS,
    ),
    "eventgrid:attachment_add": Route(
        # No file: the event's page again with the form's error.
        [get(POST_ONLY), post(CHANGE_EVENT_FORM, data={"kind": "resolution"})],
        named("eventgrid:attachment_add", event_pk),
        EVENT_TARGETS,
    ),
    "eventgrid:attachment_remove": Route(
        [get(POST_ONLY), post(CHANGE_EVENT_STATE)],  # removed, back to the event's page
        named("eventgrid:attachment_remove", attachment_pks),
        EVENT_TARGETS,
    ),
    # Co-organisers' input (004 §10): asked of agency A by B ("own"), of B by a third
    # agency ("other"), of B by A ("lead": A reads it, B sends it).
    "eventgrid:contribution_list": Route(
        [
            get(roles(anonymous=LOGIN, journalist=403, members=200, every_agency=200)),
            get(
                roles(anonymous=LOGIN, journalist=403, members=400, every_agency=400),
                query={"state": "lost"},
            ),
        ],
        named("eventgrid:contribution_list"),
    ),
    "eventgrid:contribution_detail": Route(
        [
            get(
                roles(
                    anonymous=LOGIN,
                    journalist=404,
                    members={"own": 200, "other": 404, "lead": 200},
                    every_agency=200,
                )
            ),
            # Nothing written: the form again with its error; the lead only reads.
            post(
                roles(
                    anonymous=LOGIN,
                    journalist=404,
                    members={"own": 400, "other": 404, "lead": 403},
                    every_agency=400,
                ),
                data={},
            ),
        ],
        named("eventgrid:contribution_detail", contribution_pk),
        CONTRIBUTION_TARGETS,
    ),
    # Weekly information (004 §10): the agency's own and the authorized body's.
    "eventgrid:weekly_list": Route(
        [
            get(
                roles(
                    anonymous=LOGIN,
                    journalist={"none": 403, "own": 403, "other": 403, "unknown": 403},
                    members={"none": 200, "own": 200, "other": 403, "unknown": 400},
                    every_agency={"none": 200, "own": 200, "other": 200, "unknown": 400},
                )
            ),
        ],
        lambda world, target: reverse("eventgrid:weekly_list") + _agency_query(world, target),
        WEEK_TARGETS[:4],
    ),
    "eventgrid:weekly_detail": Route(
        [get(week_answers(members=200, every_agency=200))],
        week_path("eventgrid:weekly_detail"),
        WEEK_TARGETS,
    ),
    "eventgrid:weekly_pdf": Route(
        # The progress page: the build is queued (on commit).
        [get(week_answers(members=200, every_agency=200))],
        week_path("eventgrid:weekly_pdf"),
        WEEK_TARGETS,
    ),
    "eventgrid:weekly_submit": Route(
        # Refused (the matrix's drafts lack the appendix's fields) with a message: redirected.
        [get(WEEK_POST_ONLY), post(week_answers(members=REDIRECT, every_agency=REDIRECT))],
        week_path("eventgrid:weekly_submit"),
        WEEK_TARGETS,
    ),
    "eventgrid:weekly_reopen": Route(
        # Nothing submitted for that week: refused with a message, redirected.
        [get(WEEK_POST_ONLY), post(week_answers(members=REDIRECT, every_agency=REDIRECT))],
        week_path("eventgrid:weekly_reopen"),
        WEEK_TARGETS,
    ),
    # The weekly media-grid (004 §11): public, no sign-in; a bad filter is a 400.
    "eventgrid:media_grid_latest": Route(
        [get(everyone(200)), get(everyone(400), query={"format": "party"})],
        named("eventgrid:media_grid_latest"),
    ),
    "eventgrid:media_grid_detail": Route(
        [
            get(everyone({"published": 200, "unpublished": 404})),
            get(everyone({"published": 400, "unpublished": 404}), query={"language": "de"}),
            get(everyone({"published": 404, "unpublished": 404}), query={"version": "9"}),
        ],
        grid_week_path("eventgrid:media_grid_detail"),
        GRID_TARGETS,
    ),
    "eventgrid:media_grid_pdf": Route(
        # The progress page: the version's PDF is queued (on commit); built once.
        [
            get(everyone({"published": 200, "unpublished": 404})),
            get(everyone({"published": 404, "unpublished": 404}), query={"version": "9"}),
        ],
        grid_week_path("eventgrid:media_grid_pdf"),
        GRID_TARGETS,
    ),
    # Event series (000 §3.1–3.3): the agency's own and the authorized body's.
    "eventgrid:series_list": Route(
        [
            get(
                roles(
                    anonymous=LOGIN,
                    journalist=403,
                    members={"none": 200, "own": 200, "other": 200, "unknown": 400},
                    every_agency={"none": 200, "own": 200, "other": 200, "unknown": 400},
                )
            ),
            get(
                roles(anonymous=LOGIN, journalist=403, members=400, every_agency=400),
                query={"period": "2027-13"},
            ),
        ],
        lambda world, target: reverse("eventgrid:series_list") + _agency_query(world, target),
        SERIES_TARGETS[:4],
    ),
    "eventgrid:series_detail": Route(
        [get(series_answers(members=200, every_agency=200))],
        series_path("eventgrid:series_detail"),
        SERIES_TARGETS,
    ),
    # The progress pages of the PDF, the XLSX and the import template (queued on commit).
    **{
        f"eventgrid:series_{name}": Route(
            [get(series_answers(members=200, every_agency=200))],
            series_path(f"eventgrid:series_{name}"),
            SERIES_TARGETS,
        )
        for name in ("pdf", "xlsx", "template")
    },
    # Refused with a message (nothing to submit, nothing to reopen) or done: redirected.
    **{
        f"eventgrid:series_{name}": Route(
            [
                get(SERIES_POST_ONLY),
                post(series_answers(members=REDIRECT, every_agency=REDIRECT)),
            ],
            series_path(f"eventgrid:series_{name}"),
            SERIES_TARGETS,
        )
        for name in ("submit", "reopen")
    },
    # An empty upload or confirmation: a bad request, nothing imported.
    **{
        f"eventgrid:series_{name}": Route(
            [get(SERIES_POST_ONLY), post(series_answers(members=400, every_agency=400))],
            series_path(f"eventgrid:series_{name}"),
            SERIES_TARGETS,
        )
        for name in ("import", "import_confirm")
    },
    "eventgrid:series_import_status": Route(
        # No import with that token: 404 for those who may import.
        [get(series_answers(members=404, every_agency=404))],
        series_path("eventgrid:series_import_status", token="0" * 32),
        SERIES_TARGETS,
    ),
    # The network schedule (000 §3.4): the authorized body's alone.
    "eventgrid:network_schedule_latest": Route(
        [get(roles(anonymous=LOGIN, journalist=403, members=403, every_agency=REDIRECT))],
        named("eventgrid:network_schedule_latest"),
    ),
    **{
        f"eventgrid:{name}": Route(
            [
                get(for_the_ministry(200)),
                get(for_the_ministry(400), query={"format": "party"}),
            ],
            network_path(f"eventgrid:{name}"),
            NETWORK_PATHS,
        )
        for name in ("network_schedule", "network_schedule_pdf", "network_schedule_xlsx")
    },
    # Media-plans (issue 9): the agencies' members and the authorized body. Each agency has
    # a draft plan of 2027 with one incomplete item: starting another is refused (400),
    # submitting it too; no review step applies to a draft (403); empty forms are 400, an
    # empty delete or move is refused with a message on the plan's page.
    "mediaplans:plan_list": Route(
        [get(PLANS_PAGE), get(PLANS_PAGE, query={"state": "draft", "q": "Ministry"})],
        named("mediaplans:plan_list"),
    ),
    "mediaplans:plan_create": Route(
        [
            get(PLANS_PAGE),
            post(
                roles(anonymous=LOGIN, journalist=403, members=400, every_agency=400),
                data=lambda w, t: {"agency": w.agency[t].pk, "year": 2027},
            ),
        ],
        named("mediaplans:plan_create"),
        OWN_OTHER,
    ),
    "mediaplans:thematic_proposals": Route(
        [
            get(PLANS_PAGE),
            post(roles(anonymous=LOGIN, journalist=403, members=400, every_agency=400)),
        ],
        named("mediaplans:thematic_proposals"),
    ),
    "mediaplans:plan_detail": Route(
        [get(PLAN_PAGE)], named("mediaplans:plan_detail", media_plan_pk), OWN_OTHER
    ),
    "mediaplans:plan_revisions": Route(
        [get(PLAN_PAGE), get(plan_answers(400), query={"from": "1.1", "to": "2.1"})],
        named("mediaplans:plan_revisions", media_plan_pk),
        OWN_OTHER,
    ),
    "mediaplans:plan_submit": Route(
        [get(POST_ONLY), post(plan_answers(400))],
        named("mediaplans:plan_submit", media_plan_pk),
        OWN_OTHER,
    ),
    **{
        f"mediaplans:{name}": Route(
            [get(POST_ONLY), post(PLAN_STEP)],
            named(f"mediaplans:{name}", media_plan_pk),
            OWN_OTHER,
        )
        for name in (
            "plan_return",
            "plan_approve",
            "plan_approve_regionally",
            "plan_revision_open",
        )
    },
    "mediaplans:plan_comment": Route(
        [get(POST_ONLY), post(plan_answers(400))],
        named("mediaplans:plan_comment", media_plan_pk),
        OWN_OTHER,
    ),
    "mediaplans:item_add": Route(
        [
            get(POST_ONLY),
            post(plan_answers(400)),
            Check("post", plan_answers(400), data={}, json=True),
        ],
        named("mediaplans:item_add", media_plan_pk),
        OWN_OTHER,
    ),
    "mediaplans:item_edit": Route(
        [get(PLAN_PAGE), post(plan_answers(400))],
        named("mediaplans:item_edit", plan_item_pks),
        OWN_OTHER,
    ),
    **{
        f"mediaplans:{name}": Route(
            [get(POST_ONLY), post(plan_answers(REDIRECT))],
            named(f"mediaplans:{name}", plan_item_pks),
            OWN_OTHER,
        )
        for name in ("item_delete", "item_move")
    },
    # The plan's documents (issue 9 item 1): posted without a file, the plan's page again
    # with the form's error; downloaded by whoever sees the plan, another agency's a 404.
    "mediaplans:attachment_add": Route(
        [get(POST_ONLY), post(plan_answers(400))],
        named("mediaplans:attachment_add", media_plan_pk),
        OWN_OTHER,
    ),
    "mediaplans:attachment_download": Route(
        [get(PLAN_PAGE)],
        named(
            "mediaplans:attachment_download",
            lambda w, t: {"pk": w.media_plan[t].pk, "attachment_pk": w.plan_attachment[t].pk},
        ),
        OWN_OTHER,
    ),
    "mediaplans:attachment_remove": Route(
        [get(POST_ONLY), post(plan_answers(REDIRECT))],
        named(
            "mediaplans:attachment_remove",
            lambda w, t: {"pk": w.media_plan[t].pk, "attachment_pk": w.plan_attachment[t].pk},
        ),
        OWN_OTHER,
    ),
    # The consolidated republican media-plan (000 §2.3): the authorized body's alone. The
    # year has no approved plan: freezing it is refused with a message.
    "mediaplans:consolidated_list": Route(
        [get(PAGE_FOR_THE_MINISTRY)],
        named("mediaplans:consolidated_list", lambda w, t: {"year": 2027}),
    ),
    "mediaplans:consolidated_freeze": Route(
        [
            get(POST_ONLY),
            post(roles(anonymous=LOGIN, journalist=403, members=403, every_agency=REDIRECT)),
        ],
        named("mediaplans:consolidated_freeze", lambda w, t: {"year": 2027}),
    ),
    # A request to freeze an edition, still queued: its progress page.
    "mediaplans:consolidated_freeze_status": Route(
        [get(PAGE_FOR_THE_MINISTRY)],
        named(
            "mediaplans:consolidated_freeze_status",
            lambda w, t: {"year": 2027, "pk": w.consolidated_freeze.pk},
        ),
    ),
    **{
        f"mediaplans:{name}": Route(
            [
                get(PAGE_FOR_THE_MINISTRY),
                get(
                    roles(anonymous=LOGIN, journalist=403, members=403, every_agency=400),
                    query={"month": "13"},
                ),
            ],
            named(f"mediaplans:{name}", lambda w, t: {"year": 2027, "edition": 1}),
        )
        for name in ("consolidated_detail", "consolidated_pdf", "consolidated_xlsx")
    },
    "mediaplans:consolidated_dispatch": Route(
        [
            get(POST_ONLY),
            post(roles(anonymous=LOGIN, journalist=403, members=403, every_agency=400)),
        ],
        named("mediaplans:consolidated_dispatch", lambda w, t: {"year": 2027, "edition": 1}),
    ),
    # Monthly reports (004 §8): the agency's and the authorized body's; the draft plan has no
    # approved revision, so saving is refused (400) and sending asks to save first.
    "mediaplans:report_list": Route(
        [get(PLAN_PAGE)], named("mediaplans:report_list", media_plan_pk), OWN_OTHER
    ),
    "mediaplans:report_detail": Route(
        [get(PLAN_PAGE), post(plan_answers(400))],
        named("mediaplans:report_detail", lambda w, t: {**media_plan_pk(w, t), "month": 3}),
        OWN_OTHER,
    ),
    "mediaplans:report_submit": Route(
        [get(POST_ONLY), post(plan_answers(REDIRECT))],
        named("mediaplans:report_submit", lambda w, t: {**media_plan_pk(w, t), "month": 3}),
        OWN_OTHER,
    ),
    # Summaries (000 §8.2–8.3): the authorized body's, and each agency's own.
    **{
        f"mediaplans:{name}": Route(
            [get(roles(anonymous=LOGIN, journalist=403, members=200, every_agency=200))],
            named(f"mediaplans:{name}", lambda w, t, q=quarter: {"year": 2027, **q}),
        )
        for name, quarter in (
            ("summary_year", {}),
            ("summary_year_pdf", {}),
            ("summary_quarter", {"quarter": 1}),
            ("summary_quarter_pdf", {"quarter": 1}),
        )
    },
    # The XLSX import of items (issue 9 item 2), into a plan its agency may edit: an empty
    # upload or confirmation is a bad request; no import has that token.
    "mediaplans:plan_import": Route(
        [get(PLAN_PAGE), post(plan_answers(400))],
        named("mediaplans:plan_import", media_plan_pk),
        OWN_OTHER,
    ),
    "mediaplans:plan_import_template": Route(
        [get(PLAN_PAGE)], named("mediaplans:plan_import_template", media_plan_pk), OWN_OTHER
    ),
    "mediaplans:plan_import_confirm": Route(
        [get(POST_ONLY), post(plan_answers(400))],
        named("mediaplans:plan_import_confirm", media_plan_pk),
        OWN_OTHER,
    ),
    "mediaplans:plan_import_status": Route(
        [get(plan_answers(404))],
        named(
            "mediaplans:plan_import_status",
            lambda w, t: {**media_plan_pk(w, t), "token": "0" * 32},
        ),
        OWN_OTHER,
    ),
    # The requests desk (issue 10): the public form and secret tracking page, the inbox, a
    # request's page and one POST per transition; the API for staff and by the token.
    # Accreditation (003 §8.3): the journalist's form and list, the agencies' queue, an
    # application's page, files and decisions, the card, the public list and the check of a
    # card; press events (003 §8.4); the API.
    "accreditation:apply": Route(
        [
            get(roles(anonymous=LOGIN, journalist=200, signed_in=403)),
            post(roles(anonymous=LOGIN, journalist=400, signed_in=403), data={}),
        ],
        named("accreditation:apply"),
    ),
    "accreditation:mine": Route([get(SIGNED_IN_PAGE)], named("accreditation:mine")),
    "accreditation:queue": Route(
        [
            get(roles(anonymous=LOGIN, journalist=403, members=200, every_agency=200)),
            get(
                roles(anonymous=LOGIN, journalist=403, members=400, every_agency=400),
                query={"state": "whatever"},
            ),
        ],
        named("accreditation:queue"),
    ),
    **{
        f"accreditation:{name}": Route(
            [get(ACCREDITATION_READ)], named(f"accreditation:{name}", accreditation_pk), OWN_OTHER
        )
        for name in ("detail", "photo", "card")
    },
    "accreditation:document": Route(
        [get(ACCREDITATION_READ)],
        named("accreditation:document", accreditation_document_pks),
        OWN_OTHER,
    ),
    **{
        f"accreditation:{name}": Route(
            [get(POST_ONLY), post(answers)],
            named(f"accreditation:{name}", accreditation_pk),
            OWN_OTHER,
        )
        for name, answers in (
            ("approve", accreditation_answers(decide=403, read=403)),
            ("refuse", accreditation_answers(decide=403, read=403)),
            ("revoke", accreditation_answers(decide=400)),
        )
    },
    "accreditation:public_list": Route(
        [get(everyone(200)), get(everyone(400), query={"kind": "whatever"})],
        named("accreditation:public_list", lambda world, target: {"slug": "agency-a"}),
    ),
    "accreditation:verify": Route(
        [get(everyone({"valid": 200, "invalid": 404})), post(everyone(405))],
        lambda world, target: reverse(
            "accreditation:verify",
            args=[
                accreditation_cards.card_token(world.accreditation["own"].pk)
                if target == "valid"
                else "MQ:forged"
            ],
        ),
        ("valid", "invalid"),
    ),
    "accreditation:press_events": Route([get(SIGNED_IN_PAGE)], named("accreditation:press_events")),
    "accreditation:press_event": Route(
        [get(SEE_EVENT_PAGE)], named("accreditation:press_event", event_pk), EVENT_TARGETS
    ),
    **{
        f"accreditation:{name}": Route(
            [get(POST_ONLY), post(answers)],
            named(f"accreditation:{name}", event_pk),
            EVENT_TARGETS,
        )
        for name, answers in (
            ("press_register", PRESS_REGISTER),
            ("press_unregister", PRESS_REGISTER),
            ("press_question", PRESS_QUESTION),
        )
    },
    "api:accreditation-list": Route(
        [
            get(roles(anonymous=401, signed_in=200)),
            get(roles(anonymous=401, signed_in=400), query={"stat": "applied"}),
        ],
        named("api:accreditation-list"),
    ),
    "api:accreditation-detail": Route(
        [
            get(
                roles(
                    anonymous=401,
                    journalist=own_other(404, 404),
                    members=own_other(200, 404),
                    every_agency=200,
                )
            )
        ],
        named("api:accreditation-detail", accreditation_pk),
        OWN_OTHER,
    ),
    # Decisions (003 §8.3) on the world's accreditations in force: approving or refusing is
    # not possible in that state (403); a revocation posted empty is a 400 for who decides.
    **{
        f"api:accreditation-{name}": Route(
            [
                get(roles(anonymous=401, signed_in=405)),
                post(
                    roles(
                        anonymous=401,
                        journalist=own_other(404, 404),
                        members=own_other(decide, 404),
                        regional_approver=own_other(403, 404),
                        every_agency=decide,
                    ),
                    data={},
                    json=True,
                ),
            ],
            named(f"api:accreditation-{name}", accreditation_pk),
            OWN_OTHER,
        )
        for name, decide in (("approve", 403), ("refuse", 403), ("revoke", 400))
    },
    "requests_desk:request_list": Route(
        [
            get(roles(anonymous=LOGIN, journalist=403, members=200, every_agency=200)),
            get(
                roles(anonymous=LOGIN, journalist=403, members=400, every_agency=400),
                query={"due": "whenever"},
            ),
        ],
        named("requests_desk:request_list"),
    ),
    "requests_desk:request_new": Route(
        [get(everyone(200)), post(everyone(400), data={"requester_email": "x"})],
        named("requests_desk:request_new"),
    ),
    "requests_desk:request_sent": Route([get(everyone(200))], named("requests_desk:request_sent")),
    "requests_desk:request_track": Route(
        [get(everyone({"valid": 200, "invalid": 404})), post(everyone(405))],
        lambda world, target: reverse(
            "requests_desk:request_track",
            args=[world.request_token if target == "valid" else "x" * 43],
        ),
        ("valid", "invalid"),
    ),
    "requests_desk:request_detail": Route(
        [
            get(
                request_answers(
                    press_secretary=200, agency_head=200, ministry_staff=200, regional=200
                )
                | {"superuser": 200}
            )
        ],
        named("requests_desk:request_detail", information_request_pk),
        OWN_OTHER,
    ),
    "requests_desk:request_attachment": Route(
        [
            get(
                request_answers(
                    press_secretary=200, agency_head=200, ministry_staff=200, regional=200
                )
                | {"superuser": 200}
            )
        ],
        named("requests_desk:request_attachment", request_attachment_pks),
        OWN_OTHER,
    ),
    **{
        f"requests_desk:{name}": Route(
            [get(REQUEST_POST_ONLY), post(answers)],
            named(f"requests_desk:{name}", information_request_pk),
            OWN_OTHER,
        )
        for name, answers in (
            ("request_assign", request_answers(press_secretary=400, agency_head=400)),
            ("request_redirect", request_answers(press_secretary=400, agency_head=400)),
            ("answer_draft", request_answers(press_secretary=400, agency_head=400)),
            ("request_extend", request_answers(press_secretary=403, agency_head=400)),
            ("request_refuse", request_answers(press_secretary=403, agency_head=400)),
            ("answer_approve", request_answers(press_secretary=403, agency_head=403)),
            ("answer_send", request_answers(press_secretary=403, agency_head=403)),
            (
                "request_comment",
                request_answers(
                    press_secretary=400, agency_head=400, ministry_staff=400, regional=400
                ),
            ),
        )
    },
    "requests_desk:request_statistics": Route(
        [
            get(roles(anonymous=LOGIN, journalist=403, members=200, every_agency=200)),
            get(
                roles(anonymous=LOGIN, journalist=403, members=400, every_agency=400),
                query={"month": "2026-13"},
            ),
            # The XLSX: its build is queued and the progress page shown.
            get(
                roles(anonymous=LOGIN, journalist=403, members=200, every_agency=200),
                query={"month": "2026-03", "format": "xlsx"},
            ),
        ],
        named("requests_desk:request_statistics"),
    ),
    "requests_desk:reference_list": Route(
        [
            get(roles(anonymous=LOGIN, journalist=403, members=200, every_agency=200)),
            get(
                roles(anonymous=LOGIN, journalist=403, members=400, every_agency=400),
                query={"state": "someday"},
            ),
        ],
        named("requests_desk:reference_list"),
    ),
    "requests_desk:reference_new": Route(
        [
            get(roles(anonymous=LOGIN, journalist=403, members=403, every_agency=200)),
            post(roles(anonymous=LOGIN, journalist=403, members=403, every_agency=400), data={}),
        ],
        named("requests_desk:reference_new"),
    ),
    "requests_desk:reference_detail": Route(
        [get(REFERENCE_READ), post(roles(anonymous=LOGIN, signed_in=405))],
        named("requests_desk:reference_detail", reference_pk),
        OWN_OTHER,
    ),
    "requests_desk:reference_answer": Route(
        [get(reference_answering(200)), post(reference_answering(400), data={})],
        named("requests_desk:reference_answer", reference_answer_pks),
        OWN_OTHER,
    ),
    "requests_desk:reference_file": Route(
        [get(REFERENCE_READ)],
        named("requests_desk:reference_file", reference_file_pks),
        OWN_OTHER,
    ),
    "api:reference-request-list": Route(
        [
            get(roles(anonymous=401, journalist=403, members=200, every_agency=200)),
            get(
                roles(anonymous=401, journalist=403, members=400, every_agency=400),
                query={"topik": "x"},
            ),
        ],
        named("api:reference-request-list"),
    ),
    "api:reference-request-detail": Route(
        [get(roles(anonymous=401, journalist=403, members=own_other(200, 404), every_agency=200))],
        named("api:reference-request-detail", reference_pk),
        OWN_OTHER,
    ),
    "api:reference-request-answer": Route(
        [
            get(roles(anonymous=401, journalist=403, members=405, every_agency=405)),
            post(
                roles(
                    anonymous=401,
                    journalist=403,
                    members=own_other(400, 404),
                    every_agency=400,
                ),
                data={},
            ),
        ],
        named("api:reference-request-answer", reference_pk),
        OWN_OTHER,
    ),
    "api:information-request-list": Route(
        [
            get(roles(anonymous=401, journalist=403, members=200, every_agency=200)),
            get(
                roles(anonymous=401, journalist=403, members=400, every_agency=400),
                query={"stat": "closed"},
            ),
        ],
        named("api:information-request-list"),
    ),
    "api:information-request-detail": Route(
        [
            get(
                roles(
                    anonymous=401,
                    journalist=403,
                    members=own_other(200, 404),
                    every_agency=200,
                )
            )
        ],
        named("api:information-request-detail", information_request_pk),
        OWN_OTHER,
    ),
    # The staff's steps (issue 10 item 11), posted empty: a 400 for whoever may take the
    # step, a 403 for a step not theirs (or not possible in the registered state).
    **{
        f"api:information-request-{name}": Route(
            [
                get(roles(anonymous=401, journalist=403, signed_in=405)),
                post(
                    roles(
                        anonymous=401,
                        journalist=403,
                        press_secretary=own_other(secretary, 404),
                        agency_head=own_other(head, 404),
                        regional_approver=own_other(others, 404),
                        ministry_staff=others,
                        superuser=head,
                    ),
                    data={},
                    json=True,
                ),
            ],
            named(f"api:information-request-{name}", information_request_pk),
            OWN_OTHER,
        )
        for name, secretary, head, others in (
            ("assign", 400, 400, 403),
            ("redirect", 400, 400, 403),
            ("answer", 400, 400, 403),
            ("extend", 403, 400, 403),
            ("refuse", 403, 400, 403),
            ("approve", 403, 403, 403),
            ("send", 403, 403, 403),
            ("comment", 400, 400, 400),
        )
    },
    "api:information-request-statistics": Route(
        [
            get(roles(anonymous=401, journalist=403, members=200, every_agency=200)),
            get(
                roles(anonymous=401, journalist=403, members=400, every_agency=400),
                query={"month": "2026-13"},
            ),
        ],
        named("api:information-request-statistics"),
    ),
    "api:request-status": Route(
        [get(everyone({"valid": 200, "invalid": 404})), post(everyone(405))],
        lambda world, target: reverse(
            "api:request-status",
            args=[world.request_token if target == "valid" else "x" * 43],
        ),
        ("valid", "invalid"),
    ),
    "emergencies:public_list": Route([get(everyone(200))], named("emergencies:public_list")),
    "emergencies:public_detail": Route(
        [get(everyone({"published": 200, "quiet": 404})), post(everyone(405))],
        named("emergencies:public_detail", emergency_pk),
        ("published", "quiet"),
    ),
    "emergencies:incident_list": Route(
        [
            get(EMERGENCY_STAFF),
            get(
                roles(anonymous=LOGIN, journalist=403, members=400, every_agency=400),
                query={"state": "maybe"},
            ),
        ],
        named("emergencies:incident_list"),
    ),
    "emergencies:incident_new": Route(
        [get(EMERGENCY_COORDINATOR), post(EMERGENCY_STEP)],
        named("emergencies:incident_new"),
    ),
    "emergencies:incident_detail": Route(
        [get(EMERGENCY_STAFF)], named("emergencies:incident_detail", emergency_pk)
    ),
    "emergencies:incident_edit": Route(
        [get(EMERGENCY_COORDINATOR), post(EMERGENCY_STEP)],
        named("emergencies:incident_edit", emergency_pk),
    ),
    **{
        f"emergencies:{name}": Route(
            [get(POST_ONLY), post(answers)],
            named(f"emergencies:{name}", emergency_pk),
        )
        for name, answers in (
            ("incident_add_agency", EMERGENCY_STEP),
            ("incident_close", EMERGENCY_STEP),
            (
                "statement_new",
                roles(
                    anonymous=LOGIN,
                    journalist=403,
                    members=400,
                    regional_approver=403,
                    every_agency=400,
                ),
            ),
        )
    },
    "emergencies:statement_edit": Route(
        [
            get(
                roles(
                    anonymous=LOGIN,
                    journalist=403,
                    members=own_other(200, 404),
                    regional_approver=own_other(403, 404),
                    ministry_staff=403,
                    superuser=200,
                )
            ),
            post(
                roles(
                    anonymous=LOGIN,
                    journalist=403,
                    members=own_other(400, 404),
                    regional_approver=own_other(403, 404),
                    ministry_staff=403,
                    superuser=400,
                ),
                data={"text_kk": "", "text_ru": "", "text_en": ""},
            ),
        ],
        named("emergencies:statement_edit", statement_pk),
        OWN_OTHER,
    ),
    "emergencies:statement_publish": Route(
        [
            get(POST_ONLY),
            post(
                roles(
                    anonymous=LOGIN,
                    journalist=403,
                    members=own_other(REDIRECT, 404),
                    regional_approver=own_other(403, 404),
                    ministry_staff=403,
                    superuser=REDIRECT,
                )
            ),
        ],
        named("emergencies:statement_publish", statement_pk),
        OWN_OTHER,
    ),
    "api:emergency-list": Route(
        [get(everyone(200)), get(everyone(400), query={"stat": "open"}), post(everyone(405))],
        named("api:emergency-list"),
    ),
    "api:emergency-detail": Route(
        [
            get(
                roles(
                    anonymous={"published": 200, "quiet": 404},
                    journalist={"published": 200, "quiet": 404},
                    members=200,
                    every_agency=200,
                )
            )
        ],
        named("api:emergency-detail", emergency_pk),
        ("published", "quiet"),
    ),
    # Inbox and profile.
    "notifications:inbox": Route([get(SIGNED_IN_PAGE)], named("notifications:inbox")),
    "notifications:profile": Route(
        [
            get(SIGNED_IN_PAGE),
            post(roles(anonymous=LOGIN, signed_in=REDIRECT), data={"preferred_language": "ru"}),
            post(roles(anonymous=LOGIN, signed_in=400), data={"preferred_language": "xx"}),
            post(
                roles(anonymous=LOGIN, journalist=403, members=REDIRECT, every_agency=REDIRECT),
                data={"action": "feed"},
            ),
            Check("put", roles(anonymous=LOGIN, signed_in=405)),
        ],
        named("notifications:profile"),
    ),
    "notifications:inbox_mark_read": Route(
        [get(POST_ONLY), post(roles(anonymous=LOGIN, signed_in=REDIRECT))],
        named("notifications:inbox_mark_read"),
    ),
    # E-mail subscriptions without an account (issue 8 §5): public; the links are the key.
    "eventgrid:media_grid_subscribe": Route(
        [
            get(everyone(200)),
            post(everyone(REDIRECT), data={"email": "reader@example.kz", "language": "ru"}),
            post(everyone(400), data={"email": "not an address", "language": "ru"}),
            Check("put", everyone(405)),
        ],
        named("eventgrid:media_grid_subscribe"),
    ),
    "notifications:subscription_sent": Route(
        [get(everyone(200)), post(everyone(405))], named("notifications:subscription_sent")
    ),
    "notifications:subscription_confirm": Route(
        [
            get(everyone({"valid": 200, "invalid": 400})),
            post(everyone({"valid": 200, "invalid": 400})),
        ],
        lambda world, target: reverse(
            "notifications:subscription_confirm",
            kwargs={"token": world.subscription_tokens["confirm"] if target == "valid" else "x"},
        ),
        ("valid", "invalid"),
    ),
    "notifications:subscription_unsubscribe": Route(
        [
            get(everyone({"valid": 200, "invalid": 400})),
            post(everyone({"valid": 200, "invalid": 400})),  # one click (RFC 8058)
        ],
        lambda world, target: reverse(
            "notifications:subscription_unsubscribe",
            kwargs={
                "token": world.subscription_tokens["unsubscribe"] if target == "valid" else "x"
            },
        ),
        ("valid", "invalid"),
    ),
    # Signing in and out, passwords (Django's views).
    "login": Route([get(everyone(200))], named("login")),
    "logout": Route([get(everyone(405)), post(everyone(REDIRECT))], named("logout")),
    "password_change": Route(
        [get(SIGNED_IN_PAGE), post(roles(anonymous=LOGIN, signed_in=200), data={})],
        named("password_change"),
    ),
    "password_change_done": Route([get(SIGNED_IN_PAGE)], named("password_change_done")),
    "password_reset": Route(
        [get(everyone(200)), post(everyone(REDIRECT), data={"email": "nobody@example.kz"})],
        named("password_reset"),
    ),
    "password_reset_done": Route([get(everyone(200))], named("password_reset_done")),
    "password_reset_confirm": Route(
        # The e-mailed link is the key: valid, it goes on to the new-password form.
        [get(everyone({"valid": REDIRECT, "invalid": 200}))],
        lambda world, target: reverse(
            "password_reset_confirm",
            kwargs=world.reset_link if target == "valid" else {"uidb64": "MQ", "token": "x-y"},
        ),
        ("valid", "invalid"),
    ),
    "password_reset_complete": Route([get(everyone(200))], named("password_reset_complete")),
    # The admin site's own pages.
    "admin:index": Route(
        [get(roles(anonymous=ADMIN_LOGIN, journalist=ADMIN_LOGIN, members=200, every_agency=200))],
        named("admin:index"),
    ),
    "admin:login": Route(
        [get(roles(anonymous=200, journalist=200, members=REDIRECT, every_agency=REDIRECT))],
        named("admin:login"),
    ),
    "admin:logout": Route(
        [
            get(roles(anonymous=ADMIN_GONE, journalist=ADMIN_GONE, members=405, every_agency=405)),
            # Signed out, to LOGOUT_REDIRECT_URL (the home page).
            post(
                roles(
                    anonymous=ADMIN_GONE,
                    journalist=ADMIN_GONE,
                    members=REDIRECT,
                    every_agency=REDIRECT,
                )
            ),
        ],
        named("admin:logout"),
    ),
    "admin:password_change": Route(
        [get(roles(anonymous=ADMIN_LOGIN, journalist=ADMIN_LOGIN, members=200, every_agency=200))],
        named("admin:password_change"),
    ),
    "admin:password_change_done": Route(
        [get(roles(anonymous=ADMIN_LOGIN, journalist=ADMIN_LOGIN, members=200, every_agency=200))],
        named("admin:password_change_done"),
    ),
    # The authorized body's own admin pages: review an appointment, reorganise an agency.
    "admin:portal_spokesperson_review": Route(
        [
            get(MINISTRY_ADMIN_PAGE),
            post(MINISTRY_ADMIN_PAGE, data={}),  # neither confirm nor a reason: shown again
        ],
        lambda world, target: reverse(
            "admin:portal_spokesperson_review", args=[world.spokesperson[target].pk]
        ),
        OWN_OTHER,
    ),
    # An event's "Postpone, reschedule or cancel" page: for whoever may change the event
    # (not the regional approver, who only views events); another agency's event is refused.
    "admin:eventgrid_event_announce": Route(
        [get(ANNOUNCE_EVENT), post(ANNOUNCE_EVENT, data={})],  # no action: the form again
        lambda world, target: reverse(
            "admin:eventgrid_event_announce", args=[world.event[target].pk]
        ),
        EVENT_TARGETS,
    ),
    # The media-grid's compose and publish pages: the authorized body's alone. Composing
    # nothing of an empty grid changes nothing; publishing it is refused (no event).
    "admin:eventgrid_mediagrid_compose": Route(
        [get(MINISTRY_ADMIN_PAGE), post(GRID_ADMIN_POST, data={})],
        grid_pk_path("admin:eventgrid_mediagrid_compose"),
    ),
    "admin:eventgrid_mediagrid_publish": Route(
        [get(MINISTRY_ADMIN_PAGE), post(GRID_ADMIN_POST, data={})],
        grid_pk_path("admin:eventgrid_mediagrid_publish"),
    ),
    "admin:portal_agency_reorganise": Route(
        [get(MINISTRY_ADMIN_PAGE), post(MINISTRY_ADMIN_PAGE, data={})],
        lambda world, target: reverse(
            "admin:portal_agency_reorganise", args=[world.agency[target].pk]
        ),
        OWN_OTHER,
    ),
    "admin:jsi18n": Route(
        [get(roles(anonymous=ADMIN_LOGIN, journalist=ADMIN_LOGIN, members=200, every_agency=200))],
        named("admin:jsi18n"),
    ),
    "admin:autocomplete": Route(
        # The agency picker of the spokesperson form: it lists the agencies of the user's
        # rows only (checked by the private-data search below for the rest).
        [
            get(
                roles(anonymous=ADMIN_LOGIN, journalist=ADMIN_LOGIN, members=200, every_agency=200),
                query={
                    "app_label": "portal",
                    "model_name": "spokesperson",
                    "field_name": "agency",
                    "term": "",
                },
            )
        ],
        named("admin:autocomplete"),
    ),
    "admin:view_on_site": Route(
        [
            get(
                roles(
                    anonymous=ADMIN_LOGIN,
                    journalist=ADMIN_LOGIN,
                    members=REDIRECT,
                    every_agency=REDIRECT,
                )
            )
        ],
        lambda world, target: reverse(
            "admin:view_on_site",
            kwargs={
                "content_type_id": ContentType.objects.get_for_model(world.agency[target]).pk,
                "object_id": world.agency[target].pk,
            },
        ),
        OWN_OTHER,
    ),
    **{
        f"admin:mediaplans_mediaplan_{step}": Route(
            [get(PLAN_REVIEW_PAGE), post(taken(PLAN_REVIEW_PAGE))],
            lambda world, target, step=step: reverse(
                f"admin:mediaplans_mediaplan_{step}", args=[world.media_plan[target].pk]
            ),
            OWN_OTHER,
        )
        for step in ("approve", "return")
    },
    "admin:mediaplans_mediaplan_regional": Route(
        [get(PLAN_REGIONAL_PAGE), post(taken(PLAN_REGIONAL_PAGE))],
        lambda world, target: reverse(
            "admin:mediaplans_mediaplan_regional", args=[world.media_plan[target].pk]
        ),
        OWN_OTHER,
    ),
    "admin/(?P<url>.*)$": Route(  # the admin's catch-all
        [get(roles(anonymous=ADMIN_LOGIN, journalist=ADMIN_LOGIN, members=404, every_agency=404))],
        lambda world, target: reverse("admin:index") + "no-such-page/",
    ),
    "admin:auth_user_password_change": Route(
        [
            get(
                roles(
                    anonymous=ADMIN_LOGIN,
                    journalist=ADMIN_LOGIN,
                    members=403,
                    every_agency=200,
                )
            )
        ],
        lambda world, target: reverse(
            "admin:auth_user_password_change", kwargs={"id": world.objects["portal.user"][target]}
        ),
        OWN_OTHER,
    ),
}


# --- The admin's models -----------------------------------------------------------------


@dataclass
class AdminModel:
    """What each role may do with a model in the admin, as Django permissions: v(iew),
    a(dd), c(hange), d(elete); the superuser has all four. `scoped`: the rows are those of
    the user's agencies (AgencyScopedAdmin), so agency B's are not there for agency A's
    members. `can_add`/`can_change`/`can_delete`: False where the admin never allows it."""

    perms: dict = field(default_factory=dict)
    scoped: bool = False
    can_add: bool = True
    can_change: bool = True
    can_delete: bool = True

    def allows(self, role, letter) -> bool:
        if letter == "a" and not self.can_add:
            return False
        if letter == "c" and not self.can_change:
            return False
        if letter == "d" and not self.can_delete:
            return False
        return letter in ("vacd" if role == "superuser" else self.perms.get(role, ""))


AGENCY_MEMBER = {"press_secretary": "vc", "agency_head": "vc", "regional_approver": "v"}
ADMIN_MODELS = {
    # Shown only: handed over and taken through its stages on its own pages (002 §8–14).
    "publications.publicationrequest": AdminModel(
        perms={**dict.fromkeys(MEMBERS, "v"), "ministry_staff": "v"},
        scoped=True,
        can_add=False,
        can_change=False,
    ),
    # Shown only: applied for and decided on their own pages (003 §8.3).
    "accreditation.accreditation": AdminModel(
        perms={**dict.fromkeys(MEMBERS, "v"), "ministry_staff": "v"},
        scoped=True,
        can_add=False,
        can_change=False,
    ),
    # Monitoring (issue 11): the ministry keeps outlets, feeds and the lexicon; each agency
    # its matching rules; publications, stories and cases are shown only.
    "monitoring.outlet": AdminModel(perms={**dict.fromkeys(MEMBERS, "v"), "ministry_staff": "vac"}),
    "monitoring.feed": AdminModel(perms={"ministry_staff": "vac"}),
    **{
        key: AdminModel(
            perms={**dict.fromkeys(MEMBERS, "v"), "ministry_staff": "v"},
            can_add=False,
            can_change=False,
        )
        for key in ("monitoring.publication", "monitoring.story")
    },
    "monitoring.agencyrule": AdminModel(
        perms={
            **AGENCY_MEMBER,
            "press_secretary": "vac",
            "agency_head": "vac",
            "ministry_staff": "vacd",
        },
        scoped=True,
    ),
    "monitoring.toneword": AdminModel(perms={"ministry_staff": "vacd"}),
    "monitoring.resonancecase": AdminModel(
        perms={**dict.fromkeys(MEMBERS, "v"), "ministry_staff": "v"},
        scoped=True,
        can_add=False,
        can_change=False,
    ),
    "monitoring.savedsearch": AdminModel(can_add=False, can_change=False),
    "auth.group": AdminModel(),
    "authtoken.tokenproxy": AdminModel(),
    "axes.accessattempt": AdminModel(can_add=False),
    "axes.accesslog": AdminModel(can_add=False),
    "axes.accessfailurelog": AdminModel(can_add=False),
    "django_celery_beat.periodictask": AdminModel(perms={"ministry_staff": "vc"}),
    "django_celery_beat.clockedschedule": AdminModel(),
    "django_celery_beat.crontabschedule": AdminModel(),
    "django_celery_beat.solarschedule": AdminModel(),
    "django_celery_beat.intervalschedule": AdminModel(),
    "portal.agency": AdminModel(perms={**AGENCY_MEMBER, "ministry_staff": "vac"}, scoped=True),
    "portal.spokesperson": AdminModel(
        perms={
            "press_secretary": "vac",
            "agency_head": "vac",
            "regional_approver": "v",
            "ministry_staff": "vac",
        },
        scoped=True,
    ),
    "portal.user": AdminModel(perms={"ministry_staff": "vac"}),
    "portal.membership": AdminModel(perms={"ministry_staff": "vacd"}),
    "portal.calendarcorrection": AdminModel(perms={"ministry_staff": "vacd"}),
    "notifications.notification": AdminModel(
        perms={"ministry_staff": "v"}, can_add=False, can_change=False
    ),
    "deadlines.deadlinerule": AdminModel(perms={"ministry_staff": "vac"}),
    "deadlines.deadline": AdminModel(
        perms={"press_secretary": "v", "agency_head": "v", "ministry_staff": "vc"},
        scoped=True,
        can_add=False,
    ),
    "deadlines.calendarfeed": AdminModel(can_add=False),
    "documents.storeddocument": AdminModel(can_add=False, can_change=False),
    # The operators' view of the webhooks (issue 12 §5): the superuser's, read-only.
    **{
        key: AdminModel(can_add=False, can_change=False, can_delete=False)
        for key in ("webhooks.webhookendpoint", "webhooks.webhookdelivery")
    },
    "eventgrid.event": AdminModel(
        perms={
            **AGENCY_MEMBER,
            "press_secretary": "vac",
            "agency_head": "vac",
            "ministry_staff": "vac",
        },
        scoped=True,
    ),
    # The authorized body's only: composed ("add") and published on its own pages.
    "eventgrid.mediagrid": AdminModel(perms={"ministry_staff": "va"}, can_change=False),
    # Shown only: repeating events are made and changed on the event's page.
    "eventgrid.eventrecurrence": AdminModel(
        perms={**dict.fromkeys(MEMBERS, "v"), "ministry_staff": "v"},
        scoped=True,
        can_add=False,
        can_change=False,
    ),
    # Shown only: submitted and reopened on the weekly information's pages.
    "eventgrid.weeklyinformation": AdminModel(
        perms={**dict.fromkeys(MEMBERS, "v"), "ministry_staff": "v"},
        scoped=True,
        can_add=False,
        can_change=False,
    ),
    # Media-plans (issue 9): made and changed through the services; reviewed on their pages.
    "mediaplans.mediaplan": AdminModel(
        perms={
            **AGENCY_MEMBER,
            "press_secretary": "vac",
            "agency_head": "vac",
            "ministry_staff": "vac",
        },
        scoped=True,
    ),
    # Shown only: frozen, sent or proposed through the services.
    **{
        key: AdminModel(
            perms={**dict.fromkeys(MEMBERS, "v"), "ministry_staff": "v"},
            scoped=True,
            can_add=False,
            can_change=False,
        )
        for key in (
            "mediaplans.planrevision",
            "mediaplans.monthlyreport",
            "mediaplans.thematicproposal",
        )
    },
    "mediaplans.consolidatedplan": AdminModel(
        perms={"ministry_staff": "v"}, can_add=False, can_change=False
    ),
    # The requests desk (issue 10): requests are shown and stepped through the services;
    # reference requests shown only (asked and answered on the pages); answer templates kept
    # by the press office.
    "requests_desk.informationrequest": AdminModel(
        perms={**AGENCY_MEMBER, "ministry_staff": "vc"}, scoped=True, can_add=False
    ),
    "requests_desk.referencerequest": AdminModel(
        perms={**dict.fromkeys(MEMBERS, "v"), "ministry_staff": "v"},
        scoped=True,
        can_add=False,
        can_change=False,
    ),
    "requests_desk.answertemplate": AdminModel(
        perms={
            **AGENCY_MEMBER,
            "press_secretary": "vac",
            "agency_head": "vac",
            "ministry_staff": "vac",
        },
        scoped=True,
    ),
    # Shown only: submitted, reopened and imported on the event series' pages.
    "eventgrid.eventseries": AdminModel(
        perms={**dict.fromkeys(MEMBERS, "v"), "ministry_staff": "v"},
        scoped=True,
        can_add=False,
        can_change=False,
    ),
    # Emergencies (000 §5): shown only, made on their pages; drafts only to their agency.
    "emergencies.incident": AdminModel(
        perms={**dict.fromkeys(MEMBERS, "v"), "ministry_staff": "v"},
        can_add=False,
        can_change=False,
    ),
    "emergencies.officialstatement": AdminModel(
        perms={**dict.fromkeys(MEMBERS, "v"), "ministry_staff": "v"},
        scoped=True,
        can_add=False,
        can_change=False,
    ),
}


def _staff_only(table: dict) -> dict:
    return {**table, "anonymous": ADMIN_LOGIN, "journalist": ADMIN_LOGIN}


def _per_role(answer) -> dict:
    """An admin answer per role and target, from `answer(role, target)`."""
    return _staff_only(
        {role: {target: answer(role, target) for target in OWN_OTHER} for role in ROLES}
    )


def admin_routes(key: str, model: AdminModel) -> dict[str, Route]:
    app_label, model_name = key.split(".")
    prefix = f"admin:{app_label}_{model_name}"

    def visible(role, target):
        return not (model.scoped and role in MEMBERS and target == "other")

    def sees(role):
        return model.allows(role, "v") or model.allows(role, "c")

    def object_page(letter, *, missing_first=False, success=200):
        """Django checks the permission, then whether the row is in the user's rows (the
        history page the other way round)."""

        def answer(role, target):
            allowed = sees(role) if letter == "vc" else model.allows(role, letter)
            if missing_first and not visible(role, target):
                return ADMIN_GONE
            if not allowed:
                return 403
            return success if visible(role, target) else ADMIN_GONE

        return _per_role(answer)

    def by_pk(url_name):
        def path(world, target):
            return reverse(url_name, args=[world.objects[key][target]])

        return path

    listing = _staff_only({role: 200 if sees(role) else 403 for role in ROLES})
    adding = _staff_only({role: 200 if model.allows(role, "a") else 403 for role in ROLES})
    return {
        f"{prefix}_changelist": Route([get(listing)], named(f"{prefix}_changelist")),
        f"{prefix}_add": Route([get(adding), post(adding, data={})], named(f"{prefix}_add")),
        f"{prefix}_change": Route(
            [
                get(object_page("vc")),
                # An empty form: shown again with its errors, or saved where every field is
                # read-only for the user.
                post(object_page("c", success=TAKEN), data={}),
            ],
            by_pk(f"{prefix}_change"),
            OWN_OTHER,
        ),
        f"{prefix}_delete": Route(
            # An empty POST shows the confirmation, it deletes nothing.
            [get(object_page("d")), post(object_page("d"), data={})],
            by_pk(f"{prefix}_delete"),
            OWN_OTHER,
        ),
        f"{prefix}_history": Route(
            [get(object_page("vc", missing_first=True))], by_pk(f"{prefix}_history"), OWN_OTHER
        ),
        # The bare object address redirects to its change page.
        f"admin/{app_label}/{model_name}/<path:object_id>/": Route(
            [get(_staff_only(dict.fromkeys(ROLES, REDIRECT)))],
            lambda world, target: reverse(f"{prefix}_changelist") + f"{world.objects[key]['own']}/",
        ),
    }


def admin_app_routes() -> dict[str, Route]:
    """Each app's index in the admin: for a role that may see none of its models, a 404."""
    apps = sorted({key.split(".")[0] for key in ADMIN_MODELS})

    def answer(role, app):
        models = [model for key, model in ADMIN_MODELS.items() if key.split(".")[0] == app]
        return (
            200 if any(model.allows(role, letter) for model in models for letter in "vacd") else 404
        )

    return {
        "admin:app_list": Route(
            [get(_staff_only({role: {app: answer(role, app) for app in apps} for role in ROLES}))],
            lambda world, app: reverse("admin:app_list", kwargs={"app_label": app}),
            tuple(apps),
        )
    }


def matrix() -> dict[str, Route]:
    table = dict(ROUTES)
    table.update(admin_app_routes())
    for key, model in ADMIN_MODELS.items():
        table.update(admin_routes(key, model))
    return table


# --- Every route is in the table --------------------------------------------------------


def route_keys(resolver=None, namespace="", prefix=""):
    """(key, callback) of every URL pattern: `namespace:name`, or the pattern itself (without
    the language prefix) when the pattern has no name."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            text = "" if isinstance(pattern.pattern, LocalePrefixPattern) else str(pattern.pattern)
            yield from route_keys(pattern, inner, prefix + text)
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                yield ":".join(part for part in (namespace, pattern.name) if part)
            else:
                yield prefix + str(pattern.pattern)


def test_every_route_is_in_the_matrix():
    declared = matrix()
    registered = {
        f"{model._meta.app_label}.{model._meta.model_name}" for model in admin.site._registry
    }
    unknown_models = sorted(registered - set(ADMIN_MODELS))
    assert not unknown_models, (
        f"Models in the admin without an entry in ADMIN_MODELS: {unknown_models}. "
        "Say what each role may do with them."
    )
    routes = set(route_keys())
    missing = sorted(routes - set(declared))
    assert not missing, (
        f"Routes without an entry in the permission matrix: {missing}. Add each to ROUTES "
        "in tests/test_permission_matrix.py with the answer every role must get."
    )
    stale = sorted(set(declared) - routes)
    assert not stale, f"The matrix names routes that do not exist: {stale}"


# --- The world the routes are asked about -----------------------------------------------

SECRET = "PERMISSION-MATRIX-SECRET"


class World:
    """Agencies A and B; in each a published and an unpublished appointment (their surnames
    and mobile phones are marked), two open deadlines, a press secretary with a calendar
    feed, a token and a notification. The roles of the matrix are of agency A."""

    def __init__(self):
        self.agency = {
            "own": AgencyFactory(slug="agency-a"),
            "other": AgencyFactory(slug="agency-b"),
        }
        self.private = {}  # agency target → marked strings only its members may read
        self.spokesperson = {}
        for target in OWN_OTHER:
            agency = self.agency[target]
            unpublished = _marked_spokesperson(
                agency, f"{target}-unpublished", confirmed_at=None, post="unit"
            )
            published = _marked_spokesperson(agency, f"{target}-published")
            self.spokesperson[target] = unpublished
            self.spokesperson[f"{target}_published"] = published
            self.private[target] = [
                unpublished.surname_en,
                unpublished.mobile_phone,
                published.mobile_phone,
            ]
        self.event = {}
        for target in OWN_OTHER:
            draft_title = f"{SECRET}-event-{target}-draft"
            self.event[target] = EventFactory(
                agency=self.agency[target],
                state="draft",
                title_kk=draft_title,
                title_ru=draft_title,
                title_en=draft_title,
            )
            self.private[target].append(draft_title)
        self.event["other_published"] = EventFactory(agency=self.agency["other"])
        # Media-plans (issue 9): each agency's draft plan of 2027, and an empty frozen
        # edition of the republican plan (000 §2.3).
        self.media_plan = {
            target: MediaPlan.objects.create(agency=self.agency[target], year=2027)
            for target in OWN_OTHER
        }
        # One item in each, without a month or quarter: submitting is refused (400).
        self.plan_item = {
            target: PlanItem.objects.create(
                plan=self.media_plan[target],
                position=1,
                strategic_direction_kk="Цифрландыру",
                topic_kk="Электрондық үкімет",
            )
            for target in OWN_OTHER
        }
        # A submission of each plan, frozen with its item, and an empty report of January.
        self.plan_revision = {
            target: PlanRevision.objects.create(
                plan=self.media_plan[target],
                number=1,
                submitted_at=timezone.now(),
                snapshot=plan_snapshot([self.plan_item[target]]),
            )
            for target in OWN_OTHER
        }
        self.plan_report = {
            target: MonthlyReport.objects.create(plan=self.media_plan[target], month=1)
            for target in OWN_OTHER
        }
        self.plan_attachment = {
            target: mediaplans_services.attachment_add(
                plan=self.media_plan[target],
                title="Тұжырымдама",
                file=SimpleUploadedFile("concept.pdf", b"%PDF-1.4\n%%EOF\n"),
            )
            for target in OWN_OTHER
        }
        # Requests (issue 10): each agency's, its text private to the agency.
        self.information_request = {}
        for target in OWN_OTHER:
            text = f"{SECRET}-request-{target}"
            case, token = requests_services.request_receive(
                agency=self.agency[target],
                channel="feedback",
                requester_name="Айгүл",
                requester_email=f"{target}@example.kz",
                text=text,
                language="kk",
                files=[SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n")],
            )
            self.information_request[target] = case
            self.private[target].append(text)
            if target == "own":
                self.request_token = token
        # Accreditation (003 §8.3): each agency's, in force, of a journalist who is none of
        # the roles; the applicant's contacts private to the agency.
        self.accreditation = {}
        for target in OWN_OTHER:
            applicant = UserFactory()
            MembershipFactory(user=applicant, role=Role.JOURNALIST, agency=None)
            email = f"{SECRET}-accreditation-{target}@example.kz"
            applied = accreditation_services.accreditation_apply(
                journalist=applicant,
                agency=self.agency[target],
                full_name=f"Journalist {target}",
                outlet="Kazinform",
                position="Correspondent",
                phone="+7 701 234 56 78",
                email=email,
                photo=SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32),
                kind="permanent",
                documents=[SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n%%EOF\n")],
            )
            self.accreditation[target] = accreditation_services.accreditation_approve(
                accreditation=applied, by=None
            )
            self.private[target].append(email)
        self.reference, self.reference_file = {}, {}
        for target in OWN_OTHER:
            agency = self.agency[target]
            self.reference[target] = requests_services.reference_request_create(
                by=None, topic="Статистика", kinds=["statistics"], text="Сұрау", agencies=[agency]
            )
            answered = requests_services.reference_request_create(
                by=None,
                topic="Түсініктеме",
                kinds=["explanations"],
                text="Сұрау",
                agencies=[agency],
            ).answers.get()
            text = f"{SECRET}-reference-{target}"
            requests_services.reference_answer(
                answer=answered,
                by=None,
                text=text,
                files=[SimpleUploadedFile("table.pdf", b"%PDF-1.4\n%%EOF\n")],
            )
            self.reference_file[target] = answered.files.get()
            self.private[target].append(text)
        self.consolidated = ConsolidatedPlan.objects.create(
            year=2027, edition=1, frozen_at=timezone.now(), snapshot={"plans": []}
        )
        self.consolidated_freeze = ConsolidatedFreeze.objects.create(
            year=2027, language="kk", queued_at=timezone.now()
        )
        self.weekly = {
            target: WeeklyInformation.objects.create(
                agency=self.agency[target],
                week_start=MATRIX_WEEK - dt.timedelta(days=7),
                state="submitted",
                submitted_at=dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC),
                snapshot=weekly_snapshot([self.event[target]]),  # with the draft's title
            )
            for target in OWN_OTHER
        }
        self.series = {
            target: EventSeries.objects.create(
                agency=self.agency[target],
                period="month",
                starts_on=dt.date(2027, 1, 1),
                state="submitted",
                submitted_at=dt.datetime(2026, 12, 20, 12, tzinfo=dt.UTC),
                snapshot=weekly_snapshot([self.event[target]]),  # with the draft's title
            )
            for target in OWN_OTHER
        }
        self.deadline = {t: DeadlineFactory(agency=self.agency[t]) for t in OWN_OTHER}
        self.waivable = {t: DeadlineFactory(agency=self.agency[t]) for t in OWN_OTHER}
        self.reopenable = {
            t: DeadlineFactory(agency=self.agency[t], state="done_late") for t in OWN_OTHER
        }
        self.users = {"anonymous": None}
        for role, membership in (
            ("journalist", Role.JOURNALIST),
            ("press_secretary", Role.PRESS_SECRETARY),
            ("agency_head", Role.AGENCY_HEAD),
            ("regional_approver", Role.REGIONAL_APPROVER),
        ):
            user = UserFactory()
            agency = None if membership == Role.JOURNALIST else self.agency["own"]
            MembershipFactory(user=user, role=membership, agency=agency)
            self.users[role] = user
        self.users["ministry_staff"] = UserFactory()
        MembershipFactory(
            user=self.users["ministry_staff"],
            role=Role.AUTHORIZED_STAFF,
            agency=AgencyFactory(kind="authorized"),
        )
        self.users["superuser"] = UserFactory(is_superuser=True, is_staff=True)
        self._emergencies()
        ministry = self.users["ministry_staff"]
        published_grid = eventgrid_services.media_grid_compose(week_start=MATRIX_WEEK, by=ministry)
        eventgrid_services.media_grid_set_entries(
            grid=published_grid, event_ids=[self.event["other_published"].pk], by=ministry
        )
        eventgrid_services.media_grid_publish(grid=published_grid, by=ministry)
        self.media_grid = {
            "published": published_grid,
            "unpublished": eventgrid_services.media_grid_compose(
                week_start=MATRIX_WEEK + dt.timedelta(days=7), by=ministry
            ),
        }
        press = {"own": self.users["press_secretary"], "other": UserFactory()}
        membership_b = MembershipFactory(
            user=press["other"], role=Role.PRESS_SECRETARY, agency=self.agency["other"]
        )
        self.notification_secret = {}
        feeds, notifications, tokens = {}, {}, {}
        for target, user in press.items():
            feeds[target] = CalendarFeed.objects.create(user=user)
            tokens[target] = Token.objects.create(user=user)
            secret = f"{SECRET}-notification-{target}"
            notifications[target] = Notification.objects.create(
                recipient=user, key=f"matrix:{target}", subject=secret, body_text=secret
            )
            self.notification_secret[user.pk] = secret
        # Agency B's press secretary's: no role of the matrix can regenerate it meanwhile.
        self.feed_token = feeds["other"].token
        self.reset_link = {
            "uidb64": urlsafe_base64_encode(force_bytes(press["other"].pk)),
            "token": default_token_generator.make_token(press["other"]),
        }
        group = Group.objects.get(name=Role.PRESS_SECRETARY)
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog
        from django_celery_beat.models import (
            ClockedSchedule,
            CrontabSchedule,
            IntervalSchedule,
            PeriodicTask,
            SolarSchedule,
        )

        interval = IntervalSchedule.objects.create(every=10, period="minutes")
        access = {"user_agent": "matrix", "ip_address": "10.0.0.1", "http_accept": "*/*"}
        single = {
            "auth.group": group,
            "axes.accessattempt": AccessAttempt.objects.create(
                **access, username="someone", get_data="", post_data="", failures_since_start=1
            ),
            "axes.accesslog": AccessLog.objects.create(**access, username="someone"),
            "axes.accessfailurelog": AccessFailureLog.objects.create(**access, username="someone"),
            "django_celery_beat.periodictask": PeriodicTask.objects.create(
                name="matrix", task="matrix.task", interval=interval
            ),
            "django_celery_beat.clockedschedule": ClockedSchedule.objects.create(
                clocked_time=dt.datetime(2026, 5, 15, 12, tzinfo=dt.UTC)
            ),
            "django_celery_beat.crontabschedule": CrontabSchedule.objects.create(minute="5"),
            "django_celery_beat.solarschedule": SolarSchedule.objects.create(
                event="sunrise", latitude=51.17, longitude=71.45
            ),
            "django_celery_beat.intervalschedule": interval,
            "portal.calendarcorrection": CalendarCorrectionFactory(
                date=dt.date(2026, 12, 31), kind="day_off"
            ),
            "deadlines.deadlinerule": DeadlineRule.objects.order_by("pk").first(),
            "documents.storeddocument": StoredDocument.objects.create(
                kind="directory",
                language="en",
                version=0,
                filter_key="matrix",
                queued_at=dt.datetime(2026, 5, 15, 12, tzinfo=dt.UTC),
            ),
        }
        self.objects = {key: {t: obj.pk for t in OWN_OTHER} for key, obj in single.items()}
        self.objects.update(
            {
                "authtoken.tokenproxy": {t: press[t].pk for t in OWN_OTHER},
                "portal.agency": {t: self.agency[t].pk for t in OWN_OTHER},
                "portal.spokesperson": {t: self.spokesperson[t].pk for t in OWN_OTHER},
                "portal.user": {t: press[t].pk for t in OWN_OTHER},
                "portal.membership": {
                    "own": press["own"].memberships.get().pk,
                    "other": membership_b.pk,
                },
                "notifications.notification": {t: notifications[t].pk for t in OWN_OTHER},
                "deadlines.deadline": {t: self.deadline[t].pk for t in OWN_OTHER},
                "deadlines.calendarfeed": {t: feeds[t].pk for t in OWN_OTHER},
                "eventgrid.event": {t: self.event[t].pk for t in OWN_OTHER},
                "eventgrid.eventrecurrence": {
                    t: EventRecurrence.objects.create(
                        agency=self.agency[t],
                        rule="FREQ=WEEKLY;COUNT=2",
                        first_starts_at=self.event[t].starts_at,
                        duration=dt.timedelta(hours=1),
                    ).pk
                    for t in OWN_OTHER
                },
                "eventgrid.weeklyinformation": {t: self.weekly[t].pk for t in OWN_OTHER},
                "eventgrid.eventseries": {t: self.series[t].pk for t in OWN_OTHER},
                "accreditation.accreditation": {t: self.accreditation[t].pk for t in OWN_OTHER},
                "mediaplans.mediaplan": {t: self.media_plan[t].pk for t in OWN_OTHER},
                "mediaplans.planrevision": {t: self.plan_revision[t].pk for t in OWN_OTHER},
                "mediaplans.monthlyreport": {t: self.plan_report[t].pk for t in OWN_OTHER},
                "mediaplans.thematicproposal": {
                    t: ThematicProposal.objects.create(
                        agency=self.agency[t],
                        due_on=dt.date(2027, 1, 1),
                        text_kk="Ұсыныстар",
                        submitted_at=timezone.now(),
                    ).pk
                    for t in OWN_OTHER
                },
                "mediaplans.consolidatedplan": dict.fromkeys(OWN_OTHER, self.consolidated.pk),
                "requests_desk.informationrequest": {
                    t: self.information_request[t].pk for t in OWN_OTHER
                },
                "requests_desk.referencerequest": {t: self.reference[t].pk for t in OWN_OTHER},
                "requests_desk.answertemplate": {
                    t: AnswerTemplate.objects.create(
                        agency=self.agency[t],
                        title="Жауап үлгісі",
                        body_kk="Құрметті өтініш беруші",
                    ).pk
                    for t in OWN_OTHER
                },
                "emergencies.incident": {
                    "own": self.emergency["published"].pk,
                    "other": self.emergency["quiet"].pk,
                },
                "emergencies.officialstatement": {
                    t: self.emergency_statement[t].pk for t in OWN_OTHER
                },
                "eventgrid.mediagrid": {
                    "own": self.media_grid["published"].pk,
                    "other": self.media_grid["unpublished"].pk,
                },
            }
        )
        # A document on each event (000 §3.5), and input asked of co-organisers (004 §10).
        self.attachment = {
            target: eventgrid_services.attachment_add(
                event=event,
                kind="resolution",
                title="Шешім",
                file=SimpleUploadedFile("decision.pdf", b"%PDF-1.4\n%%EOF\n"),
            )
            for target, event in self.event.items()
        }
        third = AgencyFactory(slug="agency-c")
        self.contribution = {}
        for target, lead, asked in (
            ("own", self.agency["other"], self.agency["own"]),
            ("other", third, self.agency["other"]),
            ("lead", self.agency["own"], self.agency["other"]),
        ):
            shared = EventFactory(agency=lead, state="draft")
            shared.co_organisers.add(asked)
            eventgrid_services.event_plan(event=shared)
            self.contribution[target] = shared.contributions.get()
        # Webhook endpoints of agency A's and B's press secretaries (issue 8 §6): each its
        # owner's alone, its secret never shown to anyone else; an e-mail subscription
        # waiting for its confirmation (issue 8 §5).
        self.webhook = {
            target: webhook_endpoint_create(
                owner=press[target],
                url="https://93.184.215.14/hook",
                event_types=["grid.published"],
            )
            for target in OWN_OTHER
        }
        self.private["other"].append(self.webhook["other"].secret)
        message = WebhookMessage.objects.create(
            msg_id="msg_matrix", key="matrix", event_type="grid.published", payload={}
        )
        deliveries = {
            target: WebhookDelivery.objects.create(
                endpoint=self.webhook[target], message=message, next_attempt_at=timezone.now()
            )
            for target in OWN_OTHER
        }
        self.objects["webhooks.webhookendpoint"] = {t: self.webhook[t].pk for t in OWN_OTHER}
        self.objects["webhooks.webhookdelivery"] = {t: deliveries[t].pk for t in OWN_OTHER}
        subscription = subscription_request(
            email="matrix@example.kz", language="en", topic="media-grid"
        )
        self.subscription_tokens = {
            "confirm": signing.dumps(
                {"s": subscription.pk, "l": "en", "i": int(time.time())}, salt=CONFIRM_SALT
            ),
            "unsubscribe": subscription.unsubscribe_token,
        }

        monitoring_world(self)
        publications_world(self)

    def _emergencies(self):
        """Emergencies (000 §5): see `emergency_pk` above."""
        staff = self.users["ministry_staff"]
        ministry = staff.memberships.get().agency
        self.emergency = {}
        for key in ("published", "quiet"):
            self.emergency[key] = emergencies_services.incident_open(
                by=staff,
                coordinator=ministry,
                title={"kk": f"Төтенше жағдай {key}"},
                kind="natural",
                started_at=timezone.now() - dt.timedelta(hours=1),
                agencies=[self.agency["own"], self.agency["other"]],
            )
        public = emergencies_services.statement_draft(
            incident=self.emergency["published"],
            agency=ministry,
            by=staff,
            text={"kk": "Мәлімдеме", "ru": "Заявление", "en": "Statement"},
        )
        emergencies_services.statement_publish(statement=public, by=staff)
        self.emergency_statement = {}
        for target in OWN_OTHER:
            text = f"{SECRET}-statement-{target}"
            self.emergency_statement[target] = emergencies_services.statement_draft(
                incident=self.emergency["published"],
                agency=self.agency[target],
                by=None,
                text={"kk": text},
            )
            self.private[target].append(text)

    def forbidden_text(self, role) -> list[str]:
        """What `role` must never read: the private data of the agencies it is not a member
        of, and other people's notifications."""
        if role in EVERY_AGENCY:
            return []
        user = self.users[role]
        secrets = list(self.private["other"])
        if role not in MEMBERS:
            secrets += self.private["own"]
        secrets += [
            secret
            for recipient, secret in self.notification_secret.items()
            if user is None or recipient != user.pk
        ]
        return secrets


PRIVATE_PHONES = ["own-unpublished", "own-published", "other-unpublished", "other-published"]


def _marked_spokesperson(agency, label, **fields):
    surname = f"{SECRET}-{label}"
    return SpokespersonFactory(
        agency=agency,
        surname_kk=surname,
        surname_ru=surname,
        surname_en=surname,
        # A real number (an edit validates it), one per entry, searched for in every answer.
        mobile_phone=f"+7 701 {PRIVATE_PHONES.index(label) + 100} 0077",
        **fields,
    )


# --- Asking every route as every role ---------------------------------------------------


def _request(client, check: Check, url, world, target):
    data = check.data(world, target) if callable(check.data) else check.data
    method = getattr(client, check.method)
    if check.json:
        return method(url, data=json.dumps(data), content_type="application/json")
    if check.method in ("get", "head", "options", "delete"):
        return method(url, data=check.query)
    return method(url, data=data or {})


# Each role's routes in three parts, so that the 21 tests spread over the workers of
# `make test` (pytest-xdist): the admin's pages, the API, and the site's own pages.
PARTS = ("admin", "api", "pages")


def part_of(key: str) -> str:
    return next((part for part in PARTS[:2] if key.startswith(part)), "pages")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One World for every role and part (of each xdist worker), built in a transaction that
    is rolled back after the module (tests/demo.py). Each test asks its routes in a
    transaction of its own, rolled back too, so each starts from the same, untouched World,
    its stored files in the folder `world.media_root`."""
    with shared_data(django_db_blocker, tmp_path_factory, AXES_ENABLED=False) as media:
        with django_db_blocker.unblock():
            world = World()
        world.media_root = str(media)
        yield world


@pytest.mark.django_db
@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("role", ROLES)
def test_the_matrix(role, part, world, settings):
    settings.AXES_ENABLED = False  # no sign-in by password happens here; no lockout either
    settings.MEDIA_ROOT = world.media_root
    user = world.users[role]
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    forbidden = [text.encode() for text in world.forbidden_text(role)]
    wrong, leaks = [], []
    for key, route in sorted(matrix().items()):
        if part_of(key) != part:
            continue
        for target in route.targets:
            url = route.path(world, target)
            for check in route.checks:
                expected = check.expected[role]
                if isinstance(expected, dict):
                    expected = expected[target]
                response = _request(client, check, url, world, target)
                where = f"{check.method.upper()} {key}" + (f" [{target}]" if target else "")
                if not matches(expected, response):
                    got = response.status_code
                    if got == 302:
                        got = f"302→{response['Location']}"
                    wrong.append(f"{where}: expected {expected!r}, got {got}")
                body = response.content if not getattr(response, "streaming", False) else b""
                leaks += [f"{where}: {text.decode()}" for text in forbidden if text in body]
                if key in ("logout", "admin:logout") and user is not None:
                    client.force_login(user)  # signed out by the route: sign in again
    problems = [f"{len(wrong)} answers differ from the matrix:", *wrong] if wrong else []
    if leaks:
        problems += [f"{len(leaks)} answers show what {role} must not read:", *leaks]
    assert not problems, f"{role}: " + "\n".join(problems)
