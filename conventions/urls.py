from django.urls import path

from . import views

app_name = "conventions"

urlpatterns = [
    path("conventions/", views.convention_list, name="list"),
    path("conventions/<int:pk>/", views.convention_detail, name="detail"),
    path("conventions/<int:pk>/convention.pdf", views.convention_pdf, name="pdf"),
    path("conventions/<int:pk>/modifier/", views.convention_edit, name="edit"),
    path("conventions/<int:pk>/famille/", views.convention_family, name="family"),
    path("conventions/etablissement/", views.school_settings, name="school"),
]
