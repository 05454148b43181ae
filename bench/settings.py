"""Settings of the benchmarks' gunicorn: the portal's, with the bench-only URL conf that adds
a bare JSON view next to the portal's own pages (never in the production URLs)."""

import os

from portal.settings import *  # noqa: F403
from portal.settings import STORAGES

ROOT_URLCONF = os.environ.get("BENCH_URLCONF", "bench.urls")
# Production's hashed static files need `collectstatic`; the benchmark serves no static file.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
