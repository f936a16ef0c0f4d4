"""The authentication backends, Django's and allauth's, loading a signed-in user together with their
municipality and their organisation's: every page's header reads them (its municipality's own face), so they
come with the one query that loads the user."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from .models import User


class _UserWithMunicipality:
    def get_user(self, user_id):
        try:
            user = User.objects.select_related("municipality", "region", "organisation__municipality").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class PortalModelBackend(_UserWithMunicipality, ModelBackend):
    pass


class PortalAllauthBackend(_UserWithMunicipality, AuthenticationBackend):
    pass
