"""Pages of matching. Thin: they read through selectors, write through services, and render."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from accounts.http import AuthenticatedHttpRequest
from accounts.models import Municipality, Organisation, User
from accounts.selectors import municipality_of, organisation_of
from core import charts
from core.csv import table_response
from core.forms import add_service_errors
from core.pagecache import cached_for_visitors
from core.pagination import page_of

from . import exports, selectors, services, workflow
from .filters import MatchFilter, NeedFilter, OfferFilter
from .forms import (
    TRANSITION_FORMS,
    BeursvloerForm,
    BeursvloerMatchForm,
    DealForm,
    ListingStatusForm,
    MatchProposeForm,
    NeedForm,
    OfferForm,
    StaleCloseForm,
)
from .models import Beursvloer, Deal, Match, Need, Offer

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _coordinator_municipality(request: AuthenticatedHttpRequest):
    return municipality_of(request.user, roles={"coordinator"})


# ---------------------------------------------------------------- needs and offers


@dataclass(frozen=True)
class ListingKind:
    """What differs between the pages of a need (posted by an initiative) and of an offer (by an entrepreneur).
    `name` is also the keyword the services and a Match take, and the start of the templates' names."""

    name: str
    form: type
    posted_by: str  # the kind of organisation that posts it
    answered_by: str  # the role that may answer it with a match proposal
    for_viewer: Callable
    of_owner: Callable
    for_suggestions: Callable
    suggestions_for: Callable
    matches_of: Callable
    create: Callable
    update: Callable
    change_status: Callable
    posted_message: "StrOrPromise"
    saved_message: "StrOrPromise"
    status_message: "StrOrPromise"  # with %(status)s
    # What the pages say (matching/listing_*.html read these; the wording with placeholders or counts stays in the
    # templates, where blocktranslate keeps its plural forms).
    counterpart: str  # the kind of listing a suggestion points at
    poster_role: str  # the role that may post one
    tab: str  # the tab of listing_tabs.html
    list_title: "StrOrPromise"
    list_lead: "StrOrPromise"
    filter_label: "StrOrPromise"
    no_results: "StrOrPromise"
    post_label: "StrOrPromise"
    post_button: "StrOrPromise"
    edit_label: "StrOrPromise"
    form_lead: "StrOrPromise"
    see_suggestions: "StrOrPromise"
    answer_label: "StrOrPromise"
    status_heading: "StrOrPromise"
    status_help: "StrOrPromise"
    matches_caption: "StrOrPromise"
    not_open: "StrOrPromise"
    counterpart_column: "StrOrPromise"
    no_suggestions: "StrOrPromise"
    help_page: str = ""  # where "I want to help" leads a visitor of a listing, if anywhere

    @property
    def urls(self) -> dict[str, str]:
        """The names of its pages, for `{% url kind.urls.list %}`."""
        return {page: f"matching:{self.name}_{page}" for page in ("list", "create", "edit", "status", "suggestions")}


