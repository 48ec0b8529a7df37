"""A transient national failure backs off with the platform's one back-off (outbox.backoff)."""

import datetime

import pytest
from django.utils import timezone

from offers.models import State
from sync_1j1s import services
from sync_1j1s.client import Transient
from sync_1j1s.models import OfferSync, Status
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("failures", "full"), [(0, 5), (1, 10), (3, 40), (9, 900), (30, 900)])
def test_a_transient_failure_waits_5s_doubling_up_to_15min_with_jitter(failures, full):
    offer = OfferFactory(state=State.PUBLISHED)
    row = OfferSync.objects.create(offer=offer, attempts=failures)  # as claimed: no lease
    before = timezone.now()

    outcome = services._back_off(row, Transient(503, "busy"), calls=1)

    assert full / 2 <= outcome.retry_in <= full
    row.refresh_from_db()
    assert row.status == Status.WAITING and row.attempts == failures + 1
    wait = row.next_attempt_at - before
    assert datetime.timedelta(seconds=full / 2) <= wait
    assert wait <= datetime.timedelta(seconds=full + 1)


def test_the_push_uses_the_outbox_back_off(monkeypatch):
    offer = OfferFactory(state=State.PUBLISHED)
    row = OfferSync.objects.create(offer=offer)
    asked = []

    def backoff(attempts, **options):
        asked.append((attempts, options))
        return datetime.timedelta(seconds=7)

    monkeypatch.setattr(services, "backoff", backoff)
    assert services._back_off(row, Transient(503, "busy"), calls=0).retry_in == 7
    assert asked == [
        (1, {"first": services.BACKOFF_FIRST, "longest": services.BACKOFF_LONGEST, "jitter": True})
    ]
