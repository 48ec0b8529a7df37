from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("supprimer/", views.delete_account, name="delete"),
    path("etablissement/", views.school, name="school"),
    path("etablissement/a-confirmer/", views.school_review, name="school_review"),
    path("etablissement/<int:pk>/<str:decision>/", views.school_decide, name="school_decide"),
    path("etablissement/lien/<str:token>/", views.school_link, name="school_link"),
    path("observateurs/", views.observers, name="observers"),
]
