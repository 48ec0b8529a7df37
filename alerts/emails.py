"""The alert e-mail: one per person, listing the new offers of each of their searches, at
most one a day."""

import datetime
from itertools import groupby

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from stages_bfc.mail import list_unsubscribe, send_templated

from . import selectors, tokens
from .models import AlertMatch

# Daily at most: a run a little early the next night must still send.
MIN_INTERVAL = datetime.timedelta(hours=20)
MAX_OFFERS_LISTED = 30


def _unsubscribe_url(**kwargs) -> str:
    return settings.SITE_URL + reverse(
        "alerts:unsubscribe", args=[tokens.unsubscribe_token(**kwargs)]
    )


def send_digest(owner_id: int, now: datetime.datetime | None = None) -> bool:
    """E-mail the owner's unsent matches, then mark them sent; nothing when there are none,
    the owner has no address, or they already got one in the last 20 hours (kept for the
    next run). Returns whether an e-mail went."""
    now = now or timezone.now()
    owner = get_user_model().objects.filter(pk=owner_id, is_active=True).first()
    matches = list(selectors.unsent_matches(owner_id))
    if owner is None or not owner.email or not matches:
        return False
    last = AlertMatch.objects.filter(saved_search__owner_id=owner_id).aggregate(
        last=Max("sent_at")
    )["last"]
    if last and now - last < MIN_INTERVAL:
        return False
    listed = selectors.published(matches)
    if listed:
        searches = [
            {
                "saved": saved,
                "matches": list(group)[:MAX_OFFERS_LISTED],
                "unsubscribe_url": _unsubscribe_url(saved_search_id=saved.pk),
            }
            for saved, group in groupby(listed, key=lambda m: m.saved_search)
        ]
        every = _unsubscribe_url(owner_id=owner_id)
        send_templated(
            "alert_digest",
            [owner.email],
            {
                "searches": searches,
                "count": len(listed),
                "unsubscribe_all_url": every,
                "alerts_url": reverse("alerts:list"),
            },
            headers=list_unsubscribe(every),
        )
    # Offers unpublished meanwhile are marked too: never sent later.
    AlertMatch.objects.filter(pk__in=[m.pk for m in matches]).update(sent_at=now)
    return bool(listed)
