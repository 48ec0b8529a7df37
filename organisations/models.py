import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from stages_bfc.revisions import Revision, RevisionStatus

from .validators import validate_siret


class RegisterStatus(models.TextChoices):
    """What the company register said of the SIRET (organisations/checks.py)."""

    PENDING = "pending", "À vérifier"
    VERIFIED = "verified", "Vérifiée"
    CLOSED = "closed", "Établissement fermé"
    UNKNOWN = "unknown", "Inconnue du répertoire"


class Organisation(models.Model):
    """A host: company, association, administration, public body or local authority."""

    class HostType(models.TextChoices):
        COMPANY = "company", "Entreprise"
        ASSOCIATION = "association", "Association"
        STATE = "state", "Administration de l'État"
        PUBLIC_BODY = "public_body", "Établissement public"
        LOCAL_AUTHORITY = "local_authority", "Collectivité territoriale"

    PUBLIC_HOST_TYPES = (HostType.STATE, HostType.PUBLIC_BODY, HostType.LOCAL_AUTHORITY)

    name = models.CharField("nom", max_length=150)
    siret = models.CharField("SIRET", max_length=14, unique=True, validators=[validate_siret])
    host_type = models.CharField("type de structure", max_length=16, choices=HostType.choices)
    street = models.CharField("adresse", max_length=250)
    commune = models.ForeignKey(
        "reference.Commune", verbose_name="commune", on_delete=models.PROTECT
    )
    description = models.TextField("présentation", max_length=1000, blank=True)
    website = models.URLField("site internet", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The company register's word on the SIRET: "à vérifier" until it answers (it may be
    # down at sign-up); beat asks again (organisations.checks.recheck_due).
    register_status = models.CharField(
        "répertoire des entreprises",
        max_length=8,
        choices=RegisterStatus.choices,
        default=RegisterStatus.PENDING,
    )
    register_checked_at = models.DateTimeField("vérifiée le", null=True, blank=True)
    register_next_check = models.DateTimeField(null=True, blank=True)
    register_failures = models.PositiveSmallIntegerField(default=0)
    legal_category = models.CharField("catégorie juridique", max_length=4, blank=True)
    activity_code = models.CharField("code APE", max_length=6, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["register_status", "register_next_check"], name="org_register_due")
        ]
        verbose_name = "structure d'accueil"
        verbose_name_plural = "structures d'accueil"

    def __str__(self):
        return self.name

    @property
    def is_public(self):
        return self.host_type in self.PUBLIC_HOST_TYPES

    @property
    def texts_moderated(self) -> bool:
        """Until its first offer goes to moderation, nobody but its members has read its
        texts: they change freely, and the moderator reviews them with that offer. From then
        on they change only through a moderated revision, so that what a moderator read on
        the offer is what gets published (and stays so)."""
        return self.offers.filter(
            Q(submitted_at__isnull=False) | Q(published_at__isnull=False)
        ).exists()


class OrganisationRevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=RevisionStatus.PENDING)

    def for_moderator(self, user):
        return self.all() if user.is_moderator else self.none()


class OrganisationRevision(Revision):
    """What members proposed for their organisation's public texts (`stages_bfc.revisions`)."""

    SUBJECT = "organisation"
    MODERATED_FIELDS = ("name", "description", "website")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="revisions"
    )

    objects = OrganisationRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = "modification de structure"
        verbose_name_plural = "modifications de structures"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status=RevisionStatus.PENDING),
                name="one_pending_revision_per_organisation",
            )
        ]


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(user__is_active=True)


class EmailRhythm(models.TextChoices):
    """How often a member hears of new applications (placements.notices). The reminder of
    applications waiting for 7 days goes to every member whatever their choice: an
    unanswered application lapses a week later."""

    EACH = "each", "Un e-mail à chaque candidature"
    DAILY = "daily", "Un récapitulatif par jour, s'il y a du nouveau"
    NONE = "none", "Aucun e-mail (je consulte les candidatures sur le site)"


class Membership(models.Model):
    """An employer account belongs to exactly one organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    email_rhythm = models.CharField(
        "e-mails des nouvelles candidatures",
        max_length=8,
        choices=EmailRhythm.choices,
        default=EmailRhythm.EACH,
    )
    # The daily digest covers the applications received since then.
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "membre"

    def __str__(self):
        return f"{self.user} · {self.organisation}"


def _new_token():
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Not accepted, expired or not (the unique constraint counts them all)."""
        return self.filter(accepted_at__isnull=True)

    def valid(self):
        """Not accepted and not expired: the link still works."""
        return self.pending().filter(created_at__gte=timezone.now() - Invitation.VALIDITY)


class Invitation(models.Model):
    VALIDITY = datetime.timedelta(days=14)  # from its sending (or its renewal)

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("adresse e-mail")
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True),
                name="one_pending_invitation_per_email",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def expires_at(self):
        return self.created_at + self.VALIDITY

    @property
    def is_expired(self):
        return self.expires_at < timezone.now()
