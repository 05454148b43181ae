"""The throwaway database both benchmarks run on, never db.sqlite3 or the shell's DATABASE_URL."""

import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(database_dir: Path, **environment: str) -> None:
    """Point Django at a fresh SQLite file under database_dir, then migrate it.

    `environment` sets further variables (say, the email backend) before Django starts."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{database_dir / 'bench.sqlite3'}"
    os.environ.update(environment)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command

    name = Path(settings.DATABASES["default"]["NAME"]).resolve()
    if database_dir.resolve() not in name.parents:
        raise SystemExit(f"Refusing to benchmark on {name}: not the throwaway database.")
    call_command("migrate", interactive=False, verbosity=0)


@contextmanager
def throwaway_database(**environment: str):
    """Django set up on a fresh database in a temporary folder, removed afterwards."""
    database_dir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    try:
        setup_django(database_dir, **environment)
        yield
    finally:
        shutil.rmtree(database_dir, ignore_errors=True)
