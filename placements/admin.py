"""Placements in the Django admin, read mostly: moves go through placements.services."""

from django.contrib import admin

from stages_bfc.admin import AuditTrailInline

from .models import Application, ApplicationTransition, Enrolment, ExternalPlacement, SchoolClass


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    raw_id_fields = ["pupil"]
    fields = readonly_fields = ["pupil", "joined_at", "anonymised_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SchoolClass)
class SchoolClassAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "school", "school_year", "join_code"]
    list_filter = ["school_year", "level"]
    search_fields = ["name", "school__name", "join_code"]
    raw_id_fields = ["school", "teachers"]
    inlines = [EnrolmentInline]


class ApplicationTransitionInline(AuditTrailInline):
    model = ApplicationTransition


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never written here: applications and placements are made and moved through
    placements.services, which checks who may apply to what and that no two placements of
    a pupil meet (placements.eligibility, under row locks). An edit here would skip both."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["pupil", "offer", "start", "state", "created_at"]
    list_filter = ["state"]
    raw_id_fields = ["pupil", "offer", "period", "school_class"]
    inlines = [ApplicationTransitionInline]


@admin.register(ExternalPlacement)
class ExternalPlacementAdmin(ReadOnlyAdmin):
    list_display = ["pupil", "host_name", "commune", "start", "end", "school_year"]
    raw_id_fields = ["pupil"]
