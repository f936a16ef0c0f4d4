"""/.well-known/security.txt (RFC 9116): where to report a vulnerability, public, plain text."""

from datetime import UTC, datetime, timedelta

import pytest

pytestmark = pytest.mark.django_db


def fields(response) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in response.content.decode().splitlines():
        name, _, value = line.partition(": ")
        found.setdefault(name, []).append(value)
    return found


def test_it_serves_a_contact_and_an_expiry_within_a_year_as_plain_text(client):
    response = client.get("/.well-known/security.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    security = fields(response)
    assert security["Contact"] == ["mailto:security@impactportaal.nl"]
    expires = datetime.strptime(security["Expires"][0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert datetime.now(UTC) < expires < datetime.now(UTC) + timedelta(days=365)
    assert security["Canonical"] == ["http://127.0.0.1:8000/.well-known/security.txt"]
    assert security["Policy"] == ["http://127.0.0.1:8000/contact/"]


def test_it_takes_contact_and_expiry_from_the_settings(client, settings, coordinator):
    settings.SECURITY_CONTACT = ["mailto:ciso@groningen.nl", "https://groningen.nl/kwetsbaarheid-melden"]
    settings.SECURITY_TXT_EXPIRES = "2027-03-31T23:00:00+02:00"
    client.force_login(coordinator)

    security = fields(client.get("/.well-known/security.txt"))

    assert security["Contact"] == settings.SECURITY_CONTACT
    assert security["Expires"] == ["2027-03-31T21:00:00Z"]
