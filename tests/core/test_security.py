"""The security baseline: `check --deploy` is clean in production, every answer carries a
strict Content-Security-Policy, no page needs inline code, and the error pages are the
portal's own, in the reader's language."""

import json
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from tests.factories import AgencyFactory, SpokespersonFactory, UserFactory

ROOT = Path(settings.BASE_DIR)

# The variables the security settings read; the check runs with only those it is given.
SECURITY_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "HSTS_SECONDS",
    "HSTS_INCLUDE_SUBDOMAINS",
    "HSTS_PRELOAD",
    "TRUST_X_FORWARDED_PROTO",
    "SESSION_COOKIE_AGE",
}
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50)[:50],
    "ALLOWED_HOSTS": "press.example.kz",
}
# What docker-compose.yml sets.
COMPOSE = {
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "HSTS_SECONDS": "31536000",
    "TRUST_X_FORWARDED_PROTO": "true",
}


def _check_deploy(variables):
    env = {name: value for name, value in os.environ.items() if name not in SECURITY_VARIABLES}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings", **variables},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("variables", [COMPOSE, {}], ids=["docker-compose", "defaults"])
def test_check_deploy_is_clean_in_production(variables):
    result = _check_deploy({**PRODUCTION, **variables})
    assert result.returncode == 0, result.stderr


def test_check_deploy_fails_without_the_https_redirect():
    result = _check_deploy({**PRODUCTION, **COMPOSE, "SECURE_SSL_REDIRECT": "false"})
    assert result.returncode == 1
    assert "security.W008" in result.stderr


def _security_settings(variables):
    names = [
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_AGE",
    ]
    env = {name: value for name, value in os.environ.items() if name not in SECURITY_VARIABLES}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json; from django.conf import settings; "
            f"print(json.dumps([getattr(settings, name) for name in {names!r}]))",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings", **variables},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


YEAR = 365 * 24 * 3600


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, [False, False, False, 0, True, True, 12 * 3600]),
        (PRODUCTION, [True, True, True, YEAR, True, True, 12 * 3600]),
        (
            {
                **PRODUCTION,
                "SECURE_SSL_REDIRECT": "false",
                "SECURE_COOKIES": "false",
                "HSTS_SECONDS": "0",
                "SESSION_COOKIE_AGE": "7200",
            },
            [False, False, False, 0, True, True, 7200],
        ),
    ],
    ids=["demo", "production", "production-over-http"],
)
def test_https_settings_follow_debug_and_the_environment(variables, expected):
    assert _security_settings(variables) == expected


def test_a_malformed_hsts_value_names_the_variable():
    with pytest.raises(subprocess.CalledProcessError) as failure:
        _security_settings({**PRODUCTION, "HSTS_SECONDS": "a-year"})
    assert "Environment variable HSTS_SECONDS is invalid" in failure.value.stderr


# Content-Security-Policy

