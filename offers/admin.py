"""Offers in the Django admin. State moves go through offers.services, never the admin."""

from django.contrib import admin

from stages_bfc.admin import AuditTrailInline

from .models import Offer, OfferPeriod, OfferTransition


class OfferPeriodInline(admin.TabularInline):
    model = OfferPeriod
    extra = 0


class OfferTransitionInline(AuditTrailInline):
    model = OfferTransition


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "commune", "state", "submitted_at", "published_at"]
    list_filter = ["state", "commune__department", "sector"]
    search_fields = ["title", "organisation__name", "organisation__siret", "commune__name"]
    list_select_related = ["organisation", "commune"]
    raw_id_fields = ["organisation", "commune", "duplicated_from"]
    readonly_fields = ["state", "created_at", "updated_at", "submitted_at", "published_at"]
    date_hierarchy = "submitted_at"
    inlines = [OfferPeriodInline, OfferTransitionInline]
