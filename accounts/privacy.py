"""Personal data of accounts and organisations: the account's own part of the download at /mijn-gegevens/.

The registry that every app adds its part to is `core.privacy`.
"""


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
        "postcode": organisation.postcode,
        "city": organisation.city,
        "created_at": organisation.created_at.isoformat(),
    }
