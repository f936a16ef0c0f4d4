"""The supplier register as CSV: reading and checking an uploaded file row by row, and writing the export.

The columns are those of the spreadsheets municipalities keep (Dutch headers; the English field names work
too), one row per supplier. Multi-valued cells (themes, categories, offerings) separate values with "|".
Offerings and categories pair up by position: the n-th offering has the n-th category (or the last one).

Hostile input is refused rather than repaired: a file that is not text, a row that is too long, and a cell
that a spreadsheet would run as a formula are reported, never stored. The export is written by core.csv,
which puts a ' before any cell that starts like a formula, so opening it in Excel runs nothing.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Municipality, Organisation, Theme
from core import geo
from core.csv import FORMULA_START

from .models import Category, Supplier

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_CELL = 2000
MAX_COLUMNS = 40
SEPARATOR = "|"

# (field, Dutch header as exported, other accepted headers)
COLUMNS = [
    ("name", "naam", ["bedrijfsnaam", "organisatie", "name"]),
    ("kvk_number", "kvk", ["kvknummer", "kvk-nummer", "kvk_number"]),
    ("postcode", "postcode", []),
    ("city", "plaats", ["vestigingsplaats", "city"]),
    ("website", "website", []),
    ("contact_name", "contactpersoon", ["contact_name"]),
    ("contact_email", "email", ["e-mail", "e-mailadres", "contact_email"]),
    ("contact_phone", "telefoon", ["telefoonnummer", "contact_phone"]),
    ("contact_public", "contact_openbaar", ["contact_public"]),
    ("description", "omschrijving", ["description"]),
    ("impact", "impact", []),
    ("themes", "themas", ["thema", "themes"]),
    ("categories", "categorieen", ["categorie", "categories"]),
    ("offerings", "aanbod", ["producten", "producten_en_diensten", "offerings"]),
    ("impact_first", "impact_voorop", ["impact_first"]),
    ("independent_enterprise", "zelfstandige_onderneming", ["independent_enterprise"]),
    ("economically_independent", "economisch_zelfstandig", ["economically_independent"]),
    ("social_governance", "sociale_bedrijfsvoering", ["social_governance"]),
    ("code_sociale_ondernemingen", "code_sociale_ondernemingen", []),
    ("social_enterprise_nl", "social_enterprise_nl", []),
    ("pso_level", "pso", ["pso_level", "pso_trede"]),
    ("staff_distance_share", "aandeel_afstand_arbeidsmarkt", ["staff_distance_share"]),
    ("delivers_nationwide", "landelijk", ["delivers_nationwide"]),
    ("delivery_region", "regio", ["delivery_region"]),
]
EXPORT_ONLY = [("status", "status"), ("verified_at", "geverifieerd_op"), ("municipality", "gemeente")]
PRIVATE = {"contact_name", "contact_email", "contact_phone"}
BOOLEAN_FIELDS = {
    "contact_public",
    "impact_first",
    "independent_enterprise",
    "economically_independent",
    "social_governance",
    "code_sociale_ondernemingen",
    "social_enterprise_nl",
    "delivers_nationwide",
}
# The Supplier fields an import sets (the organisation gets name and KvK number).
SUPPLIER_FIELDS = [
    name
    for name, _header, _aliases in COLUMNS
    if name not in {"name", "kvk_number", "themes", "categories", "offerings"}
]
TRUE = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
FALSE = {"nee", "n", "no", "false", "onwaar", "0", ""}
PHONE_OR_NUMBER = re.compile(r"^[+-]?[\d\s().-]+$")


def _key(header: str) -> str:
    """'Thema's', 'E-mail ', 'KvK nummer' → 'themas', 'e-mail', 'kvk_nummer'."""
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode().strip().lower()
    return re.sub(r"[\s/]+", "_", text).replace("'", "")


HEADER_TO_FIELD = {_key(alias): name for name, header, aliases in COLUMNS for alias in [header, *aliases]}


# ---------------------------------------------------------------- reading


