"""The KvK's Handelsregister: what it says of a KvK number.

Two of the KvK's APIs, with the header `apikey`: Zoeken (v2, `GET {KVK_API_URL}/v2/zoeken?kvkNummer=...`), which
says whether the number is registered (and is free of charge), and then Basisprofiel (v1,
`GET {KVK_API_URL}/v1/basisprofielen/{kvkNummer}`) for its name, address, legal form and whether the company has
ended (`materieleRegistratie.datumEinde`). Configured by KVK_API_URL and KVK_API_KEY; without them nothing is asked
and `is_configured()` says so.

`look_up` answers a RegisterEntry, None for a number the register does not know, or raises RegisterUnavailable when
the register cannot be asked or gives an answer that is no answer (a timeout, an error, something that is not its
JSON): the caller then keeps the number as "not checked".
"""

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from .models import KvkStatus

logger = logging.getLogger(__name__)

NOT_FOUND_CODES = {"IPD5200", "IPD0005"}  # "no data for these search parameters", "no product for this KvK number"


class RegisterUnavailable(Exception):
    """The register could not be asked, or did not answer as documented (timeout, HTTP error, bad JSON)."""


@dataclass(frozen=True)
class RegisterEntry:
    kvk_number: str
    name: str
    street_address: str
    postcode: str
    city: str
    legal_form: str
    active: bool
    ended_on: str = ""  # YYYYMMDD as the register writes it, when the company ended

    @property
    def address(self) -> str:
        return ", ".join(part for part in (self.street_address, f"{self.postcode} {self.city}".strip()) if part)


def is_configured() -> bool:
    """Both settings given, and the address is HTTP(S) (never file: or another scheme urllib would open)."""
    return bool(settings.KVK_API_URL.startswith(("https://", "http://")) and settings.KVK_API_KEY)