NEED = ListingKind(
    name="need",
    form=NeedForm,
    posted_by=Organisation.Kind.INITIATIVE,
    answered_by=User.Role.ENTREPRENEUR,
    for_viewer=selectors.need_for_viewer,
    of_owner=selectors.need_of_owner,
    for_suggestions=selectors.need_for_suggestions,
    suggestions_for=selectors.suggestions_for_need,
    matches_of=selectors.matches_of_need,
    create=services.need_create,
    update=services.need_update,
    change_status=services.need_change_status,
    posted_message=gettext_lazy("Your need has been posted. Below are the offers that fit it best."),
    saved_message=gettext_lazy("Your need has been saved."),
    status_message=gettext_lazy("The need is now %(status)s."),
    counterpart="offer",
    poster_role=User.Role.INITIATIVE,
    tab="needs",
    list_title=gettext_lazy("Help wanted by initiatives"),
    list_lead=gettext_lazy(
        "Community initiatives ask for time and effort, money, network contacts or goods. Entrepreneurs who want to "
        "help find them here; contact details are shared once both sides agree to a match."
    ),
    filter_label=gettext_lazy("Filter needs"),
    no_results=gettext_lazy("No needs match these filters."),
    post_label=gettext_lazy("Post a need"),
    post_button=gettext_lazy("Post need"),
    edit_label=gettext_lazy("Edit need"),
    form_lead=gettext_lazy(
        "Tell entrepreneurs what your initiative does and what help would make a difference. Your need is public; "
        "your contact details are not."
    ),
    see_suggestions=gettext_lazy("See suggested offers"),
    answer_label=gettext_lazy("Offer help to this initiative"),
    status_heading=gettext_lazy("Status of this need"),
    status_help=gettext_lazy(
        "Pause the need when you want no new proposals for a while; close it when you need no more help. Matches "
        "already under way carry on."
    ),
    matches_caption=gettext_lazy("Matches for this need"),
    not_open=gettext_lazy("This need is not open, so it gets no suggestions."),
    counterpart_column=gettext_lazy("Offer"),
    no_suggestions=gettext_lazy("No open offer fits this need yet. New offers appear here as entrepreneurs post them."),
    help_page="matching:need_help",
)
OFFER = ListingKind(
    name="offer",
    form=OfferForm,
    posted_by=Organisation.Kind.ENTERPRISE,
    answered_by=User.Role.INITIATIVE,
    for_viewer=selectors.offer_for_viewer,
    of_owner=selectors.offer_of_owner,
    for_suggestions=selectors.offer_for_suggestions,
    suggestions_for=selectors.suggestions_for_offer,
    matches_of=selectors.matches_of_offer,
    create=services.offer_create,
    update=services.offer_update,
    change_status=services.offer_change_status,
    posted_message=gettext_lazy("Your offer has been posted. Below are the needs that fit it best."),
    saved_message=gettext_lazy("Your offer has been saved."),
    status_message=gettext_lazy("The offer is now %(status)s."),
    counterpart="need",
    poster_role=User.Role.ENTREPRENEUR,
    tab="offers",
    list_title=gettext_lazy("Help offered by entrepreneurs"),
    list_lead=gettext_lazy(
        "Entrepreneurs offer time and effort, money, network contacts or goods to community initiatives nearby. "
        "Contact details are shared once both sides agree to a match."
    ),
    filter_label=gettext_lazy("Filter offers"),
    no_results=gettext_lazy("No offers match these filters."),
    post_label=gettext_lazy("Post an offer"),
    post_button=gettext_lazy("Post offer"),
    edit_label=gettext_lazy("Edit offer"),
    form_lead=gettext_lazy(
        "Tell community initiatives what you can give: time and effort, money, network contacts or goods, and how "
        "far from your postcode. Your offer is public; your contact details are not."
    ),
    see_suggestions=gettext_lazy("See suggested needs"),
    answer_label=gettext_lazy("Ask this entrepreneur for help"),
    status_heading=gettext_lazy("Status of this offer"),
    status_help=gettext_lazy(
        "Pause the offer when you want no new proposals for a while; close it when you can give no more help. "
        "Matches already under way carry on."
    ),
    matches_caption=gettext_lazy("Matches for this offer"),
    not_open=gettext_lazy("This offer is not open, so it gets no suggestions."),
    counterpart_column=gettext_lazy("Need"),
    no_suggestions=gettext_lazy("No open need fits this offer yet. New needs appear here as initiatives post them."),
)


def _listing_detail(request: HttpRequest, kind: ListingKind, pk: int) -> HttpResponse:
    listing = kind.for_viewer(request.user, pk)
    user = request.user
    is_owner = user.is_authenticated and user.organisation_id == listing.organisation_id
    is_coordinator = user.is_authenticated and user.is_coordinator and user.municipality_id == listing.municipality_id
    own_matches = (
        selectors.matches_for(user).filter(**{kind.name: listing}) if user.is_authenticated else Match.objects.none()
    )
    return render(
        request,
        "matching/listing_detail.html",
        {
            "kind": kind,
            "listing": listing,
            "page_municipality": listing.municipality,  # its own face
            "is_owner": is_owner,
            "may_see_suggestions": is_owner or is_coordinator,
            "may_ask_to_help": bool(kind.help_page) and listing.is_open and not (is_owner or is_coordinator),
            "may_answer": listing.is_open
            and user.is_authenticated
            and user.role == kind.answered_by
            and user.organisation is not None
            and user.organisation.municipality_id == listing.municipality_id,
            "contact": selectors.contact_of(listing.organisation)
            if selectors.may_see_contact(user, listing.organisation)
            else None,
            "matches": own_matches.order_by("-updated_at")[:50],
            "status_choices": listing.Status(listing.status).next_statuses,
            "may_reopen": user.is_authenticated and services.may_undo_stale_closing(listing, user),
        },
    )


