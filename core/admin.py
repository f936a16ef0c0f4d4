from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The one audit trail, read-only: entries are written by the services and never edited."""

    list_display = ["at", "municipality", "actor", "actor_role", "action_label", "content_type", "object_repr"]
    list_filter = ["action", "actor_role", "content_type", "municipality"]
    list_select_related = ["municipality", "actor"]
    search_fields = ["object_repr", "reason"]
    date_hierarchy = "at"

    @admin.display(description=AuditEvent._meta.get_field("action").verbose_name, ordering="action")
    def action_label(self, entry: AuditEvent) -> str:
        return entry.get_action_display()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
