from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core import mail

from . import services
from .models import User

SIGNUP_NEXT_KEY = "signup_next"
PORTAL_NAME = "Impactportaal"


@dataclass(frozen=True)
class PortalSite:
    """What allauth's e-mails call `current_site`: the portal's name and address, not the host the request
    happened to come in on ("Hallo van 127.0.0.1:8000!")."""

    name: str
    domain: str


def portal_site() -> PortalSite:
    return PortalSite(name=PORTAL_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    """Creates the organisation together with the user who signs up."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.language = translation.get_language()  # the e-mails follow the language the user signed up in
        data = form.cleaned_data
        services.organisation_founder_signup(
            user=user,
            name=data["name"],
            organisation_name=data["organisation_name"],
            kind=data["kind"],
            kvk_number=data.get("kvk_number"),
            municipality=data["municipality"],
            themes=data["themes"],
        )
        # Where the visitor was going ("Ik wil helpen" on a need): kept for the first login after verifying the
        # e-mail address, which happens on a login page without `next`.
        next_url = get_next_redirect_url(request)
        if next_url:
            request.session[SIGNUP_NEXT_KEY] = next_url
        return user

    def post_login(self, request, user, **kwargs):
        """The page turns to the account's language, unless the visitor chose one before logging in. That choice
        is not kept on the account: anyone's page can post the language switch, so it proves nothing about what
        the account holder wants (only a switch made while signed in does, accounts.views.switch_language)."""
        kept = request.session.pop(SIGNUP_NEXT_KEY, None)
        if kept and not kwargs.get("redirect_url"):
            kwargs["redirect_url"] = kept  # checked like any `next` by allauth's get_login_redirect_url
        response = super().post_login(request, user, **kwargs)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response

    def send_mail(self, template_prefix, email, context):
        """Allauth's own e-mails (verification, password reset) in the language the account chose; for an
        address without an account, in the language of the page that asked for it. They leave through the
        mail task, as every other e-mail does, so a mail server that is down never fails the page."""
        chosen = User.objects.filter(email__iexact=email).values_list("language", flat=True).first()
        context = {"email": email, **context, "current_site": portal_site()}
        with translation.override(chosen or translation.get_language()):
            mail.send_later(self.render_mail(template_prefix, email, context))

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed logins count per account and client address together (and per address alone, settings'
        login_failed): a stranger failing on purpose is stopped without locking the account's owner out."""
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{self.get_client_ip(request)}"

    def get_login_redirect_url(self, request):
        return reverse("start")
