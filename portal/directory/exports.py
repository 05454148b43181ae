"""The directory's generated files: the PDF of the published directory, stored per language,
version of the publication "directory" and filter by `portal.documents` (built in Celery)."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..documents.registry import DocumentKind, register
from ..pdf import render_pdf
from .choices import Region
from .models import Agency, Spokesperson
from .queries import directory_search

PUBLICATION = "directory"


def directory_filters(cleaned_data: dict) -> dict[str, str]:
    """The normalised filter of a valid `DirectorySearchForm`: only what narrows the list,
    as strings (the stored document's filter and its key)."""
    filters = {}
    text = " ".join(cleaned_data.get("q", "").split())
    if text:
        filters["q"] = text
    if cleaned_data.get("agency"):
        filters["agency"] = cleaned_data["agency"].slug
    if cleaned_data.get("region"):
        filters["region"] = cleaned_data["region"]
    if cleaned_data.get("former"):
        filters["former"] = "1"
    return filters


def filter_description(filters: dict[str, str], agency: Agency | None) -> list[str]:
    """The filter in words, in the active language: what the PDF says it was made with."""
    parts = []
    if "agency" in filters:
        name = agency.name if agency is not None else filters["agency"]
        parts.append(_("Agency: %(name)s") % {"name": name})
    if "region" in filters:
        parts.append(_("Region: %(region)s") % {"region": Region(filters["region"]).label})
    if "q" in filters:
        parts.append(_("Name contains: %(text)s") % {"text": filters["q"]})
    if "former" in filters:
        parts.append(_("including former spokespersons"))
    return parts


def spokesperson_directory_pdf(*, language: str, filters: dict[str, str]) -> bytes:
    """The published directory (confirmed appointments only, whoever asked), narrowed by
    `filters`, in `language`."""
    with translation.override(language):
        spokespersons = Spokesperson.objects.published().select_related("agency")
        if "former" not in filters:
            spokespersons = spokespersons.current()
        agency = None
        if "agency" in filters:
            agency = Agency.objects.filter(slug=filters["agency"]).first()
            spokespersons = spokespersons.filter(agency__slug=filters["agency"])
        spokespersons = directory_search(
            spokespersons, text=filters.get("q", ""), region=filters.get("region", "")
        ).order_by("agency__name", "surname", "name", "-appointed_on")
        context = {
            "spokespersons": spokespersons,
            "generated_on": timezone.localdate(),
            "filter_parts": filter_description(filters, agency),
            "former": "former" in filters,
        }
        return render_pdf("pdf/spokesperson_directory.html", context, language=language)


def _filename(document) -> str:
    day = timezone.localdate(document.finished_at).isoformat()
    suffix = "" if not document.filters else f"-{document.filter_key[:8]}"
    return f"spokespersons-{document.language}-{day}{suffix}.pdf"


register(
    DocumentKind(
        name="directory",
        publications=(PUBLICATION,),
        build=spokesperson_directory_pdf,
        filename=_filename,
    )
)
