"""The API keeps its schema: schemathesis fuzzes every operation of /api/v1/schema/, for an
anonymous client and for a press secretary's token, and checks each answer (no 5xx; status,
content type, headers and body as documented; schema-violating input refused, valid input
accepted).

Bounded and repeatable: a fixed seed, derandomized generation, a few examples per operation.
Requests go through Django's WSGI application inside each test's transaction, so the answers
come from the small world below. Path ids and agency slugs are drawn from that world, so
valid requests reach real objects (a random id would only ever meet the 404)."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from mediaplans.models import MediaPlan, PlanItem
from portal.directory.choices import Role
from portal.wsgi import application
from tests.deadlines.factories import DeadlineFactory
from tests.eventgrid.factories import EventFactory
from tests.factories import AgencyFactory, MembershipFactory, SpokespersonFactory, UserFactory

MAX_EXAMPLES = 15
WRITE_EXAMPLES = 50
SEED = 20261201
SLUGS = ["agency-a", "agency-b", "agency-a-committee"]
SPOKESPERSON_IDS = [
    9101,
    9102,
    9103,
    9104,
]  # A published, A unpublished, B published, B unpublished
DEADLINE_IDS = [9201, 9202]  # A's, B's
EVENT_IDS = [9301, 9302, 9303, 9304]  # A published, A draft, B published, B draft
RULE_CODES = ["reference-materials", "request-answer", "media-grid"]  # from the data migration
PLAN_IDS = [9501, 9502]  # A's draft media-plan, B's

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
            # The site's middleware answers a NUL anywhere in a URL with its HTML 400 page
            # before the API sees it (portal/middleware.py, tests/core/test_probing.py).
            "allow-x00": False,
        },
        "dictionaries": {
            "slugs": {"values": SLUGS},
            "own-slug": {"values": SLUGS[:1]},
            "spokespersons": {"values": SPOKESPERSON_IDS},
            "deadlines": {"values": DEADLINE_IDS},
            "events": {"values": EVENT_IDS},
            "rules": {"values": RULE_CODES},
            "media-plans": {"values": PLAN_IDS},
        },
        "parameters": {
            "query.agency": {"dictionary": "slugs"},
            "query.parent": {"dictionary": "slugs"},
            "path.slug": {"dictionary": "slugs"},
        },
        "operations": [
            {
                # A date must fall in the years 1995 to 2100 (portal.calendar), which a schema
                # cannot say of a date: any other date is refused, a 400; so is an outlet's id
                # that names no outlet (monitoring's publications).
                "include-path-regex": "^/api/v1/(calendar/add-working-days|deadlines|deadlines/compliance|events|monitoring/publications)/$",
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "400", "401", "403", "404"]
                    }
                },
            },
            {
                # The coverage phase tries boundary strings ("0") for every parameter, the
                # dictionaries aside: as an agency slug, they name no agency, a 400.
                "include-path-regex": "^/api/v1/(agencies|spokespersons|deadlines|events)/$",
                "include-method": "GET",
                "phases": {
                    "coverage": {
                        "checks": {
                            "positive_data_acceptance": {
                                "expected-statuses": ["2xx", "400", "401", "403", "404"]
                            }
                        }
                    }
                },
            },
            {
                "include-path-regex": "^/api/v1/spokespersons/\\{id\\}/$",
                "parameters": {"path.id": {"dictionary": "spokespersons"}},
            },
            {
                # The calculator takes a rule's code; its start must fall in the years 1995 to
                # 2100, which a schema cannot say of a date: such a start is refused, a 400.
                "include-path-regex": "^/api/v1/deadlines/calculate/$",
                "parameters": {"query.rule": {"dictionary": "rules"}},
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "400", "401", "403", "404"]
                    }
                },
            },
            {
                "include-path-regex": "^/api/v1/events/\\{id\\}/$",
                "parameters": {"path.id": {"dictionary": "events"}},
            },
            {
                # A media-plan's steps and items: refused by its state (400, 403) or, for a
                # version the client did not read, as stale (409).
                "include-path-regex": "^/api/v1/media-plans/\\{(id|plan_pk)\\}/",
                "parameters": {
                    "path.id": {"dictionary": "media-plans"},
                    "path.plan_pk": {"dictionary": "media-plans"},
                },
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "400", "401", "403", "404", "409"]
                    }
                },
            },
            {
                "include-path-regex": "^/api/v1/deadlines/\\{id\\}/$",
                "parameters": {"path.id": {"dictionary": "deadlines"}},
            },
            {
                # Input that the schema cannot tell from valid input and that the API refuses
                # for a reason of its own: a new appointment must follow the current one, the
                # agency must be one the user may change.
                "include-method-regex": "^(POST|PATCH)$",
                # More tries for the bodies: an unknown key must be refused, not dropped.
                "generation": {"max-examples": WRITE_EXAMPLES},
                "parameters": {"body.agency": {"dictionary": "own-slug"}},
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "400", "401", "403", "404"]
                    }
                },
            },
        ],
    }
)
SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/schema/", application, config=CONFIG)


@SCHEMA.hook
def map_case(context, case):
    """Werkzeug's test client encodes an empty multipart field without the line break before
    the next boundary, and Django then reads no such field: `{"position": ""}` looked
    accepted, though the API refuses it (tests/directory/test_api.py). Such a body goes as
    an urlencoded form instead, the same fields."""
    if (case.media_type or "").startswith("multipart/") and isinstance(case.body, dict):
        values = [
            v
            for value in case.body.values()
            for v in (value if isinstance(value, list) else [value])
        ]
        if "" in values:
            case.media_type = "application/x-www-form-urlencoded"
    return case


@pytest.fixture
def world(db, settings):
    """Agencies A and B, a published and an unpublished spokesperson, a deadline, and a
    published and a draft event in each; a press secretary of A with a token."""
    # Schemathesis sends wrong tokens on purpose (ignored_auth); the lock-out for guessing
    # tokens would then refuse the right one too.
    settings.AXES_FAILURE_LIMIT = 10**6
    own, other = AgencyFactory(slug=SLUGS[0]), AgencyFactory(slug=SLUGS[1])
    AgencyFactory(slug=SLUGS[2], kind="committee", parent=own)
    ids = iter(SPOKESPERSON_IDS)
    for agency in (own, other):
        SpokespersonFactory(pk=next(ids), agency=agency)
        SpokespersonFactory(pk=next(ids), agency=agency, post="unit", confirmed_at=None)
    DeadlineFactory(pk=DEADLINE_IDS[0], agency=own)
    DeadlineFactory(pk=DEADLINE_IDS[1], agency=other)
    events = iter(EVENT_IDS)
    for agency in (own, other):
        EventFactory(pk=next(events), agency=agency)
        EventFactory(pk=next(events), agency=agency, state="draft")
    press_secretary = UserFactory()
    MembershipFactory(user=press_secretary, agency=own, role=Role.PRESS_SECRETARY)
    for pk, agency in zip(PLAN_IDS, (own, other), strict=True):
        plan = MediaPlan.objects.create(pk=pk, agency=agency, year=2027)
        PlanItem.objects.create(plan=plan, topic_kk="Тақырып", strategic_direction_kk="Бағыт")
    # Django closes the database connection around each request, which would end the test's
    # transaction; its test client does the same as here.
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield {"token": Token.objects.create(user=press_secretary).key}
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


# The world is built once per operation, not per generated request: the requests of one
# operation share it (a POST's new appointment stays for the next request), as on a server.
ONE_WORLD_PER_OPERATION = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@SCHEMA.parametrize()
@ONE_WORLD_PER_OPERATION
def test_anonymous_client(case, world):
    case.call_and_validate()


@SCHEMA.parametrize()
@ONE_WORLD_PER_OPERATION
def test_press_secretary_token(case, world):
    case.call_and_validate(headers={"Authorization": f"Token {world['token']}"})
