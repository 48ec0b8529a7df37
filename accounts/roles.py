"""Roles and what each one may do: the only module that names a role and compares one.

Everything else asks a capability: `user.is_school_staff` in views, querysets and templates,
`@school_staff_required` on views, `signs_up_with_school(role)` in the sign-up form. A new
role joins the groups below whose rights it shares, so adding one (a CPE, say) is a change
to this file and a migration for the field's choices.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    EMPLOYER = "employer", "Accueillant (entreprise, association, administration…)"
    PUPIL = "pupil", "Élève"
    TEACHER = "teacher", "Personnel d'établissement scolaire"
    MODERATOR = "moderator", "Modérateur Région"
    ADMIN = "admin", "Administrateur"
    OBSERVER = "observer", "Observateur (académie, département, État)"


EMPLOYERS = frozenset({Role.EMPLOYER})
PUPILS = frozenset({Role.PUPIL})
# People working in a school: they follow its classes and its pupils' applications.
SCHOOL_STAFF = frozenset({Role.TEACHER})
# People who follow a search by e-mail (alerts): pupils and school staff (teachers,
# counsellors), who may also save one for a class.
SAVES_SEARCHES = PUPILS | SCHOOL_STAFF
# The Region's people: they moderate offers and reports, and must use a second factor.
REGION_STAFF = frozenset({Role.MODERATOR, Role.ADMIN})
# People of the academies, departments and the State: the Region's figures, nothing personal.
# Region staff create their accounts; nobody signs up as one.
OBSERVERS = frozenset({Role.OBSERVER})

# Roles a person may pick at sign-up, in the form's words; the Region appoints its own staff.
SIGNUP_CHOICES = [
    (Role.EMPLOYER, "J'accueille des stagiaires"),
    (Role.TEACHER, "Je travaille dans un établissement scolaire"),
    (Role.PUPIL, "Je suis élève"),
]


# Entries to the sign-up that choose the role beforehand (`?profil=accueillant`, the home
# page's "Créer un compte accueillant" and the invitation e-mail).
SIGNUP_PROFILES = {"accueillant": Role.EMPLOYER}


def signs_up_with_school(role) -> bool:
    """Pupils and school staff name their school when they sign up."""
    return role in PUPILS | SCHOOL_STAFF


def signs_up_with_academic_email(role) -> bool:
    """School staff prove they work for the Education nationale by their address."""
    return role in SCHOOL_STAFF


def pupil_accounts() -> Q:
    """The pupils among users, for a User queryset's filter (`is_pupil` in SQL)."""
    return Q(role__in=PUPILS)


def observer_accounts() -> Q:
    """The observers among users (`is_observer` in SQL): accounts Region staff manage."""
    return Q(role__in=OBSERVERS)


def region_staff_accounts() -> Q:
    """Region staff (moderators, admins): who gets the Region's weekly figures e-mail."""
    return Q(role__in=REGION_STAFF)


class Capabilities:
    """What an account's role lets it do; mixed into User, read by views and templates."""

    @property
    def is_employer(self) -> bool:
        return self.role in EMPLOYERS

    @property
    def is_pupil(self) -> bool:
        return self.role in PUPILS

    @property
    def is_school_staff(self) -> bool:
        return self.role in SCHOOL_STAFF

    @property
    def works_at_school(self) -> bool:
        """School staff whose attachment to their school is confirmed: the classes and pupils
        they see are its own. A school chosen at sign-up opens nothing by itself."""
        return self.is_school_staff and self.school_id is not None and self.school_confirmed

    @property
    def saves_searches(self) -> bool:
        """May save a search and get its new offers by e-mail."""
        return self.role in SAVES_SEARCHES

    @property
    def is_moderator(self) -> bool:
        """Region staff (moderators and administrators)."""
        return self.role in REGION_STAFF

    @property
    def is_observer(self) -> bool:
        return self.role in OBSERVERS

    @property
    def sees_figures(self) -> bool:
        """The Region's dashboard of aggregated figures: Region staff and observers."""
        return self.role in REGION_STAFF | OBSERVERS

    @property
    def requires_mfa(self) -> bool:
        """Region staff must protect their account with a second factor."""
        return self.is_moderator or self.is_staff or self.is_superuser


def check_user(test, refusal=""):
    """A view decorator that lets through the users for whom `test(user)` is true.

    Others get a 403 whose reason is `refusal`, or, when `refusal` is a function, its answer
    to the request (a redirect, say). Anonymous visitors never get here:
    LoginRequiredMiddleware sends them to the login page first.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if test(request.user):
                return view(request, *args, **kwargs)
            if callable(refusal):
                return refusal(request)
            raise PermissionDenied(refusal)

        return wrapper

    return decorator


employer_required = check_user(
    lambda user: user.is_authenticated and user.is_employer, "Réservé aux structures d'accueil."
)
pupil_required = check_user(
    lambda user: user.is_authenticated and user.is_pupil, "Réservé aux élèves."
)
UNCONFIRMED_STAFF = (
    "Votre rattachement à votre établissement n'est pas encore confirmé : demandez-le depuis "
    "la page « Mon établissement » de votre compte."
)


def _school_staff_refusal(request):
    if request.user.is_authenticated and request.user.is_school_staff:
        raise PermissionDenied(UNCONFIRMED_STAFF)  # staff, but not confirmed there yet
    raise PermissionDenied("Réservé aux personnels d'établissement scolaire.")


school_staff_required = check_user(
    lambda user: user.is_authenticated and user.works_at_school, _school_staff_refusal
)
saves_searches_required = check_user(
    lambda user: user.is_authenticated and user.saves_searches,
    "Les alertes sont réservées aux élèves et aux personnels d'établissement scolaire.",
)
moderator_required = check_user(lambda user: user.is_authenticated and user.is_moderator)
figures_required = check_user(
    lambda user: user.is_authenticated and user.sees_figures,
    "Réservé aux services de la Région et aux observateurs.",
)
