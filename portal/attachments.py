"""What an uploaded document may be: an event's attachments (000 §3.5: the resolutive
part's text, accompanying documents), a plan's or a request's. Its type is judged by its
first bytes as well as its name, so a renamed executable or web page is refused; its stored
name is the portal's own, never the uploader's. Pure: no database, no storage."""

import re
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str


PDF = FileType("pdf", "application/pdf", "PDF")
DOC = FileType("doc", "application/msword", "DOC")
DOCX = FileType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"
)
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")
ODT = FileType("odt", "application/vnd.oasis.opendocument.text", "ODT")
JPG = FileType("jpg", "image/jpeg", "JPG")
PNG = FileType("png", "image/png", "PNG")
TYPES = {t.extension: t for t in (PDF, DOC, DOCX, XLSX, ODT, JPG, PNG)}
ALIASES = {"jpeg": "jpg"}
# Office Open XML and OpenDocument files are ZIP archives: the part that says which one.
ZIP_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),  # OLE2 compound document
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "jpg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
# A stored name ends "-<size in bytes>.<extension>": lists show the size without asking
# the storage (S3 would answer one request per file).
STORED_NAME = re.compile(r"-(?P<size>\d+)\.[a-z]+$")


def max_bytes() -> int:
    return settings.EVENT_ATTACHMENT_MAX_MB * 1024 * 1024


def allowed_extensions() -> str:
    return ", ".join(t.label for t in TYPES.values())


def file_type(upload) -> FileType:
    """The type of an uploaded file (a Django `File`), or ValidationError naming what is
    wrong: too large, empty, a name or content that is none of the allowed types."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes():
        raise ValidationError(
            _("The file is larger than %(limit)s MB.")
            % {"limit": settings.EVENT_ATTACHMENT_MAX_MB},
            code="too_large",
        )
    name = (upload.name or "").rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    extension = ALIASES.get(extension, extension)
    if extension not in TYPES:
        raise ValidationError(
            _("Only these files can be attached: %(types)s.") % {"types": allowed_extensions()},
            code="extension",
        )
    if not _content_is(upload, extension):
        raise ValidationError(
            _("The file's content is not a %(type)s file: attach the document itself.")
            % {"type": TYPES[extension].label},
            code="content",
        )
    return TYPES[extension]


def _content_is(upload, extension: str) -> bool:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in SIGNATURES[extension]):
        return False
    if extension in ZIP_MARKERS or extension == "odt":
        return _zip_is(upload, extension)
    return True


def _zip_is(upload, extension: str) -> bool:
    """The archive's table of contents (read, not unpacked) names the format's main part."""
    try:
        with zipfile.ZipFile(upload) as archive:
            if extension == "odt":
                info = archive.getinfo("mimetype")
                return info.file_size < 100 and archive.read(info).strip() == ODT_MIMETYPE
            return ZIP_MARKERS[extension] in archive.namelist()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def stored_name(*, kind: FileType, size: int) -> str:
    """The file's name in the storage: random, so nobody guesses another's, with its size."""
    return f"{uuid.uuid4().hex}-{size}.{kind.extension}"


def stored_size(name: str) -> int | None:
    match = STORED_NAME.search(name or "")
    return int(match["size"]) if match else None


def content_type_of(name: str) -> str:
    extension = (name or "").rsplit(".", 1)[-1].lower()
    kind = TYPES.get(ALIASES.get(extension, extension))
    return kind.content_type if kind else "application/octet-stream"


def download_name(title: str, name: str) -> str:
    """What the reader's browser saves it as: the title (in any script) and the extension."""
    extension = (name or "").rsplit(".", 1)[-1].lower()
    stem = slugify(title or "", allow_unicode=True)[:80] or "attachment"
    return f"{stem}.{extension}"
