"""The monthly analytical note on agencies' information work and reaction (000 §4.5).

From a month of monitoring, per agency and overall: publications and their tone shares,
flagged items (resonance cases, 000 §4.2), how long the answers took (flag to the response
that closed the case, 000 §4.3) and the share answered on time (by the case's deadline of
the rule "monitoring-response"). `note_figures` reads them in a constant number of queries;
`note_charts` draws them as SVG without the database. A build (`services.note_build_run`)
stores both once, with every name in kk, ru and en (`NoteFigures.to_json`), so the page and
the three PDFs show the same figures, read back by `NoteFigures.from_json`.
"""

import dataclasses
import datetime as dt
import re
import statistics
from dataclasses import dataclass
from io import StringIO

from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.directory.models import Agency

from .choices import Tone
from .models import Publication, PublicationMatch, ResonanceCase

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
CHART_AGENCIES = 12  # the charts show the agencies with the most publications
LANGUAGES = ("kk", "ru", "en")
COLOURS = {"negative": "#b3261e", "neutral": "#9e9e9e", "positive": "#2e7d32"}


def parse_month(value: str) -> dt.date:
    """ "2026-11" → 1 November 2026; ValueError for anything else."""
    found = MONTH.match(value or "")
    if not found or not 2000 <= int(found[1]) <= 2100:
        raise ValueError(value)
    return dt.date(int(found[1]), int(found[2]), 1)


