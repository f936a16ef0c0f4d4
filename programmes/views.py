"""Pages of the programme: thin views that read through selectors and write through services."""

from collections.abc import Callable
from typing import TypeVar, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import Municipality
from core import charts, pagecache, ratelimit, yearly_figures
from core.csv import table_response
from core.forms import add_service_errors
from core.pagination import page_of

from . import exports, selectors, services
from .filters import ActivityFilter, CalendarFilter, QuestionFilter
from .forms import (
    ActionLineForm,
    ActivityForm,
    ActivityStatusForm,
    AnswerForm,
    FeedbackForm,
    HandOverForm,
    IndicatorForm,
    IndicatorValuesForm,
    PartnerDeskForm,
    PartnerForm,
    ProgrammeForm,
    ProgressForm,
    QuestionForm,
    ReplyForm,
    YearForm,
)
from .models import Indicator, Programme, Question

PAGE_SIZE = 25
T = TypeVar("T")


def _lazy(work: Callable[[], T]) -> T:
    """`work()`, done only when something reads the result. A SimpleLazyObject stands in for what `work`
    returns, which the stubs cannot say (the class is not generic there)."""
    return cast(T, SimpleLazyObject(work))


def _chosen_year(request: HttpRequest, programme: Programme | None) -> tuple[int, YearForm]:
    """The year asked for in ?year=, if the programme runs in it; else the programme's default year."""
    years = programme.years if programme else [selectors.current_year()]
    form = YearForm(request.GET or None, years=years)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["year"], form
    year = selectors.default_year(programme)
    return year, YearForm(initial={"year": year}, years=years)


# ---------------------------------------------------------------- programmes


def programme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    programmes = selectors.programmes_for(request.user)
    return render(request, "programmes/programme_list.html", {"programmes": programmes})


def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = selectors.managed_municipality(request.user)
    form = ProgrammeForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("name", "start_year", "end_year", "ambition")}
        programme = services.programme_create(
            actor=request.user, municipality=municipality, data=data, partners=form.cleaned_data["partners"]
        )
        messages.success(request, _("The programme has been created."))
        return redirect(programme)
    return render(request, "programmes/programme_form.html", {"form": form})


def programme_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_for(request.user, pk)
    year, year_form = _chosen_year(request, programme)
    figures = selectors.activity_figures(programme, year)
    context = {
        "programme": programme,
        "year": year,
        "year_form": year_form,
        "action_lines": selectors.action_lines_in_year(programme, year),
        "figures": figures,
        "activity_chart": _activity_chart(figures),
        "can_manage": request.user.is_coordinator,
    }
    return render(request, "programmes/programme_detail.html", context)


def programme_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_for(request.user, pk, manage=True)
    form = ProgrammeForm(request.POST or None, instance=programme, municipality=programme.municipality)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("name", "start_year", "end_year", "ambition")}
        services.programme_update(
            actor=request.user, programme=programme, data=data, partners=form.cleaned_data["partners"]
        )
        messages.success(request, _("The programme has been saved."))
        return redirect(programme)
    return render(request, "programmes/programme_form.html", {"form": form, "programme": programme})


# ---------------------------------------------------------------- action lines, progress, indicators


def action_line_create(request: AuthenticatedHttpRequest, programme_pk: int) -> HttpResponse:
    programme = selectors.programme_for(request.user, programme_pk, manage=True)
    form = ActionLineForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("number", "title", "goal")}
        action_line = services.action_line_create(
            actor=request.user, programme=programme, data=data, partners=form.cleaned_data["partners"]
        )
        form.save_goals(action_line)
        messages.success(request, _("The action line has been added."))
        return redirect(action_line)
    return render(request, "programmes/action_line_form.html", {"form": form, "programme": programme})


def action_line_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action_line = selectors.action_line_for(request.user, pk)
    programme = action_line.programme
    progress = {report.year: report for report in action_line.progress_reports.all()}
    indicators = list(action_line.indicators.all())
    values = selectors.indicator_years(indicators, programme.years)
    context = {
        "action_line": action_line,
        "programme": programme,
        "years": programme.years,
        "progress_by_year": [(year, progress.get(year)) for year in programme.years],
        "indicators": [
            (indicator, [(year, values[(indicator.pk, year)]) for year in programme.years]) for indicator in indicators
        ],
        "activities": action_line.activities.select_related("organiser")[:10],
        "can_manage": request.user.is_coordinator,
        "audit_entries": selectors.audit_entries_of(action_line)[:10] if request.user.is_coordinator else [],
    }
    return render(request, "programmes/action_line_detail.html", context)


