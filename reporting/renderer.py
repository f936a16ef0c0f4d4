"""Turns a letter's frozen content and figures into HTML and into an archivable PDF.

Pure: it reads no letter from the database and imports neither the services nor the tasks (the
imports run services -> tasks -> renderer). Everything it needs is in `content` and `figures`,
the JSON that a version keeps, so a version renders the same today and in ten years.

The PDF is PDF/A-2a (archival and tagged in one file): A4, title, language and dates set, fonts
embedded, page numbers and the reference on every page after the first as artifacts, and a structure
tree with one element per section (see pdf_tagging). WeasyPrint fetches through
`LetterURLFetcher`, which serves only the portal's own static files and the municipality's logo
from storage, and refuses everything else without touching the network or the file system.
"""

import logging
import mimetypes
import posixpath
import time
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core import charts

from . import figures as figure_catalogue
from . import markup
from .goals_section import goals_section

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one line per page is noise in a worker

PDF_VARIANT = "pdf/a-2a"
INTERNAL_ORIGIN = "https://impactportaal.invalid"  # .invalid never resolves; only the fetcher knows it
STYLESHEET = "reporting/letter.css"


class RefusedResource(Exception):
    """A URL the letter may not fetch."""


@dataclass
class RenderResult:
    pdf: bytes
    html: str
    seconds: float
    refused: list[str]


def _safe_relative_path(path: str) -> str:
    """A storage-relative path without '..', absolute parts or backslashes; RefusedResource otherwise."""
    normal = posixpath.normpath(unquote(path)).lstrip("/")
    if normal.startswith("..") or "\\" in normal or "\x00" in normal or normal in ("", "."):
        raise RefusedResource(path)
    return normal


def own_file(url: str) -> tuple[bytes, str]:
    """The bytes and type of one of the portal's own static or media files that `url` names.

    Only URLs on the internal origin under STATIC_URL or MEDIA_URL qualify; anything else,
    file:, data:, another host, a metadata address, is refused before any I/O.
    """
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != INTERNAL_ORIGIN or parts.query or parts.fragment:
        raise RefusedResource(url)
    path = parts.path
    if path.startswith(settings.STATIC_URL):
        relative = _safe_relative_path(path.removeprefix(settings.STATIC_URL))
        found = finders.find(relative)
        if found:
            with open(found, "rb") as handle:
                data = handle.read()
        elif staticfiles_storage.exists(relative):
            with staticfiles_storage.open(relative) as handle:
                data = handle.read()
        else:
            raise RefusedResource(url)
    elif path.startswith(settings.MEDIA_URL) and path.removeprefix(settings.MEDIA_URL).startswith("municipalities/"):
        relative = _safe_relative_path(path.removeprefix(settings.MEDIA_URL))
        if not default_storage.exists(relative):
            raise RefusedResource(url)
        with default_storage.open(relative) as handle:
            data = handle.read()
    else:
        raise RefusedResource(url)
    return data, mimetypes.guess_type(relative)[0] or "application/octet-stream"


def letter_url_fetcher(refused: list[str] | None = None):
    """A WeasyPrint URL fetcher that serves only own_file() and writes down what it refused."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # WeasyPrint loads slowly: only when a letter renders

    class LetterURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            try:
                data, mime_type = own_file(url)
            except (RefusedResource, OSError, ValueError) as error:
                if refused is not None:
                    refused.append(url)
                raise RefusedResource(f"not fetched: {url}") from error
            return URLFetcherResponse(url, body=data, headers={"Content-Type": mime_type})

    return LetterURLFetcher(allowed_protocols=["https"], allow_redirects=False, timeout=1)


# ---------------------------------------------------------------- the letter as HTML


def _figure_box(box: dict, values: dict) -> dict:
    return {
        "label": box["label"],
        "figures": [
            {
                "label": label,
                "value": markup.format_value(
                    values.get(name, {}).get("value"), values.get(name, {}).get("kind", "count")
                ),
            }
            for name, label in box["figures"]
        ],
    }


def _counted(name: str, of_one: str | None):
    """The series' name after a number: its frozen singular after a one, where the version froze one."""
    if not of_one:
        return None
    return lambda number: of_one if number == 1 else name


def _chart(chart_id: str, data: dict) -> charts.Chart | None:
    """A chart of figures.collect() as bars for print, followed by its numbers; None when it has no rows."""
    rows = data.get("rows") or []
    names = data.get("series") or []
    of_one = list(data.get("series_of_one") or [])
    of_one += [None] * (len(names) - len(of_one))
    return charts.labelled_bar_chart(
        chart_id=chart_id,
        title=str(data.get("title", "")),
        categories=[str(row["label"]) for row in rows],
        category_titles=[str(row.get("title", "")) for row in rows],
        series=[
            charts.Series(str(name), [row["values"][index] for row in rows], counted=_counted(str(name), of_one[index]))
            for index, name in enumerate(names)
        ],
        category_label=str(data.get("category_label", "")),
        layout=charts.FOR_PRINT,
    )


