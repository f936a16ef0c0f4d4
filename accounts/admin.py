from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Municipality, Organisation, Theme, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "role", "municipality", "organisation", "is_active"]
    list_filter = ["role", "municipality", "is_active", "is_staff"]
    search_fields = ["email", "name"]
    list_select_related = ["municipality", "organisation"]
    autocomplete_fields = ["organisation"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name", "phone")}),
        (_("Role"), {"fields": ("role", "municipality", "organisation")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "role", "municipality", "password1", "password2")}),
    )


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "place_name", "mayor", "secretary"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = (
        (None, {"fields": ("name", "slug", "place_name")}),
        (_("Letterhead"), {"fields": ("address", "postcode", "phone", "website", "mayor", "secretary", "logo")}),
        (_("Own face"), {"fields": ("brand_primary_color", "brand_secondary_color")}),
        (
            _("Periods"),
            {
                "fields": (
                    "response_target_working_days",
                    "stale_reminder_days",
                    "stale_close_days",
                    "registration_waiting_days",
                    "question_retention_days",
                )
            },
        ),
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "kvk_number", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "kvk_number"]
    list_select_related = ["municipality"]
    filter_horizontal = ["themes"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["code", "__str__"]
