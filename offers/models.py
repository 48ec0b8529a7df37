"""An offer of internship, its periods and its audit trail.

The state machine lives on `Offer` (django-fsm-2 transitions that refuse impossible moves);
`offers.services` wraps each move with the audit row and the after-commit side effects.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from stages_bfc.revisions import Revision, RevisionStatus


class Public(models.TextChoices):
    QUATRIEME = "4e", "Collégiens de 4e"
    TROISIEME = "3e", "Collégiens de 3e"
    SECONDE = "seconde", "Seconde générale et technologique"
    LYCEE_PRO = "lycee_pro", "Lycée professionnel"
    POST_BAC = "post_bac", "Étudiant post-bac"
    APPRENTI = "apprenti", "Apprenti"
    ADULTE = "adulte", "Adulte en reconversion"


class State(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "En attente de modération"
    CHANGES_REQUESTED = "changes_requested", "Modifications demandées"
    REJECTED = "rejected", "Refusée"
    PUBLISHED = "published", "Publiée"
    FILLED = "filled", "Complète"
    WITHDRAWN = "withdrawn", "Retirée"
    EXPIRED = "expired", "Expirée"
    ARCHIVED = "archived", "Archivée"


# A submitted offer can be edited too: it keeps its place in the moderation queue.
EDITABLE_STATES = [
    State.DRAFT,
    State.SUBMITTED,
    State.CHANGES_REQUESTED,
    State.REJECTED,
    State.PUBLISHED,
]
# Offers the public reads as approved: a change of their texts waits in an OfferRevision.
LIVE_STATES = [State.PUBLISHED]
OFFLINE_STATES = [State.FILLED, State.WITHDRAWN, State.EXPIRED]
MAX_PLACES = 35


class OfferQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=State.PUBLISHED)

    def of_organisation_member(self, user):
        """Offers of the user's organisation; none for anyone else."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__memberships__user=user)

    def for_moderator(self, user):
        if not (user.is_authenticated and user.is_moderator):
            return self.none()
        return self.all()


