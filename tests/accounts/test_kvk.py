"""The KvK's Handelsregister: the client against a local stand-in (tests/kvk_server.py), signing up and editing an
organisation with a KvK number, and what happens without configuration."""

import time

import pytest
from django.urls import reverse

from accounts import kvk
from accounts.models import KvkStatus, Organisation, User
from accounts.services import refresh_from_register
from tests import kvk_server
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- the client


def test_a_bv_is_found_with_its_name_visiting_address_and_legal_form(kvk_register):
    entry = kvk.look_up(kvk_server.BV)

    assert entry is not None
    assert entry.name == "Test BV Donald"
    assert entry.street_address == "Hizzaarderlaan 3 A"  # the visiting address, not the postbox
    assert (entry.postcode, entry.city) == ("8823 SJ", "Lollum")
    assert entry.legal_form == "Besloten Vennootschap met gewone structuur"
    assert entry.active


def test_a_foundation_is_found_as_a_stichting(kvk_register):
    entry = kvk.look_up(kvk_server.FOUNDATION)

    assert entry is not None
    assert (entry.name, entry.legal_form, entry.city, entry.active) == (
        "Test Stichting Bolderbast",
        "Stichting",
        "Lochem",
        True,
    )


def test_a_deregistered_company_is_found_but_not_active(kvk_register):
    entry = kvk.look_up(kvk_server.DEREGISTERED)

    assert entry is not None
    assert not entry.active
    assert entry.ended_on == "20240630"


def test_an_unknown_number_is_none(kvk_register):
    assert kvk.look_up(kvk_server.UNKNOWN) is None


def test_an_error_answer_raises_register_unavailable(kvk_register):
    with pytest.raises(kvk.RegisterUnavailable):
        kvk.look_up(kvk_server.ERROR_NUMBER)


def test_a_register_that_does_not_answer_in_time_raises_register_unavailable(kvk_register):
    started = time.monotonic()
    with pytest.raises(kvk.RegisterUnavailable):
        kvk.look_up(kvk_server.TIMEOUT_NUMBER)
    assert time.monotonic() - started < kvk_server.TIMEOUT_SECONDS * 3


def test_a_register_that_is_not_there_raises_register_unavailable(kvk_register, settings):
    kvk_register.shutdown()
    kvk_register.server_close()

    with pytest.raises(kvk.RegisterUnavailable):
        kvk.look_up(kvk_server.BV)


def test_every_request_carries_the_api_key(kvk_register):
    kvk.look_up(kvk_server.BV)

    assert [path for path, _key in kvk_register.requests] == ["/v2/zoeken", f"/v1/basisprofielen/{kvk_server.BV}"]
    assert {key for _path, key in kvk_register.requests} == {kvk_server.API_KEY}


def test_a_wrong_api_key_is_an_error_not_an_unknown_number(kvk_register, settings):
    settings.KVK_API_KEY = "not-the-key"

    with pytest.raises(kvk.RegisterUnavailable):
        kvk.look_up(kvk_server.BV)


def test_without_configuration_nothing_is_asked(settings):
    settings.KVK_API_URL = ""
    assert not kvk.is_configured()
    assert kvk.check(kvk_server.BV).status == KvkStatus.UNCHECKED


# ---------------------------------------------------------------- refresh_from_register


def test_refresh_fills_the_organisation_from_the_register(kvk_register, groningen):
    organisation = OrganisationFactory(municipality=groningen, kvk_number=kvk_server.BV, name="Donald")

    refresh_from_register(organisation)

    organisation.refresh_from_db()
    assert organisation.name == "Test BV Donald"
    assert (organisation.street_address, organisation.postcode, organisation.city) == (
        "Hizzaarderlaan 3 A",
        "8823 SJ",
        "Lollum",
    )
    assert organisation.legal_form == "Besloten Vennootschap met gewone structuur"
    assert organisation.kvk_status == KvkStatus.ACTIVE
    assert organisation.kvk_checked_at is not None