STRICT_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _policy(response):
    """The Content-Security-Policy header as {directive: sources}."""
    directives = (
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return {name: sources for name, sources in directives}


class InlineCode(HTMLParser):
    """Collects what a strict CSP blocks: inline scripts, <style>, style="" and on…=""."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            # A JSON data block (the admin's, DRF's) is not run, and CSP does not block it.
            if attributes.get("type") != "application/json":
                self.found.append(self.get_starttag_text())
        if tag == "style":
            self.found.append(self.get_starttag_text())
        for name, _value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(self.get_starttag_text())


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.found


@pytest.fixture
def world(db):
    agency = AgencyFactory(slug="health")
    SpokespersonFactory(agency=agency)
    return agency


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


PUBLIC_PAGES = [
    "/en/",
    "/kk/",
    "/en/directory/",
    "/en/agencies/",
    "/en/agencies/health/",
    "/en/login/",
    "/en/password_reset/",
    "/en/password_reset/done/",
    "/en/reset/done/",
    "/en/reset/MQ/not-a-token/",
]
SIGNED_IN_PAGES = ["/en/dashboard/", "/en/deadlines/", "/en/inbox/", "/en/admin/"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_a_strict_policy_and_no_inline_code(client, world, path):
    response = client.get(path)
    assert response.status_code == 200
    assert _policy(response) == STRICT_POLICY
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_pages_have_a_strict_policy_and_no_inline_code(client, world, superuser, path):
    client.force_login(superuser)
    response = client.get(path)
    assert response.status_code == 200
    assert _policy(response) == STRICT_POLICY
    assert inline_code(response.content.decode()) == []


def test_admin_change_form_has_no_inline_code(client, world, superuser):
    client.force_login(superuser)
    response = client.get(f"/en/admin/portal/agency/{world.pk}/change/")
    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []


def test_the_api_carries_the_policy_too(client, world):
    response = client.get("/api/v1/agencies/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert _policy(response) == STRICT_POLICY


def test_the_inline_code_finder_finds_inline_code():
    html = (
        '<script>alert(1)</script><script src="/a.js"></script><style>p{}</style>'
        '<p style="color: red"><a onclick="x()">'
    )
    assert inline_code(html) == [
        "<script>",
        "<style>",
        '<p style="color: red">',
        '<a onclick="x()">',
    ]


def test_swagger_ui_runs_its_one_inline_script_by_nonce(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    policy = _policy(response)
    nonce = re.fullmatch(r"'self' 'nonce-([A-Za-z0-9+/=]+)'", policy.pop("script-src")).group(1)
    assert policy == {k: v for k, v in STRICT_POLICY.items() if k != "script-src"}
    html = response.content.decode()
    assert inline_code(html) == [f'<script nonce="{nonce}">']
    assert "SwaggerUIBundle(" in html


def test_the_nonce_is_new_on_every_request(client, db):
    first, second = (_policy(client.get("/api/v1/docs/"))["script-src"] for _ in range(2))
    assert first != second


def test_security_headers(client, db):
    response = client.get("/en/")
    assert (
        response["X-Frame-Options"],
        response["Referrer-Policy"],
        response["X-Content-Type-Options"],
    ) == ("DENY", "same-origin", "nosniff")


def test_session_lasts_a_working_day_and_is_hidden_from_scripts(client, superuser):
    response = client.post(
        "/en/login/", {"username": superuser.username, "password": "secret-pass-123"}
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert (cookie["max-age"], cookie["httponly"]) == (12 * 3600, True)


# Error pages: the portal's header, the reader's language, no inline code.


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    return settings


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_404_page(client, production, db, language):
    response = client.get(f"/{language}/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html
    assert _policy(response) == STRICT_POLICY
    assert inline_code(html) == []
    if language == "en":
        assert "<h1>Page not found</h1>" in html


@pytest.mark.parametrize("language", ["kk", "en"])
def test_403_page(client, production, journalist, language):
    client.force_login(journalist)
    response = client.get(f"/{language}/deadlines/compliance/")
    html = response.content.decode()
    assert response.status_code == 403
    assert (f'<html lang="{language}">' in html, 'class="site-header"' in html) == (True, True)
    assert inline_code(html) == []
    if language == "en":
        assert "<h1>Access denied</h1>" in html


def test_403_page_for_a_form_without_its_csrf_token(production, db):
    response = Client(enforce_csrf_checks=True).post(
        "/en/login/", {"username": "someone", "password": "whatever-it-is"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert ('<html lang="en">' in html, 'class="site-header"' in html) == (True, True)
    assert "The form could not be checked" in html
    assert inline_code(html) == []


@pytest.mark.parametrize("language", ["kk", "en"])
def test_400_page(client, production, db, language):
    response = client.get(f"/{language}/", HTTP_HOST="not-our-host.example")
    html = response.content.decode()
    assert response.status_code == 400
    assert (f'<html lang="{language}">' in html, 'class="site-header"' in html) == (True, True)
    assert inline_code(html) == []
    if language == "en":
        assert "<h1>Bad request</h1>" in html


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_500_page_renders_without_a_request_context(db, language):
    with translation.override(language):
        response = server_error(RequestFactory().get(f"/{language}/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert (f'<html lang="{language}">' in html, 'class="site-header"' in html) == (True, True)
    assert f'href="/{language}/"' in html  # the brand link to the home page
    if language == "en":
        assert "<h1>Server error</h1>" in html
        assert 'href="/kk/" title="Kazakh"' in html  # the language switcher without a request
