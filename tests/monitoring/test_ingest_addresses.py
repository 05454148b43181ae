"""Feeds and pages may not be fetched from private, local or reserved addresses (SSRF): refused
when a feed or a page is entered, and again at fetch time, each redirect hop included, the
refusal shown as the feed's error at once. The local server of the other tests is on
127.0.0.1, so they allow it (MONITORING_FEEDS_ALLOW_PRIVATE); here it is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from monitoring import ingest, services
from monitoring.admin import FeedAdmin
from monitoring.models import Feed, Publication

from .conftest import feed_for

pytestmark = pytest.mark.django_db

PRIVATE = "The URL leads to a private, local or reserved address; use a public one."


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def fetch(feed):
    with ingest.client(timeout=5.0) as http:
        return ingest.feed_fetch(feed, http=http)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/rss.xml",
        "http://localhost:8000/rss.xml",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/feed",
        "http://[::1]/feed",
        "http://[::ffff:192.168.0.1]/feed",
    ],
)
def test_a_feed_on_a_private_address_is_refused_when_saved(outlet, url):
    feed = Feed(outlet=outlet, url=url)
    with pytest.raises(ValidationError) as refused:
        feed.full_clean()
    assert refused.value.message_dict == {"url": [PRIVATE]}
    with pytest.raises(ValidationError):
        services.register_save(instance=feed)
    assert not Feed.objects.exists()


def test_the_admins_form_shows_the_refusal(outlet, rf, admin_user):
    from django.contrib.admin.sites import site as admin_site

    request = rf.get("/")
    request.user = admin_user
    form_class = FeedAdmin(Feed, admin_site).get_form(request)
    form = form_class(
        data={"outlet": outlet.pk, "url": "http://127.0.0.1/rss", "interval_minutes": 15}
    )
    assert not form.is_valid()
    assert form.errors["url"] == [PRIVATE]


def test_a_page_entered_by_hand_on_a_private_address_is_refused(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as queued, pytest.raises(ValidationError) as refused:
        services.manual_entry_request(url="http://127.0.0.1:6379/")
    assert refused.value.message_dict == {"url": [PRIVATE]}
    assert queued == []


def test_a_public_address_is_saved(outlet, settings):
    """A literal public address needs no name server: it is allowed."""
    feed = Feed(outlet=outlet, url="http://93.184.215.14/rss.xml")
    feed.full_clean()


def test_the_fetch_refuses_a_private_address_before_asking_it(site, outlet, settings):
    site.routes["/rss.xml"] = (200, {}, b"<rss/>")
    feed = feed_for(outlet, site.url("/rss.xml"))  # stored before the rule, say
    settings.MONITORING_FEEDS_ALLOW_PRIVATE = False

    log = fetch(feed)

    assert (log.status, log.error) == ("error", PRIVATE)
    assert site.requests == []  # nothing was sent
    feed.refresh_from_db()
    assert (feed.state, feed.error, feed.failures) == ("error", PRIVATE, 1)


def test_every_redirect_hop_is_checked(site, outlet):
    """A hop to an address that may not be fetched ends the fetch there; the hops before it
    were asked, the one it names is not."""
    site.routes["/old.xml"] = (301, {"Location": "/older.xml"}, b"")
    site.routes["/older.xml"] = (302, {"Location": "file:///etc/passwd"}, b"")
    feed = feed_for(outlet, site.url("/old.xml"))

    log = fetch(feed)

    assert log.status == "error" and "http:// or https://" in log.error
    assert [path for path, _headers in site.requests] == ["/old.xml", "/older.xml"]
    feed.refresh_from_db()
    assert feed.state == "error"


def test_a_page_on_a_private_address_is_not_fetched_for_its_full_text(site, outlet, settings):
    """The page of an entry is refused like the feed: the entry keeps its summary."""
    settings.MONITORING_FEEDS_ALLOW_PRIVATE = False
    with ingest.client(timeout=5.0) as http:
        assert ingest._page_text(http, site.url("/news/1")) == ("", None)
    assert site.requests == []
    assert not Publication.objects.exists()
