"""School classes, pupils' enrolments, applications and placements found elsewhere.

The application state machine lives on `Application` (django-fsm-2 transitions that refuse
impossible moves); `placements.services` wraps each move with the row locks, the audit row
and the after-commit e-mails. Querysets encode who may see a pupil's data: the pupil, the
teachers of their school and the organisations they applied to.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from offers.places import HOLDING_STATES  # places left are defined there

from .levels import DEFAULT_OBSERVATION_DAYS, Level


class SchoolClassQuerySet(models.QuerySet):
    def for_teacher(self, user):
        """The classes of the teacher's school; none for anyone else."""
        if not (user.is_authenticated and user.works_at_school):
            return self.none()
        return self.filter(school_id=user.school_id)


class SchoolClass(models.Model):
    """A class of a school for one school year, joined with its code."""

    school = models.ForeignKey(
        "reference.School",
        verbose_name="établissement",
        on_delete=models.PROTECT,
        related_name="classes",
    )
    name = models.CharField("nom de la classe", max_length=60, help_text="Par exemple : 2de B.")
    # What its pupils need follows from it (placements.levels, placements.coverage).
    level = models.CharField("niveau", max_length=12, choices=Level.choices)
    observation_days = models.PositiveSmallIntegerField(
        "durée de la séquence d'observation (jours)",
        default=DEFAULT_OBSERVATION_DAYS,
        help_text="Pour les classes de 4e et de 3e : le nombre de jours fixé par le collège.",
    )
    school_year = models.PositiveSmallIntegerField(
        "année scolaire", help_text="L'année du mois de juin : 2027 pour 2026-2027."
    )
    join_code = models.CharField("code de la classe", max_length=12, unique=True)
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="enseignants", related_name="taught_classes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SchoolClassQuerySet.as_manager()

    class Meta:
        verbose_name = "classe"
        ordering = ["-school_year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "name"], name="one_class_name_per_school_year"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.school_year - 1}-{self.school_year})"


class TrainingPeriod(models.Model):
    """A PFMP period a lycée professionnel class declares: what its pupils must cover."""

    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="training_periods"
    )
    start = models.DateField("du")
    end = models.DateField("au")

    class Meta:
        verbose_name = "période de formation en milieu professionnel"
        verbose_name_plural = "périodes de formation en milieu professionnel"
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="training_period_end_after_start"
            )
        ]

    def __str__(self):
        return f"PFMP {self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


class EnrolmentQuerySet(models.QuerySet):
    def current(self, today=None):
        from reference.periods import school_year_of

        return self.filter(school_class__school_year=school_year_of(today or timezone.localdate()))


class Enrolment(models.Model):
    """A pupil in a class. Pupils without e-mail log in with the class code and a personal
    code: only its keyed digest is stored (the teacher sees the code once, and can reset it)."""

    pupil = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    school_class = models.ForeignKey(
        SchoolClass, verbose_name="classe", on_delete=models.CASCADE, related_name="enrolments"
    )
    login_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription"
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "school_class"], name="one_enrolment_per_class"
            )
        ]

    def __str__(self):
        return f"{self.pupil} · {self.school_class}"


class AppState(models.TextChoices):
    SUBMITTED = "submitted", "En attente de réponse"
    ACCEPTED = "accepted", "Acceptée, à confirmer"
    DECLINED = "declined", "Refusée"
    WITHDRAWN = "withdrawn", "Retirée"
    CONFIRMED = "confirmed", "Stage confirmé"
    CANCELLED = "cancelled", "Annulée"
    LAPSED = "lapsed", "Close sans réponse"


class DeclineReason(models.TextChoices):
    """The short list a host picks from when refusing; a free text may follow."""

    NO_PLACE = "no_place", "Plus de place sur cette période"
    DATES = "dates", "Ces dates ne conviennent plus à la structure"
    TUTOR = "tutor", "Personne disponible pour encadrer l'élève à ces dates"
    PROFILE = "profile", "Le stage ne correspond pas à ce que l'élève recherche"
    OTHER = "other", "Autre raison (précisée dans le message)"


# States in which an application still counts (one per pupil and offer).
ACTIVE_STATES = [AppState.SUBMITTED, *HOLDING_STATES]


class ApplicationQuerySet(models.QuerySet):
    def of_pupil(self, user):
        if not (user.is_authenticated and user.is_pupil):
            return self.none()
        return self.filter(pupil=user)

    def of_organisation_member(self, user):
        """Applications to the member's organisation's offers; none for anyone else."""
        if not (user.is_authenticated and user.is_employer):
            return self.none()
        return self.filter(offer__organisation__memberships__user=user)

    def active(self):
        return self.filter(state__in=ACTIVE_STATES)


