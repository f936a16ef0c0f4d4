"""Writes for accounts: signing up, editing an organisation, exporting and erasing personal data."""

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone

from core import audit, mail
from core import privacy as personal_data
from core.services import model_update

from . import kvk, privacy
from .models import AccountAction, BuyerStatus, KvkStatus, Municipality, Organisation, Theme, User

ERASED_NAME = "—"
ORGANISATION_FIELDS = (
    "name",
    "kvk_number",
    "description",
    "website",
    "email",
    "phone",
    "street_address",
    "postcode",
    "city",
    "themes",
)
REGISTER_FIELDS = ("legal_form", "kvk_status", "kvk_checked_at")

ROLE_FOR_KIND: dict[str, str] = {
    Organisation.Kind.ENTERPRISE: User.Role.ENTREPRENEUR,
    Organisation.Kind.INITIATIVE: User.Role.INITIATIVE,
    # A company or institution that signs up buys from social enterprises; a contractor is invited by the
    # municipality's buyer instead (procurement's SROI flow) and never signs up here.
    Organisation.Kind.COMPANY: User.Role.PRIVATE_BUYER,
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
    street_address: str = "",
    postcode: str = "",
    city: str = "",
    register: kvk.RegisterCheck | None = None,
) -> Organisation:
    """Create the organisation of a user who signs up, and make the user its member; `register` is what the KvK
    register said of its number (the form asked it). A company or institution signs up as a private buyer: its
    registration awaits verification by a coordinator of its municipality, who is told by e-mail."""
    is_buyer = kind == Organisation.Kind.COMPANY
    organisation = Organisation(
        name=organisation_name,
        kind=kind,
        kvk_number=kvk_number or None,
        municipality=municipality,
        email=user.email,
        street_address=street_address,
        postcode=postcode,
        city=city,
        buyer_status=BuyerStatus.PENDING if is_buyer else BuyerStatus.NONE,
        **register_data(register or kvk.RegisterCheck(KvkStatus.UNCHECKED)),
    )
    organisation.full_clean()
    organisation.save()
    organisation.themes.set(themes)
    user.name = name
    user.role = ROLE_FOR_KIND[kind]
    user.organisation = organisation
    user.save()
    if is_buyer:
        _tell_coordinators_of_buyer(organisation)
    return organisation


def _tell_coordinators_of_buyer(organisation: Organisation) -> None:
    """The coordinators of the buyer's municipality get an e-mail with the page where they verify it."""
    addresses = User.objects.filter(
        role=User.Role.COORDINATOR, municipality=organisation.municipality, is_active=True
    ).values_list("email", flat=True)
    path = reverse("procurement:buyer_registration", kwargs={"pk": organisation.pk})
    mail.mail_on_commit(
        "accounts/email/buyer_registration_received",
        {"name": organisation.name, "url": settings.SITE_URL.rstrip("/") + path},
        list(addresses),
    )


# Sent inside the transaction when an organisation's name or KvK number changes, with `organisation`, `actor` and
# `changes` ({field: [old, new]}); procurement sends a verified supplier back for verification.
organisation_identity_changed = Signal()
IDENTITY_FIELDS = ("name", "kvk_number")


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    data: dict,
    themes: Iterable[Theme],
    actor: User | None = None,
    register: kvk.RegisterCheck | None = None,
) -> Organisation:
    """Save an organisation's own data; `register`, when given, is what the KvK register said of its (new) KvK
    number, and sets its legal form and status in the register."""
    stored = Organisation.objects.select_for_update().get(pk=organisation.pk)  # a ModelForm changed `organisation`
    before = audit.snapshot(stored, IDENTITY_FIELDS)
    register_fields = register_data(register) if register is not None else {}
    model_update(
        instance=organisation,
        fields=(*ORGANISATION_FIELDS, *REGISTER_FIELDS),
        data={**data, "themes": themes, **register_fields},
    )
    changes = audit.changes_between(before, audit.snapshot(organisation, IDENTITY_FIELDS))
    if "kvk_number" in changes and organisation.eherkenning_verified_at:
        organisation.eherkenning_verified_at = None  # eHerkenning vouched for the old number, not the new one
        organisation.save(update_fields=["eherkenning_verified_at"])
    if changes:
        organisation_identity_changed.send(Organisation, organisation=organisation, actor=actor, changes=changes)
    return organisation


def register_data(check: kvk.RegisterCheck) -> dict:
    """An organisation's register fields as the KvK register's answer sets them: a number it did not check has no
    legal form and no date of checking."""
    return {
        "legal_form": check.entry.legal_form if check.entry else "",
        "kvk_status": check.status,
        "kvk_checked_at": timezone.now() if check.answered else None,
    }


def refresh_from_register(organisation: Organisation) -> kvk.RegisterCheck:
    """Ask the KvK register about the organisation's KvK number and keep its answer: for a registered company its
    name, address and legal form, and its status (active or deregistered); for an unknown number "not found".
    When the register cannot be asked (not configured, no answer) nothing changes. Returns what it said."""
    check = kvk.check(organisation.kvk_number)  # the register is asked outside any transaction
    if not check.answered:
        return check
    data = register_data(check)
    if check.status == KvkStatus.ACTIVE and check.entry is not None:
        entry = check.entry
        data["name"] = entry.name or organisation.name
        if entry.street_address or entry.postcode:  # a shielded address (a home) leaves the organisation's own
            data |= {"street_address": entry.street_address, "postcode": entry.postcode, "city": entry.city}
    elif check.entry is None:
        data.pop("legal_form")  # an unknown number keeps what was known of the organisation
    with transaction.atomic():
        model_update(instance=organisation, fields=data.keys(), data=data)
    return check


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
