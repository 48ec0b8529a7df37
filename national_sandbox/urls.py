from django.urls import path

from . import views

app_name = "national_sandbox"

urlpatterns = [
    path("bac-a-sable/", views.holdings, name="holdings"),
]
