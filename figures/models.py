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


class PupilCell(models.Model):
    """Pupils of the school year's classes by their school and what `placements.coverage`
    says of them. `missing_weeks`: the seconde weeks (Mondays, ISO, comma-separated) they
    still lack. Gender and the need of an accessible place are the pupil's optional answers
    ("" and null when unanswered)."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="pupils")
    department = models.CharField(max_length=3)
    academy = models.CharField(max_length=60)
    school = models.CharField(max_length=8)
    school_kind = models.CharField(max_length=10)
    level = models.CharField(max_length=12)
    status = models.CharField(max_length=8)
    missing_weeks = models.CharField(max_length=40, blank=True)
    gender = models.CharField(max_length=8, blank=True)
    needs_accessible_place = models.BooleanField(null=True)
    pupils = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.school} · {self.level} · {self.status} · {self.pupils}"


class PlacementCell(models.Model):
    """Confirmed placements of the school year made through the platform, by the offer's
    sector, place and host, and the pupil's school, level and optional answers.
    `distance_km`: from the school's commune to the offer's, as the crow flies, rounded."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="placements")
    sector = models.CharField(max_length=4)
    offer_department = models.CharField(max_length=3)
    host_type = models.CharField(max_length=16)
    offer_accessible = models.BooleanField()
    department = models.CharField(max_length=3)
    academy = models.CharField(max_length=60)
    school_kind = models.CharField(max_length=10)
    level = models.CharField(max_length=12)
    gender = models.CharField(max_length=8, blank=True)
    needs_accessible_place = models.BooleanField(null=True)
    distance_km = models.PositiveIntegerField()
    placements = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.sector} · {self.level} · {self.placements}"


class CoverageDay(models.Model):
    """The coverage counts of one day, kept across snapshots: how they move as June nears."""

    school_year = models.PositiveSmallIntegerField()
    day = models.DateField()
    department = models.CharField(max_length=3)
    academy = models.CharField(max_length=60)
    school_kind = models.CharField(max_length=10)
    level = models.CharField(max_length=12)
    status = models.CharField(max_length=8)
    pupils = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["school_year", "day"])]

    def __str__(self):
        return f"{self.day} · {self.department} · {self.status} · {self.pupils}"
