from django.urls import path

from reference.views import former_commune_suggestions

from . import views, views_map

app_name = "search"

urlpatterns = [
    # Public and stable: search URLs are shared by pupils, parents and teachers.
    path("stages/", views.offer_search, name="offers"),
    path("stages/carte/", views_map.map_view, name="map"),
    path("stages/communes/", former_commune_suggestions, name="communes"),
]
