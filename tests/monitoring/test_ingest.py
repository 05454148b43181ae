"""Fetching feeds from a real local HTTP server (issue 11 items 1 and 8): a good RSS, an
Atom feed, one that times out, one that answers 304 to the conditional request, a broken
body and a redirect; publications de-duplicated, matched, scored and flagged."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from monitoring import ingest
from monitoring.models import Feed, FetchLog, Publication, ResonanceCase, Story
from portal.directory.choices import Role
from portal.notifications.models import Notification
from tests.factories import MembershipFactory, UserFactory

from .conftest import feed_for, slow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The fetch errors are asserted by their English words: read them in English whatever
    language an earlier test of the process left active (the default is Kazakh)."""
    with translation.override("en"):
        yield


NEGATIVE_RU = (
    "Скандал в Минздраве: пациенты жалуются на задержки выплат. Министерство "
    "здравоохранения не прокомментировало жалобы. " * 8
)
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Tengri</title><language>ru</language>
<item><title>Скандал в Минздраве: пациенты жалуются</title>
<link>{base}/news/1?utm_source=rss</link>
<pubDate>Mon, 30 Nov 2026 09:00:00 +0500</pubDate>
<description>Коротко</description>
<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded></item>
<item><title>Денсаулық сақтау министрлігі жаңа емхана ашты</title>
<link>{base}/news/2</link>
<pubDate>Mon, 30 Nov 2026 10:00:00 +0500</pubDate>
<description>Қысқаша</description></item>
</channel></rss>"""
PAGE_KK = (
    '<html lang="kk-KZ"><head><title>Емхана</title></head><body><article>'
    "<h1>Денсаулық сақтау министрлігі жаңа емхана ашты</h1>"
    + "<p>Денсаулық сақтау министрлігі Астанада жаңа емхананы ашты. Тұрғындар келді.</p>" * 10
    + "</article></body></html>"
)
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title><id>urn:blog</id>
<updated>2026-11-30T10:00:00Z</updated>
<entry><title>Минздрав России сообщил о новых правилах</title><id>urn:1</id>
<link href="{base}/atom/1"/><updated>2026-11-30T10:00:00Z</updated>
<content type="html">{text}</content></entry>
</feed>"""


def rss(site):
    return RSS.format(base=site.base, text=NEGATIVE_RU).encode()


@pytest.fixture
def people(health):
    """The health ministry's press secretary (reads Russian) and head (Kazakh)."""
    press = UserFactory(preferred_language="ru")
    head = UserFactory(preferred_language="kk")
    MembershipFactory(user=press, role=Role.PRESS_SECRETARY, agency=health)
    MembershipFactory(user=head, role=Role.AGENCY_HEAD, agency=health)
    return press, head


def fetch(feed, *, timeout=5.0, now=None):
    with ingest.client(timeout=timeout) as http:
        return ingest.feed_fetch(feed, http=http, now=now)