def _listing_form(request: AuthenticatedHttpRequest, kind: ListingKind, listing=None) -> HttpResponse:
    """Post a new need or offer (`listing` None), or edit one."""
    if listing is None:
        organisation = organisation_of(request.user)
        if organisation.kind != kind.posted_by:
            raise Http404
    else:
        organisation = listing.organisation
    form = kind.form(request.POST or None, instance=listing, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        fields = {
            "user": request.user,
            "help_kinds": form.cleaned_data["help_kinds"],
            "themes": form.cleaned_data["themes"],
            **form.service_fields(),
        }
        try:
            if listing is None:
                saved = kind.create(organisation=organisation, **fields)
            else:
                saved = kind.update(**{kind.name: listing}, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form.save_goals(saved)
            if listing is None:
                messages.success(request, kind.posted_message)
                return redirect(f"matching:{kind.name}_suggestions", pk=saved.pk)
            messages.success(request, kind.saved_message)
            return redirect(saved)
    return render(request, "matching/listing_form.html", {"form": form, "kind": kind, "listing": listing})


def _listing_status(request: AuthenticatedHttpRequest, kind: ListingKind, pk: int) -> HttpResponse:
    listing = kind.of_owner(request.user, pk)
    form = ListingStatusForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose open, paused or closed."))
        kind.change_status(**{kind.name: listing}, status=form.cleaned_data["status"], user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, kind.status_message % {"status": listing.get_status_display().lower()})
    return redirect(listing)


def _listing_suggestions(request: AuthenticatedHttpRequest, kind: ListingKind, pk: int) -> HttpResponse:
    listing = kind.for_suggestions(request.user, pk)
    return render(
        request,
        "matching/listing_suggestions.html",
        {
            "kind": kind,
            "listing": listing,
            "suggestions": kind.suggestions_for(listing) if listing.is_open else [],
            "matches": kind.matches_of(listing)[:50],
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


@login_not_required
@require_GET
@cached_for_visitors
def need_list(request: HttpRequest) -> HttpResponse:
    needs = NeedFilter(request.GET, queryset=selectors.listed_needs())
    page = selectors.card_page(needs.qs, request.GET.get("page"), "matching:need_detail")
    return render(request, "matching/listing_list.html", {"kind": NEED, "filter": needs, "page_obj": page})


@login_not_required
@require_GET
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _listing_detail(request, NEED, pk)


@login_not_required
@require_GET
def need_help(request: HttpRequest, pk: int) -> HttpResponse:
    """ "I want to help": a visitor signs in or signs up first (and comes back here), an entrepreneur of the
    need's municipality goes straight to the match proposal for the need; anyone else reads why they cannot."""
    need = NEED.for_viewer(request.user, pk)  # 404 for a need the visitor may not see
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refusal = selectors.help_refusal(request.user, need)
    if refusal is None:
        return redirect(f"{reverse('matching:match_propose')}?need={need.pk}")
    return render(
        request,
        "matching/need_help.html",
        {"need": need, "refusal": refusal, "reasons": selectors.HelpRefusal, "kind": NEED},
    )


def need_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _listing_form(request, NEED)


def need_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _listing_form(request, NEED, selectors.need_of_owner(request.user, pk))


@require_POST
def need_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _listing_status(request, NEED, pk)


def need_suggestions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _listing_suggestions(request, NEED, pk)


@login_not_required
@require_GET
@cached_for_visitors
def offer_list(request: HttpRequest) -> HttpResponse:
    offers = OfferFilter(request.GET, queryset=selectors.listed_offers())
    page = selectors.card_page(offers.qs, request.GET.get("page"), "matching:offer_detail")
    return render(request, "matching/listing_list.html", {"kind": OFFER, "filter": offers, "page_obj": page})


@login_not_required
@require_GET
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _listing_detail(request, OFFER, pk)


def offer_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _listing_form(request, OFFER)


def offer_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _listing_form(request, OFFER, selectors.offer_of_owner(request.user, pk))


@require_POST
def offer_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _listing_status(request, OFFER, pk)


def offer_suggestions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _listing_suggestions(request, OFFER, pk)


# ---------------------------------------------------------------- my matching


def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
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
            "page_obj": page_of(request, listings.order_by("status", "-created_at", "-pk")),
            "open_matches": matches.order_by("-updated_at", "-pk")[:10],
            "deals": [] if is_initiative else selectors.deals_for(request.user)[:10],
        },
    )


# ---------------------------------------------------------------- matches


def match_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    matches = selectors.matches_for(request.user)
    if not (request.user.is_coordinator or request.user.is_organisation_member):
        raise Http404
    filtered = MatchFilter(request.GET, queryset=matches)
    page_obj = page_of(request, selectors.match_table_rows(filtered.qs))
    return render(request, "matching/match_list.html", {"filter": filtered, "page_obj": page_obj})


def _match_page(
    request: AuthenticatedHttpRequest, match: Match, *, forms: dict | None = None, status: int = 200
) -> HttpResponse:
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
            "may_reopen": services.may_undo_stale_closing(match, user),
        },
        status=status,
    )


