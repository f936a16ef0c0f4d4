from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Municipality, Organisation, Region, Theme, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "role", "municipality", "region", "organisation", "is_active"]
    list_filter = ["role", "municipality", "region", "is_active", "is_staff"]
    search_fields = ["email", "name"]
    list_select_related = ["municipality", "region", "organisation"]
    autocomplete_fields = ["organisation"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name", "phone")}),
        (_("Role"), {"fields": ("role", "municipality", "region", "organisation")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "name", "role", "municipality", "region", "password1", "password2"),
            },
        ),
    )


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "place_name", "region", "mayor", "secretary"]
    list_filter = ["region"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = (
        (None, {"fields": ("name", "slug", "place_name", "region")}),
        (_("Letterhead"), {"fields": ("address", "postcode", "phone", "website", "mayor", "secretary", "logo")}),
        (_("Own face"), {"fields": ("brand_primary_color", "brand_secondary_color")}),
        (_("Network of municipalities"), {"fields": ("in_network", "population")}),
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


class RegionMemberInline(admin.TabularInline):
    model = Municipality
    fields = ["name"]
    readonly_fields = ["name"]
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("member municipality")
    verbose_name_plural = _("member municipalities")

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # a municipality joins a region on its own page


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RegionMemberInline]
