"""Render a template to PDF with WeasyPrint in a given language.

The URL fetcher serves only the portal's own static files (stylesheets, the shipped DejaVu
font with the Kazakh letters). Anything else a template or user content points at — a
`file://` path, a network address, a data URL — is refused, so a PDF can never be made to
read the server's files or call another host.
"""

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
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

BASE_URL = "https://portal.invalid/"


class RefusedURL(ValueError):
    """A PDF asked for a resource outside the portal's static files."""


class StaticOnlyURLFetcher(URLFetcher):
    """Answers from the static-file finders; refuses every other URL."""

    def fetch(self, url, headers=None):
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


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """The PDF of `template_name` rendered in `language` (kk, ru or en)."""
    html = render_html(template_name, context, language=language)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyURLFetcher()).write_pdf()


def join_pdfs(parts: Iterable[bytes]) -> bytes:
    """One PDF of `parts` (PDFs of `render_pdf` whose templates print no page numbers), with
    "page / pages" of the whole laid over every page as pdf.css prints it. A long table is
    rendered in parts: WeasyPrint's time and memory for one table grow faster than its rows.
    `parts` may be a generator: one part is held at a time."""
    writer = PdfWriter()
    for number, part in enumerate(parts):
        reader = PdfReader(BytesIO(part))
        if number == 0 and reader.metadata:
            writer.add_metadata(reader.metadata)
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
