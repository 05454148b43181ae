"""The nightly cleanup (task mediaplans.files_cleanup, in portal.schedule): files nobody asks
for again go once older than MEDIAPLANS_CLEANUP_DAYS — superseded editions' PDFs and XLSX,
superseded summaries, import uploads never confirmed; what is in force or under way stays."""

import datetime as dt
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from mediaplans import exports, services, tasks
from mediaplans.models import ConsolidatedPlan
from portal.documents.models import StoredDocument
from portal.documents.registry import filter_key
from portal.schedule import PERIODIC_TASKS

pytestmark = pytest.mark.django_db

OLD = timezone.now() - dt.timedelta(days=40)
NEW = timezone.now() - dt.timedelta(days=1)


def document(kind, filters, *, at=OLD, status="done", language="ru"):
    name = default_storage.save(f"documents/{kind}/{language}/x.bin", ContentFile(b"x"))
    return StoredDocument.objects.create(
        kind=kind,
        language=language,
        version=0,
        filter_key=filter_key(filters),
        filters=filters,
        status=status,
        file=name if status == "done" else "",
        queued_at=at,
    )


def edition(number):
    return ConsolidatedPlan.objects.create(
        year=2027, edition=number, frozen_at=OLD, snapshot={"plans": []}
    )


def upload(token, *, at=OLD):
    name = default_storage.save(exports.upload_name(token), ContentFile(b"PK"))
    stamp = at.timestamp()
    os.utime(default_storage.path(name), (stamp, stamp))
    return name


def exists(row) -> bool:
    return StoredDocument.objects.filter(pk=row.pk).exists()


def test_superseded_editions_files_go_the_edition_in_force_stays():
    edition(1), edition(2)
    first_pdf = document(exports.CONSOLIDATED, {"year": "2027", "edition": "1"})
    first_xlsx = document(exports.CONSOLIDATED_XLSX, {"year": "2027", "edition": "1"})
    first_recent = document(
        exports.CONSOLIDATED, {"year": "2027", "edition": "1"}, at=NEW, language="kk"
    )
    second = document(exports.CONSOLIDATED, {"year": "2027", "edition": "2"})
    file_name = first_pdf.file.name
    counts = services.files_cleanup()
    assert counts["editions"] == 2
    assert not exists(first_pdf) and not exists(first_xlsx)
    assert not default_storage.exists(file_name)
    assert exists(first_recent) and exists(second)


def test_only_the_latest_summary_of_a_period_stays():
    common = {"period": "2027-Q1", "agencies": "all"}
    older = document(exports.SUMMARY, {**common, "digest": "a"})
    latest = document(exports.SUMMARY, {**common, "digest": "b"})
    other_period = document(
        exports.SUMMARY, {"period": "2027-Q2", "agencies": "all", "digest": "a"}
    )
    assert services.files_cleanup()["summaries"] == 1
    assert not exists(older)
    assert exists(latest) and exists(other_period)


def test_unconfirmed_uploads_go_an_import_under_way_stays():
    forgotten = document(exports.IMPORT_CHECK, {"plan": "1", "token": "aaa"})
    upload("aaa")
    confirmed = document(exports.IMPORT_CHECK, {"plan": "1", "token": "bbb"})
    upload("bbb")
    document(exports.IMPORT, {"plan": "1", "token": "bbb", "by": "1"}, status="queued")
    upload("orphan")
    upload("fresh", at=NEW)
    counts = services.files_cleanup()
    assert (counts["imports"], counts["uploads"]) == (1, 1)
    assert not exists(forgotten) and not default_storage.exists(exports.upload_name("aaa"))
    assert not default_storage.exists(exports.upload_name("orphan"))
    assert exists(confirmed) and default_storage.exists(exports.upload_name("bbb"))
    assert default_storage.exists(exports.upload_name("fresh"))


def test_the_age_comes_from_the_setting(settings):
    edition(1), edition(2)
    pdf = document(exports.CONSOLIDATED, {"year": "2027", "edition": "1"})
    settings.MEDIAPLANS_CLEANUP_DAYS = 60
    assert tasks.files_cleanup()["editions"] == 0
    settings.MEDIAPLANS_CLEANUP_DAYS = 30
    assert tasks.files_cleanup()["editions"] == 1
    assert not exists(pdf)


def test_beat_runs_it_nightly_with_its_reason():
    (entry,) = [p for p in PERIODIC_TASKS if p.task == "mediaplans.files_cleanup"]
    assert entry.why and entry.hour == "3"