def action_line_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action_line = selectors.action_line_for(request.user, pk, manage=True)
    form = ActionLineForm(request.POST or None, instance=action_line, programme=action_line.programme)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("number", "title", "goal")}
        services.action_line_update(
            actor=request.user, action_line=action_line, data=data, partners=form.cleaned_data["partners"]
        )
        form.save_goals(action_line)
        messages.success(request, _("The action line has been saved."))
        return redirect(action_line)
    context = {"form": form, "programme": action_line.programme, "action_line": action_line}
    return render(request, "programmes/action_line_form.html", context)


def progress_edit(request: AuthenticatedHttpRequest, pk: int, year: int) -> HttpResponse:
    action_line = selectors.action_line_for(request.user, pk, manage=True)
    progress = selectors.progress_for(request.user, action_line, year)
    form = ProgressForm(request.POST or None, instance=progress)
    if request.method == "POST" and form.is_valid():
        services.action_line_progress_save(
            actor=request.user, action_line=action_line, year=year, text=form.cleaned_data["text"]
        )
        messages.success(request, _("The progress of %(year)s has been saved.") % {"year": year})
        return redirect(action_line)
    return render(request, "programmes/progress_form.html", {"form": form, "action_line": action_line, "year": year})


def indicator_create(request: AuthenticatedHttpRequest, action_line_pk: int) -> HttpResponse:
    action_line = selectors.action_line_for(request.user, action_line_pk, manage=True)
    form = IndicatorForm(request.POST or None, action_line=action_line)
    if request.method == "POST" and form.is_valid():
        indicator = services.indicator_create(actor=request.user, action_line=action_line, **form.cleaned_data)
        messages.success(request, _("The indicator has been added; now set its targets."))
        return redirect("programmes:indicator_edit", pk=indicator.pk)
    return render(request, "programmes/indicator_form.html", {"form": form, "action_line": action_line})


def indicator_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_for(request.user, pk)
    action_line = indicator.action_line
    current = {value.year: (value.target, value.actual) for value in indicator.values.all()}
    form = IndicatorForm(request.POST or None, instance=indicator, action_line=action_line)
    # the actuals are typed in only without a source: the one posted, else the saved one
    typed = not (request.POST.get("source", "") if request.method == "POST" else indicator.source)
    values_form = IndicatorValuesForm(
        request.POST or None, years=action_line.programme.years, values=current, typed=typed
    )
    if request.method == "POST" and form.is_valid() and values_form.is_valid():
        services.indicator_update(
            actor=request.user,
            indicator=indicator,
            name=form.cleaned_data["name"],
            unit=form.cleaned_data["unit"],
            source=form.cleaned_data["source"],
            activity_kind=form.cleaned_data["activity_kind"],
            values=values_form.values(),
        )
        messages.success(request, _("The indicator has been saved."))
        return redirect(action_line)
    context = {"form": form, "values_form": values_form, "indicator": indicator, "action_line": action_line}
    return render(request, "programmes/indicator_form.html", context)


# ---------------------------------------------------------------- partners


def partner_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    partners = selectors.partners_for(request.user, manage=True)
    return render(request, "programmes/partner_list.html", {"page_obj": page_of(request, partners, PAGE_SIZE)})


def partner_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = selectors.managed_municipality(request.user)
    form = PartnerForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        services.partner_create(actor=request.user, municipality=municipality, data=form.cleaned_data)
        messages.success(request, _("The partner has been added."))
        return redirect("programmes:partner_list")
    return render(request, "programmes/partner_form.html", {"form": form})


def partner_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = selectors.partner_for(request.user, pk)
    form = PartnerForm(request.POST or None, instance=partner, municipality=partner.municipality)
    if request.method == "POST" and form.is_valid():
        services.partner_update(actor=request.user, partner=partner, data=form.cleaned_data)
        messages.success(request, _("The partner has been saved."))
        return redirect("programmes:partner_list")
    return render(request, "programmes/partner_form.html", {"form": form, "partner": partner})


# ---------------------------------------------------------------- partner desks of the service point


def desk_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = selectors.managed_municipality(request.user)
    desks = selectors.partner_desks_of(municipality).select_related("partner").annotate(member_count=Count("members"))
    return render(request, "programmes/desk_list.html", {"desks": desks})


