"""The map's read: the matching entries counted per commune, with where the commune is."""

from django.db.models import Count, F, QuerySet


def per_commune(entries: QuerySet) -> list[dict]:
    """One row per commune with offers among `entries` (a search's matches): its INSEE code,
    name, department, latitude, longitude and count; the most offers first. One query."""
    return list(
        entries.order_by()
        .values(
            insee=F("commune_id"),
            name=F("commune__name"),
            latitude=F("commune__latitude"),
            longitude=F("commune__longitude"),
            department_code=F("department"),
        )
        .annotate(offers=Count("pk"))
        .order_by("-offers", "name")
    )
