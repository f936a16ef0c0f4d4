from django.contrib import admin

from .models import Beursvloer, Deal, Match, MatchEvent, Need, Offer
from .services import listings_refresh_theme_bits


class ListingAdmin(admin.ModelAdmin):
    """A need's or an offer's themes are chosen here too: their bits (theme_bits) follow once the form saved them."""

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        listings_refresh_theme_bits(self.model.objects.filter(pk=form.instance.pk))


@admin.register(Need)
class NeedAdmin(ListingAdmin):
    list_display = ["title", "organisation", "municipality", "status", "needed_by", "created_at"]
    list_filter = ["status", "municipality", "help_time", "help_money", "help_network", "help_goods"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation", "municipality"]
    filter_horizontal = ["themes"]
    raw_id_fields = ["organisation", "created_by"]


@admin.register(Offer)
class OfferAdmin(ListingAdmin):
    list_display = ["title", "organisation", "municipality", "status", "available_until", "created_at"]
    list_filter = ["status", "municipality", "help_time", "help_money", "help_network", "help_goods"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation", "municipality"]
    filter_horizontal = ["themes"]
    raw_id_fields = ["organisation", "created_by"]


class MatchEventInline(admin.TabularInline):
    model = MatchEvent
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "from_status", "to_status", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    """Read-only in the admin: status changes go through the workflow on the portal, so the audit trail stays whole."""

    list_display = ["__str__", "municipality", "status", "made_on", "beursvloer"]
    list_filter = ["status", "municipality"]
    search_fields = ["need__title", "need__organisation__name", "enterprise__name"]
    list_select_related = ["need__organisation", "enterprise", "municipality", "beursvloer"]
    inlines = [MatchEventInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Beursvloer)
class BeursvloerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "date", "place"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name"]


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    list_display = ["__str__", "beursvloer", "expected_amount", "for_social_return", "created_at"]
    list_filter = ["for_social_return", "beursvloer__municipality"]
    search_fields = ["company__name", "enterprise__name", "beursvloer__name"]
    list_select_related = ["company", "enterprise", "beursvloer"]
    raw_id_fields = ["beursvloer", "company", "enterprise", "created_by"]