def _desk_form(request: AuthenticatedHttpRequest, desk=None) -> HttpResponse:
    municipality = selectors.managed_municipality(request.user)
    form = PartnerDeskForm(request.POST or None, instance=desk, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.DESK_FIELDS}
        services.desk_save(
            actor=request.user,
            municipality=municipality,
            desk=desk,
            data=data,
            members=form.cleaned_data["member_emails"],
        )
        messages.success(request, _("The partner desk has been saved."))
        return redirect("programmes:desk_list")
    return render(request, "programmes/desk_form.html", {"form": form, "desk": desk})


def desk_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _desk_form(request)


def desk_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    municipality = selectors.managed_municipality(request.user)
    return _desk_form(request, get_object_or_404(selectors.partner_desks_of(municipality), pk=pk))


# ---------------------------------------------------------------- activities


def _activity_filter(request: HttpRequest, queryset, municipality: Municipality) -> ActivityFilter:
    return ActivityFilter(
        request.GET or None,
        queryset=queryset,
        municipality=municipality,
        years=selectors.activity_years(municipality),
    )


def activity_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = selectors.readable_municipality(request.user)
    activity_filter = _activity_filter(request, selectors.activities_for(request.user), municipality)
    context = {
        "filter": activity_filter,
        "page_obj": page_of(request, activity_filter.qs, PAGE_SIZE),
        "municipality": municipality,
        "can_manage": request.user.is_coordinator,
    }
    return render(request, "programmes/activity_list.html", context)


@require_GET
def activity_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = selectors.readable_municipality(request.user)
    activity_filter = _activity_filter(request, selectors.activities_for(request.user), municipality)
    header, rows = exports.activities_table(activity_filter.qs)
    return table_response(request, f"activiteiten-{municipality.slug}.csv", header, rows)


@login_not_required
@require_GET
def activity_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The public iCalendar feed of a municipality's activities; takes the list's filters."""
    municipality = get_object_or_404(Municipality, slug=slug)
    activity_filter = _activity_filter(request, selectors.public_calendar_activities(municipality), municipality)
    name = _("Impact programme %(municipality)s") % {"municipality": municipality.name}
    body = exports.activities_ical(activity_filter.qs, calendar_name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="activiteiten-{municipality.slug}.ics"'
    return response


@login_not_required
@require_GET
def calendar_index(request: HttpRequest) -> HttpResponse:
    """The municipalities with a public activities calendar, for anyone to choose one."""
    context = {"municipalities": selectors.municipalities_with_public_activities()}
    return render(request, "programmes/calendar_index.html", context)


@login_not_required
@require_GET
def public_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """A municipality's public activities of one month, as a month grid or a list; filters by action line and
    kind, and the iCalendar feed with the same filters beside it."""
    municipality = get_object_or_404(Municipality, slug=slug)
    calendar_filter = CalendarFilter(
        request.GET or None, queryset=selectors.public_calendar_activities(municipality), municipality=municipality
    )
    asked = request.GET.get("month")
    first = selectors.calendar_month_of(asked)
    if first is None:
        first = timezone.localdate().replace(day=1)
    list_view = request.GET.get("view") == "list"
    month = selectors.calendar_month(calendar_filter.qs, first)
    context = {
        "municipality": municipality,
        "page_municipality": municipality,  # its own face
        "filter": calendar_filter,
        "month": month,
        "nearest_month": None if month.count else selectors.nearest_activity_month(calendar_filter.qs, first),
        "month_error": bool(asked) and selectors.calendar_month_of(asked) is None,
        "list_view": list_view,
    }
    return render(request, "programmes/public_calendar.html", context)


@login_not_required
@require_GET
def public_activity(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An activity of a municipality's public calendar, for anyone."""
    municipality = get_object_or_404(Municipality, slug=slug)
    activity = selectors.public_activity(municipality, pk)
    context = {"municipality": municipality, "page_municipality": municipality, "activity": activity}
    return render(request, "programmes/public_activity.html", context)


