import json
import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_GET, require_POST
from django.views.i18n import set_language

from core import ratelimit
from core.pagination import page_of

from . import eherkenning, kvk, selectors, services
from .forms import REFUSALS, EraseOnRequestForm, EraseOwnAccountForm, OrganisationForm, SignupForm
from .http import AuthenticatedHttpRequest
from .models import kvk_number_validator
from .selectors import organisation_of


@csrf_exempt  # a visitor's language switch holds no token, so public pages can be kept (core.pagecache)
@login_not_required
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language; a signed-in user's choice, made on the portal's own page (with its CSRF token), is
    also kept on the account, for the e-mails. A switch posted from elsewhere changes only the page's language."""
    response = set_language(request)
    language = request.POST.get("language")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and has_valid_csrf_token(request)
    ):
        services.user_set_language(user=request.user, language=language)
    return response


def has_valid_csrf_token(request: HttpRequest) -> bool:
    """What CsrfViewMiddleware would say of this request, for a view that is exempt from it."""
    middleware = CsrfViewMiddleware(lambda request: HttpResponse())
    return middleware.process_view(request, lambda request: HttpResponse(), (), {}) is None


@login_not_required
def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin (/beheer/) signs in through the portal's own login, with its limits and second factor."""
    if request.user.is_authenticated:
        raise PermissionDenied  # signed in, but not an administrator: the admin sent them here
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("account_login"))


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/home.html")


STYLESHEET_FOR_A_YEAR = "public, max-age=31536000, immutable"
STYLESHEET_BRIEFLY = "public, max-age=300"


def _own_face_etag(request: HttpRequest, slug: str) -> str:
    return selectors.municipality_by_slug(slug).own_face_version


@login_not_required
@require_GET
@condition(etag_func=_own_face_etag)
def own_face_stylesheet(request: HttpRequest, slug: str) -> HttpResponse:
    """A municipality's brand colours as design tokens, for its pages (the CSP allows no inline style). Its
    address carries the version (`?v=`), so a browser keeps it a year; an old or missing version briefly."""
    municipality = selectors.municipality_by_slug(slug)
    response = render(
        request,
        "accounts/own_face.css",
        {"municipality": municipality, "tokens": municipality.own_face_tokens()},
        content_type="text/css; charset=utf-8",
    )
    current = request.GET.get("v") == municipality.own_face_version
    response["Cache-Control"] = STYLESHEET_FOR_A_YEAR if current else STYLESHEET_BRIEFLY
    return response


