"""Signing in: lockout after wrong passwords (portal and admin), throttled API tokens,
password rules and the password reset by e-mail. django-axes keeps its attempts in the
database, so each test starts with none; the token counter lives in the cache, emptied
before each test."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory

PASSWORD = "secret-pass-123"  # the factories' password


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return UserFactory(username="aigerim", is_staff=True, is_superuser=True)


# Lockout after wrong passwords (django-axes)

SIGN_IN_PAGES = ["/en/login/", "/en/admin/login/"]


def _sign_in(client, path, username, password, **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


@pytest.mark.parametrize("path", SIGN_IN_PAGES)
def test_five_wrong_passwords_lock_the_user_name_out(client, user, path):
    statuses = [_sign_in(client, path, "aigerim", f"wrong-{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]

    response = _sign_in(client, path, "aigerim", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert "<h1>Signing in is blocked for a while</h1>" in html
    assert "The password was wrong 5 times in a row" in html
    assert 'class="site-header"' in html
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", SIGN_IN_PAGES)
def test_four_wrong_passwords_do_not_lock_and_success_starts_the_count_again(client, user, path):
    for n in range(4):
        _sign_in(client, path, "aigerim", f"wrong-{n}")
    assert _sign_in(client, path, "aigerim", PASSWORD).status_code == 302
    client.logout()
    statuses = [_sign_in(client, path, "aigerim", f"wrong-{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 200]


def test_the_lockout_is_for_one_user_name_from_one_address(client, user):
    other = UserFactory(username="daniyar")
    for n in range(5):
        _sign_in(client, "/en/login/", "aigerim", f"wrong-{n}")

    assert _sign_in(client, "/en/login/", other.username, PASSWORD).status_code == 302
    client.logout()
    from_elsewhere = _sign_in(client, "/en/login/", "aigerim", PASSWORD, REMOTE_ADDR="10.1.2.3")
    assert from_elsewhere.status_code == 302


def test_behind_a_proxy_the_lockout_falls_on_the_client_not_the_proxy(client, user, settings):
    """With TRUSTED_PROXY_COUNT=1 every request comes from the proxy's address; the client's
    is the last one the proxy added to X-Forwarded-For."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(5):
        _sign_in(
            client,
            "/en/login/",
            "aigerim",
            f"wrong-{n}",
            HTTP_X_FORWARDED_FOR="forged, 203.0.113.7",
            **proxy,
        )

    assert (
        _sign_in(
            client, "/en/login/", "aigerim", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy
        ).status_code
        == 429
    )
    other_client = _sign_in(
        client, "/en/login/", "aigerim", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy
    )
    assert other_client.status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, user):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for n in range(5):
            _sign_in(client, "/en/login/", "aigerim", f"wrong-{n}")
        clock.shift(dt.timedelta(minutes=14))
        assert _sign_in(client, "/en/login/", "aigerim", PASSWORD).status_code == 429
        clock.shift(dt.timedelta(minutes=16))
        assert _sign_in(client, "/en/login/", "aigerim", PASSWORD).status_code == 302


def test_the_lockout_page_is_in_the_readers_language(client, user):
    for n in range(5):
        response = _sign_in(client, "/kk/login/", "aigerim", f"wrong-{n}")
    assert response.status_code == 429
    assert '<html lang="kk">' in response.content.decode()


# Throttled API tokens


def _get_with_token(api_client, key, address="127.0.0.1"):
    return api_client.get(
        "/api/v1/agencies/", HTTP_AUTHORIZATION=f"Token {key}", REMOTE_ADDR=address
    )


def test_wrong_tokens_from_one_address_are_answered_429(api_client, user):
    token = Token.objects.create(user=user)
    statuses = [_get_with_token(api_client, f"{n:040x}").status_code for n in range(6)]
    assert statuses == [401, 401, 401, 401, 401, 429]
    # During the lock even the right token is refused, so a guess cannot be confirmed.
    locked = _get_with_token(api_client, token.key)
    assert (locked.status_code, "Retry-After" in locked) == (429, True)
    assert _get_with_token(api_client, token.key, address="10.1.2.3").status_code == 200


def test_the_token_lock_ends_after_the_cool_off(api_client, user):
    token = Token.objects.create(user=user)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for n in range(5):
            _get_with_token(api_client, f"{n:040x}")
        assert _get_with_token(api_client, token.key).status_code == 429
        clock.shift(dt.timedelta(minutes=16))
        assert _get_with_token(api_client, token.key).status_code == 200


def test_right_tokens_and_anonymous_reads_are_not_counted(api_client, user):
    token = Token.objects.create(user=user)
    statuses = [_get_with_token(api_client, token.key).status_code for _ in range(8)]
    statuses += [api_client.get("/api/v1/agencies/").status_code for _ in range(8)]
    assert statuses == [200] * 16


# Password rules


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        ("123456789012", ["password_entirely_numeric"]),
        ("qwerty123456", ["password_too_common"]),
        ("Kz-short-1", ["password_too_short"]),
        ("Taraz-press-2026!", []),
    ],
)
def test_password_rules(password, codes):
    try:
        validate_password(password)
        refused = []
    except ValidationError as error:
        refused = [e.code for e in error.error_list]
    assert refused == codes


# Password reset by e-mail


def test_password_reset_by_email(client, user):
    response = client.post("/en/password_reset/", {"email": user.email})
    assert response.status_code == 302
    assert response["Location"] == "/en/password_reset/done/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.to, message.subject) == (
        [user.email],
        "Choose a new password for the Press Office Portal",
    )
    assert "the account aigerim on the Press Office Portal" in message.body
    link = re.search(r"http://testserver(/en/reset/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert "<h1>Choose a new password</h1>" in form.content.decode()
    set_password_url = form.redirect_chain[-1][0]

    refused = client.post(
        set_password_url, {"new_password1": "123456789012", "new_password2": "123456789012"}
    )
    assert refused.status_code == 200
    assert "This password is entirely numeric." in refused.content.decode()

    done = client.post(
        set_password_url,
        {"new_password1": "Taraz-press-2026!", "new_password2": "Taraz-press-2026!"},
    )
    assert (done.status_code, done["Location"]) == (302, "/en/reset/done/")
    user.refresh_from_db()
    assert user.check_password("Taraz-press-2026!")
    assert _sign_in(client, "/en/login/", "aigerim", "Taraz-press-2026!").status_code == 302

    client.logout()
    used_again = client.get(link, follow=True)
    assert "This link is not valid" in used_again.content.decode()


def test_password_reset_for_an_unknown_address_looks_the_same(client, user):
    response = client.post("/en/password_reset/", {"email": "nobody@example.kz"})
    assert (response.status_code, response["Location"]) == (302, "/en/password_reset/done/")
    assert mail.outbox == []


def test_the_login_page_links_to_the_password_reset(client, db):
    html = client.get("/en/login/").content.decode()
    assert '<a href="/en/password_reset/">Forgot your password?</a>' in html


def test_the_password_reset_mail_is_in_the_readers_language(client, user):
    client.post("/ru/password_reset/", {"email": user.email})
    assert "/ru/reset/" in mail.outbox[0].body