def activity_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = selectors.managed_municipality(request.user)
    form = ActivityForm(
        request.POST or None,
        municipality=municipality,
        initial={"action_line": request.GET.get("action_line")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        action_line = data.pop("action_line")
        activity = services.activity_create(actor=request.user, action_line=action_line, data=data)
        messages.success(request, _("The activity has been recorded."))
        return redirect(activity)
    return render(request, "programmes/activity_form.html", {"form": form})


def activity_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_for(request.user, pk)
    can_manage = request.user.is_coordinator
    context = {
        "activity": activity,
        "can_manage": can_manage,
        "status_form": ActivityStatusForm(activity=activity, allowed=services.activity_allowed_statuses(activity))
        if can_manage
        else None,
        "audit_entries": selectors.audit_entries_of(activity)[:20] if can_manage else [],
    }
    return render(request, "programmes/activity_detail.html", context)


def activity_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_for(request.user, pk, manage=True)
    municipality = activity.action_line.programme.municipality
    form = ActivityForm(request.POST or None, instance=activity, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        action_line = data.pop("action_line")
        services.activity_update(actor=request.user, activity=activity, data={**data, "action_line": action_line})
        messages.success(request, _("The activity has been saved."))
        return redirect(activity)
    return render(request, "programmes/activity_form.html", {"form": form, "activity": activity})


def activity_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark an activity held (with its participants), cancelled (with a reason), or planned again."""
    activity = selectors.activity_for(request.user, pk, manage=True)
    allowed = services.activity_allowed_statuses(activity)
    form = ActivityStatusForm(request.POST or None, activity=activity, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_change_status(actor=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The activity is now: %(status)s.") % {"status": activity.get_status_display().lower()}
            )
            return redirect(activity)
    return render(request, "programmes/activity_status.html", {"form": form, "activity": activity})


# ---------------------------------------------------------------- dashboard and audit trail


def _activity_chart(figures: selectors.ActivityFigures) -> charts.Chart:
    lines = figures.action_lines
    return charts.stacked_bar_chart(
        chart_id="activities-chart",
        title=_("Activities per action line in %(year)s") % {"year": figures.year},
        description=_(
            "Per action line one bar made of the activities held, planned and cancelled, followed by the three numbers."
        ),
        categories=[f"{line.number}. {line.title}" for line in lines],
        series=[
            charts.Series(_("held"), [line.held for line in lines]),
            charts.Series(_("planned"), [line.planned for line in lines]),
            charts.Series(_("cancelled"), [line.cancelled for line in lines]),
        ],
    )


def _questions_chart(figures: selectors.ServicePointFigures) -> charts.Chart:
    return charts.column_chart(
        chart_id="questions-chart",
        title=_("Questions to the service point per month in %(year)s") % {"year": figures.year},
        description=_("One column per month with the number of questions asked."),
        labels=[str(MONTHS_3[month]) for month in range(1, 13)],
        values=figures.asked_per_month,
    )


@require_GET
def indicator_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The dashboard's indicator table of the chosen year (?year=, as on the dashboard) as CSV."""
    municipality = selectors.managed_municipality(request.user)
    programme = selectors.current_programme(request.user)
    year, _form = _chosen_year(request, programme)
    indicators = _indicators_of_year(programme, year) if programme else []
    header, rows = exports.indicators_table(indicators, year)
    return table_response(request, f"indicatoren-{municipality.slug}-{year}.csv", header, rows)


FINANCING_FIGURES = ("challenge_financed", "challenge_financed_amount")


def _financed(financing, year: int) -> dict:
    """{"count": participants financed, "amount": the sum pledged to them} of the year, by name from challenges."""
    return {
        "count": financing.get(("challenge_financed", year)) or 0,
        "amount": financing.get(("challenge_financed_amount", year)) or 0,
    }


def _indicators_of_year(
    programme: Programme, year: int, *, activities: dict[int, selectors.ActivityFigures] | None = None
) -> list[tuple[Indicator, selectors.IndicatorYear]]:
    """Each indicator of the programme with its target and actual of `year` (see selectors.programme_indicators)."""
    return [
        (indicator, by_year[year])
        for indicator, by_year in selectors.programme_indicators(programme, [year], activities=activities)
    ]


def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """This year's figures of the coordinator's programme at a glance."""
    municipality = selectors.managed_municipality(request.user)
    programme = selectors.current_programme(request.user)
    year, year_form = _chosen_year(request, programme)
    # Figures and charts are worked out only when the page has no kept copy of them (core.pagecache).
    worked_out: dict[int, selectors.ActivityFigures] = {}  # the activity figures, once worked out for the page

    def activity_figures(of: Programme) -> selectors.ActivityFigures:
        worked_out[year] = selectors.activity_figures(of, year)
        return worked_out[year]

    figures = _lazy(lambda: activity_figures(programme)) if programme else None
    service_point = _lazy(lambda: selectors.service_point_figures(municipality, year))
    # the financing tables of the programme's challenges, by name (programmes does not import challenges)
    financing = _lazy(lambda: yearly_figures.compute(FINANCING_FIGURES, programme, [year])) if programme else None
    context = {
        "municipality": municipality,
        "programme": programme,
        "year": year,
        "year_form": year_form,
        "kept_generation": pagecache.generation(),
        "figures": figures,
        "activity_chart": SimpleLazyObject(lambda: _activity_chart(figures)) if figures is not None else None,
        "service_point": service_point,
        "financed": SimpleLazyObject(lambda: _financed(financing, year)) if financing is not None else None,
        # not kept with the figures: an indicator may count matches, suppliers or applications of other apps;
        # read after the figures, so that their activity figures (when not kept) spare the indicators a query
        "indicators": _lazy(lambda: _indicators_of_year(programme, year, activities=worked_out or None))
        if programme
        else [],
        "questions_chart": SimpleLazyObject(lambda: _questions_chart(service_point)),
        "waiting": selectors.longest_waiting(municipality),
        "planned": selectors.planned_around_now(request.user, count=5),
    }
    return render(request, "programmes/dashboard.html", context)


def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    entries = selectors.audit_entries_for(request.user)
    return render(request, "programmes/audit_log.html", {"page_obj": page_of(request, entries, 50)})


# ---------------------------------------------------------------- the impact service point


@login_not_required
def question_ask(request: HttpRequest) -> HttpResponse:
    """Anyone may ask the service point a question; without an account they leave an e-mail address."""
    user = request.user if request.user.is_authenticated else None
    initial = {}
    if user is not None:
        organisation = user.organisation if not user.municipality_id else None
        municipality_id = user.municipality_id or (organisation.municipality_id if organisation else None)
        if municipality_id:
            initial["municipality"] = municipality_id
    form = QuestionForm(request.POST or None, signed_in=user is not None, initial=initial)
    if (
        request.method == "POST"
        and user is None
        and not ratelimit.allow(request, action="service_point_question", limit=5, period_seconds=600)
    ):
        return render(request, "429.html", status=429)
    if (
        request.method == "POST"
        and user is None
        and form.is_valid()
        and not ratelimit.allow(
            request,
            action="service_point_question_to",
            limit=5,
            period_seconds=3600,
            per=form.cleaned_data["email"].lower(),
        )
    ):
        return render(request, "429.html", status=429)  # one address is not mailed over and over from many clients
    if request.method == "POST" and form.is_valid():
        services.question_ask(asker=user, **form.cleaned_data)
        messages.success(request, _("Your question has been sent. You will get the answer by e-mail."))
        return redirect("programmes:my_questions" if user else "programmes:question_thanks")
    return render(request, "programmes/question_form.html", {"form": form})


@login_not_required
def question_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "programmes/question_thanks.html")


def my_questions(request: AuthenticatedHttpRequest) -> HttpResponse:
    questions = selectors.questions_of(request.user)
    return render(request, "programmes/my_questions.html", {"page_obj": page_of(request, questions, PAGE_SIZE)})


def question_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = selectors.managed_municipality(request.user)
    queryset = selectors.question_queue(request.user)
    data = request.GET.copy()
    data.setdefault("state", QuestionFilter.OPEN)
    question_filter = QuestionFilter(data, queryset=queryset)
    year = selectors.current_year()
    context = {
        "filter": question_filter,
        "page_obj": page_of(request, question_filter.qs, PAGE_SIZE),
        "figures": selectors.service_point_figures(municipality, year),
        "year": year,
    }
    return render(request, "programmes/question_queue.html", context)


@require_GET
def question_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The service point's questions as CSV, with the queue's filter (waiting for an answer unless asked)."""
    municipality = selectors.managed_municipality(request.user)
    data = request.GET.copy()
    data.setdefault("state", QuestionFilter.OPEN)
    questions = QuestionFilter(data, queryset=selectors.question_queue(request.user).order_by("asked_at", "pk")).qs
    header, rows = exports.questions_table(questions)
    return table_response(request, f"impactmeldpunt-{municipality.slug}.csv", header, rows)


def _question_page(request: AuthenticatedHttpRequest, question: Question, form: AnswerForm, status: int = 200):
    is_coordinator = selectors.is_question_coordinator(request.user, question)
    context = {
        "question": question,
        "form": form,
        "thread": selectors.conversation_of(question),
        "is_coordinator": is_coordinator,
        "hand_over_form": HandOverForm(initial={"desk": question.desk_id}, municipality=question.municipality)
        if is_coordinator
        else None,
    }
    return render(request, "programmes/question_detail.html", context, status=status)


def question_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A question and its conversation, for its coordinators and the members of the desk it was handed to."""
    question = selectors.question_in_conversation_for(request.user, pk)
    return _question_page(request, question, AnswerForm())


def _question_action(request: HttpRequest, question: Question, action, success: str) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("programmes:question_detail", pk=question.pk)


@require_POST
def question_pick_up(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_for(request.user, pk)
    return _question_action(
        request,
        question,
        lambda: services.question_pick_up(question=question, coordinator=request.user),
        _("You have picked up the question."),
    )


@require_POST
def question_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_in_conversation_for(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.question_answer(question=question, coordinator=request.user, answer=form.cleaned_data["answer"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your answer has been sent to %(email)s.") % {"email": question.email})
            return redirect("programmes:question_detail", pk=question.pk)
    return _question_page(request, question, form)


@require_POST
def question_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_for(request.user, pk)
    return _question_action(
        request,
        question,
        lambda: services.question_close(question=question, coordinator=request.user),
        _("The question has been closed."),
    )


@require_POST
def question_hand_over(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_for(request.user, pk)
    form = HandOverForm(request.POST, municipality=question.municipality)
    if not form.is_valid():
        messages.error(request, _("Choose one of the desks of the list."))
        return redirect("programmes:question_detail", pk=question.pk)
    desk = form.cleaned_data["desk"]
    return _question_action(
        request,
        question,
        lambda: services.question_hand_over(question=question, coordinator=request.user, desk=desk),
        _("The question has been handed over to %(desk)s.") % {"desk": desk}
        if desk
        else _("The municipality answers the question itself again."),
    )


def desk_questions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The questions handed over to the partner desks the user is a member of."""
    questions = selectors.desk_questions(request.user)
    return render(request, "programmes/desk_questions.html", {"page_obj": page_of(request, questions, PAGE_SIZE)})


def _conversation(
    request: HttpRequest, question: Question, *, asker, reply_url: str, feedback_url: str
) -> HttpResponse:
    """The asker's page of a question: the conversation, a reply form and, once closed, whether they were helped."""
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_reply(question=question, body=form.cleaned_data["body"], asker=asker)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your reply has been sent to the service point."))
            return redirect(reply_url)
    context = {
        "question": question,
        "thread": selectors.conversation_of(question),
        "form": form,
        "reply_url": reply_url,
        "feedback_url": feedback_url,
        "feedback_form": FeedbackForm()
        if question.satisfaction_asked_at is not None and question.helped is None
        else None,
    }
    return render(request, "programmes/question_conversation.html", context)


def my_question_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A signed-in asker's question: its conversation, and their reply."""
    question = selectors.my_question_for(request.user, pk)
    url = reverse("programmes:my_question_detail", kwargs={"pk": pk})
    feedback_url = reverse("programmes:question_feedback", kwargs={"pk": pk, "token": question.reply_token})
    return _conversation(request, question, asker=request.user, reply_url=url, feedback_url=feedback_url)


@login_not_required
def question_conversation(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The conversation through the secret link of the e-mails: for an asker without an account."""
    question = selectors.question_by_reply_token(pk, token)
    url = reverse("programmes:question_conversation", kwargs={"pk": pk, "token": token})
    feedback_url = reverse("programmes:question_feedback", kwargs={"pk": pk, "token": token})
    asker = request.user if request.user.is_authenticated and request.user.pk == question.asker_id else None
    return _conversation(request, question, asker=asker, reply_url=url, feedback_url=feedback_url)


@login_not_required
@require_POST
def question_feedback(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """Whether the service point helped: once, through the secret link of the e-mail sent on closing."""
    question = selectors.question_by_reply_token(pk, token)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose yes or no."))
    else:
        try:
            services.question_feedback(
                question=question, helped=form.cleaned_data["helped"], remark=form.cleaned_data["remark"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you for telling us."))
    return redirect("programmes:question_conversation", pk=pk, token=token)