def organisation_detail(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = organisation_of(request.user)
    return render(
        request,
        "accounts/organisation_detail.html",
        {"organisation": organisation, "kvk_configured": kvk.is_configured()},
    )


def say_unchecked(request: HttpRequest, check: kvk.RegisterCheck | None, kvk_number: str | None) -> None:
    """Tell the person when their KvK number could not be checked against the register just now."""
    if kvk_number and check is not None and not check.answered and kvk.is_configured():
        messages.warning(
            request,
            _(
                "The KvK register could not be reached just now, so your KvK number has not been checked yet. It "
                "shows as “Not checked” and is checked again later."
            ),
        )


def membership_accept(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """A member lets someone who logged in with eHerkenning for their organisation join it (the link in the
    e-mail accounts.eherkenning.membership_request sent)."""
    newcomer = eherkenning.pending_membership(token, member=request.user)
    organisation = request.user.organisation
    if newcomer is None or organisation is None:
        raise Http404
    if request.method == "POST":
        eherkenning.membership_accept(newcomer=newcomer, organisation=organisation)
        messages.success(request, _("%(name)s is now a member of your organisation.") % {"name": newcomer.name})
        return redirect("accounts:organisation")
    return render(request, "accounts/membership_accept.html", {"newcomer": newcomer})


def organisation_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = organisation_of(request.user)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "themes"}
        register = form.register_check if form.kvk_number_changed else None
        services.organisation_update(
            organisation=organisation,
            data=data,
            themes=form.cleaned_data["themes"],
            actor=request.user,
            register=register,
        )
        messages.success(request, _("Your organisation has been saved."))
        say_unchecked(request, register, data.get("kvk_number"))
        return redirect("accounts:organisation")
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": organisation})


LOOKUP_FORMS = {"signup": SignupForm, "organisation": OrganisationForm}
LOOKUP_LIMIT_PER_MINUTE = 30


@login_not_required
@require_GET
def kvk_lookup(request: HttpRequest) -> HttpResponse:
    """The KvK register's answer about a KvK number, for the signup and organisation forms (htmx, when the person
    leaves the field): a sentence for the field's live region and, for an active company, the name and address
    fields filled in (swapped in out of band). Without JavaScript the forms ask the register on submit."""
    form_class = LOOKUP_FORMS.get(request.GET.get("form", ""), SignupForm)
    kvk_number = request.GET.get("kvk_number", "").strip()[:20]
    context: dict = {"kvk_number": kvk_number}
    try:
        kvk_number_validator(kvk_number)
    except ValidationError:
        context["message"] = _("Enter the 8 digits of your KvK number to look it up in the KvK register.")
        return render(request, "accounts/includes/kvk_register.html", context)
    if not ratelimit.allow(request, action="kvk-lookup", limit=LOOKUP_LIMIT_PER_MINUTE, period_seconds=60):
        context["message"] = _("Too many look-ups in a short time. The number is checked when you submit the form.")
        return render(request, "accounts/includes/kvk_register.html", context)
    check = kvk.check(kvk_number)
    context["check"] = check
    if check.status in REFUSALS:
        context["message"] = REFUSALS[check.status]
        context["refused"] = True
    elif check.entry is not None:
        entry = check.entry
        name_field = "organisation_name" if form_class is SignupForm else "name"
        filled = {name_field: entry.name, "street_address": entry.street_address}
        filled |= {"postcode": entry.postcode, "city": entry.city}
        form = form_class(initial={name: value for name, value in filled.items() if value})
        context["filled_fields"] = [form[name] for name, value in filled.items() if value]
        for bound in context["filled_fields"]:
            bound.field.widget.attrs["hx-swap-oob"] = "true"
        context["entry"] = entry
    else:
        context["message"] = _(
            "The KvK register could not be reached just now. You can go on: the number is checked again later."
        )
    return render(request, "accounts/includes/kvk_register.html", context)


def my_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's personal data: download it, or erase the account."""
    form = EraseOwnAccountForm(user=request.user)
    return render(request, "accounts/my_data.html", {"form": form})


@never_cache
@require_GET
def my_data_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = services.personal_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="impactportaal-mijn-gegevens.json"'
    return response


@require_POST
def my_account_erase(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EraseOwnAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "accounts/my_data.html", {"form": form}, status=200)
    services.user_erase(user=request.user, actor=request.user)
    logout(request)
    messages.success(request, _("Your account and personal data have been erased."))
    return redirect("accounts:home_page")


def member_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A coordinator's list of the accounts of organisations in their municipality."""
    members = selectors.erasable_members(request.user)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        members = members.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(organisation__name__icontains=query)
        )
    page = page_of(request, members, 25)
    return render(request, "accounts/member_list.html", {"page_obj": page, "query": query})


def member_erase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    member = selectors.erasable_member(request.user, pk)
    form = EraseOnRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_erase(user=member, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The account has been erased; the audit trail records your decision."))
        return redirect("accounts:member_list")
    return render(request, "accounts/member_erase.html", {"member": member, "form": form})


@login_not_required
@require_GET
@condition(etag_func=_own_face_etag)
def own_face_logo(request: HttpRequest, slug: str) -> HttpResponseBase:
    """A municipality's logo, from the portal's own address (the CSP allows images from nowhere else, and the
    file storage may be private); cached like the stylesheet."""
    municipality = selectors.municipality_by_slug(slug)
    if not municipality.logo:
        raise Http404
    content_type = mimetypes.guess_type(municipality.logo.name)[0] or "application/octet-stream"
    response = FileResponse(municipality.logo.open("rb"), content_type=content_type)
    current = request.GET.get("v") == municipality.own_face_version
    response["Cache-Control"] = STYLESHEET_FOR_A_YEAR if current else STYLESHEET_BRIEFLY
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
