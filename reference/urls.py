from django.urls import path

from . import views

app_name = "reference"

urlpatterns = [
    path("communes/suggestions/", views.commune_suggestions, name="commune_suggestions"),
]
