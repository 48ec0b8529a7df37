"""The figures, computed ahead: one snapshot per refresh, its cells counted by every dimension
the dashboard filters and cuts by, so a page reads a few small tables whatever its filters.

Snapshots are rebuilt by `figures.services.refresh` (a beat task, every
FIGURES_REFRESH_MINUTES; the page says how fresh they are). Cells hold counts only: no pupil,
offer or person is named in these tables.
"""

from django.db import models


class Snapshot(models.Model):
    school_year = models.PositiveSmallIntegerField("année scolaire")
    computed_at = models.DateTimeField("calculé le")
    seconds = models.FloatField("durée du calcul (s)", default=0)
    # Moderation: offers waiting now, and decisions of the school year.
    waiting_moderation = models.PositiveIntegerField(default=0)
    decisions = models.PositiveIntegerField(default=0)
    median_decision_hours = models.FloatField(null=True)
    # The national push: {status label: offers}, from sync_1j1s.selectors.
    national = models.JSONField(default=dict)

    class Meta:
        verbose_name = "calcul des chiffres"
        verbose_name_plural = "calculs des chiffres"
        get_latest_by = "computed_at"
        indexes = [models.Index(fields=["school_year", "-computed_at"])]

    def __str__(self):
        return f"{self.school_year} · {self.computed_at:%Y-%m-%d %H:%M}"


class SupplyCell(models.Model):
    """Published (or full) offers with a period in the school year. A row with `week` null
    counts each offer once; a row with a week (its Monday) counts the periods meeting it."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="supply")
    week = models.DateField(null=True)
    department = models.CharField(max_length=3)
    academy = models.CharField(max_length=60)
    sector = models.CharField(max_length=4)
    host_type = models.CharField(max_length=16)
    publics = models.CharField(max_length=80)  # the offer's publics, sorted, comma-separated
    accessible = models.BooleanField()
    offers = models.PositiveIntegerField()
    places = models.PositiveIntegerField()
    places_left = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.week or 'année'} · {self.department} · {self.offers}"
