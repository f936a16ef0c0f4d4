"""The public page of a municipality's contribution to the sustainable development goals, and the coordinator's
local targets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.selectors import municipality_by_slug
from goals import selectors, services
from goals.forms import LocalTargetForm
from programmes.selectors import managed_municipality

from . import charts
from .selectors import goal_contributions


@login_not_required
@require_GET
def sdg_page(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_by_slug(slug)
    contributions = goal_contributions(municipality)
    user = request.user
    context = {
        "municipality": municipality,
        "page_municipality": municipality,  # its own face
        "goals": [one.goal for one in contributions],
        "contributions": [one for one in contributions if one.shown],
        "contributing": [one for one in contributions if one.contributes],
        "with_spend": [one for one in contributions if one.suppliers],
        "counts_chart": charts.counts_chart(contributions),
        "spend_chart": charts.spend_chart(contributions),
        "may_manage": user.is_authenticated
        and getattr(user, "is_coordinator", False)
        and getattr(user, "municipality_id", None) == municipality.pk,
    }
    return render(request, "goals/sdg_page.html", context)


def local_targets(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = managed_municipality(request.user)
    form = LocalTargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.local_target_create(municipality=municipality, **form.cleaned_data)
        messages.success(request, _("The local target has been added."))
        return redirect("goals:local_targets")
    context = {"municipality": municipality, "targets": selectors.local_targets_of(municipality), "form": form}
    return render(request, "goals/local_targets.html", context)


def local_target_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = selectors.local_target_for(managed_municipality(request.user), pk)
    initial = {"goal": target.goal, "text": target.text, "indicator": target.indicator}
    form = LocalTargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.local_target_update(target=target, **form.cleaned_data)
        messages.success(request, _("The local target has been saved."))
        return redirect("goals:local_targets")
    return render(request, "goals/local_target_form.html", {"form": form, "target": target})


@require_POST
def local_target_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = selectors.local_target_for(managed_municipality(request.user), pk)
    services.local_target_delete(target=target)
    messages.success(request, _("The local target has been removed."))
    return redirect("goals:local_targets")
