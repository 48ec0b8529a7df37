from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilite/", views.static_page, {"template": "accessibility"}, name="accessibility"),
    path("mentions-legales/", views.static_page, {"template": "legal"}, name="legal"),
    path("donnees-personnelles/", views.static_page, {"template": "privacy"}, name="privacy"),
    path("sante/", views.health, name="health"),
]
