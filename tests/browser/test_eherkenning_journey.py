"""An entrepreneur logs in with eHerkenning through a real (local) OpenID Connect broker, in a real browser: the
first time the portal asks where the organisation works, makes the account and the organisation, and shows it as
verified. The Content Security Policy lets the browser go on to the broker."""

import copy
import re

import pytest
from playwright.sync_api import expect

from accounts.models import Organisation, User
from tests.factories import MunicipalityFactory, OrganisationFactory
from tests.oidc_provider import OidcProvider

pytestmark = pytest.mark.django_db(transaction=True)

KVK = "23456789"


@pytest.fixture
def broker(settings):
    provider = OidcProvider().start()
    settings.EHERKENNING_OIDC_SERVER_URL = provider.url
    settings.SOCIALACCOUNT_PROVIDERS = provider.settings()
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(provider.url)  # as impactportal.settings adds it
    settings.CONTENT_SECURITY_POLICY = policy
    provider.claims = {
        "sub": "eh-browser-1",
        "email": "sanne@fietsherstel.nl",
        "email_verified": True,
        "name": "Sanne Visser",
        "company_name": "Fietsherstel Oost",
        "kvk": KVK,
    }
    yield provider
    provider.stop()


def test_an_entrepreneur_logs_in_with_eherkenning_and_finds_the_organisation_verified(page, broker, assert_accessible):
    MunicipalityFactory(name="Groningen", slug="groningen")

    page.goto("/account/login/")
    assert_accessible(page)
    with page.expect_navigation(url=re.compile(r"/account/3rdparty/signup/")):
        page.get_by_role("button", name="Inloggen met eHerkenning").click()

    expect(page.get_by_role("heading", name="Uw organisatie in het portaal")).to_be_visible()
    expect(page.get_by_label("Naam van uw organisatie")).to_have_value("Fietsherstel Oost")
    assert_accessible(page)
    page.get_by_label("Gemeente").select_option(label="Groningen")
    with page.expect_navigation():
        page.get_by_role("button", name="Mijn account maken").click()

    assert page.url.endswith("/start/")
    assert_accessible(page)
    page.goto("/organisatie/")
    expect(page.get_by_text(re.compile("Geverifieerd met eHerkenning"))).to_be_visible()
    assert_accessible(page)
    user = User.objects.get(email="sanne@fietsherstel.nl")
    assert user.organisation.kvk_number == KVK and user.organisation.eherkenning_verified_at is not None


def test_the_browser_may_go_on_to_the_broker_under_the_content_security_policy(strict_page, broker):
    page, violations = strict_page
    OrganisationFactory(kvk_number=KVK, name="Fietsherstel Oost")

    page.goto("/account/login/")
    with page.expect_navigation(url=re.compile(r"/start/")):
        page.get_by_role("button", name="Inloggen met eHerkenning").click()

    assert violations == []
    assert Organisation.objects.get(kvk_number=KVK).members.get().email == "sanne@fietsherstel.nl"


def test_with_the_kvk_register_the_organisation_is_filled_from_it(page, broker, kvk_register, assert_accessible):
    """The Done-when of eHerkenning and the KvK together: the broker vouches for the number, the register names the
    company, its address and its legal form."""
    from tests.kvk_server import FOUNDATION

    MunicipalityFactory(name="Groningen", slug="groningen")
    broker.claims = {key: value for key, value in broker.claims.items() if key != "company_name"} | {"kvk": FOUNDATION}

    page.goto("/account/login/")
    with page.expect_navigation(url=re.compile(r"/account/3rdparty/signup/")):
        page.get_by_role("button", name="Inloggen met eHerkenning").click()
    expect(page.get_by_label("Naam van uw organisatie")).to_have_value("Test Stichting Bolderbast")
    page.get_by_label("Gemeente").select_option(label="Groningen")
    with page.expect_navigation():
        page.get_by_role("button", name="Mijn account maken").click()

    page.goto("/organisatie/")
    organisation = User.objects.get(email="sanne@fietsherstel.nl").organisation
    assert organisation.kvk_status == "active" and "stichting" in organisation.legal_form.lower()
    expect(page.get_by_text(organisation.legal_form).first).to_be_visible()
    expect(page.get_by_text(re.compile("Geverifieerd met eHerkenning"))).to_be_visible()
    assert_accessible(page)
