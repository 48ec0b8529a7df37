"""Which entries the search shows: live ones, as of today."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from search.models import SearchEntry


def today() -> datetime.date:
    return timezone.localdate()


def live_entries() -> QuerySet[SearchEntry]:
    """Published offers (one entry each) with a period that is not past and has places left."""
    return SearchEntry.objects.filter(periods_end__gte=today(), periods_max_places__gte=1)
