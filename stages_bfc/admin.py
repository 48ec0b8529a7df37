from django.contrib import admin


class AuditTrailInline(admin.TabularInline):
    """An audit trail, read only: rows are written by the app's services, never by hand."""

    extra = 0
    can_delete = False
    fields = readonly_fields = ["at", "actor", "source", "target", "message"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
