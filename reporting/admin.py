from django.contrib import admin

from .models import FigureNote, Letter, LetterSection, LetterVersion


class LetterSectionInline(admin.TabularInline):
    model = LetterSection
    extra = 0
    fields = ["action_line", "figure_groups", "body"]
    raw_id_fields = ["action_line"]


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["subject", "programme", "year", "status", "is_public", "published_at"]
    list_filter = ["status", "is_public", "year", "programme__municipality"]
    search_fields = ["subject", "author_name", "programme__name"]
    list_select_related = ["programme"]
    raw_id_fields = ["programme", "approved_version", "approved_by", "created_by", "last_edited_by"]
    inlines = [LetterSectionInline]


@admin.register(LetterVersion)
class LetterVersionAdmin(admin.ModelAdmin):
    list_display = ["letter", "number", "status", "failure", "attempts", "author_name", "created_at", "render_seconds"]
    list_filter = ["status", "failure"]
    list_select_related = ["letter"]
    raw_id_fields = ["letter", "author"]
    readonly_fields = ["task_id", "attempts", "error", "content", "figures", "started_at", "finished_at"]


@admin.register(FigureNote)
class FigureNoteAdmin(admin.ModelAdmin):
    list_display = ["figure", "letter_version", "author", "created_at"]
    list_select_related = ["letter_version__letter__programme__municipality", "author"]
    raw_id_fields = ["letter_version", "author"]
