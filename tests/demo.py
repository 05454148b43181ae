"""Data built once for the tests of a module (or a class), each test on top of it in its own
rolled-back transaction: the demo seeded as `make run` does, or the permission matrix's
World, instead of once per test.

`shared_data` opens a transaction on every database, builds nothing itself, and rolls the
transaction back when the module is done, so the tests that run after it see the migrated
database only; nothing is ever committed, so the on-commit work of the seeding (queueing
Celery tasks, bumping the public cache) never runs, as inside any test's own transaction.
Each test's `db` fixture nests its transaction inside (pytest-django skips the class-level
set-up of Django's TestCase precisely so that tests can be wrapped like this).

A module converts like this (tests/mediaplans/test_demo.py)::

    @pytest.fixture(scope="module")
    def demo(django_db_setup, django_db_blocker, tmp_path_factory):
        with shared_data(django_db_blocker, tmp_path_factory, DEBUG=True):
            with django_db_blocker.unblock():
                seed("seed_demo", "seed_demo_events")
                ...  # the module's "seeded twice adds nothing" counts and checks
            yield  # or what the tests read

Its tests keep `pytestmark = pytest.mark.django_db` and take `demo`. A test that must see
an empty database cannot share a module with such a fixture (the seed lives until the end
of the module): put the seeded tests in a class and give the fixture scope="class"
(tests/core/test_setup.py). Transactional tests (`transactional_db`) cannot run on top of
shared data at all. Settings given to `shared_data` hold for the whole module, its tests
included; the conftest's per-test MEDIA_ROOT still wins in each test, so a test that reads a
file the seed stored sets `settings.MEDIA_ROOT` to the folder `shared_data` yields.
"""

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.core.management import call_command
from django.db import connections, transaction
from django.test import override_settings

# As tests/conftest.py's `_fast_passwords`, which is per test and so not yet in force here.
FAST_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@contextmanager
def shared_data(django_db_blocker, tmp_path_factory, **settings) -> Iterator[Path]:
    """A transaction on every database around the data a module's tests share, rolled back
    afterwards; `settings` overridden meanwhile (MD5 passwords and a media folder of its
    own, which it yields, besides)."""
    media = tmp_path_factory.mktemp("shared-media")
    with ExitStack() as stack:
        stack.enter_context(
            override_settings(
                **{
                    "PASSWORD_HASHERS": FAST_PASSWORD_HASHERS,
                    "MEDIA_ROOT": str(media),
                    **settings,
                }
            )
        )
        with django_db_blocker.unblock():
            atomics = []
            for alias in connections:
                atomic = transaction.atomic(using=alias)
                # As Django's TestCase marks its own: a durable block inside is allowed.
                atomic._from_testcase = True
                atomic.__enter__()
                atomics.append((alias, atomic))
        stack.callback(_roll_back, django_db_blocker, atomics)
        yield media


def _roll_back(django_db_blocker, atomics) -> None:
    with django_db_blocker.unblock():
        for alias, atomic in reversed(atomics):
            transaction.set_rollback(True, using=alias)
            atomic.__exit__(None, None, None)


def seed(*commands: str) -> None:
    """Run the demo's seeding commands in this order, quietly."""
    with open(os.devnull, "w") as quiet:
        for command in commands:
            call_command(command, stdout=quiet)
