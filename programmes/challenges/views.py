"""Pages of challenges: thin views that read through challenge_selectors and write through
challenge_services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedHttpRequest
from core import charts, uploads
from core.csv import table_response
from core.forms import add_service_errors
from core.pagination import page_of
from programmes.selectors import managed_municipality

from . import selectors, services
from .forms import (
    ApplicationForm,
    BulkActionForm,
    ChallengeForm,
    CoachForm,
    CoachingSessionForm,
    CoordinatorPledgeForm,
    CriterionFormSet,
    FinancierInviteForm,
    FinancingTableForm,
    JurorInviteForm,
    PlanPresentForm,
    PledgeForm,
    QuestionFormSet,
    ReviewForm,
    StageForm,
)
from .models import Stage

RANKING_PAGE_SIZE = 50


def funnel_chart(funnel) -> charts.Chart:
    return charts.horizontal_bar_chart(
        chart_id=f"funnel-{funnel.challenge_id}",
        title=_("From application to winner: %(name)s") % {"name": funnel.name},
        description=_("One bar per stage with the number of applications that reached it."),
        categories=[stage.label for stage in funnel.stages],
        series=[charts.Series(_("applications"), [stage.count for stage in funnel.stages])],
    )


# ---------------------------------------------------------------- coordinator: the challenge


def challenge_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    challenges = (
        selectors.challenges_for(request.user)
        .annotate(
            n_applied=Count("applications", filter=Q(applications__submitted_at__isnull=False)),
            n_drafts=Count("applications", filter=Q(applications__submitted_at__isnull=True)),
        )
        .order_by("-opens_at", "pk")
    )
    page_obj = page_of(request, challenges, 25)
    return render(request, "challenges/challenge_list.html", {"page_obj": page_obj})


def challenge_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = managed_municipality(request.user)
    form = ChallengeForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        action_line, partners = data.pop("action_line"), data.pop("partners")
        challenge = services.challenge_create(actor=request.user, action_line=action_line, data=data, partners=partners)
        form.save_goals(challenge)
        messages.success(request, _("The challenge has been created. Now add its questions and criteria."))
        return redirect(challenge)
    return render(request, "challenges/challenge_form.html", {"form": form})


def challenge_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge = selectors.challenge_for(request.user, pk)
    form = ChallengeForm(
        request.POST or None, instance=challenge, municipality=selectors.challenge_municipality(challenge)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partners = data.pop("partners")
        services.challenge_update(actor=request.user, challenge=challenge, data=data, partners=partners)
        form.save_goals(challenge)
        messages.success(request, _("The challenge has been saved."))
        return redirect(challenge)
    return render(request, "challenges/challenge_form.html", {"form": form, "challenge": challenge})


def challenge_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge = selectors.challenge_for(request.user, pk)
    funnel = selectors.challenge_funnel(challenge)
    context = {
        "challenge": challenge,
        "funnel": funnel,
        "chart": funnel_chart(funnel),
        "questions": challenge.questions.all(),
        "criteria": challenge.criteria.all(),
        "jurors": selectors.jurors_of(challenge),
        "drafts": challenge.applications.filter(submitted_at__isnull=True).count(),
    }
    return render(request, "challenges/challenge_detail.html", context)


def challenge_questions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge = selectors.challenge_for(request.user, pk)
    return _edit_items(
        request,
        challenge,
        QuestionFormSet(request.POST or None, instance=challenge, prefix="questions"),
        kind="questions",
        save=lambda item, data: services.challenge_question_save(
            actor=request.user, challenge=challenge, question=item, data=data
        ),
        delete=lambda item: services.challenge_question_delete(actor=request.user, question=item),
        saved_message=_("The questions have been saved."),
    )


def challenge_criteria(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge = selectors.challenge_for(request.user, pk)
    return _edit_items(
        request,
        challenge,
        CriterionFormSet(request.POST or None, instance=challenge, prefix="criteria"),
        kind="criteria",
        save=lambda item, data: services.criterion_save(
            actor=request.user, challenge=challenge, criterion=item, data=data
        ),
        delete=lambda item: services.criterion_delete(actor=request.user, criterion=item),
        saved_message=_("The assessment criteria have been saved."),
    )


def _edit_items(request, challenge, formset, *, kind: str, save, delete, saved_message: str) -> HttpResponse:
    """The page of a challenge's questions or criteria: a formset saved through the services."""
    if (
        request.method == "POST"
        and formset.is_valid()
        and _save_items(request, challenge, formset, save=save, delete=delete)
    ):
        messages.success(request, saved_message)
        return redirect(challenge)
    return render(
        request, "challenges/challenge_items.html", {"challenge": challenge, "formset": formset, "kind": kind}
    )


