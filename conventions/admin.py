from django.contrib import admin

from .models import Convention, SchoolClauses, SchoolSettings


@admin.register(Convention)
class ConventionAdmin(admin.ModelAdmin):
    # Personal data stays out of the list; the admin reads states, not families.
    list_display = ["pk", "school_uai", "level", "state", "start", "end"]
    list_filter = ["state", "level"]
    fields = ["state", "level", "start", "end", "school_uai", "created_at", "signed_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


admin.site.register(SchoolSettings)
admin.site.register(SchoolClauses)
