from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("espace/structure/", views.organisation_detail, name="detail"),
    path("espace/structure/nouvelle/", views.organisation_create, name="create"),
    path("espace/structure/modifier/", views.organisation_edit, name="edit"),
    path("espace/structure/e-mails/", views.email_rhythm, name="email_rhythm"),
    # <slug:>: what `secrets.token_urlsafe` makes; anything else (a NUL byte) is not routed.
    path("espace/structure/invitation/<slug:token>/", views.invitation_accept, name="accept"),
]
