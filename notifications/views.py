"""Thin views: a person's own notifications and how they want them."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.pagination import page_of

from . import selectors, services
from .forms import PreferencesForm


def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = page_of(request, selectors.notifications_for(request.user))
    return render(request, "notifications/list.html", {"page_obj": page, "notifications": page.object_list})


@require_POST
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not services.mark_read(user=request.user, notification_id=pk):
        raise Http404
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    messages.success(request, _("The notification is marked as read."))
    return redirect("notifications:list")


@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.mark_all_read(user=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


def notification_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, initial_choices=selectors.preferences_of(request.user))
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your choices for notifications are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})
