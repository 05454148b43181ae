import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.directory.choices import Role
from requests_desk.publications import services
from tests.factories import MembershipFactory, UserFactory

ALMATY = dt.timezone(dt.timedelta(hours=5))
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def almaty(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ALMATY)


def pdf(name="brief.pdf", content=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def hand_over(agency, by, *, publication_date, kind="regular", title="Жаңа зауыт", **kwargs):
    return services.publication_hand_over(
        agency=agency,
        by=by,
        unit="Өнеркәсіп департаменті",
        title=title,
        text="Зауыт ашылды.",
        kind=kind,
        publication_date=publication_date,
        **kwargs,
    )


@pytest.fixture
def unit_member(agency):
    """A member of the agency who is neither its press secretary nor its head."""
    user = UserFactory()
    MembershipFactory(user=user, role=Role.REGIONAL_APPROVER, agency=agency)
    return user
