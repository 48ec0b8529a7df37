"""A placement's convention: a snapshot of what the platform knew when it was drafted,
completed by the school, the host and the family, then signed by its parties.

Fields are copied, not linked: a convention says what was agreed, even after the offer or
the school's settings change. Family-only data (date of birth, postal address, the legal
representative, insurance) lives here only, and goes with the convention (`retention.py`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from placements.levels import Level


class State(models.TextChoices):
    DRAFT = "draft", "À compléter"
    SIGNING = "signing", "En signature"
    SIGNED = "signed", "Signée"
    CANCELLED = "cancelled", "Annulée"


class SchoolSettings(models.Model):
    """What a convention needs from its school and the platform does not hold."""

    school = models.OneToOneField(
        "reference.School", on_delete=models.CASCADE, related_name="convention_settings"
    )
    address = models.CharField("adresse de l'établissement", max_length=250, blank=True)
    head_name = models.CharField("nom du chef d'établissement", max_length=150, blank=True)
    head_email = models.EmailField("e-mail du chef d'établissement", blank=True)

    class Meta:
        verbose_name = "fiche convention d'un établissement"

    def __str__(self):
        return str(self.school_id)


class SchoolClauses(models.Model):
    """A school's own clauses for one level's model, approved by its conseil
    d'administration."""

    school = models.ForeignKey(
        "reference.School", on_delete=models.CASCADE, related_name="convention_clauses"
    )
    level = models.CharField("niveau", max_length=12, choices=Level.choices)
    approved_on = models.DateField("approuvées en conseil d'administration le")
    text = models.TextField("clauses particulières", max_length=5000)

    class Meta:
        verbose_name = "clauses particulières"
        verbose_name_plural = "clauses particulières"
        constraints = [
            models.UniqueConstraint(fields=["school", "level"], name="one_clause_set_per_level")
        ]

    def __str__(self):
        return f"{self.school_id} · {self.level}"


class ConventionQuerySet(models.QuerySet):
    def for_teacher(self, user):
        """The conventions of the teacher's school; none for anyone else."""
        if not (user.is_authenticated and user.works_at_school):
            return self.none()
        return self.filter(school_id=user.school_id)

    def of_pupil(self, user):
        if not (user.is_authenticated and user.is_pupil):
            return self.none()
        return self.filter(pupil=user)

    def of_organisation_member(self, user):
        if not (user.is_authenticated and user.is_employer):
            return self.none()
        return self.filter(application__offer__organisation__memberships__user=user)

    def live(self):
        return self.exclude(state=State.CANCELLED)


