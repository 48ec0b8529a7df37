from django.urls import path

from . import views, views_exports

app_name = "figures"

urlpatterns = [
    path("chiffres/", views.dashboard, name="dashboard"),
    path("chiffres/export/chiffres.xlsx", views_exports.workbook, name="export_xlsx"),
    path("chiffres/export/<slug:slug>.csv", views_exports.table_csv, name="export_csv"),
    path("donnees-ouvertes/chiffres-stages.csv", views_exports.open_data_csv, name="open_data_csv"),
    path(
        "donnees-ouvertes/chiffres-stages.json",
        views_exports.open_data_schema,
        name="open_data_schema",
    ),
]
