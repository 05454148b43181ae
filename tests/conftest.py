"""Personas per role, and the CI guard: under CI=true the real PostgreSQL and Redis must
answer, or the run stops at once instead of quietly testing something else."""

import os
from collections import Counter

import pytest
from rest_framework.test import APIClient

from portal.directory.choices import Role

from .factories import AgencyFactory, MembershipFactory, UserFactory

# The long tests: a file (or every file of a folder) and about how many seconds of a
# worker it takes (`--durations` on 2 cores). They get the `slow` marker (so `-m "not slow"`
# leaves them out), and under pytest-xdist they are dealt out to the workers first
# (`pytest_collection_modifyitems`), instead of being collected last and left as the tail.
# A file stays whole on one worker, for its module-scoped fixtures, unless it is in SPLIT:
# then its tests are dealt one by one (each worker builds its module-scoped data once).
SLOW = {
    "tests/test_permission_matrix.py": 200,  # 21 tests: 7 roles × pages, API and admin
    "tests/api/test_schemathesis.py": 90,
    "tests/e2e/": 30,  # Chromium journeys, each file
    "tests/notifications/test_delivery_crash.py": 34,  # real Celery workers
    "tests/ops/test_backup_restore.py": 28,
    "tests/ops/": 10,
    "tests/webhooks/test_delivery_race.py": 15,
    "tests/deadlines/test_broker.py": 8,
    "tests/documents/test_worker.py": 8,
    "tests/eventgrid/test_series_import_worker.py": 8,
    "tests/eventgrid/test_demo_events.py": 15,  # the demo, seeded once for the module
    "tests/mediaplans/test_demo.py": 15,
    "tests/requests_desk/test_demo.py": 15,
    "tests/accreditation/test_demo.py": 15,  # these four: the demo seeded for each test
    "tests/emergencies/test_demo.py": 15,
    "tests/monitoring/test_demo.py": 15,
    "tests/publications/test_demo.py": 15,
}
SPLIT = {"tests/test_permission_matrix.py", "tests/api/test_schemathesis.py"}


def pytest_sessionstart(session):
    if os.environ.get("CI") != "true":
        return
    import psycopg2
    import redis
    from django.conf import settings

    database = settings.DATABASES["default"]
    if "postgresql" not in database["ENGINE"]:
        pytest.exit("CI=true but DATABASE_URL is not PostgreSQL", returncode=3)
    try:
        psycopg2.connect(
            host=database["HOST"],
            port=database["PORT"],
            user=database["USER"],
            password=database["PASSWORD"],
            dbname=database["NAME"],
            connect_timeout=5,
        ).close()
        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=5).ping()
    except (psycopg2.Error, redis.RedisError) as exc:
        pytest.exit(f"CI=true but a required service is unreachable: {exc}", returncode=3)


def _slow_file(item) -> str | None:
    """The key of SLOW that `item`'s file falls under (the longest that matches)."""
    path = item.nodeid.split("::")[0]
    keys = [key for key in SLOW if path == key or (key.endswith("/") and path.startswith(key))]
    return max(keys, key=len, default=None)


def pytest_itemcollected(item):
    if _slow_file(item):
        item.add_marker(pytest.mark.slow)


@pytest.hookimpl(trylast=True)  # after `-m`/`-k` have deselected
def pytest_collection_modifyitems(config, items):
    """Deal the slow tests out to the workers. pytest-xdist's `load` scheduling first gives
    each of its n workers a chunk of consecutive tests (a quarter of its share; merely moving
    the slow tests to the front would hand them all to the first worker): so the slow tests
    are shared out, longest first, each to the worker with the least so far, and open each
    worker's chunk; the others fill the rest in their collected order. Without xdist (or
    with another `--dist`) the slow tests simply go first."""
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    if config.getoption("dist", "no") not in ("load", "no"):
        workers = 1
    units: dict[object, list] = {}  # what must stay on one worker → its tests
    for item in items:
        key = _slow_file(item)
        if key:
            path = item.nodeid.split("::")[0]
            # By the item itself: schemathesis gives every operation's test the same nodeid.
            units.setdefault(id(item) if key in SPLIT else path, []).append(item)
    if not units:
        return
    tests_of = Counter(_slow_file(item) for unit in units.values() for item in unit)

    def seconds(unit) -> float:
        key = _slow_file(unit[0])
        return SLOW[key] / tests_of[key] if key in SPLIT else SLOW[key]

    lanes, loads = [[] for _ in range(workers)], [0.0] * workers
    for unit in sorted(units.values(), key=seconds, reverse=True):
        lane = loads.index(min(loads))
        lanes[lane].append(unit)
        loads[lane] += seconds(unit)
    # Each worker's share in the collected order: a module's tests stay together, so its
    # module-scoped fixtures are set up once on that worker.
    position = {id(item): index for index, item in enumerate(items)}
    lanes = [
        [item for unit in sorted(lane, key=lambda unit: position[id(unit[0])]) for item in unit]
        for lane in lanes
    ]
    # The first chunk each worker gets, as xdist's LoadScheduling.schedule computes it.
    most = config.getoption("maxschedchunk", None) or len(items)
    chunk = max(2, min(len(items) // workers // 4, most)) if workers > 1 else 0
    slow = {id(item) for unit in units.values() for item in unit}
    rest = [item for item in items if id(item) not in slow]
    ordered = []
    for lane in lanes:
        fill = max(0, chunk - len(lane))
        ordered += lane + rest[:fill]
        rest = rest[fill:]
    items[:] = ordered + rest


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: public answers are cached by the directory's
    version, which restarts with each test's database (portal.documents)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Django's PBKDF2 takes a quarter of a second per password, and every user a factory
    makes gets one; MD5 keeps the suite's minutes for what it tests. PBKDF2 stays listed so
    the demo's stored hashes still check."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Stored documents (portal.documents) are written to a folder of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def agency(db):
    return AgencyFactory()


@pytest.fixture
def other_agency(db):
    return AgencyFactory()


def _persona(role, agency=None):
    user = UserFactory()
    MembershipFactory(user=user, role=role, agency=agency)
    return user


@pytest.fixture
def press_secretary(agency):
    return _persona(Role.PRESS_SECRETARY, agency)


@pytest.fixture
def agency_head(agency):
    return _persona(Role.AGENCY_HEAD, agency)


@pytest.fixture
def ministry_staff(db):
    return _persona(Role.AUTHORIZED_STAFF, AgencyFactory(kind="authorized"))


@pytest.fixture
def journalist(db):
    return _persona(Role.JOURNALIST)


@pytest.fixture
def api_client():
    return APIClient()


def pytest_report_header(config):
    from django.conf import settings

    return (
        f"database: {settings.DATABASES['default']['ENGINE']}; broker: {settings.CELERY_BROKER_URL}"
    )
