from django.urls import path

from . import views, views_signing

app_name = "conventions"

urlpatterns = [
    path("conventions/", views.convention_list, name="list"),
    path("conventions/<int:pk>/", views.convention_detail, name="detail"),
    path("conventions/<int:pk>/convention.pdf", views.convention_pdf, name="pdf"),
    path("conventions/<int:pk>/modifier/", views.convention_edit, name="edit"),
    path("conventions/<int:pk>/famille/", views.convention_family, name="family"),
    path("conventions/etablissement/", views.school_settings, name="school"),
    path("conventions/<int:pk>/envoyer/", views.convention_send, name="send"),
    path("conventions/<int:pk>/papier/", views.convention_paper, name="paper"),
    path("conventions/<int:pk>/relancer/", views.convention_resend, name="resend"),
    path("conventions/<int:pk>/avenant/", views.convention_amend, name="amend"),
    # Signing links (no account): a signatory's, and the head's batch.
    path("signature/<str:token>/", views_signing.sign, name="sign"),
    path("signature/<str:token>/code/", views_signing.sign_code, name="sign_code"),
    path("signature/<str:token>/convention.pdf", views_signing.sign_pdf, name="sign_pdf"),
    path("signature-chef/<str:token>/", views_signing.head, name="head"),
    path("signature-chef/<str:token>/code/", views_signing.head_code, name="head_code"),
]
