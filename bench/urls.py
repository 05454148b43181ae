"""The portal's URLs plus /bench/bare/, a bare Django JSON view, /bench/bare-cached/, the
same after one read of the cache (the least any answer kept in the shared cache costs), and
/bench/static/<name>, files of a folder served by Django's static view: the yardsticks the
public reads are compared with, served by the same gunicorn through the same middleware."""

import os

from django.core.cache import cache
from django.http import JsonResponse
from django.urls import path, re_path
from django.views.static import serve

from portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return JsonResponse({"ok": True})


def bare_cached(request):
    return JsonResponse({"ok": cache.get("bench:bare", True)})


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare-cached/", bare_cached),
    re_path(
        r"^bench/static/(?P<path>[\w.-]+)$",
        serve,
        {"document_root": os.environ.get("BENCH_STATIC_ROOT", "/nonexistent")},
    ),
    *portal_urlpatterns,
]
