from django.contrib import admin

from . import services
from .models import OfferSync, RemoteOffer, SyncIntent


class RemoteOfferInline(admin.TabularInline):
    model = RemoteOffer
    extra = 0
    readonly_fields = ["track", "remote_id", "state", "payload_hash", "updated_at"]
    can_delete = False


@admin.register(OfferSync)
class OfferSyncAdmin(admin.ModelAdmin):
    list_display = ["offer_id", "status", "attempts", "next_attempt_at", "synced_at", "message"]
    list_filter = ["status"]
    search_fields = ["offer__id", "remotes__remote_id"]
    readonly_fields = [f.name for f in OfferSync._meta.fields]
    inlines = [RemoteOfferInline]
    actions = ["retry"]

    @admin.action(description="Relancer l'envoi vers la plateforme nationale")
    def retry(self, request, queryset):
        count = services.retry(list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} offre(s) relancée(s).")


@admin.register(SyncIntent)
class SyncIntentAdmin(admin.ModelAdmin):
    list_display = ["offer_id", "action", "created_at", "processed_at", "outcome"]
    list_filter = ["outcome", "action"]
    search_fields = ["offer_id"]
    date_hierarchy = "created_at"
