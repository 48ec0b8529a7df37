"""Reports of published offers by anyone, and how the Region's moderators handled them.

No IP address or e-mail of an anonymous reporter is kept: the rate limiter only counts
submissions in the cache, for an hour.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

DETAILS_MAX_LENGTH = 2000


class Reason(models.TextChoices):
    INAPPROPRIATE = "inappropriate", "Contenu inapproprié"
    FRAUD = "fraud", "Offre frauduleuse ou trompeuse"
    WRONG_INFORMATION = "wrong_information", "Informations erronées"
    FILLED = "filled", "Offre déjà pourvue"
    DISCRIMINATION = "discrimination", "Discrimination"
    OTHER = "other", "Autre"


class Outcome(models.TextChoices):
    DISMISSED = "dismissed", "Classé sans suite"
    UNPUBLISHED = "unpublished", "Offre retirée du site"


class OfferReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(handled_at__isnull=True)


class OfferReport(models.Model):
    offer = models.ForeignKey(
        "offers.Offer", on_delete=models.CASCADE, related_name="reports", verbose_name="offre"
    )
    reason = models.CharField("motif", max_length=30, choices=Reason.choices)
    details = models.TextField("précisions", max_length=DETAILS_MAX_LENGTH, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur du signalement",
    )
    created_at = models.DateTimeField("signalé le", default=timezone.now)
    handled_at = models.DateTimeField("traité le", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="traité par",
    )
    outcome = models.CharField("suite donnée", max_length=20, choices=Outcome.choices, blank=True)
    note = models.TextField(
        "note de la modération", blank=True, help_text="Note interne ou message à la structure."
    )

    objects = OfferReportQuerySet.as_manager()

    class Meta:
        verbose_name = "signalement"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["offer", "created_at"],
                condition=models.Q(handled_at__isnull=True),
                name="offerreport_open_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=Reason.OTHER, details=""),
                name="offerreport_other_has_details",
            ),
            models.CheckConstraint(
                condition=models.Q(handled_at__isnull=True, outcome="")
                | models.Q(handled_at__isnull=False, outcome__in=Outcome.values),
                name="offerreport_handled_has_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} – offre n° {self.offer_id}"

    @property
    def is_open(self):
        return self.handled_at is None