def decode(raw: bytes) -> tuple[str, str]:
    """The text of an uploaded file and its encoding: UTF-8 (with or without BOM), else Windows-1252,
    the two encodings Excel writes CSV in. Binary files and files too large are refused."""
    if len(raw) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB; split it into smaller files."))
    if not raw.strip():
        raise ValidationError(_("The file is empty."))
    if b"\x00" in raw:
        raise ValidationError(_("This is not a CSV text file. Save the spreadsheet as CSV and upload that."))
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("The file's characters cannot be read. Save it as 'CSV UTF-8' and upload it again.")
        ) from error


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max([";", ",", "\t"], key=header.count)


def read_rows(text: str) -> tuple[list[str], list[list[str]]]:
    """The fields the header names, and the data rows. Raises ValidationError for a file that is not a CSV
    register at all (no known header, too many rows, a field longer than the csv module accepts)."""
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    try:
        header = next(reader, [])
        rows = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise ValidationError(_("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS})
    except csv.Error as error:
        raise ValidationError(_("The file cannot be read as CSV: %(error)s") % {"error": error}) from error
    fields = [HEADER_TO_FIELD.get(_key(cell), "") for cell in header]
    missing = [
        header_name for name, header_name, _aliases in COLUMNS if name in ("name", "kvk_number") and name not in fields
    ]
    if missing:
        raise ValidationError(
            _("The first row must name the columns; these are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return fields, rows


@dataclass(frozen=True)
class Existing:
    """The organisation already in the portal that a row's KvK number names, and who owns it."""

    pk: int
    name: str
    members: int  # its active accounts: someone signed up with it
    supplier_status: str  # "" when it is not registered as a supplier

    @property
    def has_accounts(self) -> bool:
        return self.members > 0


@dataclass
class Row:
    """One data row: its line in the file, the cells as given, the cleaned values and what is wrong, and the
    existing organisation (if any) it would update."""

    line: int
    cells: dict[str, str]
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    existing: Existing | None = None

    @property
    def name(self) -> str:
        return self.cells.get("name", "")

    @property
    def kvk_number(self) -> str:
        return self.values.get("kvk_number", "")

    @property
    def updates_existing(self) -> bool:
        """It would update a supplier already in the register."""
        return self.existing is not None and bool(self.existing.supplier_status)

    @property
    def needs_consent(self) -> bool:
        """It names an organisation that someone signed up with: nothing is attached to it unless the coordinator
        ticks it."""
        return not self.errors and self.existing is not None and self.existing.has_accounts


def _looks_like_formula(value: str) -> bool:
    return value.startswith(FORMULA_START) and not PHONE_OR_NUMBER.match(value)


def _boolean(value: str, label: str, errors: list[str]) -> bool:
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered not in FALSE:
        errors.append(_("%(column)s: write ja or nee, not “%(value)s”.") % {"column": label, "value": value[:50]})
    return False


@cache
def _lookup(kind: str) -> dict[str, str]:
    """The lookup of one vocabulary ("themes", "categories", "pso"), made once per process."""
    choices = {"themes": Theme.Code.choices, "categories": Category.choices, "pso": Supplier.PsoLevel.choices}[kind]
    return _choices_lookup(choices)


def _choices_lookup(choices: Iterable[tuple[str, "StrOrPromise"]]) -> dict[str, str]:
    """Each choice by its code and by its Dutch and English label, lower-cased."""
    lookup = {}
    for value, label in choices:
        lookup[value.lower()] = value
        for language in ("nl", "en"):
            with translation.override(language):
                lookup[str(label).lower()] = value
    return lookup


def _many(value: str) -> list[str]:
    return [part.strip() for part in value.split(SEPARATOR) if part.strip()]


def _clean(cells: dict[str, str], errors: list[str]) -> dict:
    values: dict = {}
    label = {name: header for name, header, _aliases in COLUMNS}
    for name, value in cells.items():
        if value.startswith("'") and value[1:].startswith(FORMULA_START):
            cells[name] = value = value[1:]  # the escape our own export adds
        if len(value) > MAX_CELL:
            errors.append(_("%(column)s is longer than %(max)s characters.") % {"column": label[name], "max": MAX_CELL})
            cells[name] = value = ""
        if _looks_like_formula(value.strip()):
            errors.append(
                _("%(column)s starts like a spreadsheet formula (%(start)s…); such cells are not imported.")
                % {"column": label[name], "start": value.strip()[:10]}
            )
            cells[name] = value = ""
    get = lambda name: cells.get(name, "").strip()  # noqa: E731

    values["name"] = get("name")
    if not values["name"]:
        errors.append(_("naam: the name is missing."))
    elif len(values["name"]) > 200:
        errors.append(_("naam: at most 200 characters."))
    values["kvk_number"] = re.sub(r"\s", "", get("kvk_number"))
    if not re.fullmatch(r"\d{8}", values["kvk_number"]):
        errors.append(_("kvk: a KvK number has exactly 8 digits."))
    postcode = get("postcode")
    values["postcode"] = geo.normalise_postcode(postcode) or ""
    if postcode and (not values["postcode"] or len(values["postcode"]) != 7):
        errors.append(_("postcode: “%(value)s” is not a Dutch postcode such as 9712 AB.") % {"value": postcode[:20]})
    values["city"] = get("city")[:100]
    website = get("website")
    if website and not website.startswith(("http://", "https://")):
        website = "https://" + website
    try:
        if website:
            URLValidator(schemes=["http", "https"])(website)
    except ValidationError:
        errors.append(_("website: “%(value)s” is not a web address.") % {"value": website[:60]})
        website = ""
    values["website"] = website[:200]
    values["contact_name"] = get("contact_name")[:150]
    values["contact_email"] = get("contact_email")
    if values["contact_email"]:
        try:
            validate_email(values["contact_email"])
        except ValidationError:
            errors.append(_("email: “%(value)s” is not an e-mail address.") % {"value": values["contact_email"][:60]})
            values["contact_email"] = ""
    values["contact_phone"] = get("contact_phone")[:30]
    values["description"] = get("description")
    values["impact"] = get("impact")
    values["delivery_region"] = get("delivery_region")[:200]
    for name in BOOLEAN_FIELDS:
        values[name] = _boolean(get(name), label[name], errors)
    values["pso_level"] = _pso_level(get("pso_level"), errors)
    values["staff_distance_share"] = _share(get("staff_distance_share"), errors)
    values["themes"] = _themes(get("themes"), errors)
    values["offerings"] = _offerings(get("offerings"), get("categories"), errors)
    return values


def _pso_level(value: str, errors: list[str]) -> str:
    if value.lower() in {"", "nee", "no", "geen"}:
        return ""
    lookup = _lookup("pso")
    level = lookup.get(value.lower()) or lookup.get(f"pso {value}".lower())
    if level is None:
        errors.append(_("pso: “%(value)s” is not a PSO level.") % {"value": value[:30]})
        return ""
    return level


def _share(value: str, errors: list[str]) -> int:
    text = value.replace("%", "").replace(",", ".").strip()
    if not text:
        return 0
    try:
        share = round(float(text))
    except ValueError:
        share = -1
    if not 0 <= share <= 100:
        errors.append(
            _("aandeel_afstand_arbeidsmarkt: a percentage from 0 to 100, not “%(value)s”.") % {"value": value[:20]}
        )
        return 0
    return share


def _themes(value: str, errors: list[str]) -> list[str]:
    lookup = _lookup("themes")
    codes = []
    for part in _many(value.replace(",", SEPARATOR).replace(";", SEPARATOR)):
        code = lookup.get(part.lower())
        if code is None:
            errors.append(_("themas: “%(value)s” is not an impact theme.") % {"value": part[:40]})
        else:
            codes.append(code)
    return codes


def _offerings(titles: str, categories: str, errors: list[str]) -> list[tuple[str, str]]:
    lookup = _lookup("categories")
    codes = []
    for part in _many(categories):
        code = lookup.get(part.lower())
        if code is None:
            errors.append(_("categorieen: “%(value)s” is not a category.") % {"value": part[:40]})
        else:
            codes.append(code)
    names = [title[:200] for title in _many(titles)]
    if names and not codes:
        errors.append(_("categorieen: give the category of the offerings."))
        return []
    if not names:
        with translation.override("nl"):
            return [(str(Category(code).label), code) for code in codes]
    return [(title, codes[min(index, len(codes) - 1)]) for index, title in enumerate(names)]


def validate(parsed: tuple[list[str], list[list[str]]], *, municipality: Municipality) -> list[Row]:
    """Check every row; each Row says what is wrong with it, in words a coordinator can act on."""
    fields, data = parsed
    rows = []
    for number, raw in enumerate(data, start=2):
        cells = {name: cell for name, cell in zip(fields, raw, strict=False) if name}
        row = Row(line=number, cells=dict(cells))
        if len(raw) > MAX_COLUMNS:
            row.errors.append(
                _("The row has %(count)s columns, more than %(max)s.") % {"count": len(raw), "max": MAX_COLUMNS}
            )
        row.values = _clean(cells, row.errors)
        row.cells = {name: value[:200] for name, value in row.cells.items()}
        rows.append(row)
    _check_kvk_numbers(rows, municipality)
    return rows


def _check_kvk_numbers(rows: list[Row], municipality: Municipality) -> None:
    seen: dict[str, int] = {}
    numbers = [row.values["kvk_number"] for row in rows if row.values.get("kvk_number")]
    known: dict[str, int] = {}
    existing: dict[str, Existing] = {}
    for start in range(0, len(numbers), 500):
        organisations = (
            Organisation.objects.filter(kvk_number__in=numbers[start : start + 500])
            .annotate(active_members=Count("members", filter=Q(members__is_active=True)))
            .values_list("pk", "kvk_number", "name", "municipality_id", "active_members", "supplier__status")
        )
        for pk, kvk_number, name, municipality_id, members, supplier_status in organisations:
            kvk = str(kvk_number)  # never None: it matched
            known[kvk] = municipality_id
            existing[kvk] = Existing(pk=pk, name=name, members=members, supplier_status=supplier_status or "")
    for row in rows:
        number = row.values.get("kvk_number")
        if not number:
            continue
        if number in seen:
            row.errors.append(
                _("kvk: %(number)s also appears on line %(line)s.") % {"number": number, "line": seen[number]}
            )
        seen.setdefault(number, row.line)
        if number in known and known[number] != municipality.pk:
            row.errors.append(
                _("kvk: %(number)s belongs to an organisation of another municipality.") % {"number": number}
            )
        row.existing = existing.get(number) if known.get(number) == municipality.pk else None


# ---------------------------------------------------------------- writing


def _yes_no(value: bool) -> str:
    return "ja" if value else "nee"


def supplier_cells(supplier: Supplier, *, include_private: bool) -> dict[str, str]:
    """A supplier as export cells, vocabularies by their labels in the active language (the import reads those
    back in Dutch and English). Contact details the supplier keeps private stay out unless `include_private`."""
    offerings = getattr(supplier, "export_offerings", None)
    offerings = list(supplier.offerings.all()) if offerings is None else offerings
    themes = getattr(supplier, "export_themes", None)
    themes = list(supplier.themes.all()) if themes is None else themes
    theme_labels = dict(Theme.Code.choices)
    cells = {
        "name": supplier.organisation.name,
        "kvk_number": supplier.organisation.kvk_number or "",
        "themes": f" {SEPARATOR} ".join(str(theme_labels.get(theme.code, theme.code)) for theme in themes),
        "categories": f" {SEPARATOR} ".join(str(offering.get_category_display()) for offering in offerings),
        "offerings": f" {SEPARATOR} ".join(offering.title.replace(SEPARATOR, "/") for offering in offerings),
        "status": str(supplier.get_status_display()),
        "verified_at": supplier.verified_at.date().isoformat() if supplier.verified_at else "",
        "municipality": supplier.organisation.municipality.name,
    }
    for name in SUPPLIER_FIELDS:
        value = getattr(supplier, name)
        cells[name] = _yes_no(value) if name in BOOLEAN_FIELDS else value
    cells["pso_level"] = str(supplier.get_pso_level_display()) if supplier.pso_level else ""
    if not (include_private or supplier.contact_public):
        for name in PRIVATE:
            cells[name] = ""
    return cells


def export_header() -> list[str]:
    return [header for _name, header in _export_columns()]


def export_rows(suppliers: Iterable[Supplier], *, include_private: bool) -> Iterator[list[str]]:
    """The export's rows, a list of cells per supplier, in the order of export_header()."""
    columns = _export_columns()
    for supplier in suppliers:
        cells = supplier_cells(supplier, include_private=include_private)
        yield [cells.get(name, "") for name, _header in columns]


def _export_columns() -> list[tuple[str, str]]:
    return [(name, header) for name, header, _aliases in COLUMNS] + EXPORT_ONLY
