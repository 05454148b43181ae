"""Render a template to PDF with WeasyPrint in a given language.

The URL fetcher serves only the portal's own static files (stylesheets, the shipped DejaVu
font with the Kazakh letters). Anything else a template or user content points at — a
`file://` path, a network address, a data URL other than a PNG or JPEG image — is refused,
so a PDF can never be made to read the server's files or call another host.
"""

import base64
import binascii
import logging
import mimetypes
from collections.abc import Iterable
from io import BytesIO
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

BASE_URL = "https://portal.invalid/"


class RefusedURL(ValueError):
    """A PDF asked for a resource outside the portal's static files."""


# Images a template carries itself as data: URIs (the accreditation card's photo, checked
# by content by its export): decoded here, never fetched.
DATA_IMAGES = {"data:image/png;base64,": "image/png", "data:image/jpeg;base64,": "image/jpeg"}


class StaticOnlyURLFetcher(URLFetcher):
    """Answers from the static-file finders and the checked data: images; refuses every other
    URL."""

    def fetch(self, url, headers=None):
        for prefix, content_type in DATA_IMAGES.items():
            if url.startswith(prefix):
                try:
                    body = base64.b64decode(url.removeprefix(prefix), validate=True)
                except binascii.Error:
                    raise RefusedURL(url[:64]) from None
                return URLFetcherResponse(prefix, body=body, headers={"Content-Type": content_type})
        parts = urlsplit(url)
        static_prefix = settings.STATIC_URL
        if (
            f"{parts.scheme}://{parts.netloc}/" != BASE_URL
            or not parts.path.startswith(static_prefix)
            or ".." in parts.path
        ):
            logger.warning("PDF refused to fetch %s", url)
            raise RefusedURL(url)
        path = _static_file(unquote(parts.path.removeprefix(static_prefix)))
        if path is None:
            raise RefusedURL(url)
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        with open(path, "rb") as file:
            return URLFetcherResponse(url, body=file.read(), headers={"Content-Type": content_type})


def _static_file(name: str) -> str | None:
    """The file behind a static name: from the finders while developing, from the collected
    files (with their hashed names) in production."""
    if path := finders.find(name):
        return path
    if staticfiles_storage.exists(name):
        return staticfiles_storage.path(name)
    return None


def render_html(template_name: str, context: dict, *, language: str) -> str:
    """The HTML that `render_pdf` hands to WeasyPrint (bench.media_grid times it alone)."""
    with translation.override(language):
        return render_to_string(template_name, {**context, "LANGUAGE_CODE": language})


# Tagged PDF (issue 12 §4): the headings, paragraphs and tables in a structure tree that
# screen readers follow, and the viewer shows the document's title. WeasyPrint takes the
# title from the template's <title> and the language (/Lang) from <html lang>. Not the
# PDF/UA variant: it would claim a conformance no one has checked. On a media-grid of 300
# events: about 16 % more time and 2.7 times the size (67 -> 179 KB). bench.media_grid's
# "WeasyPrint alone" should render with these options too, to compare like with like.
PDF_OPTIONS = {"pdf_tags": True}


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """The PDF of `template_name` rendered in `language` (kk, ru or en), tagged, with the
    title and language of its HTML."""
    html = render_html(template_name, context, language=language)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyURLFetcher())
    return document.write_pdf(**PDF_OPTIONS)


def join_pdfs(parts: Iterable[bytes]) -> bytes:
    """One PDF of `parts` (PDFs of `render_pdf` whose templates print no page numbers), with
    "page / pages" of the whole laid over every page as pdf.css prints it. A long table is
    rendered in parts: WeasyPrint's time and memory for one table grow faster than its rows.
    `parts` may be a generator: one part is held at a time."""
    writer = PdfWriter()
    for number, part in enumerate(parts):
        reader = PdfReader(BytesIO(part))
        if number == 0:
            if reader.metadata:
                writer.add_metadata(reader.metadata)
            _keep_title_and_language(reader, writer)
        writer.append(reader)
    numbers = PdfReader(
        BytesIO(
            render_pdf("pdf/_page_numbers.html", {"pages": range(len(writer.pages))}, language="en")
        )
    )
    for page, number in zip(writer.pages, numbers.pages, strict=True):
        page.merge_page(number)
        page.compress_content_streams()
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def _keep_title_and_language(reader: PdfReader, writer: PdfWriter) -> None:
    """The first part's language and "show the title" in the joined PDF. Its tags are lost:
    pypdf copies pages, not the parts' structure trees."""
    root = reader.trailer["/Root"]
    for key in ("/Lang", "/ViewerPreferences"):
        if key in root:
            writer.root_object[NameObject(key)] = root[key].clone(writer)
