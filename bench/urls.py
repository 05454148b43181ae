"""The portal's URLs plus /bench/bare/, a bare Django JSON view: the yardstick the public
reads are compared with, served by the same gunicorn through the same middleware."""

from django.http import JsonResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/bare/", bare), *portal_urlpatterns]
