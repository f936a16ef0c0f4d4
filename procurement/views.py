"""Thin views: each gets its objects through a selector (404 outside the user's scope), writes through a
service, and shows any ValidationError on the form."""

import datetime
import functools

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import BuyerStatus, User
from core import charts, uploads
from core.csv import table_response
from core.forms import add_service_errors
from core.pagecache import cached_for_visitors
from core.pagination import page_of

from . import cards, exports, imports, register_csv, selectors, services, sroi
from .forms import (
    AwardForm,
    BuyerDecisionForm,
    ContractorInviteForm,
    ContractorRequestForm,
    ContractorSignupForm,
    DecisionForm,
    ImpactCheckForm,
    ImpactReportForm,
    ImportConfirmForm,
    OfferingFormSet,
    PurchaseRequestForm,
    QuoteForm,
    RealisationForm,
    RealisationRejectForm,
    RegisterBulkForm,
    RegisterFilterForm,
    RegisterUploadForm,
    RegistrationForm,
    SroiTenderForm,
    SroiWeightsForm,
)
from .models import ImpactReport, PurchaseRequest, RegisterImport, Supplier

SPEND_COLUMNS = charts.ColumnLayout(width=600, top=20, area=180, bottom=40, label_gap=22)


# ---------------------------------------------------------------- the public directory


@login_not_required
@require_GET
@cached_for_visitors
def directory(request: HttpRequest) -> HttpResponse:
    filterset = selectors.directory_filterset(request.GET)
    page = selectors.directory_page(filterset.qs, request.GET.get("page"))
    show_distance = "distance" in filterset.qs.query.annotations
    return render(
        request,
        "procurement/directory.html",
        {
            "filter": filterset,
            "page_obj": page,
            "suppliers": page.object_list,
            "supplier_cards": cards.supplier_cards(page.object_list, show_distance),
            "is_filtered": bool(request.GET),
            "page_municipality": getattr(filterset.form, "cleaned_data", {}).get("municipality"),  # its own face
        },
    )


@login_not_required
@require_GET
def directory_export(request: HttpRequest) -> HttpResponse:
    """The directory as CSV, with the same filters as the page; private contact details left out."""
    suppliers = selectors.directory_filterset(request.GET, queryset=selectors.export_suppliers().listed()).qs
    rows = register_csv.export_rows(suppliers.iterator(chunk_size=500), include_private=False)
    return table_response(request, "impactleveranciers.csv", register_csv.export_header(), rows)


@login_not_required
@require_GET
def supplier_profile(request: HttpRequest, pk: int) -> HttpResponse:
    supplier = selectors.public_supplier(pk)
    show_contact = supplier.contact_public or (
        request.user.is_authenticated
        and request.user.role in {User.Role.BUYER, User.Role.COORDINATOR, User.Role.REGIONAL_COORDINATOR}
    )
    context = {
        "supplier": supplier,
        "show_contact": show_contact,
        "impact_reports": selectors.accepted_impact_of(supplier),
        "impact_definitions": selectors.impact_definitions(),
        "page_municipality": supplier.organisation.municipality,  # its own face
    }
    return render(request, "procurement/supplier_profile.html", context)


# ---------------------------------------------------------------- the entrepreneur's registration


