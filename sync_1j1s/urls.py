from django.urls import path

from . import views

app_name = "sync_1j1s"

urlpatterns = [
    path("moderation/plateforme-nationale/", views.dashboard, name="dashboard"),
    path("moderation/plateforme-nationale/<int:pk>/relancer/", views.retry, name="retry"),
    path("moderation/plateforme-nationale/tout-relancer/", views.retry_all, name="retry_all"),
    path("moderation/plateforme-nationale/alarme/fermer/", views.clear_alarm, name="clear_alarm"),
    # Public and stable: fetched daily by the 1 jeune 1 solution ETL.
    path("flux/1j1s/stages.xml", views.stage_feed, name="feed"),
]