def test_refresh_flags_a_deregistered_organisation(kvk_register, groningen):
    organisation = OrganisationFactory(municipality=groningen, kvk_number=kvk_server.DEREGISTERED)

    refresh_from_register(organisation)

    organisation.refresh_from_db()
    assert organisation.kvk_status == KvkStatus.DEREGISTERED


def test_refresh_changes_nothing_when_the_register_does_not_answer(kvk_register, groningen):
    organisation = OrganisationFactory(
        municipality=groningen, kvk_number=kvk_server.TIMEOUT_NUMBER, kvk_status=KvkStatus.ACTIVE, name="Kept"
    )

    check = refresh_from_register(organisation)

    organisation.refresh_from_db()
    assert not check.answered
    assert (organisation.name, organisation.kvk_status) == ("Kept", KvkStatus.ACTIVE)


# ---------------------------------------------------------------- signing up


def test_signing_up_with_a_kvk_number_fills_name_address_and_legal_form(client, signup_data, kvk_register):
    data = signup_data | {"kvk_number": kvk_server.BV, "organisation_name": ""}

    response = client.post(reverse("account_signup"), data)

    assert response.status_code == 302
    organisation = User.objects.get(email="fatima@kringloop.nl").organisation
    assert organisation.name == "Test BV Donald"
    assert organisation.street_address == "Hizzaarderlaan 3 A"
    assert organisation.legal_form == "Besloten Vennootschap met gewone structuur"
    assert organisation.kvk_status == KvkStatus.ACTIVE


def test_a_name_the_person_typed_is_kept(client, signup_data, kvk_register):
    client.post(reverse("account_signup"), signup_data | {"kvk_number": kvk_server.FOUNDATION})

    organisation = Organisation.objects.get(kvk_number=kvk_server.FOUNDATION)
    assert organisation.name == "Kringloop De Vondst"
    assert organisation.city == "Lochem"
    assert organisation.legal_form == "Stichting"


@pytest.mark.parametrize(
    ("number", "says"),
    [
        (kvk_server.UNKNOWN, "does not know this number"),
        (kvk_server.DEREGISTERED, "no longer registered (deregistered)"),
    ],
)
def test_an_unknown_or_deregistered_number_is_refused(client, signup_data, kvk_register, number, says):
    with_english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    client.cookies["django_language"] = "en"

    response = client.post(reverse("account_signup"), signup_data | {"kvk_number": number}, **with_english)

    assert response.status_code == 200
    assert says in response.content.decode()
    assert not User.objects.filter(email="fatima@kringloop.nl").exists()


def test_a_register_that_does_not_answer_lets_the_signup_through_unchecked(client, signup_data, kvk_register):
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("account_signup"), signup_data | {"kvk_number": kvk_server.ERROR_NUMBER}, follow=True
    )

    organisation = Organisation.objects.get(kvk_number=kvk_server.ERROR_NUMBER)
    assert organisation.kvk_status == KvkStatus.UNCHECKED
    assert organisation.kvk_checked_at is None
    assert "could not be reached just now" in response.content.decode()


def test_without_a_register_or_a_number_the_name_is_required(client, signup_data, kvk_register):
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("account_signup"), signup_data | {"kvk_number": kvk_server.ERROR_NUMBER, "organisation_name": ""}
    )

    assert response.status_code == 200
    assert "Enter the name of your organisation." in response.content.decode()


def test_without_configuration_signup_checks_the_form_only_and_says_so(client, signup_data):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("account_signup")).content.decode()
    assert "not against the KvK register" in page
    assert "hx-get" not in page

    client.post(reverse("account_signup"), signup_data)

    organisation = Organisation.objects.get(kvk_number=signup_data["kvk_number"])
    assert organisation.kvk_status == KvkStatus.UNCHECKED
    assert organisation.legal_form == ""


# ---------------------------------------------------------------- the look-up while filling in (htmx)


