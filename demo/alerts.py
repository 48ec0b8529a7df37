"""The demo pupil's alert: Léo saved a search for seconde offers just before the newest of
them were published, and the night since has passed: the nightly match (alerts.matching)
runs once, when the search is seeded, and defers his alert e-mail through the outbox like
any other. The worker sends it (printed on its console in development) and "Mes alertes"
shows when it went. Seeded once: a second seed finds the search and sends nothing."""

import datetime

from django.db import transaction

from alerts import matching, services
from alerts.models import SavedSearch
from offers.models import Public
from search.models import SearchEntry

ALERT_NAME = "Stages de seconde"
ALERT_QUERY = f"public={Public.SECONDE}"
NEW_OFFERS = 5  # the search was saved just before the fifth newest seconde offer


def _saved_at(saved: SavedSearch) -> datetime.datetime | None:
    """Just before the NEW_OFFERS-th newest published offer for its publics (or the oldest),
    in the read model the match reads."""
    newest = list(
        SearchEntry.objects.filter(publics__overlap=saved.publics)
        .order_by("-published_at", "-offer")
        .values_list("published_at", flat=True)[:NEW_OFFERS]
    )
    return newest[-1] - datetime.timedelta(microseconds=1) if newest else None


@transaction.atomic
def seed_alert(pupil) -> matching.RunResult | None:
    """The demo pupil's saved search and the night's match; None when already seeded."""
    if SavedSearch.objects.filter(owner=pupil, name=ALERT_NAME).exists():
        return None
    saved = services.save_search(pupil, ALERT_QUERY, ALERT_NAME)
    saved_at = _saved_at(saved)
    if saved_at is not None:
        SavedSearch.objects.filter(pk=saved.pk).update(created_at=saved_at, checked_until=saved_at)
    return matching.run()
