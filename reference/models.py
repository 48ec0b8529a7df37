"""The region's reference data: departments, communes, schools, national sectors.

Loaded from the CSV files in reference/data/ by `manage.py load_reference`.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import models


class Department(models.Model):
    code = models.CharField("code", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=60)
    prefecture = models.CharField("préfecture", max_length=60)
    academy = models.CharField("académie", max_length=60)

    class Meta:
        ordering = ["code"]
        verbose_name = "département"

    def __str__(self):
        return f"{self.name} ({self.code})"


class Commune(models.Model):
    insee = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=80)
    # Accent- and case-free form of the name, for autocomplete and lookups.
    search_name = models.CharField(max_length=80, db_index=True)
    postcodes = models.CharField("codes postaux", max_length=60)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="communes")
    latitude = models.FloatField()
    longitude = models.FloatField()
    # INSEE's population municipale: larger communes come first among suggestions.
    population = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(name="commune_search_trgm", fields=["search_name"], opclasses=["gin_trgm_ops"])
        ]

    def __str__(self):
        return f"{self.name} ({self.department_id})"

    @property
    def main_postcode(self):
        return self.postcodes.split()[0] if self.postcodes else ""


class School(models.Model):
    class Kind(models.TextChoices):
        COLLEGE = "college", "Collège"
        LYCEE = "lycee", "Lycée général et technologique"
        LYCEE_PRO = "lycee_pro", "Lycée professionnel"

    uai = models.CharField("UAI", max_length=8, primary_key=True)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="schools")

    class Meta:
        ordering = ["name"]
        verbose_name = "établissement scolaire"

    def __str__(self):
        return f"{self.name} ({self.commune.name})"


class Sector(models.Model):
    """The national sector list: its codes (s1…s51) are what the national API expects."""

    code = models.CharField("code national", max_length=4, primary_key=True)
    label = models.CharField("libellé", max_length=120)

    class Meta:
        ordering = ["label"]
        verbose_name = "secteur"

    def __str__(self):
        return self.label
