import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from requests_desk.accreditation import services

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def photo(name="photo.png", content=PNG):
    return SimpleUploadedFile(name, content, content_type="image/png")


def apply(journalist, agency, **overrides):
    """An application through the service: permanent unless told otherwise."""
    data = {
        "journalist": journalist,
        "agency": agency,
        "full_name": "Әсел Нұрланқызы",
        "outlet": "Kazinform",
        "position": "Correspondent",
        "phone": "8 701 234 56 78",
        "email": "asel@example.kz",
        "photo": photo(),
        "kind": "permanent",
        **overrides,
    }
    return services.accreditation_apply(**data)


def accredited(journalist, agency, by, **overrides):
    return services.accreditation_approve(
        accreditation=apply(journalist, agency, **overrides), by=by
    )


@pytest.fixture
def temporary_period():
    today = timezone.localdate()
    return {"kind": "temporary", "valid_from": today, "valid_until": today + dt.timedelta(days=30)}
