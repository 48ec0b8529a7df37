"""Reads of alerts: a person's saved searches, a shared one, the unsent matches."""

from django.db.models import Count, Max, Q

from offers.models import State

from .models import AlertMatch, SavedSearch


def saved_searches_of(user):
    return (
        SavedSearch.objects.of_owner(user)
        .select_related("school_class")
        .annotate(
            found=Count("matches"),
            waiting=Count("matches", filter=Q(matches__sent_at=None)),
            last_sent=Max("matches__sent_at"),
        )
    )


def shared(saved_search_id: int) -> SavedSearch | None:
    """A class's saved search, by its shared link; only class searches are shared."""
    return (
        SavedSearch.objects.filter(pk=saved_search_id, school_class__isnull=False)
        .select_related("school_class__school")
        .first()
    )


def unsent_matches(owner_id: int):
    """The matches an owner's next e-mail lists: active searches, offers still published."""
    return (
        AlertMatch.objects.filter(
            saved_search__owner_id=owner_id,
            saved_search__active=True,
            sent_at=None,
        )
        .select_related("saved_search", "offer__organisation", "offer__commune")
        .order_by("saved_search__created_at", "saved_search_id", "-offer__published_at")
    )


def published(matches) -> list[AlertMatch]:
    return [m for m in matches if m.offer.state == State.PUBLISHED] if matches else []
