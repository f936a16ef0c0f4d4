from django.contrib import admin

from .models import Question, Survey


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "text_nl", "text_en", "required"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "audience", "closes_on", "sent_at", "retention_days"]
    list_filter = ["municipality", "audience"]
    search_fields = ["title"]
    fields = ["municipality", "title", "introduction", "audience", "closes_on", "retention_days"]
    readonly_fields = ["municipality", "audience"]
    inlines = [QuestionInline]

    def has_add_permission(self, request) -> bool:
        return False  # a coordinator composes and sends surveys in the portal