def _get(path: str, params: dict | None = None) -> tuple[int, dict]:
    """GET a path of the API; its status and JSON body. Raises RegisterUnavailable for anything else."""
    url = settings.KVK_API_URL.rstrip("/") + path
    if params:
        url += "?" + urllib.parse.urlencode(params)
    headers = {"apikey": settings.KVK_API_KEY, "Accept": "application/json"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (is_configured: HTTP(S) only)
    try:
        with urllib.request.urlopen(request, timeout=settings.KVK_TIMEOUT_SECONDS) as response:  # noqa: S310 (as above)
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        logger.warning("KvK register not reachable: %s", error)
        raise RegisterUnavailable(str(error)) from error
    try:
        body = json.loads(raw or b"{}")
    except ValueError as error:
        raise RegisterUnavailable(f"HTTP {status}: not JSON") from error
    if not isinstance(body, dict):
        raise RegisterUnavailable(f"HTTP {status}: not a JSON object")
    return status, body


def _error_codes(body: dict) -> set[str]:
    return {str(fout.get("code")) for fout in body.get("fout") or [] if isinstance(fout, dict)}


def _is_not_found(status: int, body: dict) -> bool:
    return status == 404 and bool(_error_codes(body) & NOT_FOUND_CODES)


def _unavailable(status: int, body: dict) -> RegisterUnavailable:
    codes = ", ".join(sorted(_error_codes(body))) or "no code"
    logger.warning("KvK register answered HTTP %s (%s)", status, codes)
    return RegisterUnavailable(f"HTTP {status} ({codes})")


def _visiting_address(profile: dict) -> dict:
    """The main branch's visiting address (else its first), or the owner's when there is no branch; {} for a
    shielded address (indAfgeschermd), which stays shielded."""
    embedded = profile.get("_embedded") or {}
    for part in ("hoofdvestiging", "eigenaar"):
        addresses = [a for a in (embedded.get(part) or {}).get("adressen") or [] if isinstance(a, dict)]
        if addresses:
            chosen = next((a for a in addresses if a.get("type") == "bezoekadres"), addresses[0])
            return {} if chosen.get("indAfgeschermd") == "Ja" else chosen
    return {}


def _street(address: dict) -> str:
    number = "".join(
        str(address.get(key) or "") for key in ("huisnummer", "huisletter") if address.get(key) is not None
    )
    parts = [str(address.get("straatnaam") or ""), number, str(address.get("huisnummerToevoeging") or "")]
    if address.get("postbusnummer") and not address.get("huisnummer"):
        parts = [str(address.get("straatnaam") or "Postbus"), str(address["postbusnummer"])]
    return " ".join(part for part in parts if part)[:200]


def _postcode(raw: str) -> str:
    """1234AB as the register writes it, 1234 AB as the portal does."""
    compact = raw.replace(" ", "").upper()
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else raw[:7]


def entry_from_profile(kvk_number: str, profile: dict, *, search_active: bool = True) -> RegisterEntry:
    owner = (profile.get("_embedded") or {}).get("eigenaar") or {}
    ended_on = str((profile.get("materieleRegistratie") or {}).get("datumEinde") or "")
    address = _visiting_address(profile)
    return RegisterEntry(
        kvk_number=kvk_number,
        name=str(profile.get("naam") or profile.get("statutaireNaam") or "")[:200],
        street_address=_street(address),
        postcode=_postcode(str(address.get("postcode") or "")),
        city=str(address.get("plaats") or "")[:100],
        legal_form=str(owner.get("uitgebreideRechtsvorm") or owner.get("rechtsvorm") or "")[:100],
        active=search_active and not ended_on,
        ended_on=ended_on,
    )


def look_up(kvk_number: str) -> RegisterEntry | None:
    """What the register says of `kvk_number`: its entry, or None when it does not know the number. Raises
    RegisterUnavailable when it cannot be asked or does not answer as documented."""
    if not is_configured():
        raise RegisterUnavailable("the KvK API is not configured (KVK_API_URL, KVK_API_KEY)")
    status, found = _get("/v2/zoeken", {"kvkNummer": kvk_number, "inclusiefInactieveRegistraties": "true"})
    if _is_not_found(status, found):
        return None
    if status != 200:
        raise _unavailable(status, found)
    results = [r for r in found.get("resultaten") or [] if isinstance(r, dict) and r.get("kvkNummer") == kvk_number]
    if not results:
        return None
    search_active = any(r.get("actief", "Ja") != "Nee" for r in results)
    status, profile = _get(f"/v1/basisprofielen/{urllib.parse.quote(kvk_number)}")
    if _is_not_found(status, profile):
        # registered, but no profile: deregistered before 22 May 2010, the register says, so only what Zoeken knows
        first = results[0]
        address = (first.get("adres") or {}).get("binnenlandsAdres") or {}
        return RegisterEntry(
            kvk_number=kvk_number,
            name=str(first.get("naam") or "")[:200],
            street_address="",
            postcode="",
            city=str(address.get("plaats") or "")[:100],
            legal_form="",
            active=False,
        )
    if status != 200:
        raise _unavailable(status, profile)
    return entry_from_profile(kvk_number, profile, search_active=search_active)


@dataclass(frozen=True)
class RegisterCheck:
    """The outcome of asking the register about a number, as an organisation's `kvk_status` records it."""

    status: str  # a KvkStatus
    entry: RegisterEntry | None = None

    @property
    def answered(self) -> bool:
        return self.status != KvkStatus.UNCHECKED


def check(kvk_number: str | None) -> RegisterCheck:
    """Ask the register about `kvk_number`: ACTIVE or DEREGISTERED with its entry, NOT_FOUND, or UNCHECKED when
    there is no number, no configuration, or no answer."""
    if not kvk_number or not is_configured():
        return RegisterCheck(KvkStatus.UNCHECKED)
    try:
        entry = look_up(kvk_number)
    except RegisterUnavailable:
        return RegisterCheck(KvkStatus.UNCHECKED)
    if entry is None:
        return RegisterCheck(KvkStatus.NOT_FOUND)
    return RegisterCheck(KvkStatus.ACTIVE if entry.active else KvkStatus.DEREGISTERED, entry)
