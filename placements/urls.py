from django.urls import path

from .views import employer, hosts, pupil, teacher

app_name = "placements"

urlpatterns = [
    # Pupils.
    path("eleve/connexion/", pupil.pupil_login, name="pupil_login"),
    path("eleve/classe/", pupil.join, name="join"),
    path("eleve/candidatures/", pupil.mine, name="mine"),
    path("eleve/candidatures/<int:pk>/retirer/", pupil.withdraw, name="withdraw"),
    path("eleve/candidatures/<int:pk>/<str:action>/", pupil.pupil_action, name="pupil_action"),
    path("eleve/stage-trouve/", pupil.external, name="external"),
    path("eleve/profil/", pupil.profile, name="profile"),
    path("offres/<int:pk>/postuler/", pupil.apply, name="apply"),
    path("offres/<int:pk>/connexion/", pupil.offer_login, name="offer_login"),
    # Employers: only their organisation's offers.
    path("espace/candidatures/", employer.inbox, name="inbox"),
    path(
        "espace/candidatures/offre/<int:pk>/",
        employer.offer_applications,
        name="offer_applications",
    ),
    path(
        "espace/candidatures/<int:pk>/<str:action>/",
        employer.employer_action,
        name="employer_action",
    ),
    # The public page of a host (no login) and its yearly badge.
    path("structures/<int:pk>/", hosts.host_detail, name="host_detail"),
    path("structures/<int:pk>/badge-<int:year>.svg", hosts.host_badge, name="host_badge"),
    # Teachers: only their school's classes.
    path("classes/", teacher.class_list, name="classes"),
    path("classes/<int:pk>/", teacher.class_detail, name="class_detail"),
    path("classes/<int:pk>/export.csv", teacher.class_csv, name="class_csv"),
    path("classes/<int:pk>/eleves/", teacher.class_pupils, name="class_pupils"),
    path("classes/<int:pk>/eleves/<int:pupil_pk>/code/", teacher.reset_code, name="reset_code"),
    path(
        "classes/<int:pk>/eleves/<int:pupil_pk>/retirer/",
        teacher.remove_pupil,
        name="remove_pupil",
    ),
    path("classes/<int:pk>/rappel/", teacher.class_remind, name="class_remind"),
]