class Offer(FSMModelMixin, models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="offers"
    )
    title = models.CharField("intitulé", max_length=150)
    description = models.TextField(
        "ce que l'élève verra et fera",
        max_length=3000,
        help_text="Décrivez les métiers, les activités proposées et le déroulé d'une journée.",
    )
    sector = models.ForeignKey("reference.Sector", verbose_name="secteur", on_delete=models.PROTECT)
    publics = ArrayField(
        models.CharField(max_length=10, choices=Public.choices), verbose_name="publics"
    )
    street = models.CharField("adresse du lieu de stage", max_length=250)
    commune = models.ForeignKey(
        "reference.Commune", verbose_name="commune", on_delete=models.PROTECT, related_name="+"
    )
    hours_start = models.TimeField("début de journée", null=True, blank=True)
    hours_end = models.TimeField("fin de journée", null=True, blank=True)
    lunch_break = models.CharField("pause déjeuner", max_length=150, blank=True)
    accessible = models.BooleanField(
        "accessible aux élèves en situation de handicap", default=False
    )
    # Set by Region staff: the offer is aimed at pupils of priority-education schools (REP)
    # or priority city districts (QPV). See docs/sync.md for what the national push sends.
    priority_rep = models.BooleanField("réservée en priorité aux élèves de REP", default=False)
    priority_qpv = models.BooleanField("réservée en priorité aux élèves des QPV", default=False)
    accessibility_details = models.TextField(
        "précisions sur l'accessibilité", max_length=1000, blank=True
    )
    transport = models.TextField("venir en transports en commun", max_length=1000, blank=True)
    tutor_name = models.CharField("nom du tuteur ou de la tutrice", max_length=150)
    tutor_email = models.EmailField("e-mail du tuteur ou de la tutrice")
    tutor_phone = models.CharField(
        "téléphone du tuteur ou de la tutrice", max_length=20, blank=True
    )

    state = FSMField("état", default=State.DRAFT, choices=State.choices, protected=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    duplicated_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = "offre"
        indexes = [
            models.Index(fields=["state", "submitted_at"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("offers:detail", args=[self.pk])

    # --- transitions: each checks the source state; services add audit and e-mails ---

    @transition(
        field=state,
        source=[State.DRAFT, State.CHANGES_REQUESTED, State.REJECTED],
        target=State.SUBMITTED,
    )
    def submit(self):
        self.submitted_at = timezone.now()

    @transition(field=state, source=State.PUBLISHED, target=State.SUBMITTED)
    def resubmit_after_edit(self):
        """A published offer that was edited goes back to moderation, offline meanwhile."""
        self.submitted_at = timezone.now()

    @transition(field=state, source=State.SUBMITTED, target=State.PUBLISHED)
    def approve(self):
        self.published_at = timezone.now()

    @transition(field=state, source=State.SUBMITTED, target=State.REJECTED)
    def reject(self):
        pass

    @transition(field=state, source=State.SUBMITTED, target=State.CHANGES_REQUESTED)
    def request_changes(self):
        pass

    @transition(field=state, source=State.PUBLISHED, target=State.CHANGES_REQUESTED)
    def unpublish_after_report(self):
        """Reported and found wanting: offline until the employer fixes and resubmits it."""

    @transition(field=state, source=State.PUBLISHED, target=State.FILLED)
    def mark_filled(self):
        pass

    @transition(field=state, source=State.FILLED, target=State.PUBLISHED)
    def reopen(self):
        """A place was freed (a placement cancelled): the offer is back online."""
        self.published_at = timezone.now()

    @transition(
        field=state, source=[State.PUBLISHED, State.FILLED, State.SUBMITTED], target=State.WITHDRAWN
    )
    def withdraw(self):
        pass

    @transition(field=state, source=[State.PUBLISHED, State.FILLED], target=State.EXPIRED)
    def expire(self):
        pass

    @transition(
        field=state,
        source=[
            State.DRAFT,
            State.REJECTED,
            State.WITHDRAWN,
            State.EXPIRED,
            State.FILLED,
            State.CHANGES_REQUESTED,
        ],
        target=State.ARCHIVED,
    )
    def archive(self):
        pass


class OfferPeriod(models.Model):
    """A date range and how many pupils the host takes during it."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="periods")
    start = models.DateField("du")
    end = models.DateField("au")
    places = models.PositiveSmallIntegerField("places")

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="period_end_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(places__gte=1, places__lte=MAX_PLACES),
                name="period_places_range",
            ),
        ]

    def __str__(self):
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y} ({self.places} places)"


class OfferTransition(models.Model):
    """Audit trail: who moved which offer from what to what, when, and why."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source = models.CharField(max_length=20, choices=State.choices)
    target = models.CharField(max_length=20, choices=State.choices)
    message = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.offer_id}: {self.source} → {self.target}"


class OfferRevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=RevisionStatus.PENDING)

    def for_moderator(self, user):
        return self.all() if user.is_authenticated and user.is_moderator else self.none()


class OfferRevision(Revision):
    """What members proposed for a published offer's texts (`stages_bfc.revisions`): the
    offer stays online as approved until a moderator decides. Places, periods, hours,
    publics and the tutor's contact are not read as text by pupils: they apply at once."""

    SUBJECT = "offer"
    MODERATED_FIELDS = (
        "title",
        "description",
        "sector_id",
        "street",
        "commune_id",
        "transport",
        "accessible",
        "accessibility_details",
        "lunch_break",
    )

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="revisions")

    objects = OfferRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = "modification d'offre"
        verbose_name_plural = "modifications d'offres"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer"],
                condition=models.Q(status=RevisionStatus.PENDING),
                name="one_pending_revision_per_offer",
            )
        ]
