"""Factories for the ground models every app uses. App-specific factories live in tests/<app>/."""

import base64
import hashlib
import hmac
import struct
import time

import factory
from allauth.account.models import EmailAddress

from accounts.models import Municipality, Organisation, Theme, User
from accounts.services import user_activate_totp

PASSWORD = "a-long-test-password-2026"
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"  # the authenticator app of every staff user a factory makes


class MunicipalityFactory(factory.django.DjangoModelFactory[Municipality]):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")
    place_name = factory.LazyAttribute(lambda o: o.name.upper())
    mayor = "A. Burgemeester"
    secretary = "B. Secretaris"


class ThemeFactory(factory.django.DjangoModelFactory[Theme]):
    class Meta:
        model = Theme
        django_get_or_create = ("code",)

    code = Theme.Code.CARE


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisation.Kind.ENTERPRISE
    kvk_number = factory.Sequence(lambda n: f"{10000000 + n:08d}")
    municipality = factory.SubFactory(MunicipalityFactory)
    postcode = "9712 AB"
    city = "Groningen"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.nl")
    name = factory.Sequence(lambda n: f"Gebruiker {n}")
    role = User.Role.ENTREPRENEUR

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def second_factor(obj, create, extracted, **kwargs):
        """Staff come with an authenticator app (STAFF_TOTP_SECRET); pass second_factor=False for one without."""
        if create and obj.needs_second_factor and extracted is not False:
            user_activate_totp(user=obj, secret=STAFF_TOTP_SECRET)


def totp_code(secret: str = STAFF_TOTP_SECRET, at: float | None = None) -> str:
    """The code an authenticator app shows for `secret` now (RFC 6238: HMAC-SHA1, 30 s, 6 digits). Asked for now in
    the last two seconds of a code, it waits for the next one: the portal takes only the current code, and the
    request that carries it may reach the next 30 seconds on a busy machine."""
    if at is None and time.time() % 30 > 28:
        time.sleep(30.05 - time.time() % 30)
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"