def test_a_good_rss_feed_is_stored_matched_scored_and_flagged(site, outlet, health, people):
    site.routes["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, rss(site))
    site.routes["/news/2"] = (200, {"Content-Type": "text/html"}, PAGE_KK.encode())
    feed = feed_for(outlet, site.url("/rss.xml"))

    log = fetch(feed)

    assert (log.status, log.items, log.error) == ("200", 2, "")
    negative = Publication.objects.get(title__startswith="Скандал")
    assert negative.normalised_url == site.url("/news/1")  # utm_ dropped
    assert negative.language == "ru"
    assert negative.tone == "negative" and "скандал" in negative.tone_words
    assert negative.published_at == dt.datetime(2026, 11, 30, 4, tzinfo=dt.UTC)
    assert list(negative.matches.values_list("agency__slug", "terms")) == [
        ("health", ["Минздрав", "Министерство здравоохранения"])
    ]
    # The summary-only entry: its page was fetched and its main text extracted.
    kazakh = Publication.objects.get(url=site.url("/news/2"))
    assert kazakh.language == "kk"
    assert "Астанада жаңа емхананы" in kazakh.text
    assert kazakh.matches.get().agency == health
    # Negative, in an outlet read by 150 000: a case for the agency, and its alert.
    case = ResonanceCase.objects.get()
    assert (case.publication, case.agency, case.source) == (negative, health, "auto")
    assert "150 000" in case.reason
    press, head = people
    assert set(Notification.objects.values_list("recipient", flat=True)) == {press.pk, head.pk}
    feed.refresh_from_db()
    assert feed.state == "ok" and feed.failures == 0
    assert feed.next_fetch_at == log.at + dt.timedelta(minutes=feed.interval_minutes)


def test_a_feed_fetched_again_adds_no_copies(site, outlet, health):
    site.routes["/rss.xml"] = (200, {}, rss(site))
    feed = feed_for(outlet, site.url("/rss.xml"))
    fetch(feed)
    pages = [path for path, _headers in site.requests if path.startswith("/news/")]

    log = fetch(feed)

    assert log.items == 0
    assert Publication.objects.count() == 2
    # Entries seen before: their pages were not fetched again.
    assert [path for path, _headers in site.requests if path.startswith("/news/")] == pages


def test_an_atom_feed_with_an_exclusion_matches_no_agency(site, small_outlet, health):
    text = "Минздрав России сообщил о новых правилах выдачи лекарств. " * 12
    site.routes["/atom.xml"] = (
        200,
        {"Content-Type": "application/atom+xml"},
        ATOM.format(base=site.base, text=text).encode(),
    )
    log = fetch(feed_for(small_outlet, site.url("/atom.xml")))

    assert (log.status, log.items) == ("200", 1)
    publication = Publication.objects.get()
    assert publication.url == site.url("/atom/1")
    assert not publication.matches.exists()


def test_a_feed_that_times_out_backs_off_and_shows_its_error(site, outlet):
    site.routes["/slow.xml"] = slow(2, (200, {}, b""))
    feed = feed_for(outlet, site.url("/slow.xml"), interval_minutes=10)
    now = timezone.now()

    log = fetch(feed, timeout=0.5, now=now)

    assert log.status == "error" and "time" in log.error.lower()
    feed.refresh_from_db()
    assert (feed.state, feed.failures) == ("backing_off", 1)
    assert feed.next_fetch_at == now + dt.timedelta(minutes=20)
    assert feed.error == log.error


def test_failures_back_off_exponentially_capped_then_show_as_failing(site, outlet):
    site.routes["/gone.xml"] = (500, {}, b"oops")
    feed = feed_for(outlet, site.url("/gone.xml"), interval_minutes=60)
    now = timezone.now()
    waits = []
    for _ in range(6):
        fetch(feed, now=now)
        feed.refresh_from_db()
        waits.append(feed.next_fetch_at - now)
    assert waits[:4] == [dt.timedelta(hours=h) for h in (2, 4, 8, 16)]
    assert waits[4:] == [dt.timedelta(hours=24)] * 2
    assert feed.state == "error" and "500" in feed.error
    # The next good answer clears the error.
    site.routes["/gone.xml"] = (200, {}, rss(site))
    fetch(feed, now=now)
    feed.refresh_from_db()
    assert (feed.state, feed.failures, feed.error) == ("ok", 0, "")


def test_a_conditional_request_answered_304_is_recorded(site, outlet):
    def conditional(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return 304, {}, b""
        return 200, {"ETag": '"v1"', "Last-Modified": "Mon, 30 Nov 2026 05:00:00 GMT"}, rss(site)

    site.routes["/rss.xml"] = conditional
    feed = feed_for(outlet, site.url("/rss.xml"))
    fetch(feed)
    feed.refresh_from_db()
    assert feed.etag == '"v1"'

    log = fetch(feed)

    assert (log.status, log.items) == ("304", 0)
    _path, headers = site.requests[-1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Mon, 30 Nov 2026 05:00:00 GMT"
    assert list(FetchLog.objects.values_list("status", flat=True)) == ["304", "200"]


def test_a_broken_body_is_an_error_and_stores_nothing(site, outlet):
    site.routes["/broken.xml"] = (200, {"Content-Type": "text/html"}, b"\x00\x01<<not a feed")
    log = fetch(feed_for(outlet, site.url("/broken.xml")))

    assert log.status == "error" and "RSS" in log.error
    assert not Publication.objects.exists()


def test_a_redirect_is_followed_up_to_three_times(site, outlet):
    site.routes["/old.xml"] = (301, {"Location": "/rss.xml"}, b"")
    site.routes["/rss.xml"] = (200, {}, rss(site))
    assert fetch(feed_for(outlet, site.url("/old.xml"))).items == 2

    for hop in range(4):
        site.routes[f"/loop{hop}"] = (302, {"Location": f"/loop{hop + 1}"}, b"")
    site.routes["/loop4"] = (200, {}, rss(site))
    log = fetch(feed_for(outlet, site.url("/loop0")))
    assert log.status == "error" and "redirect" in log.error.lower()


def test_copies_in_other_outlets_join_one_story_with_their_reach(site, outlet, small_outlet):
    site.routes["/a.xml"] = (200, {}, rss(site))
    copy = RSS.replace("{base}/news/", "{base}/copy/").format(base=site.base, text=NEGATIVE_RU)
    site.routes["/b.xml"] = (
        200,
        {},
        copy.replace("Скандал в Минздраве", "Скандал в Минздраве!").encode(),
    )
    fetch(feed_for(outlet, site.url("/a.xml")))
    fetch(feed_for(small_outlet, site.url("/b.xml")))

    assert Publication.objects.count() == 4
    assert Story.objects.count() == 2
    story = Story.objects.get(title__startswith="Скандал")
    assert (story.outlets, story.reach) == (2, 150_500)


def test_beat_claims_each_due_feed_once(site, outlet):
    site.routes["/rss.xml"] = (200, {}, rss(site))
    due = feed_for(outlet, site.url("/rss.xml"))
    later = feed_for(
        outlet, site.url("/later.xml"), next_fetch_at=timezone.now() + dt.timedelta(hours=1)
    )
    feed_for(outlet, site.url("/off.xml"), is_active=False)

    claimed = ingest.feeds_claim()
    assert [feed.pk for feed in claimed] == [due.pk]
    # A second worker meanwhile finds nothing to fetch.
    assert ingest.feeds_claim() == []

    due.next_fetch_at = None
    due.save()
    assert ingest.feeds_fetch_due() == 1
    assert FetchLog.objects.get().feed == due
    assert not later.fetches.exists()
    assert Feed.objects.get(pk=due.pk).next_fetch_at > timezone.now()


def test_a_page_entered_by_hand_is_fetched_and_stored(site, health):
    site.routes["/post/7"] = (200, {"Content-Type": "text/html"}, PAGE_KK.encode())

    publication = ingest.page_ingest(site.url("/post/7"))

    assert publication.title.startswith("Денсаулық")
    assert publication.language == "kk"
    assert publication.matches.get().agency == health
