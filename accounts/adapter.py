from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.stages import AuthenticateStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter, _build_apps_from_settings
from django.conf import settings
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core import mail

from . import eherkenning, kvk, services
from .models import User
from .views import say_unchecked

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
            street_address=data.get("street_address", ""),
            postcode=data.get("postcode", ""),
            city=data.get("city", ""),
            register=getattr(form, "register_check", None),
        )
        say_unchecked(request, getattr(form, "register_check", None), data.get("kvk_number"))
        # Where the visitor was going ("Ik wil helpen" on a need): kept for the first login after verifying the
        # e-mail address, which happens on a login page without `next`.
        next_url = get_next_redirect_url(request)
        if next_url:
            request.session[SIGNUP_NEXT_KEY] = next_url
        return user

    def pre_login(self, request, user, **kwargs):
        """Whoever waits for their organisation's approval (accounts.eherkenning) does not get in by any route,
        not even with a password they set through a reset."""
        if eherkenning.is_awaiting_approval(user):
            return awaiting_approval(request, None).response
        return super().pre_login(request, user, **kwargs)

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

    def get_login_stages(self) -> list[str]:
        """Allauth's, with the second factor skipped for a business that logged in with eHerkenning."""
        mfa_stage = f"{AuthenticateStage.__module__}.{AuthenticateStage.__qualname__}"
        own_stage = f"{SecondFactorStage.__module__}.{SecondFactorStage.__qualname__}"
        return [own_stage if stage == mfa_stage else stage for stage in super().get_login_stages()]


class SecondFactorStage(AuthenticateStage):
    """An entrepreneur who logs in with eHerkenning has shown a substantial assurance level there already: the
    portal's own second factor is not asked again. Staff never log in with eHerkenning (SocialAccountAdapter)."""

    def _should_handle(self, request) -> bool:
        user = self.login.user
        by_eherkenning = bool((self.login.signal_kwargs or {}).get("sociallogin"))
        if by_eherkenning and user is not None and not user.needs_second_factor:
            return False
        return super()._should_handle(request)


def claims_of(sociallogin) -> dict:
    """What the broker said of the person: the ID token's claims, with the userinfo endpoint's on top."""
    data = sociallogin.account.extra_data or {}
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


def refuse(request, message: str):
    return ImmediateHttpResponse(render(request, "accounts/eherkenning_refused.html", {"message": message}, status=403))


def awaiting_approval(request, organisation):
    return ImmediateHttpResponse(
        render(request, "accounts/eherkenning_waiting.html", {"organisation": organisation}, status=403)
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """eHerkenning logins (allauth.socialaccount): businesses only, joined to the organisation of the KvK number
    the broker vouches for (accounts.eherkenning)."""

    def list_apps(self, request, provider=None, client_id=None):
        """Only the app the settings make from EHERKENNING_OIDC_*; none from the database (and no query)."""
        by_provider = _build_apps_from_settings(provider=provider, client_id=client_id)
        return [app for apps in by_provider.values() for app in apps]

    def pre_social_login(self, request, sociallogin):
        kvk_number = eherkenning.kvk_number_from_claims(claims_of(sociallogin))
        if sociallogin.is_existing:
            user = sociallogin.user
            if user.needs_second_factor:
                raise refuse(
                    request,
                    _(
                        "eHerkenning is for businesses. Your role in the portal is a staff role: "
                        "log in with your e-mail address, password and second factor instead."
                    ),
                )
            if eherkenning.is_awaiting_approval(user):
                organisation = eherkenning.organisation_with_kvk(kvk_number) if kvk_number else None
                raise awaiting_approval(request, organisation)
            if kvk_number and user.organisation and user.organisation.kvk_number == kvk_number:
                eherkenning.mark_verified(user.organisation)
            return
        if kvk_number is None:
            raise refuse(
                request,
                _(
                    "eHerkenning did not tell the portal which KvK number you act for, so you cannot log in with it. "
                    "Please try again later or log in with your e-mail address."
                ),
            )

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        """Straight in when the organisation is known; a new one needs its name and municipality first."""
        kvk_number = eherkenning.kvk_number_from_claims(claims_of(sociallogin))
        return kvk_number is not None and eherkenning.organisation_with_kvk(kvk_number) is not None

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.name = eherkenning.person_name_from_claims(claims_of(sociallogin))
        user.role = User.Role.ENTREPRENEUR
        return user

    def get_signup_form_initial_data(self, sociallogin) -> dict:
        """The person's name from eHerkenning; the company's from eHerkenning, else from the KvK register."""
        claims = claims_of(sociallogin)
        company_name = eherkenning.company_name_from_claims(claims)
        if not company_name:
            registered = kvk.check(eherkenning.kvk_number_from_claims(claims))
            company_name = registered.entry.name if registered.entry is not None else ""
        return {
            **super().get_signup_form_initial_data(sociallogin),
            "name": eherkenning.person_name_from_claims(claims),
            "organisation_name": company_name,
        }

    def save_user(self, request, sociallogin, form=None):
        user = sociallogin.user
        user.set_unusable_password()
        user.language = translation.get_language()
        user.role = User.Role.ENTREPRENEUR
        data = form.cleaned_data if form is not None else {}
        if form is not None:
            user.name = data["name"]
            user.email = data["email"]
        if not user.name:
            user.name = user.email
        kvk_number = eherkenning.kvk_number_from_claims(claims_of(sociallogin))
        if kvk_number is None:  # pre_social_login refused it already; a stale signup in the session
            raise refuse(request, _("Your eHerkenning login has expired. Please log in again."))
        with transaction.atomic():
            user.save()
            outcome = eherkenning.organisation_for_kvk_login(
                user=user,
                kvk_number=kvk_number,
                organisation_name=data.get("organisation_name") or "",
                municipality=data.get("municipality"),
                themes=data.get("themes") or (),
            )
            sociallogin.save(request)
        if outcome.awaits_approval:
            raise awaiting_approval(request, outcome.organisation)
        services.refresh_from_register(outcome.organisation)  # name, address and legal form as the KvK has them
        return user
