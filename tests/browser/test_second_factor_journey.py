"""A new staff member sets up a passkey at their first login, under the portal's strict CSP (no bypass)."""

from tests.factories import PASSWORD, UserFactory


def test_a_new_buyer_adds_a_passkey_under_the_strict_csp_and_then_reaches_the_portal(strict_page, groningen, settings):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the live server speaks http on localhost
    buyer = UserFactory(role="buyer", municipality=groningen, second_factor=False)
    page, refused = strict_page  # the CSP enforced
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )

    page.goto("/account/login/")
    page.fill("input[name=login]", buyer.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/account/2fa/")
    page.goto("/account/2fa/webauthn/add/")
    if "/account/reauthenticate/" in page.url:
        page.fill("input[name=password]", PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/account/2fa/webauthn/add/")
    page.fill("input[name=name]", "Sleutel van de inkoper")
    with page.expect_navigation():
        page.locator("#mfa_webauthn_add").click()

    assert refused == []
    assert buyer.authenticator_set.filter(type="webauthn").exists()
    page.goto("/start/")
    assert "/account/2fa/" not in page.url
