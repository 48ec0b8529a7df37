"""Filters of the moderation queue (django-filter)."""

import django_filters

from reference.models import Department, Sector

from .models import Offer


class ModerationQueueFilter(django_filters.FilterSet):
    department = django_filters.ModelChoiceFilter(
        field_name="commune__department",
        queryset=Department.objects.all(),
        label="Département",
        empty_label="Tous les départements",
    )
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(),
        label="Secteur",
        empty_label="Tous les secteurs",
    )

    class Meta:
        model = Offer
        fields = ["department", "sector"]