def match_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    match = selectors.match_for(request.user, pk)
    return _match_page(request, match)


@require_POST
def match_change(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
            add_service_errors(form, error)
        except PermissionDenied:
            messages.error(request, _("This step is not possible for this match now."))
            return redirect(match)
        else:
            match.refresh_from_db()
            messages.success(request, _("The match is now: %(status)s.") % {"status": match.get_status_display()})
            return redirect(match)
    return _match_page(request, match, forms={to_status: form}, status=400)


def match_propose(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The proposal form. Its long lists show a page of what fits a search box: typed (htmx swaps the list in)
    or, without JavaScript, sent with the form's search button (the page comes back with the lists narrowed
    and what was chosen kept)."""
    choices = selectors.proposal_choices(request.user)
    sent = request.POST if request.method == "POST" else request.GET
    searching = request.method == "GET" or "search" in sent
    initial = {name: sent.get(name) for name in MatchProposeForm.SEARCHED + ("note",) if sent.get(name)}
    search = {name: sent.get(f"{name}_q", "").strip()[:100] for name in MatchProposeForm.SEARCHED}
    typed = next((name for name in search if f"{name}_q" in sent), None) if request.htmx and searching else None
    form = MatchProposeForm(
        None if searching else request.POST, initial=initial, search=search, first_found_for=typed, **choices
    )
    if typed is not None and typed in form.search:  # search-as-you-type: only the list, the first that fits chosen
        return render(request, "matching/match_propose.html#choice-list", {"form": form, "field": form[typed]})
    if not searching and form.is_valid():
        try:
            match = services.match_propose(
                need=form.cleaned_data["need"],
                enterprise=form.cleaned_data["enterprise"],
                offer=form.cleaned_data.get("offer"),
                note=form.cleaned_data.get("note", ""),
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The match has been proposed. Both sides have been told by e-mail."))
            return redirect(match)
    return render(request, "matching/match_propose.html", {"form": form}, status=400 if form.errors else 200)


# ---------------------------------------------------------------- coordinators


def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coordinator's matching desk: this year's figures and the open needs with their suggestions."""
    municipality = _coordinator_municipality(request)
    year = timezone.localdate().year
    return render(
        request,
        "matching/overview.html",
        {
            "municipality": municipality,
            "figures": selectors.match_figures(municipality, year),
            "page_obj": page_of(request, selectors.needs_of_municipality(municipality)),
        },
    )


def figures(request: AuthenticatedHttpRequest) -> HttpResponse:
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
            "theme_chart": _theme_chart(result),
        },
    )


