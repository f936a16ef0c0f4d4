"""Personal data of accounts and organisations: the account's own part of the download at /mijn-gegevens/.

The registry that every app adds its part to is `core.privacy`; the helpers that tell the other apps' parts
whether the person's organisation closes with them (`closing_organisation`) or who remains (`remaining_member`)
are here.
"""

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount

from core.privacy import forget_in_trail, personal_data_eraser

from .models import Organisation, User


def export_account(user) -> dict:
    return {
        "email": user.email,
        "name": user.name,
        "phone": user.phone,
        "language": user.language,
        "role": user.role,
        "municipality": user.municipality.name if user.municipality_id else None,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in user.emailaddress_set.all()
        ],
        "second_factors": [
            {
                "type": authenticator.type,
                "name": authenticator.data.get("name", "") if isinstance(authenticator.data, dict) else "",
                "created_at": authenticator.created_at.isoformat(),
            }
            for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        # what eHerkenning's broker said of the person at their last login with it
        "eherkenning_logins": [
            {"provider": account.provider, "uid": account.uid, "claims": account.extra_data}
            for account in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
    }


def export_organisation(organisation) -> dict | None:
    if organisation is None:
        return None
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "kvk_number": organisation.kvk_number,
        "municipality": organisation.municipality.name,
        "themes": [theme.code for theme in organisation.themes.all()],
        "description": organisation.description,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "street_address": organisation.street_address,
        "postcode": organisation.postcode,
        "city": organisation.city,
        "legal_form": organisation.legal_form,
        "kvk_status": organisation.kvk_status,
        "created_at": organisation.created_at.isoformat(),
    }


def closing_organisation(user) -> Organisation | None:
    """The user's organisation if erasing the user leaves it without an active member (and so closes it)."""
    organisation = user.organisation
    if organisation is None or organisation.members.filter(is_active=True).exclude(pk=user.pk).exists():
        return None
    return organisation


def remaining_member(user) -> User | None:
    """A member of the user's organisation who stays when the user is erased (the longest-standing one)."""
    if user.organisation_id is None:
        return None
    return user.organisation.members.filter(is_active=True).exclude(pk=user.pk).order_by("date_joined", "pk").first()


ORGANISATION_TEXT_FIELDS = ("description", "website", "email", "phone", "street_address", "postcode", "city")


@personal_data_eraser
def erase_organisation_text(user) -> list[str]:
    """An organisation that its last member leaves keeps its name, kind and KvK number (figures and reports name
    it) but loses its description, website and contact details, in the trail too."""
    organisation = closing_organisation(user)
    if organisation is None:
        return []
    identifiers = [organisation.email, organisation.phone]
    for name in ORGANISATION_TEXT_FIELDS:
        setattr(organisation, name, "")
    organisation.save(update_fields=[*ORGANISATION_TEXT_FIELDS, "updated_at"])
    forget_in_trail([organisation], ORGANISATION_TEXT_FIELDS)
    return identifiers


@personal_data_eraser
def erase_second_factors(user) -> None:
    """The authenticator app, the recovery codes and the passkeys (with the names the person gave them) go."""
    Authenticator.objects.filter(user=user).delete()
