"""The throwaway database both benchmarks run on, on the engine the environment names.

`DATABASE_URL` chooses the engine, never the database itself:

- PostgreSQL (`postgres://user@host:5432/name`): a fresh database `bench_<pid>` is created on
  that server (connecting to `name` to do so) and dropped afterwards;
- SQLite, or no `DATABASE_URL`: a fresh file in a temporary folder, removed afterwards.

So a benchmark never writes to db.sqlite3 or to the database of the shell's DATABASE_URL.
"""

import os
import shutil
import sqlite3
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "psql")


def setup_django(database_url: str, **environment: str) -> None:
    """Point Django at `database_url` (a throwaway database), then migrate it.

    `environment` sets further variables (say, the email backend) before Django starts."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ.update(environment)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def describe_database() -> str:
    """`database: <engine> <version> at <where>` of Django's default connection."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]
        where = f"{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}/{settings['NAME']}"
        return f"database: PostgreSQL {version} at {where}"
    if connection.vendor == "sqlite":
        return f"database: SQLite {sqlite3.sqlite_version} at {settings['NAME']}"
    return f"database: {connection.display_name} at {settings['NAME']}"


@contextmanager
def throwaway_database(**environment: str):
    """Django set up on a fresh database of the environment's engine, removed afterwards;
    yields its description (`describe_database()`)."""
    url = os.environ.get("DATABASE_URL", "")
    scheme = urlsplit(url).scheme.split("+")[0] if url else "sqlite"
    if scheme in POSTGRES_SCHEMES:
        with _postgres_database(url, **environment):
            yield describe_database()
    elif scheme in ("sqlite", "sqlite3", ""):
        with _sqlite_database(**environment):
            yield describe_database()
    else:
        raise SystemExit(f"DATABASE_URL names {scheme}: benchmarks run on PostgreSQL or SQLite.")


@contextmanager
def _sqlite_database(**environment: str):
    database_dir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    try:
        setup_django(f"sqlite:///{database_dir / 'bench.sqlite3'}", **environment)
        from django.conf import settings

        name = Path(settings.DATABASES["default"]["NAME"]).resolve()
        if database_dir.resolve() not in name.parents:
            raise SystemExit(f"Refusing to benchmark on {name}: not the throwaway database.")
        yield
    finally:
        _close_connections()
        shutil.rmtree(database_dir, ignore_errors=True)


@contextmanager
def _postgres_database(url: str, **environment: str):
    import psycopg2
    from psycopg2 import sql

    server = urlsplit(url)
    name = f"bench_{os.getpid()}"
    maintenance = server.path.lstrip("/") or "postgres"

    def execute(statement) -> None:
        link = psycopg2.connect(**_dsn(server, maintenance))
        try:
            link.autocommit = True
            with link.cursor() as cursor:
                cursor.execute(statement)
        finally:
            link.close()

    database = sql.Identifier(name)
    execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(database))
    execute(sql.SQL("CREATE DATABASE {}").format(database))
    try:
        setup_django(server._replace(path=f"/{name}").geturl(), **environment)
        from django.conf import settings

        if settings.DATABASES["default"]["NAME"] != name:
            raise SystemExit(
                f"Refusing to benchmark on {settings.DATABASES['default']['NAME']}: "
                "not the throwaway database."
            )
        yield
    finally:
        _close_connections()
        execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(database))


def _dsn(server, database: str) -> dict:
    """psycopg2 keyword arguments for `database` on the server of a parsed URL."""
    return {
        "dbname": database,
        "host": server.hostname or "",
        "port": server.port or 5432,
        "user": unquote(server.username or ""),
        "password": unquote(server.password or ""),
    }


def _close_connections() -> None:
    """Close Django's connections (if Django started), so the database can be dropped."""
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()
