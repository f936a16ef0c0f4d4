from django.contrib import admin

from .models import ActionLine, Partner, Programme


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
