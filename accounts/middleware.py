from django.conf import settings
from django.contrib import messages
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.kept import kept_per_process


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the user chose English with the language switch; the browser's own preference is ignored."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class StaffSecondFactorMiddleware:
    """Staff (coordinators, buyers, jury members and coaches, council members, administrators) use the portal only
    with a second factor: one signed in without an authenticator is sent to set one up and reaches nothing else
    until it is done (except signing out and the public plumbing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.needs_second_factor
            and not self.allowed(request.path)
            and not _has_second_factor(user)
        ):
            if request.method == "GET":
                messages.info(request, _("Your role requires a second factor. Please set one up to continue."))
            return redirect("mfa_index")
        return self.get_response(request)

    @staticmethod
    def allowed(path: str) -> bool:
        beginnings, paths = _open_to_staff_without_second_factor(get_script_prefix(), get_urlconf())
        return path.startswith(beginnings) or path in paths


def _has_second_factor(user) -> bool:
    """Read with the user where the backend loaded them (accounts.backends), otherwise asked (one query)."""
    known = getattr(user, "has_authenticator", None)
    if known is not None:
        return known
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user)


@kept_per_process(maxsize=8)
def _open_to_staff_without_second_factor(script_prefix: str, urlconf: object) -> tuple[tuple[str, ...], frozenset[str]]:
    """The beginnings of paths and the paths staff reach before they set up a second factor: reversed once per
    process for each URL prefix and URLconf (what `reverse` reads besides the name)."""
    beginnings = (reverse("mfa_index"), reverse("account_reauthenticate"), settings.STATIC_URL)
    open_paths = ("account_logout", "set_language", "core:healthz", "core:security_txt")
    return beginnings, frozenset(reverse(name) for name in open_paths)