def month_label(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month's first instant and the next month's, in Astana time."""

    def start(day):
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    return start(month), start(next_month(month))


@dataclass(frozen=True)
class Figures:
    """One row of the note: an agency's month, or the whole of it."""

    publications: int = 0
    negative: int = 0
    neutral: int = 0
    positive: int = 0
    flagged: int = 0
    closed: int = 0
    median_response_hours: float | None = None
    due: int = 0  # cases whose deadline has passed or that are closed
    on_time: int = 0  # of those, closed by the deadline

    def share(self, tone: str) -> float:
        return getattr(self, tone) / self.publications if self.publications else 0.0

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.due if self.due else None

    # Percentages for the templates.
    @property
    def negative_percent(self) -> float:
        return 100 * self.share("negative")

    @property
    def neutral_percent(self) -> float:
        return 100 * self.share("neutral")

    @property
    def positive_percent(self) -> float:
        return 100 * self.share("positive")

    @property
    def on_time_percent(self) -> float | None:
        share = self.on_time_share
        return None if share is None else 100 * share


def _in_language(texts: dict[str, str]) -> str:
    language = (translation.get_language() or "").split("-")[0]
    return texts.get(language) or next((text for text in texts.values() if text), "")


@dataclass(frozen=True)
class AgencyRow:
    """An agency's line, with its name in every language: a stored build is read in the
    reader's language."""

    agency_id: int
    names: dict[str, str]
    labels: dict[str, str]  # the short name when it has one, for the charts
    figures: Figures

    @property
    def name(self) -> str:
        return _in_language(self.names)

    @property
    def label(self) -> str:
        return _in_language(self.labels)


@dataclass(frozen=True)
class NoteFigures:
    month: dt.date
    agency: Agency | None  # None: every agency (the ministry's note)
    overall: Figures
    agencies: tuple[AgencyRow, ...]
    as_of: dt.datetime

    def to_json(self) -> dict:
        """What a build stores (`NoteBuild.figures`): numbers and names, no objects."""
        return {
            "as_of": self.as_of.isoformat(),
            "overall": dataclasses.asdict(self.overall),
            "agencies": [
                {
                    "agency_id": row.agency_id,
                    "names": row.names,
                    "labels": row.labels,
                    "figures": dataclasses.asdict(row.figures),
                }
                for row in self.agencies
            ],
        }

    @classmethod
    def from_json(cls, data: dict, *, month: dt.date, agency: Agency | None) -> "NoteFigures":
        return cls(
            month=month,
            agency=agency,
            overall=Figures(**data["overall"]),
            agencies=tuple(
                AgencyRow(
                    agency_id=row["agency_id"],
                    names=row["names"],
                    labels=row["labels"],
                    figures=Figures(**row["figures"]),
                )
                for row in data["agencies"]
            ),
            as_of=dt.datetime.fromisoformat(data["as_of"]),
        )


def _case_figures(cases: list[tuple], now: dt.datetime) -> dict:
    """flagged, closed, median hours to the closing response, due and on time."""
    hours = [
        (closed_at - flagged_at).total_seconds() / 3600
        for flagged_at, _due, closed_at in cases
        if closed_at is not None
    ]
    due = [
        (due_at, closed_at)
        for _flagged, due_at, closed_at in cases
        if due_at is not None and (closed_at is not None or due_at <= now)
    ]
    return {
        "flagged": len(cases),
        "closed": len(hours),
        "median_response_hours": round(statistics.median(hours), 1) if hours else None,
        "due": len(due),
        "on_time": sum(1 for due_at, closed_at in due if closed_at and closed_at <= due_at),
    }


def _tone_figures(counts: dict[str, int]) -> dict:
    return {"publications": sum(counts.values()), **{tone: counts.get(tone, 0) for tone in Tone}}


def note_figures(month: dt.date, agency: Agency | None = None) -> NoteFigures:
    """The note's figures for `month`, of one agency or of all: four queries whatever the
    number of agencies and publications."""
    start, end = month_bounds(month)
    now = timezone.now()
    publications = Publication.objects.filter(published_at__gte=start, published_at__lt=end)
    matches = PublicationMatch.objects.filter(
        publication__published_at__gte=start, publication__published_at__lt=end
    )
    cases = ResonanceCase.objects.filter(flagged_at__gte=start, flagged_at__lt=end)
    if agency is not None:
        publications = publications.filter(matches__agency=agency)
        matches = matches.filter(agency=agency)
        cases = cases.filter(agency=agency)

    overall_tones = {
        row["tone"]: row["n"] for row in publications.values("tone").annotate(n=Count("pk"))
    }
    tones: dict[int, dict[str, int]] = {}
    for row in matches.values("agency_id", "publication__tone").annotate(n=Count("pk")):
        tones.setdefault(row["agency_id"], {})[row["publication__tone"]] = row["n"]
    case_rows = list(cases.values_list("agency_id", "flagged_at", "due_at", "closed_at"))
    by_agency: dict[int, list[tuple]] = {}
    for agency_id, *times in case_rows:
        by_agency.setdefault(agency_id, []).append(tuple(times))

    fields = [f"{field}_{language}" for field in ("name", "short_name") for language in LANGUAGES]
    found = Agency.objects.filter(pk__in=set(tones) | set(by_agency)).only("pk", *fields)
    names, labels = {}, {}
    for one in found:
        for language in LANGUAGES:
            with translation.override(language):
                names.setdefault(one.pk, {})[language] = one.name
                labels.setdefault(one.pk, {})[language] = one.short_name or one.name
    rows = [
        AgencyRow(
            agency_id=pk,
            names=names[pk],
            labels=labels[pk],
            figures=Figures(
                **_tone_figures(tones.get(pk, {})), **_case_figures(by_agency.get(pk, []), now)
            ),
        )
        for pk in names
    ]
    rows.sort(key=lambda row: (-row.figures.publications, -row.figures.flagged, row.name))
    overall = Figures(
        **_tone_figures(overall_tones), **_case_figures([tuple(r[1:]) for r in case_rows], now)
    )
    return NoteFigures(month=month, agency=agency, overall=overall, agencies=tuple(rows), as_of=now)


# --- Charts ------------------------------------------------------------------------------

_SVG_START = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_ID = re.compile(r' id="([^"]+)"')
_REFERENCE = re.compile(r'(url\(#|href="#)([^)"]+)')
STYLE = {"font.family": "DejaVu Sans", "font.size": 8, "svg.fonttype": "path"}


def _svg(figure, name: str) -> str:
    """The figure as an inline <svg>, the same bytes for the same figures: no XML prologue,
    no date, a fixed salt for the ids of clip paths; ids nothing refers to ("figure_1") are
    dropped and the others prefixed by the chart's name, so two charts on one page share
    no id."""
    import matplotlib

    buffer = StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "monitoring-note"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = _SVG_START.sub("", buffer.getvalue(), count=1)
    referenced = {found[1] for found in _REFERENCE.findall(svg)}
    svg = _ID.sub(lambda m: f' id="{name}-{m[1]}"' if m[1] in referenced else "", svg)
    return _REFERENCE.sub(lambda m: f"{m[1]}{name}-{m[2]}", svg)


def _bars(lines: list[tuple[str, Figures]]):
    """A Figure (no pyplot: no GUI, no global state) with one horizontal bar per line, the
    first line on top."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 0.9 + 0.32 * len(lines)), layout="constrained")
    axes = figure.add_subplot()
    axes.set_xlim(0, 100)
    return figure, axes, [label for label, _figures in reversed(lines)]


def _shorten(label: str, size: int = 40) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def note_charts(figures: NoteFigures) -> dict[str, str]:
    """SVG charts: "tone" (tone shares, overall and the busiest agencies) and "on_time"
    (the share answered on time, where a deadline has come). A chart without data is left
    out. DejaVu Sans has the Kazakh letters; glyphs are drawn as paths, so the PDF needs no
    font for them."""
    import matplotlib

    matplotlib.use("Agg")
    lines = [(_("Overall"), figures.overall)] if figures.agency is None else []
    lines += [(_shorten(row.label), row.figures) for row in figures.agencies[:CHART_AGENCIES]]
    charts = {}
    with matplotlib.rc_context(STYLE):
        published = [line for line in lines if line[1].publications]
        if published:
            figure, axes, labels = _bars(published)
            left = [0.0] * len(published)
            names = {"negative": _("Negative"), "neutral": _("Neutral"), "positive": _("Positive")}
            for tone, name in names.items():
                values = [100 * row.share(tone) for _label, row in reversed(published)]
                axes.barh(labels, values, left=left, color=COLOURS[tone], label=name)
                left = [a + b for a, b in zip(left, values, strict=True)]
            axes.set_xlabel(_("Share of publications, %"))
            axes.set_title(_("Tone of publications"))
            axes.legend(loc="lower right", fontsize=7, ncols=3)
            charts["tone"] = _svg(figure, "tone")
        answered = [line for line in lines if line[1].on_time_share is not None]
        if answered:
            figure, axes, labels = _bars(answered)
            values = [100 * row.on_time_share for _label, row in reversed(answered)]
            axes.barh(labels, values, color="#1f5fa8")
            for place, value in enumerate(values):
                axes.text(min(value, 88) + 1, place, f"{value:.0f}%", va="center", fontsize=7)
            axes.set_xlabel(_("Answered on time, %"))
            axes.set_title(_("Responses by the deadline"))
            charts["on_time"] = _svg(figure, "on_time")
    return charts


def note_charts_all(figures: NoteFigures) -> dict[str, dict[str, str]]:
    """The charts in each language (their titles, legends and agencies' names are words),
    drawn from the same figures: what a build stores for the page and the PDFs."""
    charts = {}
    for language in LANGUAGES:
        with translation.override(language):
            charts[language] = note_charts(figures)
    return charts
