"""Stored documents in tests: build what a request queued with the task's own function, in
this process (the tests of a real worker are in test_worker.py)."""

from portal.documents.choices import DocumentStatus
from portal.documents.models import StoredDocument
from portal.documents.services import document_build


def build_queued() -> list[str]:
    """Run `documents.build` for every queued document; what each run returned."""
    queued = StoredDocument.objects.filter(status=DocumentStatus.QUEUED).order_by("pk")
    return [document_build(document_id=pk) for pk in queued.values_list("pk", flat=True)]


def get_built(client, path: str, data=None, **extra):
    """GET a stored document's address, build what that queued, and GET it again."""
    client.get(path, data, **extra)
    build_queued()
    return client.get(path, data, **extra)
