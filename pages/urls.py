from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilite/", views.static_page, {"template": "accessibility"}, name="accessibility"),
    path("mentions-legales/", views.legal, name="legal"),
    path("plan-du-site/", views.static_page, {"template": "sitemap"}, name="sitemap"),
    path("donnees-personnelles/", views.static_page, {"template": "privacy"}, name="privacy"),
    path("sante/", views.health, name="health"),
]
