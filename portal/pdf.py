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

import pikepdf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import translation
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


def render_pdf(template_name: str, context: dict, *, language: str, tagged: bool = True) -> bytes:
    """The PDF of `template_name` rendered in `language` (kk, ru or en), with the title and
    language of its HTML; tagged unless it is only a layer of another PDF (`join_pdfs`)."""
    html = render_html(template_name, context, language=language)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyURLFetcher())
    return document.write_pdf(**(PDF_OPTIONS if tagged else {}))


def join_pdfs(parts: Iterable[bytes]) -> bytes:
    """One PDF of `parts` (PDFs of `render_pdf` whose templates print no page numbers), with
    "page / pages" of the whole laid over every page as pdf.css prints it, as a pagination
    artifact. A long table is rendered in parts: WeasyPrint's time and memory for one table
    grow faster than its rows. The parts' structure trees join into one, so the whole is
    tagged as each part is (`_StructureTree`). qpdf (pikepdf) joins them and writes the
    whole with compressed object streams, as WeasyPrint writes each part: a tagged table has
    an object per cell. `parts` may be a generator: one part is laid out at a time; the
    parts' bytes stay until the whole is written (qpdf copies page contents then)."""
    whole = pikepdf.Pdf.new()
    tree = _StructureTree(whole)
    opened = []
    for number, part in enumerate(parts):
        source = pikepdf.Pdf.open(BytesIO(part))
        opened.append(source)
        if number == 0:
            _keep_title_and_language(source, whole)
        first_page = len(whole.pages)
        whole.pages.extend(source.pages)
        tree.add(source, whole.pages[first_page:])
    numbers = pikepdf.Pdf.open(
        BytesIO(
            render_pdf(
                "pdf/_page_numbers.html",
                {"pages": range(len(whole.pages))},
                language="en",
                tagged=False,
            )
        )
    )
    for page, number in zip(whole.pages, numbers.pages, strict=True):
        _mark_as_pagination(number)
        page.add_overlay(number)
    output = BytesIO()
    whole.save(output, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for source in (*opened, numbers):
        source.close()
    return output.getvalue()


def _keep_title_and_language(source: pikepdf.Pdf, whole: pikepdf.Pdf) -> None:
    """The first part's metadata (its title), language and "show the title" in the whole."""
    whole.docinfo = _copied(source.docinfo, source, whole)
    for key in ("/Lang", "/ViewerPreferences"):
        if key in source.Root:
            whole.Root[key] = _copied(source.Root[key], source, whole)


class _StructureTree:
    """The structure tree of a joined PDF: the first part's, with the elements of every
    later part's /Document appended to its /Document. Pages and annotations point into the
    tree by keys of its /ParentTree (/StructParents, /StructParent), so each part's keys are
    moved past the ones before it. qpdf copies each part's tree onto the pages it already
    copied; what a later part's tree leaves over (its root) is not written."""

    def __init__(self, whole: pikepdf.Pdf):
        self.whole = whole
        self.document = None  # the /Document element every part's elements join
        self.parent_tree = None  # its /Nums: key, elements, key, elements ...
        self.next_key = 0

    def add(self, source: pikepdf.Pdf, pages) -> None:
        """The tags of `source`, whose pages were appended as `pages`."""
        if "/StructTreeRoot" not in source.Root:
            return
        offset = self.next_key
        for page in pages:
            _shift(page.obj, "/StructParents", offset)
            for annotation in page.obj.get("/Annots", ()):
                _shift(annotation, "/StructParent", offset)
        tree = self.whole.copy_foreign(source.Root.StructTreeRoot)
        nums = tree.ParentTree.Nums
        keys = [int(key) for key in nums[::2]]
        self.next_key = offset + max(keys, default=-1) + 1
        if self.document is None:
            self.whole.Root.StructTreeRoot = tree
            self.whole.Root.MarkInfo = _copied(source.Root.MarkInfo, source, self.whole)
            self.document = tree.K[0]
            self.parent_tree = nums
            return
        for key, elements in zip(keys, nums[1::2], strict=True):
            self.parent_tree.extend([key + offset, elements])
        for element in tree.K[0].K:
            element.P = self.document
            self.document.K.append(element)


def _copied(value, source: pikepdf.Pdf, whole: pikepdf.Pdf):
    """`value` of `source` as a value of `whole` (qpdf copies only indirect objects)."""
    return whole.copy_foreign(value if value.is_indirect else source.make_indirect(value))


def _shift(dictionary: pikepdf.Dictionary, key: str, offset: int) -> None:
    if key in dictionary:
        dictionary[key] = int(dictionary[key]) + offset


def _mark_as_pagination(page: pikepdf.Page) -> None:
    """The page's content as a pagination artifact: screen readers skip it, and it never
    mixes with the marked content of the page it is laid over."""
    page.contents_coalesce()
    content = page.obj.Contents.read_bytes()
    page.obj.Contents.write(b"/Artifact <</Type /Pagination>> BDC\n" + content + b"\nEMC\n")
