import base64

from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core.files.base import ContentFile

from tests.permissions import (
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    Case,
    coordinator_only,
    expect,
    signed_in_only,
)


def email_confirmation_key(world):
    address = EmailAddress.objects.get(user=world.entrepreneur)
    return {"key": EmailConfirmationHMAC(address).key}


def password_reset_key(world):
    return {"uidb36": "abc", "key": "set-password"}


def membership_request_to_the_entrepreneurs_organisation(world):
    """Someone who logged in with eHerkenning for the entrepreneur's organisation and waits for its approval."""
    from accounts.eherkenning import approval_token
    from tests.factories import UserFactory

    newcomer = UserFactory(role="entrepreneur", organisation=None)
    return {"token": approval_token(user=newcomer, organisation=world.entrepreneur.organisation)}


def groningen_with_logo(world):
    if not world.groningen.logo:
        world.groningen.logo.save("groningen-logo.png", ContentFile(PNG_PIXEL))
    return {"slug": world.groningen.slug}


PNG_PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


CASES = [
    Case("accounts:home_page", expect(OK)),
    Case("accounts:organisation", signed_in_only(NOT_FOUND, entrepreneur=OK, initiative=OK)),
    Case("accounts:organisation_edit", signed_in_only(NOT_FOUND, entrepreneur=OK, initiative=OK)),
    # the KvK register's answer while filling in the signup form: public, says only what the register says publicly
    Case("accounts:kvk_lookup", expect(OK)),
    Case("core:healthz", expect(OK)),
    # a municipality's own face: public, like the pages that show it
    Case("accounts:own_face_stylesheet", expect(OK), kwargs=lambda w: {"slug": w.groningen.slug}),
    Case("accounts:own_face_stylesheet", expect(NOT_FOUND), kwargs=lambda w: {"slug": "nowhere"}, label="unknown"),
    Case("accounts:own_face_logo", expect(OK), kwargs=groningen_with_logo),
    Case("accounts:own_face_logo", expect(NOT_FOUND), kwargs=lambda w: {"slug": w.haarlem.slug}, label="no logo"),
    Case("core:security_txt", expect(OK)),
    # the footer's pages: public
    Case("core:accessibility", expect(OK)),
    Case("core:privacy", expect(OK)),
    Case("core:contact", expect(OK)),
    # the link in the e-mail asking an organisation's members to approve a newcomer who logged in with eHerkenning
    Case(
        "accounts:membership_accept",
        signed_in_only(NOT_FOUND, entrepreneur=OK),
        kwargs=membership_request_to_the_entrepreneurs_organisation,
    ),
    Case("accounts:membership_accept", signed_in_only(NOT_FOUND), kwargs=lambda w: {"token": "x:y"}, label="forged"),
    Case("accounts:my_data", signed_in_only(OK)),
    Case("accounts:my_data_download", signed_in_only(OK)),
    Case("accounts:my_account_erase", signed_in_only(NOT_ALLOWED)),
    Case("accounts:member_list", coordinator_only(other_coordinator=OK)),  # each sees their own municipality's
    Case("accounts:member_erase", coordinator_only(), kwargs=lambda w: {"pk": w.entrepreneur.pk}),
    Case(
        "accounts:member_erase",
        expect(NOT_FOUND, anonymous=LOGIN),
        kwargs=lambda w: {"pk": w.other_coordinator.pk},
        label="not a member",
    ),
    Case("admin:index", expect(REDIRECT)),
    Case("set_language", expect(REDIRECT), method="get", label="get"),
    Case("set_language", expect(REDIRECT), method="post", label="post", data=lambda w: {"language": "en"}),
    # allauth's pages: signed-in users are sent on from the entrance pages.
    Case("account_login", expect(REDIRECT, anonymous=OK)),
    Case("account_signup", expect(REDIRECT, anonymous=OK)),
    Case("account_logout", expect(OK, anonymous=REDIRECT)),
    Case("account_inactive", expect(OK)),
    Case("account_reauthenticate", signed_in_only(OK)),
    Case("account_email", signed_in_only(OK)),
    Case("account_email_verification_sent", expect(OK)),
    Case("account_change_password", signed_in_only(OK)),
    Case("account_set_password", signed_in_only(REDIRECT)),
    Case("account_reset_password", expect(OK)),
    Case("account_reset_password_done", expect(OK)),
    Case("account_reset_password_from_key", expect(OK), kwargs=password_reset_key),
    Case("account_reset_password_from_key_done", expect(OK)),
    Case("account_confirm_login_code", expect(REDIRECT)),
    Case("account_confirm_email", expect(OK), kwargs=email_confirmation_key),
    # eHerkenning (allauth.socialaccount): without a broker configured its login answers 404 (tests/accounts/
    # test_eherkenning.py logs in through a real one); the signup form is only there during a first login.
    Case("openid_connect_login", expect(NOT_FOUND), kwargs=lambda w: {"provider_id": "eherkenning"}),
    Case("openid_connect_callback", expect(NOT_FOUND), kwargs=lambda w: {"provider_id": "eherkenning"}),
    Case("socialaccount_signup", expect(REDIRECT)),
    Case("socialaccount_login_cancelled", expect(OK)),
    Case("socialaccount_login_error", signed_in_only(401)),  # allauth's page after a failed login, as 401
    Case("socialaccount_connections", signed_in_only(OK)),
    # The second factor (allauth.mfa): staff have an authenticator app, entrepreneurs, initiatives and contractors
    # have none.
    # Changing one asks for the password again first.
    Case("mfa_index", signed_in_only(OK)),
    Case("mfa_authenticate", signed_in_only(REDIRECT)),  # only during a login
    # people of organisations (also a contractor's or private buyer's company) need no second factor, so have none
    Case(
        "mfa_reauthenticate",
        signed_in_only(OK, entrepreneur=REDIRECT, initiative=REDIRECT, contractor=REDIRECT, private_buyer=REDIRECT),
    ),
    Case("mfa_activate_totp", signed_in_only(REDIRECT)),
    Case(
        "mfa_deactivate_totp",
        signed_in_only(
            REDIRECT, entrepreneur=NOT_FOUND, initiative=NOT_FOUND, contractor=NOT_FOUND, private_buyer=NOT_FOUND
        ),
    ),
    Case("mfa_view_recovery_codes", signed_in_only(NOT_FOUND)),
    Case("mfa_download_recovery_codes", signed_in_only(NOT_FOUND)),
    Case("mfa_generate_recovery_codes", signed_in_only(REDIRECT)),
    Case("mfa_list_webauthn", signed_in_only(OK)),
    Case("mfa_add_webauthn", signed_in_only(REDIRECT)),
    Case("mfa_reauthenticate_webauthn", signed_in_only(REDIRECT)),
    Case("mfa_edit_webauthn", signed_in_only(REDIRECT), kwargs=lambda w: {"pk": 999999}),
    Case("mfa_remove_webauthn", signed_in_only(REDIRECT), kwargs=lambda w: {"pk": 999999}),
]

__all__ = ["CASES", "LOGIN"]
