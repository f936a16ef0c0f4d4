from django.contrib import admin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "event", "kind", "delivery", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "event", "delivery"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["key", "params", "created_at", "emailed_at"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
