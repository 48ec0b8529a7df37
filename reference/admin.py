from django.contrib import admin

from .models import Commune, Department, School, Sector


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "academy"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["insee", "name", "postcodes", "department"]
    list_filter = ["department"]
    search_fields = ["name", "insee", "postcodes"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["uai", "name", "kind", "commune"]
    list_filter = ["kind", "commune__department"]
    search_fields = ["uai", "name"]
    raw_id_fields = ["commune"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "label"]
