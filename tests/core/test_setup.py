"""The promises of the set-up: demo data, translations, settings, Celery wiring."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from portal.celery import app as celery_app
from portal.deadlines.models import Deadline
from portal.directory.choices import Role
from portal.directory.models import Agency, Membership, Spokesperson, User
from portal.schedule import PERIODIC_TASKS
from tests.demo import seed, shared_data

ROOT = Path(settings.BASE_DIR)
# A point of the seed documents ("004 §10") or of the specification ("SPEC §8").
SEED_POINT = re.compile(r"(\b\d{3}|SPEC) §\d")


@pytest.fixture(scope="module")
def refreshed_catalogues(tmp_path_factory):
    """The catalogues as makemessages leaves them after reading today's sources, made in a
    copy of the project: a string added to the code without a translation shows up here."""
    copy = tmp_path_factory.mktemp("project")
    # Every app (a top-level package: portal, eventgrid, …), the templates and catalogues.
    apps = [path.name for path in ROOT.iterdir() if (path / "apps.py").exists()]
    for name in (*apps, "portal", "templates", "locale", "locale_overrides"):
        if (ROOT / name).exists() and not (copy / name).exists():
            shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", copy)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "kk",
            "-l",
            "ru",
            "--no-location",
            "--verbosity",
            "0",
        ],
        cwd=copy,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings"},
    )
    return copy / "locale"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_translations_are_complete(refreshed_catalogues, language):
    catalogue = refreshed_catalogues / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(catalogue)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr


def _demo_counts():
    return (Agency.objects.count(), Spokesperson.objects.count(), Membership.objects.count())


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo seeded once for `TestTheDemo` (tests/demo.py), twice over; the counts after
    the first run. Class-scoped: the other tests of this module need the migrated database
    only (`test_seed_demo_refuses_without_debug`)."""
    with shared_data(django_db_blocker, tmp_path_factory, DEBUG=True):
        with django_db_blocker.unblock():
            seed("seed_demo")
            counts = _demo_counts()
            seed("seed_demo")
        yield counts


@pytest.mark.django_db
class TestTheDemo:
    def test_seed_demo_is_idempotent(self, demo):
        assert _demo_counts() == demo
        assert Agency.objects.filter(kind="local").count() == 20
        assert Agency.objects.filter(kind="authorized").count() == 1
        assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
        assert User.objects.get(username="press").check_password("press-demo-2026")
        # Health's fresh appointment awaits the ministry: the confirmation is its open deadline.
        confirmation = Deadline.objects.get(rule__code="spokesperson-confirmation", state="open")
        assert confirmation.agency.slug == "health"
        assert Deadline.objects.filter(state="done_on_time").exists()

    def test_seed_demo_gives_names_in_three_languages(self, demo):
        assert not Agency.objects.filter(name_ru="").exists()
        assert not Agency.objects.filter(name_en="").exists()
        assert not Agency.objects.filter(name_kk="").exists()


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_every_periodic_task_is_in_the_beat_tables_after_migrate():
    entries = {
        task.name: (task.task, task.crontab.minute, task.crontab.hour, str(task.crontab.timezone))
        for task in PeriodicTask.objects.select_related("crontab")
    }
    assert {periodic.name: entries.get(periodic.name) for periodic in PERIODIC_TASKS} == {
        periodic.name: (periodic.task, periodic.minute, periodic.hour, settings.TIME_ZONE)
        for periodic in PERIODIC_TASKS
    }


@pytest.mark.django_db
def test_a_second_migrate_keeps_the_time_an_administrator_gave_a_task():
    reminders = PeriodicTask.objects.get(name="Send deadline reminders")
    reminders.crontab = CrontabSchedule.objects.create(
        minute="30", hour="9", timezone=settings.TIME_ZONE
    )
    reminders.enabled = False
    reminders.description = "edited by hand"
    reminders.save()
    call_command("migrate", verbosity=0)
    reminders.refresh_from_db()
    assert (reminders.crontab.minute, reminders.crontab.hour, reminders.enabled) == (
        "30",
        "9",
        False,
    )
    assert reminders.description == "SPEC §8"  # the description follows schedule.py
    assert PeriodicTask.objects.filter(name="Send deadline reminders").count() == 1


@pytest.mark.parametrize("periodic", PERIODIC_TASKS, ids=lambda periodic: periodic.task)
def test_each_periodic_task_names_the_seed_point_it_enforces(periodic):
    assert SEED_POINT.search(periodic.why), periodic.why


@pytest.mark.parametrize("periodic", PERIODIC_TASKS, ids=lambda periodic: periodic.task)
def test_each_periodic_task_is_a_registered_celery_task(periodic):
    celery_app.loader.import_default_modules()
    assert periodic.task in celery_app.tasks


def test_a_malformed_variable_stops_start_up_naming_it():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "EMAIL_PORT": "twenty"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert "EMAIL_PORT" in result.stderr


def test_production_needs_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "false"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
