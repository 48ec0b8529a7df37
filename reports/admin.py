"""Reports in the Django admin: read and filter; handling goes through the moderation views."""

from django.contrib import admin

from .models import OfferReport


@admin.register(OfferReport)
class OfferReportAdmin(admin.ModelAdmin):
    list_display = ["offer", "reason", "created_at", "reporter", "handled_at", "outcome"]
    list_filter = [
        "reason",
        "outcome",
        ("handled_at", admin.EmptyFieldListFilter),
        "offer__state",
        "created_at",
    ]
    search_fields = ["offer__title", "offer__organisation__name", "details", "note"]
    list_select_related = ["offer", "reporter"]
    raw_id_fields = ["offer", "reporter", "handled_by"]
    readonly_fields = ["created_at", "handled_at", "handled_by", "outcome"]
    date_hierarchy = "created_at"
