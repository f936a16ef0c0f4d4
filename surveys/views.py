"""Pages of surveys: thin views that read through the survey selectors and write through the survey services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core import charts
from core.csv import table_response
from core.forms import add_service_errors
from core.pagination import page_of
from programmes.selectors import managed_municipality

from . import selectors, services
from .forms import AnswerForm, CitationForm, ExtendForm, QuestionFormSet, SurveyForm


def question_chart(result: selectors.QuestionResult) -> charts.Chart | None:
    return charts.labelled_bar_chart(
        chart_id=result.chart_id,
        title=result.question.text,
        description=_("One bar per answer with the number of organisations that gave it."),
        categories=[row.label for row in result.rows],
        series=[
            charts.Series(
                _("organisations"),
                [row.count for row in result.rows],
                counted=lambda n: npgettext("chart bar", "organisation", "organisations", n),
            )
        ],
    )


# ---------------------------------------------------------------- the coordinator: composing and sending


def survey_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page_obj = page_of(request, selectors.survey_list(request.user).select_related("theme"), 25)
    return render(request, "surveys/survey_list.html", {"page_obj": page_obj})


def survey_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = managed_municipality(request.user)
    form = SurveyForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(actor=request.user, municipality=municipality, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The survey has been created. Now add its questions."))
            return redirect("surveys:survey_questions", pk=survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form})


def survey_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for(request.user, pk)
    form = SurveyForm(request.POST or None, instance=survey, municipality=survey.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(actor=request.user, survey=survey, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The survey has been saved."))
            return redirect(survey)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": survey})


def survey_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, selectors.survey_for(request.user, pk))


def _detail_page(request, survey, extend_form=None) -> HttpResponse:
    context = {
        "survey": survey,
        "extend_form": extend_form or (ExtendForm(initial={"closes_on": None}) if survey.is_sent else None),
        "questions": selectors.questions_of(survey),
        "audience_size": None if survey.is_sent else selectors.audience_of(survey).count(),
        "invited": survey.invitations.count(),
        "responses": survey.responses.count(),
        "citations": selectors.citations_of(survey),
    }
    return render(request, "surveys/survey_detail.html", context)


@require_POST
def survey_extend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for(request.user, pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            services.survey_extend(actor=request.user, survey=survey, closes_on=form.cleaned_data["closes_on"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The survey now closes on the new date; those who have not answered are told."))
            return redirect(survey)
    return _detail_page(request, survey, form)


def survey_questions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for(request.user, pk)
    formset = QuestionFormSet(
        request.POST or None, instance=survey, prefix="questions", queryset=survey.questions.prefetch_related("options")
    )
    if request.method == "POST" and formset.is_valid() and _save_questions(request, survey, formset):
        messages.success(request, _("The questions have been saved."))
        return redirect(survey)
    return render(request, "surveys/survey_questions.html", {"survey": survey, "formset": formset})


def _save_questions(request, survey, formset) -> bool:
    """Save the changed rows of the questions formset through the services, all or nothing (as the challenges'
    questions are saved); a refusal (the survey was sent meanwhile) is shown above the formset."""
    fields = formset.form._meta.fields
    try:
        with transaction.atomic():
            for form in formset.forms:
                existing = form.instance.pk is not None
                if formset._should_delete_form(form):
                    if existing:
                        services.question_delete(actor=request.user, question=form.instance)
                    continue
                if not form.has_changed():
                    continue
                services.question_save(
                    actor=request.user,
                    survey=survey,
                    question=form.instance if existing else None,
                    data={name: form.cleaned_data[name] for name in fields},
                    options=form.options(),
                )
    except ValidationError as error:
        formset._non_form_errors = formset.error_class(error.messages)
        return False
    return True


@require_POST
def survey_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for(request.user, pk)
    try:
        count = services.survey_send(actor=request.user, survey=survey)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            ngettext(
                "The survey has been sent to %(count)s organisation.",
                "The survey has been sent to %(count)s organisations.",
                count,
            )
            % {"count": count},
        )
    return redirect(survey)


# ---------------------------------------------------------------- the coordinator: results


def survey_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for(request.user, pk)
    results = selectors.results_of(survey)
    blocks = [
        {"result": result, "chart": question_chart(result) if result.rows else None} for result in results.questions
    ]
    return render(request, "surveys/survey_results.html", {"survey": survey, "results": results, "blocks": blocks})


def result_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for(request.user, pk)
    header, rows = selectors.export_rows(survey)
    return table_response(request, f"peiling-{slugify(survey.title)[:50] or survey.pk}.csv", header, rows)


def survey_cite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_for(request.user, pk)
    form = CitationForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        action_line, year = data.pop("action_line"), data.pop("year")
        try:
            services.citation_save(actor=request.user, survey=survey, action_line=action_line, year=year, data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The result can now be cited in the council letter about %(year)s, in the section of %(line)s.")
                % {"year": year, "line": action_line},
            )
            return redirect(survey)
    return render(request, "surveys/survey_cite.html", {"survey": survey, "form": form})


# ---------------------------------------------------------------- the respondent


def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_to_answer(request.user, pk)
    questions = selectors.questions_of(survey)
    response = selectors.response_of(survey, request.user.organisation_id)
    closed = survey.is_closed()
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and response is None and not closed and form.is_valid():
        try:
            services.response_submit(user=request.user, survey=survey, given=form.given())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your answers have been sent to the municipality."))
            return redirect("surveys:answer", pk=survey.pk)
    if request.method == "POST" and (response is not None or closed):
        message = (
            _("Your organisation has already answered this survey.")
            if response is not None
            else _("This survey closed on %(date)s; answers are no longer accepted.")
            % {"date": services.day(survey.closes_on)}
        )
        messages.error(request, message)
    context = {"survey": survey, "form": form, "response": response, "closed": closed}
    return render(request, "surveys/answer.html", context)
