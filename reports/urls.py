from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    # Public (no login): report a published offer.
    path("offres/<int:pk>/signaler/", views.report_create, name="create"),
    # Region staff.
    path("moderation/signalements/", views.queue, name="queue"),
    path("moderation/signalements/offres/<int:pk>/", views.review, name="review"),
]
