from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("alertes/", views.saved_list, name="list"),
    path("alertes/nouvelle/", views.save, name="save"),
    path("alertes/<int:pk>/supprimer/", views.delete, name="delete"),
    # No login: signed links, from an e-mail or shared by a teacher.
    path("alertes/stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("alertes/partage/<str:token>/", views.share, name="share"),
]
