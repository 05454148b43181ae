"""Every write of publication requests: pages, API and admin call these (002 §8–14).

One function per step. Each locks the request, checks the stage it follows, records the
step (`PublicationEvent`) and keeps the engine's deadline of the stage in step:

- hand-over: the lead-time rule of its kind — "website-material" (2 working days before
  publication), "website-graphic-material" (3), "website-procurement-notice" (1 working day
  after the notice's publication), 002 §11 — is opened and met at once, so a late hand-over
  is recorded late (and flagged) the moment it happens; "website-translation" opens;
- edit (002 §12): the text the press secretary made of it;
- sent for translation into Kazakh and English: "website-translation" (2 days, 002 §13) met;
- translated: "website-posting" (1 day from the material reaching the administrator,
  002 §14) opens;
- posted, with its address: "website-posting" met.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import attachments
from portal.deadlines.computation import day_start
from portal.deadlines.services import deadline_complete_for, deadline_open_for_event

from .choices import PublicationAction, PublicationKind, PublicationStage
from .models import PublicationEvent, PublicationFile, PublicationRequest
from .rules import STEP_FROM

HANDOVER_RULES = {
    PublicationKind.REGULAR: "website-material",
    PublicationKind.GRAPHIC: "website-graphic-material",
    PublicationKind.PROCUREMENT: "website-procurement-notice",
}
TRANSLATION_RULE = "website-translation"
POSTING_RULE = "website-posting"
MAX_FILES = 10


def _record(publication, action, *, by, at, comment="") -> PublicationEvent:
    return PublicationEvent.objects.create(
        request=publication, action=action, actor=by, at=at, comment=comment
    )


def _checked_files(files) -> list[tuple]:
    """(upload, its type) for each file, or ValidationError before anything is stored."""
    files = list(files or [])
    if len(files) > MAX_FILES:
        raise ValidationError(
            {"files": _("Attach at most %(count)s files.") % {"count": MAX_FILES}}
        )
    checked = []
    for upload in files:
        try:
            checked.append((upload, attachments.file_type(upload)))
        except ValidationError as error:
            raise ValidationError({"files": error.messages}) from None
    return checked


def _store(publication, checked) -> None:
    """Save each checked file under the portal's name; a failure removes what was stored."""
    stored = []
    try:
        for upload, kind in checked:
            row = PublicationFile(
                request=publication, title=(upload.name or "").rsplit("/", 1)[-1][:200]
            )
            row.file.save(attachments.stored_name(kind=kind, size=upload.size), upload, save=False)
            stored.append(row.file)
            row.save()
    except BaseException:
        for file in stored:
            file.storage.delete(file.name)
        raise


@transaction.atomic
def publication_hand_over(
    *,
    agency,
    by,
    unit: str,
    title: str,
    text: str,
    kind: str,
    publication_date: dt.date,
    files=(),
    now: dt.datetime | None = None,
) -> PublicationRequest:
    """A unit hands material for the website to the press secretary (002 §10–11). Its
    lead-time deadline is opened and met at once: late when the hand-over comes after the
    latest moment its kind allows (then `is_late`, shown in the queue)."""
    now = now or timezone.now()
    publication = PublicationRequest(
        agency=agency,
        unit=(unit or "").strip(),
        title=(title or "").strip(),
        text=(text or "").strip(),
        kind=kind,
        publication_date=publication_date,
        handed_over_at=now,
        handed_over_by=by,
    )
    publication.full_clean()
    checked = _checked_files(files)
    publication.save()
    rule_code = HANDOVER_RULES[kind]
    lead = deadline_open_for_event(
        rule_code=rule_code,
        agency=agency,
        subject=publication,
        start=day_start(publication_date),
    )
    if lead is not None:
        publication.handover_due_at = lead.due_at
        publication.is_late = now > lead.due_at
        publication.save(update_fields=["handover_due_at", "is_late", "updated_at"])
        deadline_complete_for(
            rule_code=rule_code, agency=agency, subject=publication, by=by, at=now
        )
    _store(publication, checked)
    deadline_open_for_event(
        rule_code=TRANSLATION_RULE, agency=agency, subject=publication, start=now
    )
    _record(
        publication,
        PublicationAction.HANDED_OVER,
        by=by,
        at=now,
        comment=_("Handed over late.") if publication.is_late else "",
    )
    return publication


def _locked(publication: PublicationRequest, step: str) -> PublicationRequest:
    locked = (
        PublicationRequest.objects.select_for_update()
        .select_related("agency")
        .get(pk=publication.pk)
    )
    if locked.stage not in STEP_FROM[step]:
        raise ValidationError(
            _("This step is not possible at the stage “%(stage)s”.")
            % {"stage": locked.get_stage_display()},
            code="stage",
        )
    return locked


@transaction.atomic
def publication_edit(
    *, publication: PublicationRequest, by, text: str, now: dt.datetime | None = None
) -> PublicationRequest:
    """The press secretary formats the material in the website's style (002 §12)."""
    now = now or timezone.now()
    publication = _locked(publication, "edit")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"edited_text": _("Enter the edited text.")})
    publication.edited_text, publication.stage = text, PublicationStage.EDITED
    publication.full_clean()
    publication.save()
    _record(publication, PublicationAction.EDITED, by=by, at=now)
    return publication


@transaction.atomic
def publication_send_for_translation(
    *, publication: PublicationRequest, by, now: dt.datetime | None = None
) -> PublicationRequest:
    """The edited material goes for translation into Kazakh and English, within 2 days of
    the hand-over (002 §13)."""
    now = now or timezone.now()
    publication = _locked(publication, "translation")
    publication.stage = PublicationStage.IN_TRANSLATION
    publication.save(update_fields=["stage", "updated_at"])
    deadline_complete_for(
        rule_code=TRANSLATION_RULE, agency=publication.agency, subject=publication, by=by, at=now
    )
    _record(publication, PublicationAction.SENT_FOR_TRANSLATION, by=by, at=now)
    return publication


@transaction.atomic
def publication_mark_translated(
    *, publication: PublicationRequest, by, now: dt.datetime | None = None
) -> PublicationRequest:
    """The translations are back and the material goes to the administrator, who posts it
    within 1 day of receiving it (002 §14)."""
    now = now or timezone.now()
    publication = _locked(publication, "translated")
    publication.stage = PublicationStage.TRANSLATED
    publication.save(update_fields=["stage", "updated_at"])
    deadline_open_for_event(
        rule_code=POSTING_RULE, agency=publication.agency, subject=publication, start=now
    )
    _record(publication, PublicationAction.TRANSLATED, by=by, at=now)
    return publication


@transaction.atomic
def publication_post(
    *, publication: PublicationRequest, by, url: str, now: dt.datetime | None = None
) -> PublicationRequest:
    """The material is on the website at `url` (002 §14)."""
    now = now or timezone.now()
    publication = _locked(publication, "post")
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            {"posted_url": _("Enter the address of the publication on the website.")}
        ) from None
    publication.posted_url, publication.posted_at = url, now
    publication.stage = PublicationStage.POSTED
    publication.full_clean()
    publication.save()
    deadline_complete_for(
        rule_code=POSTING_RULE, agency=publication.agency, subject=publication, by=by, at=now
    )
    _record(publication, PublicationAction.POSTED, by=by, at=now, comment=url)
    return publication