class Application(FSMModelMixin, models.Model):
    pupil = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="élève",
        on_delete=models.CASCADE,
        related_name="applications",
    )
    offer = models.ForeignKey(
        "offers.Offer", verbose_name="offre", on_delete=models.PROTECT, related_name="applications"
    )
    # The employer may rewrite the offer's periods; the dates asked for stay on the application.
    period = models.ForeignKey(
        "offers.OfferPeriod",
        verbose_name="période",
        on_delete=models.SET_NULL,
        null=True,
        related_name="applications",
    )
    start = models.DateField("du")
    end = models.DateField("au")
    school_class = models.ForeignKey(
        SchoolClass, verbose_name="classe", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    motivation = models.TextField("motivation", max_length=1000, blank=True)
    answer = models.TextField("message de la structure", max_length=1000, blank=True)
    decline_reason = models.CharField(
        "motif du refus", max_length=12, choices=DeclineReason.choices, blank=True
    )
    state = FSMField("état", default=AppState.SUBMITTED, choices=AppState.choices, protected=True)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # When the host was thanked for this stage, once it ended (placements/thanks.py).
    thanked_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "candidature"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "offer"],
                condition=Q(state__in=["submitted", "accepted", "confirmed"]),
                name="one_active_application_per_offer",
            )
        ]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self):
        return f"{self.pupil} → {self.offer}"

    # --- transitions: each checks the source state; services add locks, audit and e-mails ---

    @transition(field=state, source=AppState.SUBMITTED, target=AppState.ACCEPTED)
    def accept(self):
        self.answered_at = timezone.now()

    @transition(field=state, source=AppState.SUBMITTED, target=AppState.DECLINED)
    def decline(self):
        self.answered_at = timezone.now()

    @transition(field=state, source=AppState.SUBMITTED, target=AppState.WITHDRAWN)
    def withdraw(self):
        pass

    @transition(field=state, source=AppState.SUBMITTED, target=AppState.LAPSED)
    def lapse(self):
        """Unanswered by its deadline (placements.lapsing): the pupil looks elsewhere."""

    @transition(field=state, source=AppState.ACCEPTED, target=AppState.CONFIRMED)
    def confirm(self):
        pass

    @transition(
        field=state, source=[AppState.ACCEPTED, AppState.CONFIRMED], target=AppState.CANCELLED
    )
    def cancel(self):
        pass


class ApplicationTransition(models.Model):
    """Audit trail: who moved which application from what to what, when, and why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source = models.CharField(max_length=20, choices=AppState.choices)
    target = models.CharField(max_length=20, choices=AppState.choices)
    message = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.application_id}: {self.source} → {self.target}"


class ExternalPlacement(models.Model):
    """A placement the pupil found outside the platform, so the class picture is complete."""

    pupil = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_placements"
    )
    school_year = models.PositiveSmallIntegerField("année scolaire")
    host_name = models.CharField("structure d'accueil", max_length=150)
    commune = models.CharField("commune", max_length=100)
    start = models.DateField("du")
    end = models.DateField("au")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "stage trouvé hors de la plateforme"
        verbose_name_plural = "stages trouvés hors de la plateforme"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="external_end_after_start"
            )
        ]

    def __str__(self):
        return f"{self.host_name} ({self.commune})"


class CodeReset(models.Model):
    """Audit trail of personal codes: who gave a pupil a new code, when (never the code)."""

    pupil = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="code_resets"
    )
    school_class = models.ForeignKey(
        SchoolClass, verbose_name="classe", on_delete=models.CASCADE, related_name="code_resets"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "code personnel renouvelé"
        verbose_name_plural = "codes personnels renouvelés"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.pupil_id} · {self.school_class_id} · {self.at:%Y-%m-%d %H:%M}"


class Gender(models.TextChoices):
    GIRL = "fille", "Fille"
    BOY = "garcon", "Garçon"
    UNSAID = "non_dit", "Je ne souhaite pas répondre"


class PupilProfile(models.Model):
    """Two optional answers of a pupil, used only in the Region's aggregated figures (equal
    access), never shown per pupil to anyone, and deleted with the pupil's anonymisation."""

    pupil = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pupil_profile"
    )
    gender = models.CharField("vous êtes", max_length=8, choices=Gender.choices, blank=True)
    needs_accessible_place = models.BooleanField(
        "avez-vous besoin d'un lieu de stage accessible (situation de handicap) ?", null=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "réponses facultatives de l'élève"
        verbose_name_plural = "réponses facultatives des élèves"

    def __str__(self):
        return f"Réponses de l'élève n° {self.pupil_id}"