@require_GET
def registration(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = selectors.own_organisation_for_registration(request.user)
    supplier = selectors.own_registration(request.user)
    return render(request, "procurement/registration.html", {"organisation": organisation, "supplier": supplier})


def registration_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = selectors.own_organisation_for_registration(request.user)
    supplier = selectors.own_registration(request.user)
    initial = None
    if supplier is None:
        initial = {
            "postcode": organisation.postcode,
            "city": organisation.city,
            "website": organisation.website,
            "description": organisation.description,
            "contact_name": request.user.name,
            "contact_email": organisation.email or request.user.email,
            "contact_phone": organisation.phone,
            "themes": list(organisation.themes.all()),
        }
    instance = supplier or Supplier(organisation=organisation)
    form = RegistrationForm(request.POST or None, instance=instance, initial=initial)
    formset = OfferingFormSet(request.POST or None, instance=instance, prefix="offerings")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = {
            name: value
            for name, value in form.cleaned_data.items()
            if name not in ("themes", "delivery_municipalities")
        }
        data = services.RegistrationData(
            fields=fields,
            themes=form.cleaned_data["themes"],
            delivery_municipalities=form.cleaned_data["delivery_municipalities"],
            offerings=formset.offerings(),
            removed_offering_ids=formset.removed_ids(),
        )
        try:
            saved = services.supplier_save_registration(organisation=organisation, user=request.user, data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form.save_goals(saved)
            messages.success(
                request,
                _("Your registration has been sent to the municipality for verification.")
                if supplier is None
                else _("Your registration has been saved."),
            )
            return redirect("procurement:registration")
    return render(
        request,
        "procurement/registration_form.html",
        {"form": form, "formset": formset, "supplier": supplier, "organisation": organisation},
    )


@require_GET
def supplier_requests(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The open purchase requests that fit the entrepreneur's verified registration."""
    supplier = selectors.own_registration(request.user)
    if supplier is None or not supplier.is_verified:
        return render(request, "procurement/supplier_requests.html", {"supplier": supplier, "page_obj": None})
    page = page_of(request, selectors.open_requests_for_supplier(supplier))
    return render(request, "procurement/supplier_requests.html", {"supplier": supplier, "page_obj": page})


# ---------------------------------------------------------------- the coordinator's register


@require_GET
def register(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = selectors.register_scope(request.user)
    form = RegisterFilterForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    filters = {"status": cleaned.get("status", ""), "text": cleaned.get("q", "")}
    page = page_of(request, selectors.register_suppliers(request.user, **filters))
    bulk_form = RegisterBulkForm(
        register=functools.partial(selectors.register_suppliers, request.user),
        initial={"status": filters["status"], "q": filters["text"]},
    )
    context = {"scope": scope, "form": form, "page_obj": page, "bulk_form": bulk_form}
    return render(request, "procurement/register.html", context)


@require_POST
def register_bulk(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Verify or reject the ticked registrations, or all that match the register's filters. Each one is its
    own transaction: those whose status does not allow the step are named and stay as they were."""
    selectors.register_scope(request.user)  # 404 for anyone but a (regional) coordinator
    form = RegisterBulkForm(request.POST, register=functools.partial(selectors.register_suppliers, request.user))
    filters = {key: request.POST.get(key, "")[:200] for key in ("q", "status") if request.POST.get(key)}
    back = reverse("procurement:register") + (f"?{urlencode(filters)}" if filters else "")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect(back)
    verify = form.cleaned_data["action"] == RegisterBulkForm.VERIFY
    done, refused = services.suppliers_decide(
        suppliers=form.cleaned_data["suppliers"],
        to=Supplier.Status.VERIFIED if verify else Supplier.Status.REJECTED,
        actor=request.user,
        reason=form.cleaned_data["reason"],
    )
    if done:
        messages.success(request, _bulk_done_message(done, verify=verify))
    if refused:
        messages.warning(
            request,
            ngettext(
                "%(count)s registration left as it was, because its status does not allow this: %(names)s.",
                "%(count)s registrations left as they were, because their status does not allow this: %(names)s.",
                len(refused),
            )
            % {"count": len(refused), "names": _names(refused)},
        )
    return redirect(back)


def _bulk_done_message(count: int, *, verify: bool) -> str:
    if verify:
        text = ngettext(
            "%(count)s supplier verified; the entrepreneurs have been told.",
            "%(count)s suppliers verified; the entrepreneurs have been told.",
            count,
        )
    else:
        text = ngettext(
            "%(count)s supplier rejected; the entrepreneurs have been told the reason.",
            "%(count)s suppliers rejected; the entrepreneurs have been told the reason.",
            count,
        )
    return text % {"count": count}


NAMES_SHOWN = 10


def _names(names: list[str]) -> str:
    """The first ten names, and how many more there are."""
    shown = ", ".join(names[:NAMES_SHOWN])
    rest = len(names) - NAMES_SHOWN
    if rest <= 0:
        return shown
    return shown + " " + ngettext("and %(count)s more", "and %(count)s more", rest) % {"count": rest}


def _register_supplier_page(request, supplier, form=None, status=200):
    return render(
        request,
        "procurement/register_supplier.html",
        {
            "supplier": supplier,
            "form": form or DecisionForm(),
            "audit": selectors.supplier_audit_trail(supplier),
            "Status": Supplier.Status,
        },
        status=status,
    )


@require_GET
def register_supplier(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _register_supplier_page(request, selectors.register_supplier(request.user, pk))


def _decide(request, form, *, change, page, done_url: str, done: str) -> HttpResponse:
    """A coordinator's decision with a reason (a supplier's or a buyer's registration): the change when the
    form and the service accept it, else the page again with what is wrong."""
    if form.is_valid():
        try:
            change(reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(done_url)
    return page(form)


def _decide_supplier(request: AuthenticatedHttpRequest, pk: int, to: str, done: str) -> HttpResponse:
    supplier = selectors.register_supplier(request.user, pk)
    return _decide(
        request,
        DecisionForm(request.POST),
        change=functools.partial(services.supplier_change_status, supplier=supplier, to=to, actor=request.user),
        page=functools.partial(_register_supplier_page, request, supplier),
        done_url=reverse("procurement:register_supplier", args=[supplier.pk]),
        done=done % {"name": supplier.organisation.name},
    )


@require_POST
def supplier_verify(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide_supplier(
        request, pk, Supplier.Status.VERIFIED, _("%(name)s is verified; the entrepreneur has been told.")
    )


@require_POST
def supplier_reject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide_supplier(
        request, pk, Supplier.Status.REJECTED, _("%(name)s is rejected; the entrepreneur has been told.")
    )


# ---------------------------------------------------------------- private buyers: the coordinator decides


@require_GET
def buyer_registrations(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = page_of(request, selectors.buyer_registrations(request.user))
    return render(request, "procurement/buyer_registrations.html", {"page_obj": page})


def _buyer_registration_page(request, organisation, form=None, status=200):
    context = {
        "organisation": organisation,
        "members": selectors.buyer_members(organisation),
        "form": form or BuyerDecisionForm(),
        "audit": selectors.buyer_audit_trail(organisation),
        "Status": BuyerStatus,
    }
    return render(request, "procurement/buyer_registration.html", context, status=status)


@require_GET
def buyer_registration(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _buyer_registration_page(request, selectors.buyer_registration(request.user, pk))


def _decide_buyer(request: AuthenticatedHttpRequest, pk: int, to: str, done: str) -> HttpResponse:
    organisation = selectors.buyer_registration(request.user, pk)
    return _decide(
        request,
        BuyerDecisionForm(request.POST),
        change=functools.partial(services.buyer_change_status, organisation=organisation, to=to, actor=request.user),
        page=functools.partial(_buyer_registration_page, request, organisation),
        done_url=reverse("procurement:buyer_registration", args=[organisation.pk]),
        done=done % {"name": organisation.name},
    )


@require_POST
def buyer_verify(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide_buyer(request, pk, BuyerStatus.VERIFIED, _("%(name)s is verified as a buyer and has been told."))


@require_POST
def buyer_reject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide_buyer(
        request, pk, BuyerStatus.REJECTED, _("%(name)s is rejected as a buyer and has been told the reason.")
    )


@require_GET
def register_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The register as CSV, with the same filters as the page (none: every supplier of the municipality)."""
    form = RegisterFilterForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    suppliers = selectors.register_for_export(request.user, status=cleaned.get("status", ""), text=cleaned.get("q", ""))
    scope = selectors.register_scope(request.user)
    rows = register_csv.export_rows(suppliers.iterator(chunk_size=500), include_private=True)
    filename = f"leveranciersregister-{scope.slug}-{timezone.localdate():%Y%m%d}.csv"
    return table_response(request, filename, register_csv.export_header(), rows)


def register_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = selectors.coordinator_municipality(request.user)
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            register_import = imports.register_import_upload(
                municipality=municipality, user=request.user, filename=upload.name, raw=upload.read()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("procurement:register_import_preview", pk=register_import.pk)
    return render(request, "procurement/register_import.html", {"form": form, "municipality": municipality})


def register_import_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The checked rows of an uploaded file and the confirmation; once confirmed, the job's progress."""
    register_import = selectors.register_import_of(request.user, pk)
    rows = services.register_import_rows(register_import) if not register_import.is_running else []
    consent_rows = [row for row in rows if row.needs_consent]
    form = ImportConfirmForm(request.POST if request.method == "POST" else None, consent_rows=consent_rows)
    if request.method == "POST" and form.is_valid():
        try:
            imports.register_import_confirm(
                register_import=register_import,
                user=request.user,
                skip_invalid=form.cleaned_data["skip_invalid"],
                verify=form.cleaned_data["verify"],
                attach=form.cleaned_data.get("attach", []),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("procurement:register_import_preview", pk=register_import.pk)
    invalid = sum(1 for row in rows if row.errors)
    context = {"rows": rows, "invalid": invalid, "consent": len(consent_rows), "form": form}
    return render(request, "procurement/register_import_preview.html", context | _import_job(register_import))


# An import that has not finished after this long is not asked after any more; reloading the page shows it.
STOP_POLLING_AFTER = datetime.timedelta(minutes=30)


def _import_job(register_import: RegisterImport) -> dict:
    """The import's state for its progress region, and whether the page keeps asking after it."""
    register_import.refresh_from_db()
    polls = register_import.is_running and (
        timezone.now() - (register_import.started_at or register_import.created_at) < STOP_POLLING_AFTER
    )
    progress = services.register_import_progress(register_import)
    return {
        "register_import": register_import,
        "progress": progress,
        "percent": round(100 * progress["done"] / progress["total"]) if progress["total"] else 0,
        "polls": polls,
    }


@never_cache
@require_GET
def register_import_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An import's progress region, which htmx asks for every 2 s until it is imported or failed (the region
    it gets then no longer asks); without htmx, the import's page."""
    register_import = selectors.register_import_of(request.user, pk)
    if not request.htmx:
        return register_import_preview(request, pk)
    return render(request, "procurement/register_import_preview.html#progress", _import_job(register_import))


@require_GET
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = page_of(request, selectors.audit_trail(request.user), 50)
    return render(request, "procurement/audit_log.html", {"page_obj": page})


# ---------------------------------------------------------------- purchase requests


def _not_verified(request: AuthenticatedHttpRequest, scope: selectors.BuyerScope, *, status: int) -> HttpResponse:
    """A private buyer whose organisation the municipality has not verified (yet): what that means, and why not
    when it was rejected."""
    organisation = scope.organisation
    assert organisation is not None
    context = {"organisation": organisation, "reason": selectors.buyer_rejection_reason(organisation)}
    return render(request, "procurement/buyer_not_verified.html", context, status=status)


def verified_buyers_only(view):
    """A private buyer gets the page only once its organisation is verified; others pass to the view, which
    scopes them (404 for anyone who is no buyer)."""

    @functools.wraps(view)
    def checked(request: AuthenticatedHttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated and request.user.is_private_buyer:
            scope = selectors.buyer_scope(request.user)
            if not scope.may_buy:
                return _not_verified(request, scope, status=403)
        return view(request, *args, **kwargs)

    return checked


@require_GET
def requests(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = selectors.buyer_scope(request.user)
    if not scope.may_buy:
        return _not_verified(request, scope, status=200)  # where the navigation leads: not an error
    status = request.GET.get("status", "")
    if status not in PurchaseRequest.Status.values:
        status = ""
    page = page_of(request, selectors.buyer_requests(request.user, status=status, scope=scope))
    return render(
        request,
        "procurement/requests.html",
        {"page_obj": page, "status": status, "Status": PurchaseRequest.Status, "scope": scope},
    )


@require_GET
@verified_buyers_only
def requests_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The buyer's purchase requests as CSV, with the page's status filter; labels, not codes."""
    status = request.GET.get("status", "")
    if status not in PurchaseRequest.Status.values:
        status = ""
    scope = selectors.buyer_scope(request.user)
    owner = slugify(scope.organisation.name) if scope.organisation is not None else scope.municipality.slug
    purchase_requests = selectors.buyer_requests(request.user, status=status, scope=scope).select_related("posted_by")
    filename = f"inkoopvragen-{owner}-{timezone.localdate():%Y%m%d}.csv"
    return table_response(request, filename, exports.request_header(), exports.request_rows(purchase_requests))


@verified_buyers_only
def request_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = selectors.buyer_scope(request.user)
    if scope.is_contractor:  # a contractor asks for quotes from a tender's page, for its social-return duty
        raise Http404
    form = PurchaseRequestForm(request.POST or None, municipality=scope.municipality, private=scope.is_private)
    if request.method == "POST" and form.is_valid():
        try:
            purchase_request = services.purchase_request_post(
                buyer=request.user,
                municipality=scope.municipality,
                data=form.cleaned_data,
                organisation=scope.organisation,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your purchase request is posted; fitting verified suppliers are told by e-mail.")
            )
            return redirect(purchase_request)
    return render(request, "procurement/request_form.html", {"form": form, "scope": scope})


def _request_page(request, view, *, quote_form=None, award_forms=None, status=200):
    context = {"view": view, "purchase_request": view.purchase_request, "today": timezone.localdate()}
    if view.as_buyer:
        quotes = list(selectors.quotes_of(view.purchase_request))
        award_forms = award_forms or {}
        context["quotes"] = [
            (quote, award_forms.get(quote.pk) or AwardForm(prefix=f"award-{quote.pk}")) for quote in quotes
        ]
        context["awards_total"] = sum((quote.award.amount for quote in quotes if hasattr(quote, "award")), 0)
        context["fitting"], context["fitting_count"] = selectors.fitting_suppliers_shown(view.purchase_request)
    elif view.can_quote:
        context["quote_form"] = quote_form or QuoteForm()
    return render(request, "procurement/request_detail.html", context, status=status)


@require_GET
@verified_buyers_only
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _request_page(request, selectors.request_for(request.user, pk))


@require_POST
def quote_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    view = selectors.request_for(request.user, pk)
    if view.as_buyer or view.supplier is None:
        return redirect(view.purchase_request)
    form = QuoteForm(request.POST)
    if form.is_valid():
        try:
            services.quote_submit(
                purchase_request=view.purchase_request, supplier=view.supplier, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your answer has been sent to the buyer."))
            return redirect(view.purchase_request)
    return _request_page(request, view, quote_form=form)


@require_POST
@verified_buyers_only
def request_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    purchase_request = selectors.buyer_request(request.user, pk)
    try:
        services.purchase_request_change_status(
            purchase_request=purchase_request, to=PurchaseRequest.Status.CANCELLED, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The purchase request is cancelled."))
    return redirect(purchase_request)


@require_POST
@verified_buyers_only
def quote_shortlist(request: AuthenticatedHttpRequest, pk: int, quote_pk: int) -> HttpResponse:
    quote = selectors.buyer_quote(request.user, pk, quote_pk)
    shortlisted = request.POST.get("shortlisted") == "1"
    services.quote_set_shortlisted(quote=quote, actor=request.user, shortlisted=shortlisted)
    messages.success(
        request,
        (_("%(name)s is on the shortlist.") if shortlisted else _("%(name)s is off the shortlist."))
        % {"name": quote.supplier.organisation.name},
    )
    return redirect(quote.purchase_request)


@require_POST
@verified_buyers_only
def quote_award(request: AuthenticatedHttpRequest, pk: int, quote_pk: int) -> HttpResponse:
    quote = selectors.buyer_quote(request.user, pk, quote_pk)
    form = AwardForm(request.POST, prefix=f"award-{quote.pk}")
    if form.is_valid():
        try:
            services.award_make(
                quote=quote,
                actor=request.user,
                amount=form.cleaned_data["amount"],
                awarded_on=form.cleaned_data["awarded_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Awarded to %(name)s.") % {"name": quote.supplier.organisation.name})
            return redirect(quote.purchase_request)
    view = selectors.request_for(request.user, pk)
    return _request_page(request, view, award_forms={quote.pk: form})


# ---------------------------------------------------------------- SROI


@require_GET
def tenders(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = page_of(request, selectors.buyer_tenders(request.user))
    return render(request, "procurement/tenders.html", {"page_obj": page})


@require_GET
def tenders_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The buyer's SROI tenders as CSV: what each requires and what its contractor realised."""
    municipality = selectors.buyer_municipality(request.user)
    filename = f"sroi-aanbestedingen-{municipality.slug}-{timezone.localdate():%Y%m%d}.csv"
    return table_response(
        request, filename, exports.tender_header(), exports.tender_rows(selectors.buyer_tenders(request.user))
    )


def tender_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = selectors.buyer_municipality(request.user)
    form = SroiTenderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tender = services.sroi_tender_register(
                buyer=request.user, municipality=municipality, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The tender is registered."))
            return redirect(tender)
    return render(request, "procurement/tender_form.html", {"form": form})


def tender_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    tender = selectors.buyer_tender(request.user, pk)
    form = SroiTenderForm(request.POST or None, instance=tender)
    if request.method == "POST" and form.is_valid():
        try:
            services.sroi_tender_update(tender=tender, actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The tender is saved."))
            return redirect(tender)
    return render(request, "procurement/tender_form.html", {"form": form, "tender": tender})


def _tender_page(request, tender, form=None, *, invite_form=None, reject_forms=None, status=200):
    realisations = list(selectors.realisations_of(tender))
    reject_forms = reject_forms or {}
    return render(
        request,
        "procurement/tender_detail.html",
        {
            "tender": tender,
            "progress": selectors.tender_progress(tender),
            "realisations": [
                (
                    realisation,
                    reject_forms.get(realisation.pk) or RealisationRejectForm(prefix=f"reject-{realisation.pk}"),
                )
                for realisation in realisations
            ],
            "rules": sroi.rules_of(tender.municipality),
            "form": form or RealisationForm(initial={"date": timezone.localdate()}),
            "invite_form": invite_form or ContractorInviteForm(initial={"email": tender.contractor_email}),
            "audit": selectors.tender_audit_trail(tender)[:20],
        },
        status=status,
    )


@require_GET
def tender_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _tender_page(request, selectors.buyer_tender(request.user, pk))


@require_POST
def realisation_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    tender = selectors.buyer_tender(request.user, pk)
    form = RealisationForm(request.POST)
    if form.is_valid():
        try:
            services.sroi_realisation_add(tender=tender, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The purchase is recorded."))
            return redirect(tender)
    return _tender_page(request, tender, form)


@require_POST
def realisation_remove(request: AuthenticatedHttpRequest, pk: int, realisation_pk: int) -> HttpResponse:
    realisation = selectors.buyer_realisation(request.user, pk, realisation_pk)
    tender = realisation.tender
    services.sroi_realisation_remove(realisation=realisation, actor=request.user)
    messages.success(request, _("The purchase is removed."))
    return redirect(tender)


@require_POST
def tender_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The buyer invites the tender's contractor by e-mail."""
    tender = selectors.buyer_tender(request.user, pk)
    form = ContractorInviteForm(request.POST)
    if form.is_valid():
        try:
            services.sroi_contractor_invite(tender=tender, actor=request.user, email=form.cleaned_data["email"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("An invitation with a personal link has been sent to %(email)s; an earlier link no longer works.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect(tender)
    return _tender_page(request, tender, invite_form=form)


@require_POST
def realisation_accept(request: AuthenticatedHttpRequest, pk: int, realisation_pk: int) -> HttpResponse:
    realisation = selectors.buyer_realisation(request.user, pk, realisation_pk)
    try:
        services.sroi_realisation_accept(realisation=realisation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The purchase is accepted; it counts for %(weight)s%%.") % {"weight": realisation.weight},
        )
    return redirect(realisation.tender)


@require_POST
def realisation_reject(request: AuthenticatedHttpRequest, pk: int, realisation_pk: int) -> HttpResponse:
    realisation = selectors.buyer_realisation(request.user, pk, realisation_pk)
    form = RealisationRejectForm(request.POST, prefix=f"reject-{realisation.pk}")
    if form.is_valid():
        try:
            services.sroi_realisation_reject(
                realisation=realisation, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The purchase is rejected; the contractor reads your reason."))
            return redirect(realisation.tender)
    tender = selectors.buyer_tender(request.user, pk)
    return _tender_page(request, tender, reject_forms={realisation.pk: form})


def sroi_weights(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A coordinator or buyer sets how purchases count towards the municipality's social-return duties."""
    municipality = selectors.weights_municipality(request.user)
    form = SroiWeightsForm(request.POST or None, weights=sroi.weights_of(municipality))
    if request.method == "POST" and form.is_valid():
        services.sroi_weights_set(municipality=municipality, actor=request.user, weights=form.cleaned_data)
        messages.success(request, _("The weighting rules are saved; purchases accepted earlier keep their weight."))
        return redirect("procurement:sroi_weights")
    return render(
        request,
        "procurement/sroi_weights.html",
        {"form": form, "municipality": municipality, "rules": sroi.rules_of(municipality)},
    )


# ---------------------------------------------------------------- the contractor


@login_not_required
@never_cache
def sroi_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the buyer's invitation: make a contractor account with its company, or add the tender to the
    company of the contractor account signed in."""
    invitation = selectors.sroi_invitation(token)
    user = request.user if isinstance(request.user, User) else None
    can_accept = user is not None and user.role == User.Role.CONTRACTOR and user.organisation is not None
    tender = None if invitation.problem else invitation.tender
    form = None
    if tender is not None and user is None:
        form = ContractorSignupForm(
            request.POST or None, email=invitation.email, initial={"organisation_name": tender.contractor}
        )
    if request.method == "POST" and not invitation.problem:
        try:
            if user is not None and can_accept:
                accepted = services.sroi_invitation_accept(invitation=invitation, user=user)
                messages.success(
                    request, _("The tender has been added to %(name)s.") % {"name": str(user.organisation)}
                )
                return redirect("procurement:contractor_tender", pk=accepted.pk)
            if tender is not None and form is not None and form.is_valid():
                data = form.cleaned_data
                new_user = services.contractor_signup(
                    invitation=invitation,
                    name=data["name"],
                    password=data["password1"],
                    organisation_name=data["organisation_name"],
                    kvk_number=data["kvk_number"],
                )
                login(request, new_user, backend="accounts.backends.PortalModelBackend")
                messages.success(request, _("Welcome! Your account is ready and the tender is yours to follow."))
                return redirect("procurement:contractor_tender", pk=tender.pk)
        except ValidationError as error:
            if form is not None:
                add_service_errors(form, error)
            else:
                messages.error(request, " ".join(error.messages))
    return render(
        request,
        "procurement/sroi_invitation.html",
        {"invitation": invitation, "form": form, "can_accept": can_accept},
    )


@require_GET
def contractor_tenders(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The contractor's tenders: required, realised, awaiting the check and still owed."""
    page = page_of(request, selectors.contractor_tenders(request.user))
    tenders = [(tender, sroi.progress_of(tender)) for tender in page.object_list]
    return render(request, "procurement/contractor_tenders.html", {"page_obj": page, "tenders": tenders})


def _contractor_tender_page(request, tender, form=None):
    return render(
        request,
        "procurement/contractor_tender.html",
        {
            "tender": tender,
            "progress": sroi.progress_of(tender),
            "rules": sroi.rules_of(tender.municipality),
            "realisations": selectors.realisations_of(tender),
            "purchase_requests": selectors.contractor_requests_of(tender),
            "form": form or RealisationForm(initial={"date": timezone.localdate()}),
        },
    )


@require_GET
def contractor_tender(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _contractor_tender_page(request, selectors.contractor_tender(request.user, pk))


@require_POST
def contractor_realisation_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    tender = selectors.contractor_tender(request.user, pk)
    form = RealisationForm(request.POST)
    if form.is_valid():
        try:
            services.sroi_realisation_submit(tender=tender, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The purchase is recorded; it counts once the buyer has checked it."))
            return redirect("procurement:contractor_tender", pk=tender.pk)
    return _contractor_tender_page(request, tender, form)


@require_GET
def contractor_suggestions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Verified suppliers that fit the contractor's duty under the tender, searched as in the directory."""
    tender = selectors.contractor_tender(request.user, pk)
    filterset, page = selectors.sroi_suggestions(tender, request.GET)
    return render(
        request,
        "procurement/contractor_suggestions.html",
        {"tender": tender, "filter": filterset, "page_obj": page, "suppliers": page.object_list},
    )


def contractor_request_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The contractor asks verified suppliers for quotes, for its duty under the tender."""
    tender = selectors.contractor_tender(request.user, pk)
    form = ContractorRequestForm(
        request.POST or None, municipality=tender.municipality, initial={"category": request.GET.get("category", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            purchase_request = services.contractor_request_post(
                tender=tender, contractor=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your purchase request is posted; fitting verified suppliers are told by e-mail.")
            )
            return redirect(purchase_request)
    return render(request, "procurement/request_form.html", {"form": form, "tender": tender})


# ---------------------------------------------------------------- figures


@require_GET
def figures(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = selectors.figures_municipality(request.user)
    years = selectors.figure_years(municipality)
    try:
        year = int(request.GET.get("jaar", years[0]))
    except ValueError:
        year = years[0]
    if year not in years:
        year = years[0]
    per_year = selectors.spend_per_year(municipality)
    return render(
        request,
        "procurement/figures.html",
        {
            "figures": selectors.procurement_figures(municipality, year),
            "revenue": selectors.social_revenue(municipality, year),
            "years": years,
            "per_year": per_year,
            "chart": spend_chart(per_year),
        },
    )


def spend_chart(per_year: list[dict]) -> charts.Chart | None:
    """A column of spend with impact suppliers per year, in euros; the table below it gives the figures."""
    if not per_year:
        return None
    return charts.column_chart(
        chart_id="year-chart",
        title=_("Spend with impact suppliers per year, in euros (the table below gives the figures)"),
        description="",
        labels=[str(row["year"]) for row in per_year],
        values=[row["amount"] for row in per_year],
        texts=[f"€ {floatformat(row['amount'], '0g')}" for row in per_year],
        layout=SPEND_COLUMNS,
    )


# ---------------------------------------------------------------- impact reports


@require_GET
def impact_reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The supplier's impact reports by year, and the year whose report is due."""
    supplier, reports = selectors.own_impact_reports(request.user)
    due = selectors.due_impact_year()
    filed = {report.year for report in reports}
    context = {
        "supplier": supplier,
        "reports": reports,
        "due_year": due,
        "due_filed": due in filed,
        "other_years": [year for year in selectors.impact_years()[:5] if year not in filed and year != due],
    }
    return render(request, "procurement/impact_reports.html", context)


def impact_report(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    """File or change the report of `year`; an accepted one is shown, not changed."""
    supplier, report = selectors.own_impact_report(request.user, year)
    instance = report or ImpactReport(supplier=supplier, year=year)
    if not instance.is_editable:
        return render(request, "procurement/impact_report.html", _impact_report_context(supplier, instance, None))
    held_scope = f"impact-report-{supplier.pk}-{year}"  # an evidence file kept from a submit that failed
    files = uploads.with_held_files(request, held_scope) if request.method == "POST" else None
    form = ImpactReportForm(request.POST or None, files, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.impact_report_file(
                supplier=supplier,
                user=request.user,
                year=year,
                figures=form.figures(),
                evidence_url=form.cleaned_data.get("evidence_url", ""),
                evidence=form.cleaned_data["evidence"] if files and "evidence" in files else None,
                remove_evidence=form.cleaned_data.get("remove_evidence", False),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            uploads.release_uploads(request, held_scope)
            messages.success(
                request, _("Your impact report about %(year)s has been sent to the municipality.") % {"year": year}
            )
            return redirect("procurement:impact_reports")
    if request.method == "POST" and not form.cleaned_data.get("remove_evidence"):
        uploads.hold_uploads(request, held_scope, form)
    elif request.method == "POST":
        uploads.release_uploads(request, held_scope)
    else:
        uploads.show_held(request, held_scope, form)
    return render(request, "procurement/impact_report.html", _impact_report_context(supplier, instance, form))


def _impact_report_context(supplier: Supplier, report: ImpactReport, form) -> dict:
    return {"supplier": supplier, "report": report, "form": form, "year": report.year}


@require_GET
def impact_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coordinator's reports to check, and the accepted figures of a year: the municipality's suppliers, its
    region's, and per €100,000 the municipality spent."""
    municipality = selectors.coordinator_municipality(request.user)
    years = selectors.impact_overview_years(municipality)
    newest_accepted = selectors.newest_accepted_impact_year(municipality)  # the figures first shown are not empty
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = newest_accepted or years[0]
    if year not in years:
        year = newest_accepted or years[0]
    context = {
        "municipality": municipality,
        "years": years,
        "year": year,
        "page_obj": page_of(request, selectors.reports_to_check(request.user)),
        "totals": selectors.municipality_impact(municipality, year),
        "region_totals": selectors.region_impact(municipality, year),
        "per_euro": selectors.impact_per_euro(municipality, year),
    }
    return render(request, "procurement/impact_overview.html", context)


def _impact_check_page(request, report: ImpactReport, form=None) -> HttpResponse:
    context = {
        "report": report,
        "form": form or ImpactCheckForm(),
        "definitions": selectors.impact_definitions(),
    }
    return render(request, "procurement/impact_check.html", context)


@require_GET
def impact_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _impact_check_page(request, selectors.report_to_check(request.user, pk))


def _check(request: AuthenticatedHttpRequest, pk: int, *, accept: bool) -> HttpResponse:
    report = selectors.report_to_check(request.user, pk)
    form = ImpactCheckForm(request.POST)
    if form.is_valid():
        try:
            services.impact_report_check(
                report=report, actor=request.user, accept=accept, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = (
                _("The impact report of %(name)s about %(year)s is accepted.")
                if accept
                else _("The impact report of %(name)s about %(year)s is returned; the supplier has been told.")
            )
            messages.success(request, done % {"name": report.supplier.organisation.name, "year": report.year})
            return redirect("procurement:impact_check", pk=report.pk)
    return _impact_check_page(request, report, form)


@require_POST
def impact_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _check(request, pk, accept=True)


@require_POST
def impact_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _check(request, pk, accept=False)


@require_GET
def impact_evidence(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A report's evidence (a PDF of at most 5 MB), for the supplier's members and its municipality's coordinators."""
    report = selectors.impact_evidence_for(request.user, pk)
    with report.evidence.open("rb") as evidence:
        response = HttpResponse(evidence.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="impact-{report.supplier_id}-{report.year}.pdf"'
    return response
