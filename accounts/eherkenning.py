"""eHerkenning: a business logs in through the municipality's OpenID Connect broker, which vouches for the KvK
number the person acts for. The first login makes the account and joins it to the organisation with that number:
an organisation without active members is taken on, a new one is made, and one that has members is never taken
over: its members are asked to approve the newcomer (`membership_request`), who waits until one of them does
(`membership_accept`)."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from core import mail

from .models import Municipality, Organisation, Theme, User
from .services import ROLE_FOR_KIND

KVK_NUMBER = re.compile(r"\d{8}")
APPROVAL_SALT = "accounts.eherkenning.membership"
APPROVAL_MAX_AGE = 60 * 60 * 24 * 30  # a member has a month to approve
COMPANY_NAME_CLAIMS = ("company_name", "organisation_name", "organization_name", "legal_name")


def is_configured() -> bool:
    return bool(settings.EHERKENNING_OIDC_SERVER_URL)


def kvk_number_from_claims(claims: dict) -> str | None:
    """The KvK number the broker vouches for (in the claim EHERKENNING_OIDC_KVK_CLAIM), or None if it gave none."""
    value = str(claims.get(settings.EHERKENNING_OIDC_KVK_CLAIM) or "").strip()
    return value if KVK_NUMBER.fullmatch(value) else None


def company_name_from_claims(claims: dict) -> str:
    for claim in COMPANY_NAME_CLAIMS:
        if value := str(claims.get(claim) or "").strip():
            return value[:200]
    return ""


def person_name_from_claims(claims: dict) -> str:
    name = str(claims.get("name") or "").strip()
    if not name:
        name = " ".join(str(claims.get(part) or "").strip() for part in ("given_name", "family_name")).strip()
    return name[:150]


def organisation_with_kvk(kvk_number: str) -> Organisation | None:
    return Organisation.objects.filter(kvk_number=kvk_number).first()


def has_active_members(organisation: Organisation, *, besides: User | None = None) -> bool:
    members = organisation.members.filter(is_active=True)
    if besides is not None and besides.pk:
        members = members.exclude(pk=besides.pk)
    return members.exists()


def mark_verified(organisation: Organisation) -> None:
    organisation.eherkenning_verified_at = timezone.now()
    organisation.closed_at = None  # an organisation closed when its last member left opens again
    organisation.save(update_fields=["eherkenning_verified_at", "closed_at", "updated_at"])


@dataclass(frozen=True)
class KvkLogin:
    """What a first eHerkenning login for a KvK number comes to."""

    organisation: Organisation | None
    awaits_approval: bool


@transaction.atomic
def organisation_for_kvk_login(
    *,
    user: User,
    kvk_number: str,
    organisation_name: str = "",
    municipality: Municipality | None = None,
    themes: Iterable[Theme] = (),
) -> KvkLogin:
    """Join a user who logged in with eHerkenning for `kvk_number` (saved, without an organisation yet) to that
    organisation: the existing one when nobody else is active in it, else nobody's (its members are asked to
    approve them); a new enterprise when there is none, with `organisation_name` in `municipality`. The organisation
    the user joins is marked verified by eHerkenning. (The place to fill a new organisation from the KvK register.)"""
    user.role = User.Role.ENTREPRENEUR
    organisation = Organisation.objects.select_for_update().filter(kvk_number=kvk_number).first()
    if organisation is not None and has_active_members(organisation, besides=user):
        user.organisation = None
        user.save()
        membership_request(user=user, organisation=organisation)
        return KvkLogin(organisation=organisation, awaits_approval=True)
    if organisation is None:
        if municipality is None or not organisation_name:
            raise ValueError("A new organisation needs a name and a municipality.")
        organisation = Organisation(
            name=organisation_name,
            kind=Organisation.Kind.ENTERPRISE,
            kvk_number=kvk_number,
            municipality=municipality,
            email=user.email,
        )
        organisation.full_clean()
        organisation.save()
        organisation.themes.set(themes)
    mark_verified(organisation)
    user.organisation = organisation
    user.save()
    return KvkLogin(organisation=organisation, awaits_approval=False)


def is_awaiting_approval(user: User) -> bool:
    return user.role in User.ORGANISATION_ROLES and user.organisation_id is None and user.is_active


def approval_token(*, user: User, organisation: Organisation) -> str:
    return signing.dumps({"user": user.pk, "organisation": organisation.pk}, salt=APPROVAL_SALT)


def membership_request(*, user: User, organisation: Organisation) -> None:
    """Ask the organisation's active members (by e-mail, each in their language) to approve `user` as a member."""
    url = settings.SITE_URL.rstrip("/") + reverse(
        "accounts:membership_accept", kwargs={"token": approval_token(user=user, organisation=organisation)}
    )
    members = list(organisation.members.filter(is_active=True).exclude(pk=user.pk))

    def send() -> None:
        for member in members:
            with translation.override(member.language or settings.LANGUAGE_CODE):
                subject, body = mail.render_mail(
                    "accounts/email/membership_request",
                    {"member": member, "newcomer": user, "organisation": organisation, "url": url},
                )
            mail.send_later(EmailMessage(subject, body, to=[member.email]))

    transaction.on_commit(send)


def pending_membership(token: str, *, member: User) -> User | None:
    """The person `token` asks `member` to approve, while they still wait and `member` is in that organisation."""
    try:
        data = signing.loads(token, salt=APPROVAL_SALT, max_age=APPROVAL_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not member.organisation_id or data.get("organisation") != member.organisation_id:
        return None
    newcomer = User.objects.filter(pk=data.get("user")).first()
    if newcomer is None or not is_awaiting_approval(newcomer):
        return None
    return newcomer


@transaction.atomic
def membership_accept(*, newcomer: User, organisation: Organisation) -> None:
    """A member lets a person who logged in with eHerkenning for their organisation join it."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    newcomer.organisation = organisation
    newcomer.role = ROLE_FOR_KIND[organisation.kind]
    newcomer.save(update_fields=["organisation", "role"])
    mark_verified(organisation)
