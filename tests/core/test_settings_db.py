"""The database connection settings follow DATABASE_URL and DB_CONN_MAX_AGE."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PRINT = (
    "import json; from django.conf import settings; d = settings.DATABASES['default'];"
    " print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
)


def _database_settings(variables):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DB_CONN_MAX_AGE"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRINT],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings", **variables},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, [0, True]),
        ({"DATABASE_URL": "postgres://portal@db.example:5432/portal"}, [60, True]),
        (
            {"DATABASE_URL": "postgres://portal@db.example:5432/portal", "DB_CONN_MAX_AGE": "0"},
            [0, True],
        ),
        ({"DB_CONN_MAX_AGE": "300"}, [300, True]),
    ],
    ids=["sqlite", "postgresql", "postgresql-closing", "sqlite-kept"],
)
def test_connections_are_kept_and_checked(variables, expected):
    assert _database_settings(variables) == expected


def test_a_malformed_max_age_names_the_variable():
    with pytest.raises(subprocess.CalledProcessError) as failure:
        _database_settings({"DB_CONN_MAX_AGE": "a-minute"})
    assert "Environment variable DB_CONN_MAX_AGE is invalid" in failure.value.stderr
