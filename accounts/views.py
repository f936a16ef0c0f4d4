from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health, services
from .forms import OrganisationForm
from .selectors import organisation_of


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/home.html")


def start(request: HttpRequest) -> HttpResponse:
    """Where a user lands after logging in: their organisation, or their role's home page."""
    if request.user.is_organisation_member:
        return redirect("accounts:organisation")
    return redirect("accounts:home_page")


def organisation_detail(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request.user)
    return render(request, "accounts/organisation_detail.html", {"organisation": organisation})


def organisation_edit(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request.user)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "themes"}
        services.organisation_update(organisation=organisation, data=data, themes=form.cleaned_data["themes"])
        messages.success(request, _("Your organisation has been saved."))
        return redirect("accounts:organisation")
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": organisation})


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = health.check_services()
    status = 200 if health.all_healthy(report) else 503
    return JsonResponse(report, status=status)
