from django.contrib import admin

from .models import Award, ImpactReport, Offering, PurchaseRequest, Quote, SroiRealisation, SroiTender, Supplier
from .services import suppliers_refresh_search


class OfferingInline(admin.TabularInline):
    model = Offering
    extra = 0


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "submitted_at", "verified_at", "pso_level"]
    list_filter = ["status", "organisation__municipality", "pso_level", "code_sociale_ondernemingen"]
    search_fields = ["organisation__name", "organisation__kvk_number"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]
    filter_horizontal = ["themes", "delivery_municipalities"]
    readonly_fields = ["status", "verified_at", "decision_reason"]
    inlines = [OfferingInline]

    def save_related(self, request, form, formsets, change):
        """The themes and offerings saved, the search vector follows them (the directory's text and filters)."""
        super().save_related(request, form, formsets, change)
        suppliers_refresh_search([form.instance.pk])


class QuoteInline(admin.TabularInline):
    model = Quote
    extra = 0
    raw_id_fields = ["supplier", "submitted_by"]


@admin.register(PurchaseRequest)
class PurchaseRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "category", "deadline", "status"]
    list_filter = ["status", "municipality", "category"]
    search_fields = ["title"]
    inlines = [QuoteInline]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["purchase_request", "supplier", "amount", "awarded_on"]
    list_select_related = ["purchase_request", "supplier__organisation"]
    raw_id_fields = ["quote", "purchase_request", "supplier", "awarded_by"]


class RealisationInline(admin.TabularInline):
    model = SroiRealisation
    extra = 0
    raw_id_fields = ["supplier", "recorded_by"]


@admin.register(SroiTender)
class SroiTenderAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "contractor", "contract_value", "sroi_percentage", "start_date"]
    list_filter = ["municipality"]
    inlines = [RealisationInline]


@admin.register(ImpactReport)
class ImpactReportAdmin(admin.ModelAdmin):
    list_display = ["supplier", "year", "status", "persons_employed", "fte", "submitted_at", "checked_at"]
    list_filter = ["status", "year", "supplier__organisation__municipality"]
    search_fields = ["supplier__organisation__name"]
    list_select_related = ["supplier__organisation"]
    raw_id_fields = ["supplier", "submitted_by", "checked_by"]
    readonly_fields = ["status", "checked_by", "checked_at"]
