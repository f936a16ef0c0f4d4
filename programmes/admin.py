from django.contrib import admin

from .models import (
    ActionLine,
    ActionLineProgress,
    Activity,
    Indicator,
    IndicatorValue,
    Partner,
    PartnerDesk,
    Programme,
    Question,
)


class ActionLineInline(admin.TabularInline):
    model = ActionLine
    extra = 0
    fields = ["number", "title", "goal"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "start_year", "end_year"]
    list_filter = ["municipality"]
    inlines = [ActionLineInline]
    filter_horizontal = ["partners"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "website"]
    list_filter = ["municipality"]
    search_fields = ["name"]


class ProgressInline(admin.TabularInline):
    model = ActionLineProgress
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(ActionLine)
class ActionLineAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme"]
    list_filter = ["programme__municipality"]
    inlines = [ProgressInline, IndicatorInline]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "action_line", "unit"]
    inlines = [IndicatorValueInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "mode", "status", "participants", "action_line"]
    list_filter = ["status", "kind", "mode", "action_line__programme__municipality"]
    list_select_related = ["action_line"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["subject", "municipality", "status", "asked_at", "answered_at"]
    list_filter = ["status", "municipality"]
    search_fields = ["subject", "email"]


@admin.register(PartnerDesk)
class PartnerDeskAdmin(admin.ModelAdmin):
    """A partner desk (a city hub) and its members, who answer the questions handed to it."""

    list_display = ["name", "municipality", "partner", "email"]
    list_filter = ["municipality"]
    search_fields = ["name"]
    filter_horizontal = ["members"]
    autocomplete_fields = ["partner"]
