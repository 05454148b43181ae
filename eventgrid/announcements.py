"""What the event grid tells the outside when journalists' data changes (issue 8 §5–6): a
published media-grid version is e-mailed to the subscribers of the media-grid (through
`portal.notifications`) and reported to API clients' webhooks as grid.published (version 1)
or grid.corrected (version 2 on); a cancelled event as event.cancelled (`portal.webhooks`).

Called by the services in `services.py` inside their transaction: the webhook message is
written with the change (an outbox), the e-mails are built after the commit by a Celery task
(`tasks.media_grid_mail`), never in the request. Payloads and e-mails carry public data
only: a version is published, a cancelled event was public.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from portal.notifications.choices import SubscriptionTopic
from portal.notifications.services import subscribers_notify
from portal.webhooks.choices import WebhookEventType
from portal.webhooks.services import webhook_emit

from .grids import changelog_lines
from .models import Event, MediaGridVersion
from .weeks import week_label

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL + path


def _version_paths(version: MediaGridVersion) -> tuple[str, str]:
    """The version's page and PDF in the active language."""
    week = version.grid.week_start
    query = f"?version={version.number}"
    page = reverse("eventgrid:media_grid_detail", kwargs={"week": week}) + query
    pdf = reverse("eventgrid:media_grid_pdf", kwargs={"week": week}) + query
    return page, pdf


def _texts(obj, name: str) -> dict[str, str]:
    return {code: getattr(obj, f"{name}_{code}") or "" for code in LANGUAGES}


def media_grid_published(version: MediaGridVersion) -> None:
    """A new version is published: its webhook now (in the transaction), its e-mails after
    the commit."""
    week = week_label(version.grid.week_start)
    urls, pdfs = {}, {}
    for code in LANGUAGES:
        with translation.override(code):
            page, pdf = _version_paths(version)
        urls[code], pdfs[code] = _absolute(page), _absolute(pdf)
    event_type = (
        WebhookEventType.GRID_PUBLISHED if version.number == 1 else WebhookEventType.GRID_CORRECTED
    )
    api = reverse("api:media-grid-detail", kwargs={"week": week})
    webhook_emit(
        event_type=event_type,
        key=f"{event_type}:{week}:v{version.number}",
        data={
            "week": week,
            "version": version.number,
            "published_at": version.published_at.isoformat(),
            "url": urls,
            "json_url": _absolute(f"{api}?version={version.number}"),
            "pdf_url": pdfs,
            "changelog": version.changelog,
        },
    )
    from .tasks import media_grid_mail

    version_id = version.pk
    transaction.on_commit(lambda: media_grid_mail.delay(version_id=version_id))


def media_grid_mail_subscribers(*, version: MediaGridVersion) -> int:
    """One e-mail per confirmed subscriber of the media-grid, in their language: the week and
    version in the subject, links to the version's page and PDF, and for a correction what
    changed. Once per subscriber and version, however often it runs."""
    week_start = version.grid.week_start
    span = f"{week_start:%d.%m.%Y} – {week_start + dt.timedelta(days=6):%d.%m.%Y}"

    def context_for():
        page, pdf = _version_paths(version)
        language = translation.get_language()
        context = {
            "week": week_label(week_start),
            "span": span,
            "number": version.number,
            "page_link": _absolute(page),
            "pdf_link": _absolute(pdf),
            "changes": changelog_lines(version.changelog, version.snapshot, language),
        }
        return context, page

    return subscribers_notify(
        topic=SubscriptionTopic.MEDIA_GRID,
        event_key=f"media-grid:{week_label(week_start)}:v{version.number}",
        template="media_grid_published",
        context_for=context_for,
    )


def event_cancelled(event: Event) -> None:
    """A public event is cancelled: event.cancelled to the webhooks, in the transaction."""
    agency = event.agency
    webhook_emit(
        event_type=WebhookEventType.EVENT_CANCELLED,
        key=f"{WebhookEventType.EVENT_CANCELLED}:{event.pk}",
        data={
            "id": event.pk,
            "title": _texts(event, "title"),
            "starts_at": event.starts_at.isoformat(),
            "ends_at": event.ends_at.isoformat() if event.ends_at else None,
            "reason": _texts(event, "state_reason"),
            "agency": {"slug": agency.slug, "name": _texts(agency, "name")},
        },
    )