def _theme_chart(figures: selectors.MatchFigures) -> charts.Chart | None:
    """Per impact theme a bar of the matches made and one of those in preparation."""
    rows = figures.per_theme
    return charts.labelled_bar_chart(
        chart_id="theme-chart",
        title=_("Bar chart of matches made and in preparation per impact theme; the table below gives the numbers."),
        caption=_("Matches per impact theme, %(year)s") % {"year": figures.year},
        categories=[row.label for row in rows],
        series=[
            charts.Series(_("made"), [row.made for row in rows]),
            charts.Series(_("in preparation"), [row.in_preparation for row in rows]),
        ],
        legend=[
            (_("made (upper bar)"), "portal-chart__series-1"),
            (_("in preparation (lower bar)"), "portal-chart__series-2"),
        ],
    )


# ---------------------------------------------------------------- beursvloer


def beursvloer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = _coordinator_municipality(request)
    return render(
        request,
        "matching/beursvloer_list.html",
        {"page_obj": page_of(request, selectors.beursvloeren_of(municipality)), "municipality": municipality},
    )


def beursvloer_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _coordinator_municipality(request)
    form = BeursvloerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            beursvloer = services.beursvloer_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The beursvloer has been created."))
            return redirect("matching:beursvloer_register", pk=beursvloer.pk)
    return render(request, "matching/beursvloer_form.html", {"form": form})


def beursvloer_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    beursvloer = selectors.beursvloer_for(request.user, pk)
    if beursvloer.is_buy_social:
        return render(
            request,
            "matching/buy_social_detail.html",
            {
                "beursvloer": beursvloer,
                "result": selectors.deal_result(beursvloer),
                "page_obj": page_of(request, selectors.beursvloer_deals(beursvloer), 50),
            },
        )
    return render(
        request,
        "matching/beursvloer_detail.html",
        {
            "beursvloer": beursvloer,
            "result": selectors.beursvloer_result(beursvloer),
            "page_obj": page_of(request, selectors.beursvloer_matches(beursvloer), 50),
        },
    )


@dataclass(frozen=True)
class Desk:
    """What differs between the desk of a beursvloer (a need and an entrepreneur make a match) and of a Buy Social
    marketplace (a company and a social entrepreneur make a deal). The two sides are searched as one types; Enter
    in the first side's box moves on to the second, and where `enter_registers`, Enter in the second registers."""

    sides: tuple[str, str]
    search: Callable[[Municipality, str, str], QuerySet]  # (municipality, side, text) -> what fits
    form: Callable[[Any, Any, dict[str, QuerySet]], forms.Form]  # (data, initial, each side's list)
    register: Callable[..., Match | Deal]
    result: Callable[[Beursvloer], object]
    registered: Callable[[Beursvloer], QuerySet]
    message: Callable[..., str]
    template: str
    enter_registers: bool


def _search_community(municipality: Municipality, side: str, text: str) -> QuerySet:
    if side == "need":
        return selectors.search_open_needs(municipality, text)
    return selectors.search_enterprises(municipality, text)


def _search_buy_social(municipality: Municipality, side: str, text: str) -> QuerySet:
    if side == "company":
        return selectors.search_companies(municipality, text)
    return selectors.search_enterprises(municipality, text)


def _registered_message(match: Match) -> str:
    return _("Registered: %(initiative)s with %(enterprise)s (%(status)s).") % {
        "initiative": match.need.organisation.name,
        "enterprise": match.enterprise.name,
        "status": match.get_status_display().lower(),
    }


def _deal_message(deal: Deal) -> str:
    return _("Recorded: %(company)s with %(enterprise)s, %(amount)s expected.") % {
        "company": deal.company.name,
        "enterprise": deal.enterprise.name,
        "amount": f"€ {number_format(deal.expected_amount, 2, force_grouping=True)}",
    }


