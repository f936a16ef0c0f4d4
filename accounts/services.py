"""Writes for accounts: signing up, editing an organisation, exporting and erasing personal data."""

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from core import audit
from core import privacy as personal_data
from core.services import model_update

from . import privacy
from .models import AccountAction, Municipality, Organisation, Theme, User

ERASED_NAME = "—"
ORGANISATION_FIELDS = ("name", "kvk_number", "description", "website", "email", "phone", "postcode", "city", "themes")

ROLE_FOR_KIND: dict[str, str] = {
    Organisation.Kind.ENTERPRISE: User.Role.ENTREPRENEUR,
    Organisation.Kind.INITIATIVE: User.Role.INITIATIVE,
}


@transaction.atomic
def organisation_founder_signup(
    *,
    user: User,
    name: str,
    organisation_name: str,
    kind: str,
    kvk_number: str | None,
    municipality: Municipality,
    themes: Iterable[Theme],
) -> Organisation:
    """Create the organisation of a user who signs up, and make the user its member."""
    organisation = Organisation(
        name=organisation_name,
        kind=kind,
        kvk_number=kvk_number or None,
        municipality=municipality,
        email=user.email,
    )
    organisation.full_clean()
    organisation.save()
    organisation.themes.set(themes)
    user.name = name
    user.role = ROLE_FOR_KIND[kind]
    user.organisation = organisation
    user.save()
    return organisation


# Sent inside the transaction when an organisation's name or KvK number changes, with `organisation`, `actor` and
# `changes` ({field: [old, new]}); procurement sends a verified supplier back for verification.
organisation_identity_changed = Signal()
IDENTITY_FIELDS = ("name", "kvk_number")


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, data: dict, themes: Iterable[Theme], actor: User | None = None
) -> Organisation:
    stored = Organisation.objects.select_for_update().get(pk=organisation.pk)  # a ModelForm changed `organisation`
    before = audit.snapshot(stored, IDENTITY_FIELDS)
    model_update(instance=organisation, fields=ORGANISATION_FIELDS, data={**data, "themes": themes})
    changes = audit.changes_between(before, audit.snapshot(organisation, IDENTITY_FIELDS))
    if "kvk_number" in changes and organisation.eherkenning_verified_at:
        organisation.eherkenning_verified_at = None  # eHerkenning vouched for the old number, not the new one
        organisation.save(update_fields=["eherkenning_verified_at"])
    if changes:
        organisation_identity_changed.send(Organisation, organisation=organisation, actor=actor, changes=changes)
    return organisation


def personal_data_export(*, user: User) -> dict:
    """Everything the portal holds about a user and their organisation, as JSON-ready data."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": privacy.export_account(user),
        "organisation": privacy.export_organisation(user.organisation),
    }
    for section, exporter in personal_data.exporters().items():
        data[section] = exporter(user)
    return data


@transaction.atomic
def user_erase(*, user: User, actor: User, reason: str = "") -> None:
    """Erase a user's personal data: anonymise the account and whatever the apps hold about them.

    Rows that figures count (matches, applications, questions...) are anonymised, not deleted, so
    figures already reported stay right. An organisation whose last member leaves is closed. Every app's
    part runs (core.privacy.erase_personal_data), and last the audit trail forgets the person; the
    erasure itself is recorded first, so that its reason loses the person's name too.
    """
    organisation = user.organisation
    audit.record(
        action=AccountAction.ERASED_BY_USER if actor == user else AccountAction.ERASED_ON_REQUEST,
        actor=actor,
        municipality=user.municipality or (organisation.municipality if organisation else None),
        instance=user,
        object_repr=f"#{user.pk}",  # never the name of whom it erased
        reason=reason,
    )
    personal_data.erase_personal_data(user)
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()  # the eHerkenning link and the claims it keeps
    user.email = f"erased-{user.pk}@erased.invalid"
    user.name = ERASED_NAME
    user.phone = ""
    user.is_active = False
    user.organisation = None
    user.set_unusable_password()
    user.save()
    if organisation is not None and not organisation.members.filter(is_active=True).exists():
        organisation_close(organisation=organisation)


def organisation_close(*, organisation: Organisation) -> None:
    """Close an organisation without members: its contact data goes, its name and figures stay."""
    organisation.closed_at = timezone.now()
    organisation.email = ""
    organisation.phone = ""
    organisation.save(update_fields=["closed_at", "email", "phone", "updated_at"])


def user_set_language(*, user: User, language: str) -> None:
    """Keep the language a user chose, for the e-mails the portal sends them."""
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language


def user_activate_totp(*, user: User, secret: str) -> None:
    """Give a user an authenticator app with a known secret (demo staff and tests); people set up their own at
    /account/2fa/."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt

    Authenticator.objects.update_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": encrypt(secret)}}
    )
