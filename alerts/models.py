"""Saved searches and the offers each one has found.

A saved search keeps the search's *cleaned* parameters (`SearchForm.cleaned_query()`), never
the raw URL, and the columns the nightly match reads in SQL (alerts/sql/match.sql), derived
from the same parameters when it is saved (`services.save_search`).
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils import timezone


class TsQueryField(models.TextField):
    """A PostgreSQL tsquery: the keyword, parsed once when the search is saved."""

    def db_type(self, connection):
        return "tsquery"


class SavedSearchQuerySet(models.QuerySet):
    def of_owner(self, user):
        """The user's own saved searches; none for anyone else (another's is a 404)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)


class SavedSearch(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    # A teacher's search for a class, shared with its pupils by a link.
    school_class = models.ForeignKey(
        "placements.SchoolClass",
        verbose_name="classe",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="saved_searches",
    )
    name = models.CharField("nom", max_length=80)
    query = models.JSONField("paramètres")  # form field name -> list of cleaned values
    summary = models.CharField("résumé", max_length=400)
    created_at = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(default=True)
    # Offers published up to this moment have been matched: the next run starts after it.
    checked_until = models.DateTimeField(default=timezone.now)

    # What the nightly match reads (alerts/sql/match.sql).
    keyword = TsQueryField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    radius_km = models.SmallIntegerField(null=True, blank=True)
    departments = ArrayField(models.CharField(max_length=3), default=list, blank=True)
    sectors = ArrayField(models.CharField(max_length=10), default=list, blank=True)
    publics = ArrayField(models.CharField(max_length=10), default=list, blank=True)
    host_types = ArrayField(models.CharField(max_length=16), default=list, blank=True)
    week = models.CharField(max_length=5, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    accessible = models.BooleanField(default=False)
    places = models.SmallIntegerField(default=1)
    # "department:sector" pairs an offer must hit ("*" for any): the GIN index finds the
    # candidates of each new offer, the other conditions then test far fewer pairs.
    match_keys = ArrayField(models.CharField(max_length=8), default=list, blank=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = "recherche enregistrée"
        verbose_name_plural = "recherches enregistrées"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="alerts_saved_owner"),
            models.Index(fields=["checked_until"], condition=Q(active=True), name="alerts_active"),
            GinIndex(fields=["match_keys"], condition=Q(active=True), name="alerts_match_keys"),
        ]

    def __str__(self):
        return self.name


class AlertMatch(models.Model):
    """An offer a saved search found: written once (unique), e-mailed once (sent_at)."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="matches")
    offer = models.ForeignKey("offers.Offer", on_delete=models.CASCADE, related_name="+")
    found_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "offre trouvée"
        verbose_name_plural = "offres trouvées"
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "offer"], name="alerts_match_once")
        ]
        indexes = [
            models.Index(fields=["saved_search"], condition=Q(sent_at=None), name="alerts_unsent")
        ]

    def __str__(self):
        return f"offer {self.offer_id} for saved search {self.saved_search_id}"
