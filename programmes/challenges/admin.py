from django.contrib import admin

from .models import Application, Challenge, ChallengeQuestion, CoachingSession, Criterion, Juror, StageChange


class ChallengeQuestionInline(admin.TabularInline):
    model = ChallengeQuestion
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class JurorInline(admin.TabularInline):
    model = Juror
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["name", "action_line", "opens_at", "closes_at", "finale_on"]
    list_filter = ["action_line__programme__municipality"]
    search_fields = ["name"]
    filter_horizontal = ["partners"]
    inlines = [ChallengeQuestionInline, CriterionInline, JurorInline]


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_stage", "to_stage", "actor", "at"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "challenge", "stage", "submitted_at"]
    list_filter = ["stage", "challenge__action_line__programme__municipality"]
    search_fields = ["title", "organisation__name"]
    raw_id_fields = ["organisation", "applicant", "coach"]
    readonly_fields = ["stage", "furthest_stage"]
    inlines = [StageChangeInline]


@admin.register(CoachingSession)
class CoachingSessionAdmin(admin.ModelAdmin):
    list_display = ["application", "coach", "held_on", "duration_minutes"]
    list_filter = ["application__challenge__action_line__programme__municipality"]
    search_fields = ["application__organisation__name", "coach__name"]
    raw_id_fields = ["application", "coach"]
    date_hierarchy = "held_on"