class Convention(models.Model):
    application = models.ForeignKey(
        "placements.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conventions",
    )
    external = models.ForeignKey(
        "placements.ExternalPlacement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conventions",
    )
    # An amendment (avenant) points at the convention it changes.
    amends = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="amendments"
    )
    pupil = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conventions"
    )
    school = models.ForeignKey("reference.School", on_delete=models.PROTECT, related_name="+")
    school_class = models.ForeignKey(
        "placements.SchoolClass", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    level = models.CharField("niveau", max_length=12, choices=Level.choices)
    state = models.CharField("état", max_length=10, choices=State.choices, default=State.DRAFT)

    # The host (from the offer and its organisation; typed by the school for one found
    # elsewhere).
    host_name = models.CharField("structure d'accueil", max_length=150, blank=True)
    host_siret = models.CharField("SIRET", max_length=14, blank=True)
    host_address = models.CharField("adresse de la structure", max_length=300, blank=True)
    place_address = models.CharField("lieu du stage", max_length=300, blank=True)
    host_signatory_name = models.CharField(
        "représentant de la structure", max_length=150, blank=True
    )
    host_signatory_email = models.EmailField("e-mail du représentant", blank=True)
    tutor_name = models.CharField("tuteur ou tutrice", max_length=150, blank=True)
    tutor_email = models.EmailField("e-mail du tuteur ou de la tutrice", blank=True)
    activities = models.TextField("activités prévues", max_length=3000, blank=True)

    # Dates and daily hours.
    start = models.DateField("du")
    end = models.DateField("au")
    hours_start = models.TimeField("arrivée", null=True, blank=True)
    hours_end = models.TimeField("départ", null=True, blank=True)
    break_minutes = models.PositiveSmallIntegerField("pause (minutes)", default=0)
    days_per_week = models.PositiveSmallIntegerField("jours par semaine", default=5)

    # The school.
    school_name = models.CharField("établissement", max_length=200)
    school_uai = models.CharField("UAI", max_length=8)
    school_address = models.CharField("adresse de l'établissement", max_length=250, blank=True)
    head_name = models.CharField("chef d'établissement", max_length=150, blank=True)
    head_email = models.EmailField("e-mail du chef d'établissement", blank=True)
    teacher_name = models.CharField("enseignant référent", max_length=150, blank=True)
    teacher_email = models.EmailField("e-mail de l'enseignant référent", blank=True)
    clauses_approved_on = models.DateField(null=True, blank=True)
    clauses_text = models.TextField(blank=True)

    # The pupil and what only the family knows.
    pupil_name = models.CharField("élève", max_length=300)
    pupil_email = models.EmailField("e-mail de l'élève", blank=True)
    class_name = models.CharField("classe", max_length=60, blank=True)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    postal_address = models.CharField("adresse postale", max_length=300, blank=True)
    guardian_name = models.CharField("représentant légal", max_length=150, blank=True)
    guardian_email = models.EmailField("e-mail du représentant légal", blank=True)
    insurance = models.CharField("assurance responsabilité civile", max_length=200, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    refusal = models.TextField("dernier refus", blank=True)
    # The signed PDF with its evidence page, sealed by the platform (PAdES), or the scan of
    # a convention signed on paper.
    signed_pdf = models.BinaryField(null=True, blank=True, editable=False)
    sealed_at = models.DateTimeField(null=True, blank=True)
    # Signed on paper: who at the school checked the scan's signatures, and when.
    paper_checked_by = models.CharField("scan vérifié par", max_length=150, blank=True)
    paper_recorded_at = models.DateTimeField("scan enregistré le", null=True, blank=True)

    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = "convention de stage"
        verbose_name_plural = "conventions de stage"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="convention_end_after_start"
            ),
            # One live convention per placement; amendments stand beside it.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(amends__isnull=True) & ~Q(state="cancelled"),
                name="one_live_convention_per_application",
            ),
            models.UniqueConstraint(
                fields=["external"],
                condition=Q(amends__isnull=True) & ~Q(state="cancelled"),
                name="one_live_convention_per_external",
            ),
        ]

    def __str__(self):
        return f"Convention {self.pk} · {self.pupil_name}"

    @property
    def is_amendment(self) -> bool:
        return self.amends_id is not None


class Party(models.TextChoices):
    PUPIL = "pupil", "Élève"
    GUARDIAN = "guardian", "Représentant légal"
    HOST = "host", "Structure d'accueil"
    HEAD = "head", "Chef d'établissement"


class Signature(models.Model):
    """One party's signature of one convention: their link, their code, their act."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField("rôle", max_length=10, choices=Party.choices)
    name = models.CharField("nom", max_length=150)
    email = models.EmailField("e-mail")
    # A new nonce voids the links sent before (a refusal, a new sending).
    nonce = models.CharField(max_length=32)
    code_digest = models.CharField(max_length=64, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    link_sent_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_name = models.CharField(max_length=150, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "party"], name="one_signature_per_party")
        ]

    def __str__(self):
        return f"{self.convention_id} · {self.party}"


class Event(models.TextChoices):
    SENT = "sent", "Envoyée en signature"
    SIGNED = "signed", "Signée"
    REFUSED = "refused", "Refusée"
    EXPIRED = "expired", "Lien expiré utilisé"
    PAPER = "paper", "Signée sur papier (scan enregistré)"
    CANCELLED = "cancelled", "Annulée"


class Evidence(models.Model):
    """The convention's evidence trail: who did what, when, from where, on which document."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="evidence")
    event = models.CharField(max_length=10, choices=Event.choices)
    party = models.CharField(max_length=10, choices=Party.choices, blank=True)
    name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField()
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.convention_id} · {self.event} · {self.party}"
