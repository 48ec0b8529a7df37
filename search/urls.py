from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    # Public and stable: search URLs are shared by pupils, parents and teachers.
    path("stages/", views.offer_search, name="offers"),
    path("stages/communes/", views.commune_suggestions, name="communes"),
]
