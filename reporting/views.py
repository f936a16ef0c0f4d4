"""Thin views for the council letter: the coordinator's pages, the council's reading pages and
the public ones. Every object comes through a selector that scopes it and raises 404 otherwise."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.selectors import region_of, shared_scope
from core import charts
from core.csv import table_response
from core.forms import add_service_errors
from core.pagination import page_of
from matching import selectors as matching_selectors

from . import figures, network, regional, renderer, selectors, services, start
from .forms import ApproveForm, FigureNoteForm, LetterForm, LetterStartForm, PublishForm, SectionForm
from .models import Letter, LetterSection, LetterVersion


def _first_error(error: ValidationError) -> str:
    return " ".join(error.messages)


# ---------------------------------------------------------------- the coordinator's letters


def letter_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    letters = selectors.letters_for_approver(request.user)
    page = page_of(request, letters)
    return render(request, "reporting/letter_list.html", {"page_obj": page, "letters": page.object_list})


def letter_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    programmes = selectors.programmes_for_letters(request.user)
    form = LetterStartForm(request.POST or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.letter_create(
                programme=form.cleaned_data["programme"], year=form.cleaned_data["year"], user=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The letter has been started with a first draft from the year's records. "
                    "Check and edit its text, then generate the PDF."
                ),
            )
            return redirect(letter)
    return render(request, "reporting/letter_start.html", {"form": form, "has_programmes": programmes.exists()})


def letter_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _letter_page(request, selectors.letter_for_approver(request.user, pk))


def _letter_page(request: AuthenticatedHttpRequest, letter: Letter) -> HttpResponse:
    versions = list(selectors.versions_of(letter))
    context = {
        "can_edit": request.user.is_coordinator,
        "approval_refusal": services.approval_refusal(letter, request.user),
        "letter": letter,
        "sections": selectors.sections_of(letter),
        "versions": versions,
        "jobs": [_job(version) for version in versions],
        "approve_form": ApproveForm(letter=letter),
        "publish_form": PublishForm(),
        "has_ready_version": any(version.status == LetterVersion.Status.READY for version in versions),
        "history": selectors.letter_history(letter),
    }
    return render(request, "reporting/letter_detail.html", context)


# A job that has not finished after this long is not asked after any more; reloading the page shows it.
STOP_POLLING_AFTER = datetime.timedelta(minutes=20)


def _job(version: LetterVersion) -> tuple[LetterVersion, dict, bool]:
    """A PDF job's row: the version, its state, and whether the page keeps asking after it."""
    state = selectors.job_state(version)
    polls = not state["finished"] and timezone.now() - version.created_at < STOP_POLLING_AFTER
    return version, state, polls


