"""The portal's URLs plus /bench/bare/, a bare Django JSON view, and /bench/static/<name>,
files of a folder served by Django's static view: the yardsticks the public reads are
compared with, served by the same gunicorn through the same middleware."""

import os

from django.http import JsonResponse
from django.urls import path, re_path
from django.views.static import serve

from portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/bare/", bare),
    re_path(
        r"^bench/static/(?P<path>[\w.-]+)$",
        serve,
        {"document_root": os.environ.get("BENCH_STATIC_ROOT", "/nonexistent")},
    ),
    *portal_urlpatterns,
]