DESKS = {
    Beursvloer.Kind.COMMUNITY: Desk(
        sides=("need", "enterprise"),
        search=_search_community,
        form=lambda data, initial, lists: BeursvloerMatchForm(
            data, initial=initial, needs=lists["need"], enterprises=lists["enterprise"]
        ),
        register=services.beursvloer_register_match,
        result=selectors.beursvloer_result,
        registered=selectors.beursvloer_matches,
        message=_registered_message,
        template="matching/beursvloer_register.html",
        enter_registers=True,
    ),
    Beursvloer.Kind.BUY_SOCIAL: Desk(
        sides=("company", "enterprise"),
        search=_search_buy_social,
        form=lambda data, initial, lists: DealForm(
            data, initial=initial, companies=lists["company"], enterprises=lists["enterprise"]
        ),
        register=services.deal_register,
        result=selectors.deal_result,
        registered=selectors.beursvloer_deals,
        message=_deal_message,
        template="matching/buy_social_register.html",
        enter_registers=False,
    ),
}


def _desk_form(desk: Desk, beursvloer: Beursvloer, data=None, *, initial=None, narrowed: dict | None = None):
    """The desk's form with each side's list: the one narrowed by a search, or all of the municipality's."""
    lists = {side: desk.search(beursvloer.municipality, side, "") for side in desk.sides} | (narrowed or {})
    return desk.form(data, initial, lists)


def _search_text(data, side: str) -> str:
    return data.get(f"{side}_q", "").strip()[:100]


def beursvloer_register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The registration desk: many matches (or deals) quickly. A plain form that reloads the page; with htmx the
    form, the announcement and the table are swapped in without a reload, and the search boxes
    narrow the lists as one types."""
    beursvloer = selectors.beursvloer_for(request.user, pk)
    desk = DESKS[Beursvloer.Kind(beursvloer.kind)]
    context = {"beursvloer": beursvloer, "desk_url": request.path, "announcement": None, "focus": None}
    if request.method != "POST" and request.htmx and any(f"{each}_q" in request.GET for each in desk.sides):
        return _desk_search(request, desk, beursvloer, context)
    form = _desk_form(desk, beursvloer, request.POST or None)
    search = {each: _search_text(request.POST, each) for each in desk.sides}
    if request.method == "POST":
        registered = None
        if form.is_valid():
            try:
                registered = desk.register(beursvloer=beursvloer, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
        if registered is not None and not request.htmx:
            messages.success(request, desk.message(registered))
            return redirect("matching:beursvloer_register", pk=beursvloer.pk)
        if registered is not None:  # ready for the next one, in the first side's search box
            form, search = _desk_form(desk, beursvloer), {}
            context["announcement"] = {"kind": "ok", "text": desk.message(registered)}
            context["focus"] = desk.sides[0]
        else:
            errors = " ".join(str(message) for messages_ in form.errors.values() for message in messages_)
            failed = _("The deal was not recorded:") if beursvloer.is_buy_social else _("The match was not registered:")
            context["announcement"] = {"kind": "error", "text": f"{failed} {errors}"}
    context |= {
        "form": form,
        "search": search,
        "result": desk.result(beursvloer),
        "registered": desk.registered(beursvloer)[:100],
    }
    template = desk.template
    if request.htmx:
        template += "#registration-answer"
    return render(request, template, context, status=400 if form.errors else 200)


def _desk_search(request: AuthenticatedHttpRequest, desk: Desk, beursvloer: Beursvloer, context: dict) -> HttpResponse:
    """Search-as-you-type: one side's list with what fits, the first one chosen. After Enter in the first side's
    box the second side's box takes the focus; after Enter in the second side's box the match is registered
    where the desk says so (the form listens for register-match)."""
    first_side, second_side = desk.sides
    side = second_side if request.htmx.target == f"id_{second_side}" else first_side
    text = _search_text(request.GET, side)
    found = desk.search(beursvloer.municipality, side, text)[: selectors.SEARCH_LIMIT]
    first = found.first()
    form = _desk_form(desk, beursvloer, initial={side: first.pk if first else ""}, narrowed={side: found})
    if first is None:
        context["announcement"] = {"kind": "info", "text": _("Nothing found")}
    pressed_enter = "enter" in request.GET
    if pressed_enter and side == first_side:
        context["focus"] = second_side
    context |= {
        "form": form,
        "field": form[side],
        "search": {each: _search_text(request.GET, each) for each in desk.sides},
    }
    response = render(request, f"{desk.template}#search-answer", context)
    if pressed_enter and side == second_side and first is not None and desk.enter_registers:
        trigger_client_event(response, "register-match", after="settle")
    return response


@require_GET
def deal_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The deals of a Buy Social marketplace as CSV, for the coordinators of its municipality."""
    beursvloer = selectors.beursvloer_for(request.user, pk)
    if not beursvloer.is_buy_social:
        raise Http404
    return table_response(
        request,
        f"buy-social-{beursvloer.date:%Y%m%d}-{beursvloer.pk}.csv",
        exports.deal_header(),
        exports.deal_rows(selectors.beursvloer_deals(beursvloer)),
    )