def test_the_look_up_fills_the_signup_fields_out_of_band(client, kvk_register):
    client.cookies["django_language"] = "en"
    response = client.get(
        reverse("accounts:kvk_lookup"), {"form": "signup", "kvk_number": kvk_server.BV}, HTTP_HX_REQUEST="true"
    )

    page = response.content.decode()
    assert "Found in the KvK register" in page
    assert "Besloten Vennootschap met gewone structuur" in page
    assert 'id="id_organisation_name"' in page and 'value="Test BV Donald"' in page
    assert 'id="id_street_address"' in page and 'value="Hizzaarderlaan 3 A"' in page
    assert page.count('hx-swap-oob="true"') == 4


def test_the_look_up_fills_the_organisation_form_by_its_own_field_names(client, kvk_register):
    response = client.get(reverse("accounts:kvk_lookup"), {"form": "organisation", "kvk_number": kvk_server.BV})

    assert 'id="id_name"' in response.content.decode()


@pytest.mark.parametrize(
    ("number", "says"),
    [
        (kvk_server.UNKNOWN, "does not know this number"),
        (kvk_server.DEREGISTERED, "deregistered"),
        (kvk_server.TIMEOUT_NUMBER, "could not be reached just now"),
        ("12ab", "Enter the 8 digits"),
    ],
)
def test_the_look_up_says_what_the_register_said(client, kvk_register, number, says):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("accounts:kvk_lookup"), {"form": "signup", "kvk_number": number})

    assert response.status_code == 200
    assert says in response.content.decode()
    assert "hx-swap-oob" not in response.content.decode()


def test_the_look_up_is_limited_per_client(client, kvk_register, settings):
    from accounts import views

    client.cookies["django_language"] = "en"
    for _ in range(views.LOOKUP_LIMIT_PER_MINUTE):
        client.get(reverse("accounts:kvk_lookup"), {"kvk_number": kvk_server.UNKNOWN})
    asked = len(kvk_register.requests)

    response = client.get(reverse("accounts:kvk_lookup"), {"kvk_number": kvk_server.BV})

    assert "Too many look-ups" in response.content.decode()
    assert len(kvk_register.requests) == asked


# ---------------------------------------------------------------- editing the organisation


def edit_data(organisation, **changes) -> dict:
    return {
        "kvk_number": organisation.kvk_number or "",
        "name": organisation.name,
        "street_address": organisation.street_address,
        "postcode": organisation.postcode,
        "city": organisation.city,
        "description": "",
        "website": "",
        "email": "",
        "phone": "",
        **changes,
    }


def test_a_new_kvk_number_fills_what_the_person_did_not_change(client, entrepreneur, kvk_register):
    organisation = entrepreneur.organisation
    client.force_login(entrepreneur)

    response = client.post(reverse("accounts:organisation_edit"), edit_data(organisation, kvk_number=kvk_server.BV))

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.kvk_number == kvk_server.BV
    assert organisation.name == "Test BV Donald"
    assert organisation.city == "Lollum"
    assert organisation.legal_form == "Besloten Vennootschap met gewone structuur"
    assert organisation.kvk_status == KvkStatus.ACTIVE
    detail = client.get(reverse("accounts:organisation")).content.decode()
    assert "Besloten Vennootschap met gewone structuur" in detail


def test_a_deregistered_number_is_refused_in_the_organisation_form(client, entrepreneur, kvk_register):
    organisation = entrepreneur.organisation
    before = organisation.kvk_number
    client.force_login(entrepreneur)
    client.cookies["django_language"] = "en"

    response = client.post(
        reverse("accounts:organisation_edit"), edit_data(organisation, kvk_number=kvk_server.DEREGISTERED)
    )

    assert response.status_code == 200
    assert "deregistered" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.kvk_number == before


def test_saving_without_changing_the_number_asks_the_register_nothing(client, entrepreneur, kvk_register):
    client.force_login(entrepreneur)

    client.post(reverse("accounts:organisation_edit"), edit_data(entrepreneur.organisation, description="Nieuw"))

    assert kvk_register.requests == []


def test_without_configuration_the_organisation_page_says_the_number_is_not_checked(client, entrepreneur):
    client.force_login(entrepreneur)
    client.cookies["django_language"] = "en"

    page = client.get(reverse("accounts:organisation")).content.decode()

    assert "Not checked" in page
    assert "does not check numbers against the KvK register" in page
