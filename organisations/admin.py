from django.contrib import admin

from . import services
from .models import Invitation, Membership, Organisation, OrganisationRevision


class MembershipInline(admin.TabularInline):
    model = Membership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "siret", "host_type", "commune", "register_status"]
    list_filter = ["host_type", "register_status", "commune__department"]
    readonly_fields = ["register_checked_at", "register_next_check", "register_failures"]
    search_fields = ["name", "siret"]
    raw_id_fields = ["commune"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        if change:  # what the offers show of it goes to the national platform and feed
            services.save_organisation(obj)
        else:
            super().save_model(request, obj, form, change)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "created_at", "accepted_at"]
    raw_id_fields = ["organisation", "invited_by"]


@admin.register(OrganisationRevision)
class OrganisationRevisionAdmin(admin.ModelAdmin):
    """To look only: decisions go through the moderation pages (and their services)."""

    list_display = ["organisation", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["organisation", "author", "decided_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