def letter_context(content: dict, figures: dict, *, mark_figures: bool = False, for_pdf: bool = False) -> dict:
    """What letter_body.html needs: the narratives rendered with their figures, boxes and charts."""
    values = figures.get("values", {})
    chart_data = figures.get("charts", {})
    unknown: set[str] = set()

    def narrative(text: str):
        rendered = markup.render(text, values, mark_figures=mark_figures)
        unknown.update(rendered.unknown_figures)
        return rendered.html

    sections = []
    for line in content.get("action_lines", []):
        boxes = [_figure_box(box, values) for box in line.get("boxes", []) if box.get("figures")]
        line_charts = [
            chart
            for chart in (
                _chart(f"letter-chart-{line['number']}-{key}", chart_data[key])
                for key in line.get("charts", [])
                if key in chart_data
            )
            if chart
        ]
        sections.append(
            {
                "number": line["number"],
                "title": line["title"],
                "goal": line.get("goal", ""),
                "boxes": boxes,
                "charts": line_charts,
                "body": narrative(line.get("body", "")),
                "indicators": figure_catalogue.indicator_table(line, content.get("year", 0), figures),
            }
        )
    overview = None
    if content.get("show_activity_overview", True) and "activities_per_action_line" in chart_data:
        overview = _chart("letter-chart-activities", chart_data["activities_per_action_line"])
    municipality = dict(content.get("municipality", {}))
    municipality["logo_url"] = (
        f"{INTERNAL_ORIGIN}{settings.MEDIA_URL}{municipality['logo']}" if for_pdf and municipality.get("logo") else ""
    )
    return {
        "letter": content,
        "municipality": municipality,
        "letter_date": date.fromisoformat(content["letter_date"]) if content.get("letter_date") else None,
        "introduction": narrative(content.get("introduction", "")),
        "developments": narrative(content.get("developments", "")),
        "closing": narrative(content.get("closing", "")),
        "sections": sections,
        "activity_overview": overview,
        "goals_section": _goals_section(content, figures),
        "unknown_figures": sorted(unknown),
        "running_reference": running_reference(content),
    }


def _goals_section(content: dict, figures: dict) -> dict | None:
    """The section on the sustainable development goals, with its chart for print (see reporting.goals_section)."""
    section = goals_section(figures) if content.get("show_goals_section", True) else None
    if section is not None:
        section["chart"] = _chart("letter-chart-goals", section["data"])
    return section


def running_reference(content: dict) -> str:
    """What the head of every page after the first says: our reference, else the subject."""
    return content.get("our_reference") or content.get("subject", "")


def letter_body_html(content: dict, figures: dict, *, mark_figures: bool = False) -> str:
    """The letter itself (no <html>), for the browser's preview and reading pages."""
    with translation.override(content.get("language", "nl")):
        return render_to_string(
            "reporting/includes/letter_body.html", letter_context(content, figures, mark_figures=mark_figures)
        )


def letter_document_html(content: dict, figures: dict, *, created: datetime, modified: datetime) -> str:
    """The whole HTML document that WeasyPrint prints; `created` and `modified` go into its metadata."""
    with translation.override(content.get("language", "nl")):
        context = letter_context(content, figures, for_pdf=True)
        context.update(
            {
                "language": content.get("language", "nl"),
                "title": content.get("subject", ""),
                "created": created.isoformat(timespec="seconds"),
                "modified": modified.isoformat(timespec="seconds"),
                "stylesheet_url": settings.STATIC_URL + STYLESHEET,
                "for_pdf": True,
            }
        )
        return render_to_string("reporting/letter_document.html", context)


def render_pdf(
    content: dict, figures: dict, *, created: datetime | None = None, modified: datetime | None = None
) -> RenderResult:
    """The letter as PDF/A-2a bytes, with the HTML it was printed from and the URLs it refused.

    `created` (when the version was frozen) and `modified` go into the info dictionary and the XMP
    metadata; both are the moment of rendering when not given."""
    from weasyprint import HTML  # imported here: heavy, and only workers and the command need it

    from . import pdf_tagging

    pdf_tagging.install()
    started = time.perf_counter()
    now = timezone.now()
    html = letter_document_html(content, figures, created=created or now, modified=modified or now)
    refused: list[str] = []
    document = HTML(string=html, base_url=INTERNAL_ORIGIN + "/", url_fetcher=letter_url_fetcher(refused))
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=_identifier(content), custom_metadata=True)
    return RenderResult(pdf=pdf, html=html, seconds=time.perf_counter() - started, refused=refused)


def _identifier(content: dict) -> bytes:
    slug = content.get("municipality", {}).get("slug", "")
    return f"raadsbrief-{slug}-{content.get('year', '')}-{content.get('letter_id', '')}".encode()