def deal_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The Buy Social deals of the user's own company or social enterprise, with their totals."""
    deals = selectors.deals_for(request.user)
    return render(
        request,
        "matching/deal_list.html",
        {
            "organisation": request.user.organisation,
            "is_company": request.user.role in User.COMPANY_ROLES,
            "result": selectors.deal_totals(deals),
            "page_obj": page_of(request, deals, 50),
        },
    )


@require_GET
def match_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The match list as CSV, with the list's filters, for the same people: a coordinator gets their
    municipality's matches, an organisation member their organisation's."""
    if not (request.user.is_coordinator or request.user.is_organisation_member):
        raise Http404
    filtered = MatchFilter(request.GET, queryset=selectors.matches_for(request.user))
    return table_response(
        request, f"matches-{timezone.localdate():%Y%m%d}.csv", exports.match_header(), exports.match_rows(filtered.qs)
    )


# ---------------------------------------------------------------- work without movement: undo and bulk close


def _reopen(request: AuthenticatedHttpRequest, work: Need | Offer | Match) -> HttpResponse:
    try:
        services.stale_undo(work=work, actor=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Reopened: it is open again as it was, and its clock starts again."))
    return redirect(work)


@require_POST
def need_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _reopen(request, selectors.need_for_viewer(request.user, pk))


@require_POST
def offer_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _reopen(request, selectors.offer_for_viewer(request.user, pk))


@require_POST
def match_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _reopen(request, selectors.match_for(request.user, pk))


@dataclass(frozen=True)
class StaleList:
    name: str
    title: "StrOrPromise"
    lead: "StrOrPromise"
    rows: Callable[[User], QuerySet]


STALE_LISTS = {
    "needs": StaleList(
        "needs",
        gettext_lazy("Needs without movement"),
        gettext_lazy("Open needs that neither changed nor saw a match move for %(days)s days, oldest first."),
        selectors.stale_needs_of,
    ),
    "matches": StaleList(
        "matches",
        gettext_lazy("Matches without movement"),
        gettext_lazy(
            "Suggested matches and matches in preparation that have not moved for %(days)s days, oldest first."
        ),
        selectors.stale_matches_of,
    ),
}


def _stale_list(request: AuthenticatedHttpRequest, stale: StaleList) -> HttpResponse:
    """A coordinator's list of stale needs or matches, with a bulk close: the ticked rows, or with "all" every row
    of the list (on every page)."""
    rows = stale.rows(request.user)
    form = StaleCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = rows if form.cleaned_data["all"] else rows.filter(pk__in=form.cleaned_data["selected"])
        try:
            closed = services.stale_close_many(
                actor=request.user,
                work=chosen.model.objects.filter(pk__in=chosen.values("pk")),  # still stale now, of this list
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, ngettext("%(count)s closed.", "%(count)s closed.", closed) % {"count": closed})
            return redirect(request.get_full_path())
    page = page_of(request, rows)
    days = request.user.municipality.stale_reminder_days if request.user.municipality else 0
    return render(
        request,
        "matching/stale_list.html",
        {"stale": stale, "lead": stale.lead % {"days": days}, "page_obj": page, "form": form},
        status=400 if form.errors else 200,
    )


def stale_needs(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _stale_list(request, STALE_LISTS["needs"])


def stale_matches(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _stale_list(request, STALE_LISTS["matches"])
