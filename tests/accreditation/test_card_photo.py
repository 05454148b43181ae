"""The journalist's photo on the accreditation card (003 §8.3): drawn from a `data:` URI
that the export builds once the stored file is checked to be a real JPEG or PNG; a card
whose photo is missing or is not an image still renders, without it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from requests_desk.accreditation import exports

from .conftest import accredited

pytestmark = pytest.mark.django_db


def image(kind="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


def images_in(pdf: bytes) -> list[int]:
    """The number of images drawn on each page."""
    counts = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        objects = page.get("/Resources", {}).get("/XObject", {})
        counts.append(
            sum(1 for ref in objects.values() if ref.get_object()["/Subtype"] == "/Image")
        )
    return counts


@pytest.mark.parametrize(
    ("name", "kind", "mime"), [("me.png", "PNG", "image/png"), ("me.jpg", "JPEG", "image/jpeg")]
)
def test_a_real_photo_becomes_a_data_uri(journalist, agency, press_secretary, name, kind, mime):
    content = image(kind)
    accreditation = accredited(
        journalist, agency, press_secretary, photo=SimpleUploadedFile(name, content)
    )
    uri = exports.photo_data_uri(accreditation)
    assert uri.startswith(f"data:{mime};base64,")
    html = exports.card_context(accreditation)
    assert html["photo"] == uri


def test_a_stored_file_that_is_not_an_image_is_left_off(journalist, agency, press_secretary):
    accreditation = accredited(journalist, agency, press_secretary)
    name = accreditation.photo.name
    with accreditation.photo.storage.open(name, "wb") as file:
        file.write(b"%PDF-1.4\n%%EOF\n")  # replaced behind the portal's back
    assert exports.photo_data_uri(accreditation) == ""
    accreditation.photo.storage.delete(name)
    assert exports.photo_data_uri(accreditation) == ""
    pdf = exports.card_pdf(language="en", filters=exports.card_filters(accreditation))
    assert pdf.startswith(b"%PDF-") and images_in(pdf) == [0]


def test_the_card_pdf_shows_the_photo(journalist, agency, press_secretary):
    accreditation = accredited(
        journalist, agency, press_secretary, photo=SimpleUploadedFile("me.png", image())
    )
    pdf = exports.card_pdf(language="kk", filters=exports.card_filters(accreditation))
    assert images_in(pdf) == [1]  # one card, one page, with the photo