def _save_items(request, challenge, formset, *, save, delete) -> bool:
    """Save the changed rows of a questions or criteria formset through the services, all or
    nothing; a refusal (a criterion already scored) is shown above the formset."""
    fields = formset.form._meta.fields
    try:
        with transaction.atomic():
            for form in formset.forms:
                existing = form.instance.pk is not None
                if formset._should_delete_form(form):
                    if existing:
                        delete(form.instance)
                    continue
                if not form.has_changed():
                    continue
                save(form.instance if existing else None, {name: form.cleaned_data[name] for name in fields})
    except ValidationError as error:
        formset._non_form_errors = formset.error_class(error.messages)
        return False
    return True


def challenge_jury(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The jury of a challenge, and the form to invite a new member by e-mail."""
    challenge = selectors.challenge_for(request.user, pk)
    form = JurorInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            juror = services.juror_invite(actor=request.user, challenge=challenge, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("An invitation has been sent to %(email)s.") % {"email": juror.user.email})
            return redirect("challenges:challenge_jury", pk=challenge.pk)
    jurors = selectors.jurors_of(challenge).annotate(
        n_assigned=Count("user__reviews", filter=Q(user__reviews__application__challenge=challenge)),
        n_submitted=Count(
            "user__reviews",
            filter=Q(user__reviews__application__challenge=challenge, user__reviews__submitted_at__isnull=False),
        ),
    )
    return render(request, "challenges/challenge_jury.html", {"challenge": challenge, "form": form, "jurors": jurors})


def challenge_applications(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The ranking by weighted score, with the spread between jurors, and the bulk actions."""
    challenge = selectors.challenge_for(request.user, pk)
    stage = request.GET.get("stage") if request.GET.get("stage") in Stage.values else None
    jurors = [juror.user for juror in selectors.jurors_of(challenge)]
    context = {
        "challenge": challenge,
        "page_obj": selectors.ranking_page(challenge, request.GET.get("page"), RANKING_PAGE_SIZE, stage=stage),
        "stage": stage,
        "stages": Stage.choices,
        "bulk_form": BulkActionForm(challenge=challenge, jurors=jurors, initial={"stage": stage or ""}),
    }
    return render(request, "challenges/challenge_applications.html", context)


@require_POST
def challenge_bulk(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge = selectors.challenge_for(request.user, pk)
    jurors = [juror.user for juror in selectors.jurors_of(challenge)]
    form = BulkActionForm(request.POST, challenge=challenge, jurors=jurors)
    back = reverse("challenges:challenge_applications", kwargs={"pk": challenge.pk})
    if request.POST.get("stage") in Stage.values:
        back += "?" + urlencode({"stage": request.POST["stage"]})
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect(back)
    applications = form.cleaned_data["applications"]
    kind, _sep, value = form.cleaned_data["action"].partition(":")
    if kind == "stage":
        # each move is its own transaction: one refused move leaves the others done, and is named
        moved, refused = services.applications_move(actor=request.user, applications=applications, stage=value)
        if moved:
            messages.success(
                request,
                ngettext(
                    "%(count)s application moved to “%(stage)s”; the applicant has been told by e-mail.",
                    "%(count)s applications moved to “%(stage)s”; the applicants have been told by e-mail.",
                    moved,
                )
                % {"count": moved, "stage": Stage(value).label},
            )
        if refused:
            messages.warning(
                request,
                ngettext(
                    "%(count)s application not moved, because that stage does not follow its stage: %(names)s.",
                    "%(count)s applications not moved, because that stage does not follow theirs: %(names)s.",
                    len(refused),
                )
                % {"count": len(refused), "names": ", ".join(refused)},
            )
    else:
        chosen = jurors if value == "all" else [juror for juror in jurors if str(juror.pk) == value]
        try:
            new = services.reviews_assign(
                actor=request.user, challenge=challenge, applications=applications, jurors=chosen
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext("%(count)s new assessment assigned.", "%(count)s new assessments assigned.", new)
                % {"count": new},
            )
    return redirect(back)


@require_GET
def challenge_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Applications and scores as CSV for the jury meeting: a row per application and jury member."""
    challenge = selectors.challenge_for(request.user, pk)
    criteria = list(challenge.criteria.all())
    ranked = {item.application_id: item for item in selectors.ranking(challenge)}
    per_review: dict[tuple[int, int], dict] = {}
    for score in selectors.scores_for_export(challenge):
        row = per_review.setdefault(
            (score.review.application_id, score.review.juror_id),
            {"juror": str(score.review.juror), "scores": {}, "comments": []},
        )
        row["scores"][score.criterion_id] = score.value
        if score.comment:
            row["comments"].append(f"{score.criterion.name}: {score.comment}")
    header = (
        [_("Rank"), _("Organisation"), _("Plan"), _("Stage"), _("Weighted average"), _("Spread"), _("Jury member")]
        + [criterion.name for criterion in criteria]
        + [_("Comments")]
    )
    rows = []
    for item in ranked.values():
        reviews = [row for (application_id, _juror), row in per_review.items() if application_id == item.application_id]
        base = [
            item.rank or "",
            item.organisation,
            item.title,
            item.stage_label,
            "" if item.score is None else str(item.score).replace(".", ","),
            "" if item.spread is None else str(item.spread).replace(".", ","),
        ]
        for review in reviews or [{"juror": "", "scores": {}, "comments": []}]:
            rows.append(
                base
                + [review["juror"]]
                + [review["scores"].get(criterion.pk, "") for criterion in criteria]
                + [" | ".join(review["comments"])]
            )
    return table_response(request, f"challenge-{challenge.pk}-scores.csv", header, rows)


def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for(request.user, pk)
    challenge = application.challenge
    context = {
        "application": application,
        "challenge": challenge,
        "reviews": application.reviews.select_related("juror").prefetch_related("scores__criterion"),
        "history": application.stage_changes.select_related("actor"),
        "stage_form": StageForm(allowed=services.allowed_stages(application)),
        "coach_form": CoachForm(
            initial={"coach": application.coach_id}, candidates=selectors.coach_candidates(challenge)
        ),
        "can_coach": application.stage in services.COACHABLE,
        "sessions": selectors.coaching_sessions_of(application),
    }
    return render(request, "challenges/application_detail.html", context)


@require_POST
def application_stage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for(request.user, pk)
    form = StageForm(request.POST, allowed=services.allowed_stages(application))
    if form.is_valid():
        services.application_move(actor=request.user, application=application, stage=form.cleaned_data["stage"])
        messages.success(
            request,
            _("The application is now “%(stage)s”; the applicant has been told by e-mail.")
            % {"stage": application.get_stage_display()},
        )
    else:
        messages.error(request, _("Choose one of the stages offered."))
    return redirect("challenges:application_detail", pk=application.pk)


@require_POST
def application_coach(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for(request.user, pk)
    form = CoachForm(request.POST, candidates=selectors.coach_candidates(application.challenge))
    if form.is_valid():
        try:
            services.application_assign_coach(
                actor=request.user, application=application, coach=form.cleaned_data["coach"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The coach has been saved."))
    else:
        messages.error(request, _("Choose a coach from the list."))
    return redirect("challenges:application_detail", pk=application.pk)


# ---------------------------------------------------------------- applicants


def my_challenges(request: AuthenticatedHttpRequest) -> HttpResponse:
    """For entrepreneurs and initiatives: the open challenges of their municipality and their applications."""
    context = {
        "open_challenges": selectors.open_challenges_for(request.user),
        "applications": selectors.applications_of(request.user),
        "coached": selectors.coached_by(request.user).order_by("-challenge__closes_at", "organisation__name"),
    }
    return render(request, "challenges/my_challenges.html", context)


def challenge_apply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Apply to a challenge: save a draft, or submit before the deadline."""
    challenge = selectors.challenge_to_apply(request.user, pk)
    application = selectors.application_of(request.user, challenge)
    if application and application.is_submitted:
        return redirect("challenges:my_application", pk=application.pk)
    if not challenge.is_open():
        return render(
            request,
            "challenges/challenge_closed.html",
            {"challenge": challenge, "application": application},
        )
    submit = request.POST.get("action") == "submit"
    held_scope = f"challenge-{challenge.pk}-application"  # a pitch kept from a submit that failed
    files = uploads.with_held_files(request, held_scope) if request.method == "POST" else None
    form = ApplicationForm(request.POST or None, files, challenge=challenge, application=application, draft=not submit)
    if request.method == "POST" and form.is_valid():
        organisation = request.user.organisation
        if organisation is None:  # challenge_to_apply lets only members of an organisation through
            raise Http404
        try:
            application = services.application_save(
                applicant=request.user,
                challenge=challenge,
                organisation=organisation,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                answers=form.answers(),
                pitch=form.cleaned_data.get("pitch"),
                remove_pitch=form.cleaned_data.get("remove_pitch", False),
                submit=submit,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            uploads.release_uploads(request, held_scope)
            if submit:
                messages.success(request, _("Your application has been submitted. Good luck!"))
                return redirect("challenges:my_application", pk=application.pk)
            messages.success(request, _("Your draft has been saved. Submit it before the deadline."))
            return redirect("challenges:challenge_apply", pk=challenge.pk)
    if request.method == "POST" and not form.cleaned_data.get("remove_pitch"):
        uploads.hold_uploads(request, held_scope, form)
    elif request.method == "POST":
        uploads.release_uploads(request, held_scope)
    else:
        uploads.show_held(request, held_scope, form)
    context = {"challenge": challenge, "application": application, "form": form}
    return render(request, "challenges/application_form.html", context)


def my_application(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = selectors.own_application(request.user, pk)
    context = {"application": application, "sessions": selectors.coaching_sessions_of(application)}
    return render(request, "challenges/my_application.html", context)


def pitch_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The pitch document (at most 5 MB), for the applicant, the coordinators and the assigned jury members only."""
    application = selectors.pitch_for(request.user, pk)
    with application.pitch.open("rb") as pitch:
        response = HttpResponse(pitch.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="pitch-{application.pk}.pdf"'
    return response


# ---------------------------------------------------------------- coaches


def coaching_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The participants this person coaches, with their sessions so far."""
    page_obj = page_of(request, selectors.coached_participants(request.user), 25)
    return render(request, "challenges/coaching_home.html", {"page_obj": page_obj})


def coaching_participant(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A participant's application and coaching sessions, and the form to record a session, for their coach."""
    application = selectors.coached_participant(request.user, pk)
    form = CoachingSessionForm(request.POST or None)
    can_record = application.stage in services.COACHABLE
    if request.method == "POST" and can_record and form.is_valid():
        try:
            services.coaching_session_record(coach=request.user, application=application, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The session has been recorded. The participant and the coordinator see it."))
            return redirect("challenges:coaching_participant", pk=application.pk)
    context = {
        "application": application,
        "sessions": selectors.coaching_sessions_of(application),
        "form": form,
        "can_record": can_record,
    }
    return render(request, "challenges/coaching_participant.html", context)


# ---------------------------------------------------------------- jury


def jury_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    reviews = page_of(request, selectors.reviews_of(request.user), 25)
    context = {"page_obj": reviews, "coached": selectors.coached_by(request.user)}
    return render(request, "challenges/jury_home.html", context)


def review_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A jury member scores an application; others' scores appear once their own are submitted."""
    review = selectors.review_for(request.user, pk)
    submit = request.POST.get("action") == "submit"
    form = ReviewForm(request.POST or None, review=review, draft=not submit) if not review.is_submitted else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.review_save(juror=request.user, review=review, scores=form.scores(), submit=submit)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your scores have been submitted.") if submit else _("Your scores have been saved as a draft."),
            )
            return redirect("challenges:review_edit", pk=review.pk)
    context = {
        "review": review,
        "application": review.application,
        "form": form,
        "own_scores": review.scores.select_related("criterion") if review.is_submitted else [],
        "other_reviews": selectors.other_reviews(review),
    }
    return render(request, "challenges/review_form.html", context)


# ---------------------------------------------------------------- public


@login_not_required
def public_challenge_list(request: HttpRequest) -> HttpResponse:
    page_obj = page_of(request, selectors.public_challenges(), 25)
    return render(request, "challenges/public_list.html", {"page_obj": page_obj})


@login_not_required
def public_challenge(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = selectors.public_challenge(pk)
    context = {
        "challenge": challenge,
        "results": selectors.public_results(challenge),
        "page_municipality": challenge.action_line.programme.municipality,  # its own face
    }
    return render(request, "challenges/public_detail.html", context)


# ---------------------------------------------------------------- the financing table: the coordinator


def financing_table(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The challenge's financing table: its date, place and description, the financiers invited, the plans put
    forward with their pledges, and the coordinator's forms."""
    challenge = selectors.challenge_for(request.user, pk)
    table = selectors.financing_table_of(challenge)
    form = FinancingTableForm(request.POST or None, instance=table)
    if request.method == "POST" and form.is_valid():
        try:
            services.financing_table_save(actor=request.user, challenge=challenge, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The financing table has been saved."))
            return redirect("challenges:financing_table", pk=challenge.pk)
    return _financing_page(request, challenge, table, table_form=form, invalid=bool(form.errors))


def _financing_page(request, challenge, table, **forms) -> HttpResponse:
    context = {"challenge": challenge, "table": table, "table_form": FinancingTableForm(instance=table)}
    if table is not None:
        financiers = selectors.financiers_of(table)
        plans = selectors.plans_of(table)
        context |= {
            "financiers": financiers,
            "plans": plans,
            "invite_form": FinancierInviteForm(),
            "present_form": PlanPresentForm(applications=selectors.presentable_applications(challenge)),
            "pledge_form": CoordinatorPledgeForm(financiers=financiers, plans=plans),
        }
    context |= forms
    return render(request, "challenges/financing_table.html", context, status=400 if forms.get("invalid") else 200)


def _open_table(request, pk: int):
    challenge = selectors.challenge_for(request.user, pk)
    table = selectors.financing_table_of(challenge)
    if table is None:
        raise Http404
    return challenge, table


def _refused(request, error: ValidationError, challenge) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return redirect("challenges:financing_table", pk=challenge.pk)


@require_POST
def financing_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge, table = _open_table(request, pk)
    form = FinancierInviteForm(request.POST)
    if form.is_valid():
        try:
            financier = services.financier_invite(actor=request.user, table=table, **form.cleaned_data)
        except ValidationError as error:
            if getattr(error, "code", None) == "closed":
                return _refused(request, error, challenge)
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("An invitation with a personal link has been sent to %(email)s.") % {"email": financier.email},
            )
            return redirect("challenges:financing_table", pk=challenge.pk)
    return _financing_page(request, challenge, table, invite_form=form, invalid=True)


@require_POST
def financing_present(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge, table = _open_table(request, pk)
    form = PlanPresentForm(request.POST, applications=selectors.presentable_applications(challenge))
    if form.is_valid():
        try:
            services.plan_present(actor=request.user, table=table, **form.cleaned_data)
        except ValidationError as error:
            return _refused(request, error, challenge)
        messages.success(request, _("The plan has been put forward to the financiers."))
        return redirect("challenges:financing_table", pk=challenge.pk)
    return _financing_page(request, challenge, table, present_form=form, invalid=True)


@require_POST
def financing_pledge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The coordinator records a pledge on a financier's behalf."""
    challenge, table = _open_table(request, pk)
    form = CoordinatorPledgeForm(
        request.POST, financiers=selectors.financiers_of(table), plans=selectors.plans_of(table)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.pledge_save(
                financier=data["financier"],
                plan=data["plan"],
                amount=data["amount"],
                kind=data["kind"],
                decision=data["decision"],
                recorded_by=request.user,
            )
        except ValidationError as error:
            return _refused(request, error, challenge)
        messages.success(request, _("The pledge has been recorded."))
        return redirect("challenges:financing_table", pk=challenge.pk)
    return _financing_page(request, challenge, table, pledge_form=form, invalid=True)


@require_POST
def financing_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The coordinator confirms that a plan is financed."""
    plan = selectors.plan_for(request.user, pk)
    challenge = plan.table.challenge
    try:
        services.plan_confirm_financed(actor=request.user, plan=plan)
    except ValidationError as error:
        return _refused(request, error, challenge)
    messages.success(request, _("%(organisation)s is financed.") % {"organisation": plan.application.organisation.name})
    return redirect("challenges:financing_table", pk=challenge.pk)


@require_POST
def financing_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    challenge, table = _open_table(request, pk)
    try:
        services.financing_table_close(actor=request.user, table=table)
    except ValidationError as error:
        return _refused(request, error, challenge)
    messages.success(request, _("The financing table has been closed; the pledges can no longer be changed."))
    return redirect("challenges:financing_table", pk=challenge.pk)


# ---------------------------------------------------------------- the financing table: a financier's link


@login_not_required
def financier_table(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """What a financier sees through their secret link: the plans put forward to the table, and their own pledge
    to each, which they change until the table closes. Nothing else of the portal."""
    financier = selectors.financier_by_token(pk, token)
    table = financier.table
    plans = selectors.plans_for_financier(financier)
    bound = None
    if request.method == "POST":
        plan = next((plan for plan in plans if str(plan.pk) == request.POST.get("plan")), None)
        if plan is None:
            messages.error(request, _("Choose one of the plans on this page."))
            return redirect("challenges:financier_table", pk=pk, token=token)
        bound = PledgeForm(request.POST, prefix=f"plan{plan.pk}")
        if bound.is_valid():
            try:
                services.pledge_save(financier=financier, plan=plan, **bound.cleaned_data)
            except ValidationError as error:
                if getattr(error, "code", None) == "closed":
                    messages.error(request, " ".join(error.messages))
                    return redirect("challenges:financier_table", pk=pk, token=token)
                add_service_errors(bound, error)
            else:
                messages.success(
                    request,
                    _("Your answer about %(organisation)s has been saved.")
                    % {"organisation": plan.application.organisation.name},
                )
                return redirect("challenges:financier_table", pk=pk, token=token)
        plan.form = bound  # type: ignore[attr-defined]
    for plan in plans:
        if getattr(plan, "form", None) is None:
            own = plan.own  # type: ignore[attr-defined]
            initial = {"decision": own.decision, "amount": own.amount, "kind": own.kind} if own else {}
            plan.form = PledgeForm(initial=initial, prefix=f"plan{plan.pk}")  # type: ignore[attr-defined]
    context = {"financier": financier, "table": table, "challenge": table.challenge, "plans": plans, "token": token}
    # The link is the financier's key; the portal's Referrer-Policy (same-origin) keeps it from other sites.
    return render(request, "challenges/financier_table.html", context, status=400 if bound is not None else 200)


@login_not_required
@require_GET
def financier_pitch(request: HttpRequest, pk: int, token: str, plan: int) -> HttpResponse:
    """The pitch document of a plan at the financier's table."""
    financier = selectors.financier_by_token(pk, token)
    application = selectors.plan_for_financier(financier, plan).application
    if not application.pitch:
        raise Http404
    with application.pitch.open("rb") as pitch:
        response = HttpResponse(pitch.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="pitch-{application.pk}.pdf"'
    return response
