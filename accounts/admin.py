from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from . import attachments
from .models import SchoolAttachment, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    raw_id_fields = ["school"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name", "role", "school"]}),
        ("Droits", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "password1", "password2", "role"]})]


@admin.register(SchoolAttachment)
class SchoolAttachmentAdmin(admin.ModelAdmin):
    """Region staff confirm or refuse here too; the decision goes through the service (the
    person is told, any mailbox link stops working)."""

    list_display = ["user", "school", "state", "via", "decided_by", "decided_at", "created_at"]
    list_filter = ["state", "via"]
    search_fields = ["user__email", "user__last_name", "school__uai", "school__name"]
    raw_id_fields = ["user", "school"]
    readonly_fields = [
        "user",
        "school",
        "state",
        "via",
        "decided_by",
        "decided_at",
        "created_at",
        "link_sent_at",
    ]
    exclude = ["link_nonce"]
    actions = ["confirm", "refuse"]

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, confirmed):
        done = 0
        for attachment in queryset:
            try:
                attachments.decide(attachment, confirmed, request.user, SchoolAttachment.Via.REGION)
            except attachments.AttachmentError as error:
                self.message_user(request, f"{attachment} : {error}", messages.WARNING)
            else:
                done += 1
        self.message_user(request, f"{done} rattachement(s) traité(s).")

    @admin.action(description="Confirmer les rattachements choisis")
    def confirm(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description="Refuser les rattachements choisis")
    def refuse(self, request, queryset):
        self._decide(request, queryset, False)
