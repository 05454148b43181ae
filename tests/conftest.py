"""Personas per role, and the CI guard: under CI=true the real PostgreSQL and Redis must
answer, or the run stops at once instead of quietly testing something else."""

import os

import pytest
from rest_framework.test import APIClient

from portal.directory.choices import Role

from .factories import AgencyFactory, MembershipFactory, UserFactory


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
