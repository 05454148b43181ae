"""The published version of the directory: `publication_bump` raises it once the change is
committed, and `publication_version` reads it from the cache, costing no query."""

import pytest
from django.db import transaction

from portal.documents.models import Publication
from portal.documents.services import publication_bump, publication_version
from tests.factories import SpokespersonFactory

pytestmark = pytest.mark.django_db


def test_the_version_is_zero_before_the_first_publication():
    assert publication_version("directory") == 0
    assert not Publication.objects.exists()


def test_a_bump_raises_the_version_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publication_bump("directory")
        assert publication_version("directory") == 0  # not yet committed
    assert len(callbacks) == 1
    assert publication_version("directory") == 1
    with django_capture_on_commit_callbacks(execute=True):
        publication_bump("directory")
        publication_bump("directory")
    assert publication_version("directory") == 3
    assert Publication.objects.get(name="directory").version == 3
    assert publication_version("event-grid") == 0  # each publication has its own


def test_a_change_rolled_back_publishes_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            publication_bump("directory")
            raise RuntimeError("the confirmation failed")
    assert callbacks == []
    assert publication_version("directory") == 0


def test_the_version_is_read_from_the_cache(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        publication_bump("directory")
    with django_assert_num_queries(0):
        assert publication_version("directory") == 1


def test_a_bump_replaces_the_cached_version_at_once(django_capture_on_commit_callbacks):
    assert publication_version("directory") == 0  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        publication_bump("directory")
    assert publication_version("directory") == 1


def test_confirming_a_spokesperson_publishes_the_directory(
    django_capture_on_commit_callbacks, ministry_staff
):
    """Needs the lead's call: `spokesperson_confirm` calls `publication_bump("directory")`."""
    from portal.directory.services import spokesperson_confirm

    spokesperson = SpokespersonFactory(confirmed_at=None)
    before = publication_version("directory")
    with django_capture_on_commit_callbacks(execute=True):
        spokesperson_confirm(spokesperson=spokesperson, by=ministry_staff)
    assert publication_version("directory") == before + 1
