"""The authentication backends, Django's and allauth's, loading a signed-in user together with their
municipality and their organisation's: every page's header reads them (its municipality's own face), so they
come with the one query that loads the user. The same query says whether they have set up a second factor, which
every staff page asks (accounts.middleware.StaffSecondFactorMiddleware). The query is compiled once per process
(core.compiledquery): on a small page, compiling it cost more than everything else the frame does."""

from allauth.account.auth_backends import AuthenticationBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef

from core.compiledquery import compiled_once

from .models import User

_signed_in_user = compiled_once(
    lambda pk: (
        User.objects.select_related("municipality", "region", "organisation__municipality")
        .annotate(has_authenticator=Exists(Authenticator.objects.filter(user_id=OuterRef("pk"))))
        .filter(pk=pk)
    )
)


class _UserWithMunicipality:
    def get_user(self, user_id):
        if type(user_id) is not int:  # the session's value comes as a number; anything else is read as one
            try:
                user_id = User._meta.pk.to_python(user_id)
            except ValidationError:
                return None
            if user_id is None:
                return None
        found = _signed_in_user(user_id)
        if not found:
            return None
        user = found[0]
        return user if self.user_can_authenticate(user) else None


class PortalModelBackend(_UserWithMunicipality, ModelBackend):
    pass


class PortalAllauthBackend(_UserWithMunicipality, AuthenticationBackend):
    pass