def letter_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_for_coordinator(request.user, pk)
    if not letter.is_editable:
        messages.warning(request, _("An approved or published letter can no longer be changed."))
        return redirect(letter)
    numbers = _action_line_numbers(letter) if request.method == "POST" else None  # to refuse unknown figures
    form = LetterForm(request.POST or None, instance=letter, known_figures=_known_figures(numbers))
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_update(letter=letter, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The letter has been saved."))
            return redirect(letter)
    return render(request, "reporting/letter_edit.html", _editor_context(letter, form=form, numbers=numbers))


def section_edit(request: AuthenticatedHttpRequest, pk: int, action_line_pk: int) -> HttpResponse:
    letter = selectors.letter_for_coordinator(request.user, pk)
    action_line = selectors.action_line_of(letter, action_line_pk)
    if not letter.is_editable:
        messages.warning(request, _("An approved or published letter can no longer be changed."))
        return redirect(letter)
    section = LetterSection.objects.filter(letter=letter, action_line=action_line).first()
    initial = {
        "body": section.body if section else "",
        "figure_groups": section.figure_groups if section else figures.default_groups_for(action_line.number),
    }
    numbers = _action_line_numbers(letter) if request.method == "POST" else None  # to refuse unknown figures
    form = SectionForm(request.POST or None, initial=initial, known_figures=_known_figures(numbers))
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(letter=letter, action_line=action_line, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Action line %(number)s has been saved.") % {"number": action_line.number})
            return redirect(letter)
    context = _editor_context(letter, form=form, numbers=numbers, section_action_line=action_line)
    return render(request, "reporting/section_edit.html", context)


def _action_line_numbers(letter: Letter) -> list[int]:
    return list(letter.programme.action_lines.values_list("number", flat=True))


def _known_figures(numbers: list[int] | None) -> set[str] | None:
    return None if numbers is None else figures.known_names(numbers)


def _editor_context(
    letter: Letter, *, form, numbers: list[int] | None = None, section_action_line=None, draft=None
) -> dict:
    """The editor's page: the form, the figures one can insert with their values now, and the preview. `draft`: that
    of unsaved text (services.draft_of), else that of the saved letter. `numbers`: the programme's action line
    numbers when the view has read them already; else they are those of the letter's content (which reads the action
    lines anyway) or, with a draft given, read here."""
    if draft is None:
        content = services.letter_content(letter)
        draft = services.draft_of(letter, content)
        numbers = [line["number"] for line in content["action_lines"]] if numbers is None else numbers
    numbers = _action_line_numbers(letter) if numbers is None else numbers
    return {
        "letter": letter,
        "form": form,
        "action_line": section_action_line,
        "catalogue_rows": draft.figure_table(numbers),
        "preview_html": draft.preview_html,
    }


@require_POST
def preview_fragment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The letter as it will print, with the unsaved text of the editor: htmx swaps it into the
    editor's preview while the coordinator types."""
    letter = selectors.letter_for_coordinator(request.user, pk)
    action_line_pk = request.POST.get("action_line")
    action_line = None
    sections = {}
    form: SectionForm | LetterForm
    if action_line_pk and action_line_pk.isdigit():
        action_line = selectors.action_line_of(letter, int(action_line_pk))
        form = SectionForm(request.POST)
        form.is_valid()
        existing = LetterSection.objects.filter(letter=letter, action_line=action_line).first()
        sections[action_line.pk] = LetterSection(
            letter=letter,
            action_line=action_line,
            body=form.cleaned_data.get("body", existing.body if existing else ""),
            figure_groups=form.cleaned_data.get(
                "figure_groups", existing.figure_groups if existing else figures.default_groups_for(action_line.number)
            ),
        )
    else:
        form = LetterForm(request.POST, instance=letter)
        form.is_valid()  # fills the instance with the valid fields only; nothing is saved
    content = services.letter_content(form.instance if isinstance(form, LetterForm) else letter, sections)
    draft = services.draft_of(letter, content)
    if request.htmx:
        return render(request, "reporting/includes/editor.html#preview", {"preview_html": draft.preview_html})
    # Without htmx: the editor's whole page with the unsaved text and its preview (nothing is saved).
    context = _editor_context(letter, form=form, section_action_line=action_line, draft=draft)
    return render(request, "reporting/section_edit.html" if action_line else "reporting/letter_edit.html", context)


def letter_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The whole letter as it will print: live figures while a draft, the approved version after."""
    letter = selectors.letter_for_approver(request.user, pk)
    html = services.letter_html(letter)
    return render(request, "reporting/letter_preview.html", {"letter": letter, "letter_html": html})


# ---------------------------------------------------------------- the PDF job


@require_POST
def version_generate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_for_coordinator(request.user, pk)
    try:
        version = services.version_request(letter=letter, user=request.user)
    except ValidationError as error:
        messages.error(request, _first_error(error))
        return redirect(letter)
    _say_how_the_job_went(request, version)
    return redirect(letter)


@require_POST
def version_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_for_coordinator(request.user, pk)
    try:
        version = services.version_retry(version=version, user=request.user)
    except ValidationError as error:
        messages.error(request, _first_error(error))
        return redirect(version.letter)
    _say_how_the_job_went(request, version)
    return redirect(version.letter)


def _say_how_the_job_went(request: HttpRequest, version: LetterVersion) -> None:
    version.refresh_from_db()
    if version.failure == LetterVersion.Failure.NOT_QUEUED:
        messages.error(request, version.get_failure_display())
    elif version.status == LetterVersion.Status.FAILED:
        messages.error(request, _("The PDF could not be made: %(reason)s") % {"reason": version.get_failure_display()})
    elif version.status == LetterVersion.Status.READY:
        messages.success(request, _("The PDF is ready: version %(number)s.") % {"number": version.number})
    else:
        messages.info(request, _("The PDF is being made. This page shows when it is ready."))


@never_cache
@require_GET
def version_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A PDF job's row, which htmx asks for every 2 s until the job is ready or failed (the row it
    gets then no longer asks); without htmx, the letter's page with all its jobs."""
    version = selectors.version_for_coordinator(request.user, pk, roles=selectors.APPROVERS)
    if not request.htmx:
        return _letter_page(request, version.letter)
    version, state, polls = _job(version)
    context = {
        "version": version,
        "state": state,
        "polls": polls,
        "finished_now": state["finished"],
        "can_edit": request.user.is_coordinator,
    }
    return render(request, "reporting/letter_detail.html#job-row", context)


def _pdf_response(version: LetterVersion | None) -> FileResponse:
    if version is None or version.status != LetterVersion.Status.READY or not version.file:
        raise Http404
    try:
        handle = version.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=version.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def version_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    return _pdf_response(selectors.version_for_coordinator(request.user, pk, roles=selectors.APPROVERS))


# ---------------------------------------------------------------- approval and publication


@require_POST
def letter_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_for_approver(request.user, pk)
    form = ApproveForm(request.POST, letter=letter)
    if not form.is_valid():
        messages.error(request, _("Choose a ready version to approve."))
        return redirect(letter)
    try:
        services.letter_approve(letter=letter, version=form.cleaned_data["version"], user=request.user)
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        messages.success(request, _("The letter has been approved; its text and figures are now fixed."))
    return redirect(letter)


@require_POST
def letter_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_for_approver(request.user, pk)
    try:
        services.letter_reopen(letter=letter, user=request.user)
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        messages.success(request, _("The approval has been withdrawn; the letter is a draft again."))
    return redirect(letter)


@require_POST
def letter_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_for_coordinator(request.user, pk)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        services.letter_publish(letter=letter, user=request.user, public=form.cleaned_data.get("public", False))
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        messages.success(request, _("The letter has been published to the council members."))
    return redirect(letter)


@require_POST
def letter_public(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_for_coordinator(request.user, pk)
    public = request.POST.get("public") == "1"
    try:
        services.letter_set_public(letter=letter, public=public, user=request.user)
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        messages.success(request, _("The letter is now public.") if public else _("The letter is no longer public."))
    return redirect(letter)


# ---------------------------------------------------------------- reading: council members and the public


def council_letters(request: AuthenticatedHttpRequest) -> HttpResponse:
    letters = selectors.published_letters_for(request.user)
    page = page_of(request, letters)
    shown = list(page.object_list)
    context = {"page_obj": page, "letters": shown, "new_ids": selectors.new_since_last_visit(request.user, shown)}
    return render(request, "reporting/council_letters.html", context)


def _read(request: HttpRequest, letter: Letter, *, pdf_url: str, back_url: str, public: bool) -> HttpResponse:
    version = letter.approved_version
    if version is None:  # only approved letters are read
        raise Http404
    html = renderer.letter_body_html(version.content, version.figures)
    context = {"letter": letter, "letter_html": html, "pdf_url": pdf_url, "back_url": back_url, "public": public}
    return render(request, "reporting/letter_read.html", context)


def published_letter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = selectors.published_letter_for(request.user, pk)
    return _read(
        request,
        letter,
        pdf_url=_url("reporting:published_pdf", letter),
        back_url=_url("reporting:council_letters"),
        public=False,
    )


@require_GET
def published_pdf(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    return _pdf_response(selectors.published_letter_for(request.user, pk).approved_version)


@login_not_required
def public_letters(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.public_letters())
    return render(request, "reporting/public_letters.html", {"page_obj": page, "letters": page.object_list})


@login_not_required
def public_letter(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.public_letter(pk)
    return _read(
        request,
        letter,
        pdf_url=_url("reporting:public_pdf", letter),
        back_url=_url("reporting:public_letters"),
        public=True,
    )


@login_not_required
@require_GET
def public_pdf(request: HttpRequest, pk: int) -> FileResponse:
    return _pdf_response(selectors.public_letter(pk).approved_version)


def _url(name: str, letter: Letter | None = None) -> str:
    return reverse(name, kwargs={"pk": letter.pk} if letter else None)


# ---------------------------------------------------------------- the network of municipalities (published figures)


def _network_context(request: HttpRequest, rows: list[network.MunicipalityYear]) -> dict:
    year = network.chosen_year(rows, request.GET.get("jaar"))
    of_year = network.rows_of_year(rows, year)
    return {
        "years": network.years_of(rows),
        "year": year,
        "rows": of_year,
        "figures": network.FIGURES,
        "charts": network.charts_of_year(of_year, year) if year else [],
    }


@login_not_required
@require_GET
def network_public(request: HttpRequest) -> HttpResponse:
    """The figures of the municipalities taking part, from their published letters, for everyone."""
    context = _network_context(request, network.network_rows()) | {"staff": False}
    return render(request, "reporting/network.html", context)


def _network_staff_page(request: AuthenticatedHttpRequest, *, form: FigureNoteForm | None = None) -> HttpResponse:
    network.colleague_check(request.user)
    rows = network.network_rows()
    context = _network_context(request, rows) | {"staff": True}
    own = network.own_versions(request.user, rows)
    if form is None and own:
        form = _note_form(None, own, context["year"])
    context |= {
        "notes": network.notes_of_year(context["rows"]),
        "kinds": network.kinds_held(context["rows"]),
        "note_form": form,
        "is_coordinator": request.user.role in network.NOTE_WRITERS,
    }
    return render(request, "reporting/network.html", context, status=400 if form is not None and form.errors else 200)


def _note_form(data, own: list[network.MunicipalityYear], year: int | None) -> FigureNoteForm:
    versions = [(row.version_id, row.year) for row in sorted(own, key=lambda row: -row.year)]
    chosen = next((pk for pk, of in versions if of == year), None)
    return FigureNoteForm(
        data,
        versions=versions,
        figure_choices=[(figure.key, str(figure.label)) for figure in network.FIGURES],
        initial={"version": chosen} if chosen else None,
    )


def network_staff(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The network's figures for coordinators, approvers and council members of any municipality: with the
    activities held per kind and the notes on what worked."""
    return _network_staff_page(request)


@require_POST
def network_note_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    network.note_writer_check(request.user)
    own = network.own_versions(request.user, network.network_rows())
    form = _note_form(request.POST, own, None)
    if form.is_valid():
        try:
            note = network.note_add(
                user=request.user,
                version_id=form.cleaned_data["version"],
                figure=form.cleaned_data["figure"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your note has been added. Colleagues of other municipalities read it here."))
            year = next(row.year for row in own if row.version_id == note.letter_version_id)
            return redirect(f"{reverse('network:staff')}?jaar={year}#notes-heading")
    return _network_staff_page(request, form=form)


@login_not_required
@require_GET
def network_csv(request: HttpRequest) -> HttpResponse:
    header, rows = network.csv_table(network.network_rows())
    return table_response(request, "netwerk-cijfers.csv", header, rows)


# ---------------------------------------------------------------- the start page of every signed-in person


def start_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Where a signed-in person lands: their open work, oldest first, each item linking to where it is done."""
    return render(request, "reporting/start.html", {"page": start.start_page(request.user)})


# ---------------------------------------------------------------- a region's figures and marketplace


@require_GET
def regional_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The regional coordinator's figures: per member municipality the shared register and marketplace, and the
    region's total."""
    region_of(request.user)  # 404 for anyone but a regional coordinator
    result = regional.regional_figures(shared_scope(request.user))
    return render(
        request,
        "reporting/regional_dashboard.html",
        {
            "figures": result,
            "total": result.total,
            "register_chart": _regional_register_chart(result),
            "marketplace_chart": _regional_marketplace_chart(result),
        },
    )


def _regional_register_chart(result: regional.RegionalFigures) -> charts.Chart | None:
    members = result.members
    return charts.labelled_bar_chart(
        chart_id="register-chart",
        title=_(
            "Bar chart of verified suppliers and registrations awaiting verification per municipality; the "
            "table below gives the numbers."
        ),
        caption=_("Impact suppliers per municipality of the region %(region)s") % {"region": result.region.name},
        categories=[member.name for member in members],
        series=[
            charts.Series(_("verified"), [member.suppliers_verified for member in members]),
            charts.Series(_("awaiting verification"), [member.suppliers_pending for member in members]),
        ],
        legend=[
            (_("verified (upper bar)"), "portal-chart__series-1"),
            (_("awaiting verification (lower bar)"), "portal-chart__series-2"),
        ],
    )


def _regional_marketplace_chart(result: regional.RegionalFigures) -> charts.Chart | None:
    members = result.members
    return charts.labelled_bar_chart(
        chart_id="marketplace-chart",
        title=_(
            "Bar chart of open needs, open offers and matches made this year per municipality; the table below "
            "gives the numbers."
        ),
        caption=_("Marketplace per municipality of the region %(region)s, %(year)s")
        % {"region": result.region.name, "year": result.year},
        categories=[member.name for member in members],
        series=[
            charts.Series(
                _("open needs"),
                [member.open_needs for member in members],
                counted=lambda n: ngettext("open need", "open needs", n),
            ),
            charts.Series(
                _("open offers"),
                [member.open_offers for member in members],
                counted=lambda n: ngettext("open offer", "open offers", n),
            ),
            charts.Series(
                _("matches made"),
                [member.matches_made for member in members],
                counted=lambda n: ngettext("match made", "matches made", n),
            ),
        ],
        legend=[
            (_("open needs (upper bar)"), "portal-chart__series-1"),
            (_("open offers (middle bar)"), "portal-chart__series-2"),
            (_("matches made (lower bar)"), "portal-chart__series-3"),
        ],
    )


@require_GET
def regional_marketplace(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The open needs and offers of every member municipality of the regional coordinator's region."""
    region = region_of(request.user)
    scope = shared_scope(request.user)
    showing = "offers" if request.GET.get("soort") == "aanbod" else "needs"
    listings = (
        matching_selectors.marketplace_offers(scope)
        if showing == "offers"
        else matching_selectors.marketplace_needs(scope)
    )
    context = {"region": region, "showing": showing, "page_obj": page_of(request, listings)}
    return render(request, "reporting/regional_marketplace.html", context)
