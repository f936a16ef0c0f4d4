"""Pages of matching. Thin: they read through selectors, write through services, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.pagecache import cached_for_visitors
from accounts.selectors import municipality_of, organisation_of

from . import charts, selectors, services, workflow
from .filters import MatchFilter, NeedFilter, OfferFilter
from .forms import (
    TRANSITION_FORMS,
    BeursvloerForm,
    BeursvloerMatchForm,
    ListingStatusForm,
    MatchProposeForm,
    NeedForm,
    OfferForm,
)
from .models import Match

PAGE_SIZE = 20


def _page(request: HttpRequest, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field where the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _coordinator_municipality(request: HttpRequest):
    return municipality_of(request.user, roles={"coordinator"})


# ---------------------------------------------------------------- needs


@login_not_required
@require_GET
@cached_for_visitors
def need_list(request: HttpRequest) -> HttpResponse:
    needs = NeedFilter(request.GET, queryset=selectors.open_needs())
    return render(request, "matching/need_list.html", {"filter": needs, "page_obj": _page(request, needs.qs)})


@login_not_required
@require_GET
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.need_for_viewer(request.user, pk)
    user = request.user
    is_owner = user.is_authenticated and user.organisation_id == need.organisation_id
    is_coordinator = user.is_authenticated and user.is_coordinator and user.municipality_id == need.municipality_id
    own_matches = selectors.matches_for(user).filter(need=need) if user.is_authenticated else Match.objects.none()
    return render(
        request,
        "matching/need_detail.html",
        {
            "need": need,
            "is_owner": is_owner,
            "may_see_suggestions": is_owner or is_coordinator,
            "may_offer_help": need.is_open
            and user.is_authenticated
            and user.role == "entrepreneur"
            and user.organisation.municipality_id == need.municipality_id,
            "contact": selectors.contact_of(need.organisation)
            if selectors.may_see_contact(user, need.organisation)
            else None,
            "matches": own_matches.order_by("-updated_at")[:50],
            "status_choices": services.LISTING_TRANSITIONS[need.status],
        },
    )


def need_create(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request.user)
    if organisation.kind != organisation.Kind.INITIATIVE:
        raise Http404
    form = NeedForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_create(
                organisation=organisation,
                user=request.user,
                help_kinds=form.cleaned_data["help_kinds"],
                themes=form.cleaned_data["themes"],
                **form.service_fields(),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Your need has been posted. Below are the offers that fit it best."))
            return redirect("matching:need_suggestions", pk=need.pk)
    return render(request, "matching/listing_form.html", {"form": form, "kind": "need"})


def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.need_of_owner(request.user, pk)
    form = NeedForm(request.POST or None, instance=need, organisation=need.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.need_update(
                need=need,
                user=request.user,
                help_kinds=form.cleaned_data["help_kinds"],
                themes=form.cleaned_data["themes"],
                **form.service_fields(),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Your need has been saved."))
            return redirect(need)
    return render(request, "matching/listing_form.html", {"form": form, "kind": "need", "listing": need})


@require_POST
def need_status(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.need_of_owner(request.user, pk)
    form = ListingStatusForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose open, paused or closed."))
        services.need_change_status(need=need, status=form.cleaned_data["status"], user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The need is now %(status)s.") % {"status": need.get_status_display().lower()})
    return redirect(need)


def need_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.need_for_suggestions(request.user, pk)
    return render(
        request,
        "matching/need_suggestions.html",
        {
            "need": need,
            "suggestions": selectors.suggestions_for_need(need) if need.is_open else [],
            "matches": selectors.matches_of_need(need)[:50],
            "points": _points_legend(),
        },
    )


def _points_legend() -> dict:
    return {
        "kind": selectors.KIND_POINTS,
        "theme": selectors.THEME_POINTS,
        "near_km": selectors.NEAR_KM,
        "nearby_km": selectors.NEARBY_KM,
        "near": selectors.DISTANCE_POINTS["near"],
        "nearby": selectors.DISTANCE_POINTS["nearby"],
        "within_reach": selectors.DISTANCE_POINTS["within_reach"],
        "availability": selectors.AVAILABILITY_POINTS,
    }


# ---------------------------------------------------------------- offers


@login_not_required
@require_GET
@cached_for_visitors
def offer_list(request: HttpRequest) -> HttpResponse:
    offers = OfferFilter(request.GET, queryset=selectors.open_offers())
    return render(request, "matching/offer_list.html", {"filter": offers, "page_obj": _page(request, offers.qs)})


@login_not_required
@require_GET
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for_viewer(request.user, pk)
    user = request.user
    is_owner = user.is_authenticated and user.organisation_id == offer.organisation_id
    is_coordinator = user.is_authenticated and user.is_coordinator and user.municipality_id == offer.municipality_id
    own_matches = selectors.matches_for(user).filter(offer=offer) if user.is_authenticated else Match.objects.none()
    return render(
        request,
        "matching/offer_detail.html",
        {
            "offer": offer,
            "is_owner": is_owner,
            "may_see_suggestions": is_owner or is_coordinator,
            "may_ask_help": offer.is_open
            and user.is_authenticated
            and user.role == "initiative"
            and user.organisation.municipality_id == offer.municipality_id,
            "contact": selectors.contact_of(offer.organisation)
            if selectors.may_see_contact(user, offer.organisation)
            else None,
            "matches": own_matches.order_by("-updated_at")[:50],
            "status_choices": services.LISTING_TRANSITIONS[offer.status],
        },
    )


def offer_create(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request.user)
    if organisation.kind != organisation.Kind.ENTERPRISE:
        raise Http404
    form = OfferForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(
                organisation=organisation,
                user=request.user,
                help_kinds=form.cleaned_data["help_kinds"],
                themes=form.cleaned_data["themes"],
                **form.service_fields(),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Your offer has been posted. Below are the needs that fit it best."))
            return redirect("matching:offer_suggestions", pk=offer.pk)
    return render(request, "matching/listing_form.html", {"form": form, "kind": "offer"})


def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_of_owner(request.user, pk)
    form = OfferForm(request.POST or None, instance=offer, organisation=offer.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(
                offer=offer,
                user=request.user,
                help_kinds=form.cleaned_data["help_kinds"],
                themes=form.cleaned_data["themes"],
                **form.service_fields(),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Your offer has been saved."))
            return redirect(offer)
    return render(request, "matching/listing_form.html", {"form": form, "kind": "offer", "listing": offer})


@require_POST
def offer_status(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_of_owner(request.user, pk)
    form = ListingStatusForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose open, paused or closed."))
        services.offer_change_status(offer=offer, status=form.cleaned_data["status"], user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The offer is now %(status)s.") % {"status": offer.get_status_display().lower()})
    return redirect(offer)


def offer_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for_suggestions(request.user, pk)
    return render(
        request,
        "matching/offer_suggestions.html",
        {
            "offer": offer,
            "suggestions": selectors.suggestions_for_offer(offer) if offer.is_open else [],
            "matches": selectors.matches_of_offer(offer)[:50],
            "points": _points_legend(),
        },
    )


# ---------------------------------------------------------------- my matching


def mine(request: HttpRequest) -> HttpResponse:
    """An initiative's needs or an entrepreneur's offers, with their matches."""
    organisation = organisation_of(request.user)
    is_initiative = organisation.kind == organisation.Kind.INITIATIVE
    listings = selectors.own_needs(request.user) if is_initiative else selectors.own_offers(request.user)
    matches = selectors.matches_for(request.user).filter(status__in=Match.OPEN_STATUSES)
    return render(
        request,
        "matching/mine.html",
        {
            "organisation": organisation,
            "is_initiative": is_initiative,
            "page_obj": _page(request, listings.order_by("status", "-created_at", "-pk")),
            "open_matches": matches.order_by("-updated_at", "-pk")[:10],
        },
    )


# ---------------------------------------------------------------- matches


def match_list(request: HttpRequest) -> HttpResponse:
    matches = selectors.matches_for(request.user)
    if not (request.user.is_coordinator or request.user.is_organisation_member):
        raise Http404
    filtered = MatchFilter(request.GET, queryset=matches)
    return render(request, "matching/match_list.html", {"filter": filtered, "page_obj": _page(request, filtered.qs)})


def _match_page(request: HttpRequest, match: Match, *, forms: dict | None = None, status: int = 200) -> HttpResponse:
    user = request.user
    next_statuses = workflow.next_statuses_for(match, user)
    forms = forms or {}
    actions = [
        {
            "status": to_status,
            "label": Match.Status(to_status).label,
            "form": forms.get(to_status) or TRANSITION_FORMS[to_status](),
        }
        for to_status in next_statuses
    ]
    sides = []
    for organisation in (match.need.organisation, match.enterprise):
        visible = selectors.may_see_contact(user, organisation)
        sides.append({"organisation": organisation, "contact": selectors.contact_of(organisation) if visible else None})
    return render(
        request,
        "matching/match_detail.html",
        {
            "match": match,
            "side": workflow.side_of(match, user),
            "actions": actions,
            "may_accept": Match.Status.PREPARATION in next_statuses,
            "history": selectors.match_history(match),
            "sides": sides,
        },
        status=status,
    )


def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    match = selectors.match_for(request.user, pk)
    return _match_page(request, match)


@require_POST
def match_change(request: HttpRequest, pk: int) -> HttpResponse:
    match = selectors.match_for(request.user, pk)
    to_status = request.POST.get("to_status", "")
    form_class = TRANSITION_FORMS.get(to_status)
    if form_class is None or to_status not in workflow.next_statuses_for(match, request.user):
        messages.error(request, _("This step is not possible for this match now."))
        return redirect(match)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            services.match_change_status(match=match, to_status=to_status, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        except PermissionDenied:
            messages.error(request, _("This step is not possible for this match now."))
            return redirect(match)
        else:
            match.refresh_from_db()
            messages.success(request, _("The match is now: %(status)s.") % {"status": match.get_status_display()})
            return redirect(match)
    return _match_page(request, match, forms={to_status: form}, status=400)


def match_propose(request: HttpRequest) -> HttpResponse:
    choices = selectors.proposal_choices(request.user)
    initial = {name: request.GET.get(name) for name in ("need", "offer", "enterprise") if request.GET.get(name)}
    form = MatchProposeForm(request.POST or None, initial=initial, **choices)
    if request.method == "POST" and form.is_valid():
        try:
            match = services.match_propose(
                need=form.cleaned_data["need"],
                enterprise=form.cleaned_data["enterprise"],
                offer=form.cleaned_data.get("offer"),
                note=form.cleaned_data.get("note", ""),
                actor=request.user,
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The match has been proposed. Both sides have been told by e-mail."))
            return redirect(match)
    return render(request, "matching/match_propose.html", {"form": form}, status=400 if form.errors else 200)


# ---------------------------------------------------------------- coordinators


def overview(request: HttpRequest) -> HttpResponse:
    """The coordinator's matching desk: this year's figures and the open needs with their suggestions."""
    municipality = _coordinator_municipality(request)
    year = timezone.localdate().year
    return render(
        request,
        "matching/overview.html",
        {
            "municipality": municipality,
            "figures": selectors.match_figures(municipality, year),
            "page_obj": _page(request, selectors.needs_of_municipality(municipality)),
        },
    )


def figures(request: HttpRequest) -> HttpResponse:
    """Matching figures per year, per theme and per kind of help, for coordinators and council members."""
    municipality = municipality_of(request.user, roles={"coordinator", "council"})
    years = selectors.figure_years(municipality)
    try:
        year = int(request.GET.get("year", years[0]))
    except ValueError:
        year = years[0]
    if year not in years:
        year = years[0]
    result = selectors.match_figures(municipality, year)
    return render(
        request,
        "matching/figures.html",
        {
            "municipality": municipality,
            "figures": result,
            "years": years,
            "per_year": selectors.matches_per_year(municipality),
            "theme_chart": charts.paired_bars(result.per_theme),
        },
    )


# ---------------------------------------------------------------- beursvloer


def beursvloer_list(request: HttpRequest) -> HttpResponse:
    municipality = _coordinator_municipality(request)
    return render(
        request,
        "matching/beursvloer_list.html",
        {"page_obj": _page(request, selectors.beursvloeren_of(municipality)), "municipality": municipality},
    )


def beursvloer_create(request: HttpRequest) -> HttpResponse:
    _coordinator_municipality(request)
    form = BeursvloerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            beursvloer = services.beursvloer_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("The beursvloer has been created."))
            return redirect("matching:beursvloer_register", pk=beursvloer.pk)
    return render(request, "matching/beursvloer_form.html", {"form": form})


def beursvloer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    beursvloer = selectors.beursvloer_for(request.user, pk)
    return render(
        request,
        "matching/beursvloer_detail.html",
        {
            "beursvloer": beursvloer,
            "result": selectors.beursvloer_result(beursvloer),
            "page_obj": _page(request, selectors.beursvloer_matches(beursvloer), size=50),
        },
    )


def _beursvloer_form(beursvloer, data=None) -> BeursvloerMatchForm:
    return BeursvloerMatchForm(
        data,
        needs=selectors.search_open_needs(beursvloer.municipality, ""),
        enterprises=selectors.search_enterprises(beursvloer.municipality, ""),
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def beursvloer_register(request: HttpRequest, pk: int) -> HttpResponse:
    """The registration desk: many matches quickly; with JavaScript each one is saved without a reload."""
    beursvloer = selectors.beursvloer_for(request.user, pk)
    form = _beursvloer_form(beursvloer, request.POST or None)
    if request.method == "POST":
        match = None
        if form.is_valid():
            try:
                match = services.beursvloer_register_match(
                    beursvloer=beursvloer, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _add_service_errors(form, error)
        if _wants_json(request):
            return _beursvloer_json(request, beursvloer, form, match)
        if match is not None:
            messages.success(request, _registered_message(match))
            return redirect("matching:beursvloer_register", pk=beursvloer.pk)
    return render(
        request,
        "matching/beursvloer_register.html",
        {
            "beursvloer": beursvloer,
            "form": form,
            "result": selectors.beursvloer_result(beursvloer),
            "registered": selectors.beursvloer_matches(beursvloer)[:100],
        },
        status=400 if form.errors else 200,
    )


def _registered_message(match: Match) -> str:
    return _("Registered: %(initiative)s with %(enterprise)s (%(status)s).") % {
        "initiative": match.need.organisation.name,
        "enterprise": match.enterprise.name,
        "status": match.get_status_display().lower(),
    }


def _beursvloer_json(request, beursvloer, form, match) -> JsonResponse:
    if match is None:
        errors = {name or "__all__": [str(message) for message in messages_] for name, messages_ in form.errors.items()}
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    row = render_to_string("matching/beursvloer_register.html#registered-row", {"match": match}, request=request)
    return JsonResponse(
        {
            "ok": True,
            "message": _registered_message(match),
            "row": row,
            "result": selectors.beursvloer_result(beursvloer),
        }
    )


@require_GET
def beursvloer_search(request: HttpRequest, pk: int) -> JsonResponse:
    """Search-as-you-type for the registration desk: open needs or entrepreneurs whose name contains q."""
    beursvloer = selectors.beursvloer_for(request.user, pk)
    text = request.GET.get("q", "").strip()[:100]
    if request.GET.get("side") == "enterprise":
        found = selectors.search_enterprises(beursvloer.municipality, text)[: selectors.SEARCH_LIMIT]
        results = [{"id": organisation.pk, "label": organisation.name} for organisation in found]
    else:
        found = selectors.search_open_needs(beursvloer.municipality, text)[: selectors.SEARCH_LIMIT]
        results = [{"id": need.pk, "label": f"{need.organisation.name}: {need.title}"} for need in found]
    return JsonResponse({"results": results})
