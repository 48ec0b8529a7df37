from django.urls import path

from reference.views import former_commune_suggestions

from .views import employer, moderation, public, revisions, withdrawal

app_name = "offers"

urlpatterns = [
    # Public (no login): a stable URL for the offer's whole life; the national permalink.
    path("offres/<int:pk>/", public.offer_detail, name="detail"),
    # Employer space: only the member's organisation's offers.
    path("espace/offres/", employer.dashboard, name="dashboard"),
    path("espace/offres/nouvelle/", employer.offer_create, name="create"),
    path("espace/offres/<int:pk>/", employer.offer_manage, name="manage"),
    path("espace/offres/<int:pk>/modifier/", employer.offer_edit, name="edit"),
    path("espace/offres/<int:pk>/dupliquer/", employer.offer_duplicate, name="duplicate"),
    path("espace/offres/<int:pk>/renouveler/", employer.offer_renew, name="renew"),
    path("espace/offres/<int:pk>/retirer/", withdrawal.offer_withdraw, name="withdraw"),
    path("espace/offres/<int:pk>/<str:action>/", employer.offer_action, name="action"),
    path("espace/communes/", former_commune_suggestions, name="commune_suggestions"),
    # Region staff.
    path("moderation/", moderation.queue, name="moderation_queue"),
    path("moderation/offres/<int:pk>/", moderation.review, name="moderation_review"),
    path("moderation/offres/<int:pk>/priorite/", moderation.priority, name="moderation_priority"),
    path("moderation/valider/", moderation.bulk_approve, name="moderation_bulk_approve"),
    path("moderation/structures/", moderation.revision_queue, name="moderation_revisions"),
    path("moderation/structures/<int:pk>/", moderation.revision_review, name="moderation_revision"),
    path("moderation/offres-modifiees/", revisions.queue, name="moderation_offer_revisions"),
    path(
        "moderation/offres-modifiees/<int:pk>/",
        revisions.review,
        name="moderation_offer_revision",
    ),
]
