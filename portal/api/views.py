"""Views of the API as a whole (each app's endpoints live in its own `api/views.py`)."""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import NotFound


@csrf_exempt  # it changes nothing; a POST without a CSRF token still learns "no such address"
def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/ (a malformed id such as `/spokespersons/1.5/`, a
    misspelt path) answers the API's JSON 404 rather than the site's HTML page, so a client
    always reads JSON and the schema's 404 holds."""
    return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
