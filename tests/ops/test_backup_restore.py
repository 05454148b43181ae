"""Backup and restore (issue 12 §3): the demo, seeded as `make setup` does and with its
PDFs built, is dumped by scripts/backup.sh and restored by scripts/restore.sh into an empty
database and an empty folder; every table has the same rows and every stored file is there.

PostgreSQL only (pg_dump/pg_restore); skipped on SQLite unless CI=true, where it must run.
"""

import os
import subprocess
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models, transaction

from portal.documents.choices import DocumentStatus
from portal.documents.models import StoredDocument
from portal.documents.services import document_build
from tests import workers

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"] and os.environ.get("CI") != "true",
    reason="pg_dump and pg_restore need PostgreSQL (DATABASE_URL=postgres://…)",
)


@pytest.fixture(autouse=True)
def _leave_database_as_migrated(django_db_blocker):
    """Autouse, so it is set up before `transactional_db` and torn down after its flush."""
    yield
    workers.restore_migrated_data(django_db_blocker)


def _server(**changes) -> dict:
    database = settings.DATABASES["default"]
    return {
        "host": database["HOST"],
        "port": database["PORT"],
        "user": database["USER"],
        "password": database["PASSWORD"],
        "dbname": "postgres",
        **changes,
    }


@pytest.fixture
def empty_database():
    """A new, empty database on the same server, dropped afterwards; its URL."""
    name = f"h_ops_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(**_server())
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        url = workers.worker_database_url().rsplit("/", 1)[0] + f"/{name}"
        yield url, name
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


def _seed_demo_with_its_files(monkeypatch, settings):
    """The demo, and the first media-grid version's PDFs (kk, ru, en), built here; the other
    queued PDFs stay unbuilt (no file), to keep the test short. On-commit work (queueing
    Celery tasks) is left out, so nothing reaches the broker."""
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: None)
    quiet = open(os.devnull, "w")
    for command in ("seed_demo", "seed_demo_events", "seed_demo_mediaplans"):
        call_command(command, stdout=quiet)
    queued = StoredDocument.objects.filter(status=DocumentStatus.QUEUED).order_by("pk")
    for pk in queued.values_list("pk", flat=True)[: len(settings.LANGUAGES)]:
        assert document_build(document_id=pk) == "done"


def _counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _stored_files() -> list[str]:
    """The name of every file any FileField of any model points to."""
    names = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names += (
                    model._default_manager.exclude(**{field.name: ""})
                    .values_list(field.name, flat=True)
                    .order_by()
                )
    return names


def _run(script: str, *args, **env) -> str:
    result = subprocess.run(
        [str(SCRIPTS / script), *map(str, args)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_demo_restored_from_its_backup_has_every_row_and_file(
    transactional_db, django_db_serialized_rollback, empty_database, tmp_path, monkeypatch, settings
):
    _seed_demo_with_its_files(monkeypatch, settings)
    files = _stored_files()
    assert len(files) == 3, "a media-grid version's PDFs in kk, ru and en"
    with connection.cursor() as cursor:
        before = _counts(cursor)
    assert before["eventgrid_event"] > 0 and before["portal_agency"] > 0

    media = Path(settings.MEDIA_ROOT)
    dump, archive = _run(
        "backup.sh",
        tmp_path / "backups",
        DATABASE_URL=workers.worker_database_url(),
        MEDIA_ROOT=media,
    ).split()
    assert Path(dump).name.startswith("portal-") and Path(archive).name.startswith("media-")

    url, name = empty_database
    restored = tmp_path / "restored-media"
    _run("restore.sh", dump, archive, DATABASE_URL=url, MEDIA_ROOT=restored)

    target = psycopg2.connect(**_server(dbname=name))
    try:
        with target.cursor() as cursor:
            after = _counts(cursor)
            cursor.execute("SELECT name FROM portal_agency ORDER BY id")
            agencies = [row[0] for row in cursor.fetchall()]
    finally:
        target.close()
    assert after == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM portal_agency ORDER BY id")
        assert agencies == [row[0] for row in cursor.fetchall()]
    missing = [file for file in files if not (restored / file).is_file()]
    assert missing == []
    for file in files:
        assert (restored / file).read_bytes() == (media / file).read_bytes()


def test_restore_refuses_a_database_that_is_not_empty(
    transactional_db, django_db_serialized_rollback, tmp_path
):
    (tmp_path / "x.dump").write_bytes(b"")
    (tmp_path / "x.tar.gz").write_bytes(b"")
    result = subprocess.run(
        [str(SCRIPTS / "restore.sh"), tmp_path / "x.dump", tmp_path / "x.tar.gz"],
        env={
            **os.environ,
            "DATABASE_URL": workers.worker_database_url(),
            "MEDIA_ROOT": str(tmp_path / "m"),
        },
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert "restore into an empty one" in result.stderr
