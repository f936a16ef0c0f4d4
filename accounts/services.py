"""Writes for accounts: signing up an organisation's founder, editing an organisation."""

from collections.abc import Iterable

from django.db import transaction

from .models import Municipality, Organisation, Theme, User

ROLE_FOR_KIND = {
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


@transaction.atomic
def organisation_update(*, organisation: Organisation, data: dict, themes: Iterable[Theme]) -> Organisation:
    for field, value in data.items():
        setattr(organisation, field, value)
    organisation.full_clean()
    organisation.save()
    organisation.themes.set(themes)
    return organisation
