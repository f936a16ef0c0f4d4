"""A local stand-in for the KvK's Handelsregister APIs (Zoeken v2 and Basisprofiel v1), answering in the shapes the
KvK documents (developers.kvk.nl) for the numbers of its test environment:

- 68750110 "Test BV Donald", a BV (besloten vennootschap), active;
- 69599068 "Test Stichting Bolderbast", a foundation (stichting), active;
- 96354429 a cooperative the test data lists as inactive: deregistered (actief "Nee", materieleRegistratie.datumEinde);
- 90004973 the test data's "error message" number: HTTP 500 with IPD9999;
- TIMEOUT_NUMBER, and every number that starts as it does (not the KvK's), sleeps longer than the client waits;
- any other number: 404 with IPD5200 ("no data found"), as the KvK answers.

Every request needs the header `apikey: API_KEY` (401 otherwise); the server keeps the keys it received.
`kvk_register` (a fixture, made known in the root conftest) starts it and configures the portal to use it.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

API_KEY = "l7xx-test-key-of-the-portal"
BV = "68750110"
FOUNDATION = "69599068"
DEREGISTERED = "96354429"
ERROR_NUMBER = "90004973"
TIMEOUT_NUMBER = "90099990"
TIMEOUT_SECONDS = 0.5  # the client's, in tests; the stand-in sleeps four times as long
UNKNOWN = "12345670"


def _address(street, number, postcode, city, kind="bezoekadres", **extra) -> dict:
    return {
        "type": kind,
        "indAfgeschermd": "Nee",
        "volledigAdres": f"{street} {number} {postcode} {city}",
        "straatnaam": street,
        "huisnummer": number,
        "postcode": postcode,
        "plaats": city,
        "land": "Nederland",
        **extra,
    }


def _profile(number, name, legal_form, addresses, *, ended="") -> dict:
    registration = {"datumAanvang": "20150101", **({"datumEinde": ended} if ended else {})}
    base = "https://api.kvk.nl/test/api/v1/basisprofielen/" + number
    return {
        "kvkNummer": number,
        "indNonMailing": "Nee",
        "naam": name,
        "formeleRegistratiedatum": "20150622",
        "materieleRegistratie": registration,
        "totaalWerkzamePersonen": 3,
        "statutaireNaam": name,
        "handelsnamen": [{"naam": name, "volgorde": 0}],
        "sbiActiviteiten": [{"sbiCode": "47791", "sbiOmschrijving": "Winkels in antiek", "indHoofdactiviteit": "Ja"}],
        "links": [{"rel": "self", "href": base}],
        "_embedded": {
            "hoofdvestiging": {
                "vestigingsnummer": "000037178598",
                "kvkNummer": number,
                "eersteHandelsnaam": name,
                "indHoofdvestiging": "Ja",
                "indCommercieleVestiging": "Ja",
                "adressen": addresses,
                "links": [{"rel": "self", "href": base + "/hoofdvestiging"}],
            },
            "eigenaar": {
                "rsin": "857587973",
                "rechtsvorm": legal_form,
                "uitgebreideRechtsvorm": legal_form,
                "links": [{"rel": "self", "href": base + "/eigenaar"}],
            },
        },
    }


PROFILES = {
    BV: _profile(
        BV,
        "Test BV Donald",
        "Besloten Vennootschap met gewone structuur",
        [
            _address("Postbus", None, "1000AE", "Rommeldam", kind="correspondentieadres", postbusnummer=200),
            _address("Hizzaarderlaan", 3, "8823SJ", "Lollum", huisnummerToevoeging="A"),
        ],
    ),
    FOUNDATION: _profile(
        FOUNDATION, "Test Stichting Bolderbast", "Stichting", [_address("Oosterwal", 12, "7241AR", "Lochem")]
    ),
    DEREGISTERED: _profile(
        DEREGISTERED,
        "Test Coöperatie Opgeheven",
        "Coöperatie",
        [_address("Dorpsstraat", 1, "9401AB", "Assen")],
        ended="20240630",
    ),
}


def _search_result(number: str) -> dict:
    profile = PROFILES[number]
    address = profile["_embedded"]["hoofdvestiging"]["adressen"][-1]
    item = {
        "kvkNummer": number,
        "vestigingsnummer": "000037178598",
        "naam": profile["naam"],
        "adres": {
            "binnenlandsAdres": {
                "type": "bezoekadres",
                "straatnaam": address["straatnaam"],
                "plaats": address["plaats"],
            }
        },
        "type": "hoofdvestiging",
        "actief": "Nee" if number == DEREGISTERED else "Ja",
        "links": [{"rel": "basisprofiel", "href": "https://api.kvk.nl/test/api/v1/basisprofielen/" + number}],
    }
    return {"pagina": 1, "resultatenPerPagina": 10, "totaal": 1, "resultaten": [item], "links": []}


def _fout(code: str, text: str) -> dict:
    return {"fout": [{"code": code, "omschrijving": text}]}


class KvkHandler(BaseHTTPRequestHandler):
    server: "KvkServer"

    def log_message(self, format, *args):  # quiet in test output
        pass

    def _answer(self, status: int, body: dict) -> None:
        raw = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):  # the client stopped waiting
            pass

    def do_GET(self):
        url = urlsplit(self.path)
        self.server.requests.append((url.path, self.headers.get("apikey")))
        if self.headers.get("apikey") != API_KEY:
            return self._answer(401, _fout("IPD0001", "Not authorized"))
        if url.path == "/v2/zoeken":
            number = (parse_qs(url.query).get("kvkNummer") or [""])[0]
        elif url.path.startswith("/v1/basisprofielen/"):
            number = url.path.rsplit("/", 1)[-1]
        else:
            return self._answer(404, _fout("IPD0001", "Het opgevraagde product bestaat niet."))
        if number.startswith(TIMEOUT_NUMBER[:7]):
            time.sleep(TIMEOUT_SECONDS * 4)
            return self._answer(200, {})
        if number == ERROR_NUMBER:
            return self._answer(500, _fout("IPD9999", "Algemene technische fout."))
        if number not in PROFILES:
            if url.path == "/v2/zoeken":
                return self._answer(404, _fout("IPD5200", "Er zijn geen gegevens gevonden."))
            return self._answer(404, _fout("IPD0005", "Het product is niet leverbaar voor dit KVK-nummer."))
        if url.path == "/v2/zoeken":
            return self._answer(200, _search_result(number))
        return self._answer(200, PROFILES[number])


class KvkServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), KvkHandler)
        self.requests: list[tuple[str, str | None]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def kvk_register(settings):
    """The stand-in register, running, with the portal configured to ask it (and to wait TIMEOUT_SECONDS)."""
    server = KvkServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.KVK_API_URL = server.url
    settings.KVK_API_KEY = API_KEY
    settings.KVK_TIMEOUT_SECONDS = TIMEOUT_SECONDS
    yield server
    server.shutdown()
    server.server_close()
