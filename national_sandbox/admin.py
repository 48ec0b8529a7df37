from django.contrib import admin

from .models import SandboxCall, SandboxConfig, SandboxOffer


@admin.register(SandboxConfig)
class SandboxConfigAdmin(admin.ModelAdmin):
    list_display = ["__str__", "rate_limit", "window_seconds", "error_rate", "drop_rate"]


@admin.register(SandboxOffer)
class SandboxOfferAdmin(admin.ModelAdmin):
    list_display = ["remote_id", "published_at", "discarded_at", "writes", "updated_at"]
    search_fields = ["remote_id"]


@admin.register(SandboxCall)
class SandboxCallAdmin(admin.ModelAdmin):
    list_display = ["at", "method", "path", "status", "fault"]
    list_filter = ["status", "fault"]
