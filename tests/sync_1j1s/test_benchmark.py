"""Benchmarks (issue 5 §11), opt-in: SYNC_BENCH=1 (they take about two minutes).

- sustained push rate against a sandbox limited to 100 calls a minute, with the client at
  NATIONAL_API_RATE_PER_MIN=100 and two worker processes: target ≥ 95 calls a minute and no
  429 after the first minute;
- approval → online nationally with an idle queue, through the broker and a real worker:
  target < 5 s.
Figures in docs/performance.md.
"""

import datetime
import os
import time

import pytest
from django.utils import timezone

from national_sandbox.models import SandboxCall, SandboxOffer
from offers.models import State
from offers.services import move
from sync_1j1s.models import SyncIntent
from tests.factories import OfferFactory
from tests.sync_1j1s.test_faults import _env, _start_workers, _stop, _use_broker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("SYNC_BENCH"), reason="benchmark: set SYNC_BENCH=1"),
]


@pytest.fixture
def limited(sandbox, settings):
    from django.core.management import call_command

    sandbox.config.rate_limit = 100
    sandbox.config.window_seconds = 60
    sandbox.config.save()
    settings.NATIONAL_API_RATE_PER_MIN = 100
    call_command("createcachetable", verbosity=0)
    return sandbox


def test_sustained_rate_and_idle_latency(limited, settings, tmp_path):
    env = _env(settings, tmp_path)
    env["SYNC_TEST_WINDOW"] = "60"
    _use_broker(env)
    workers = _start_workers(env)
    try:
        time.sleep(3)  # workers up
        # Idle latency: one approval at a time, through the broker and a worker.
        latencies = []
        for _ in range(5):
            offer = OfferFactory(state=State.SUBMITTED)
            started = time.perf_counter()
            move(offer, "approve")
            while not SandboxOffer.objects.filter(
                remote_id=f"stages-bfc-{offer.pk}-seconde"
            ).exists():
                time.sleep(0.02)
            latencies.append(time.perf_counter() - started)
            time.sleep(0.5)
        SandboxCall.objects.all().delete()
        time.sleep(61)  # let the limiter's window empty

        size = int(os.environ.get("SYNC_BENCH_OFFERS", "300"))
        offers = [OfferFactory(state=State.SUBMITTED) for _ in range(size)]
        started_at = timezone.now()
        started = time.perf_counter()
        for offer in offers:
            move(offer, "approve")
        while SyncIntent.objects.pending().exists() and time.perf_counter() - started < size * 2:
            time.sleep(0.5)
        elapsed = time.perf_counter() - started
    finally:
        _stop(workers)
    calls = SandboxCall.objects.filter(at__gte=started_at)
    accepted = list(calls.exclude(status=429).order_by("at").values_list("at", flat=True))
    late_429 = calls.filter(status=429, at__gte=started_at + datetime.timedelta(seconds=60)).count()
    # Steady rate: the limiter lets a first minute's worth through at once, then paces;
    # count what came after that first minute's calls, over the time it took.
    first, last = accepted[0], accepted[-1]
    after = [at for at in accepted if at >= first + datetime.timedelta(seconds=60)]
    rate = len(after) / (last - first).total_seconds() * 60 if after else 0
    busiest = max(
        sum(1 for other in accepted if at <= other < at + datetime.timedelta(seconds=60))
        for at in accepted
    )
    print(
        f"\nidle approval → online: {', '.join(f'{s:.2f}' for s in latencies)} s "
        f"(max {max(latencies):.2f} s)\n{size} offers: {len(accepted)} calls in {elapsed:.0f} s; "
        f"steady rate {rate:.1f} calls/min; busiest 60 s: {busiest} calls; "
        f"429 after the first minute: {late_429}"
    )
    assert max(latencies) < 5
    assert rate >= 95
    assert busiest <= 100
    assert late_429 == 0
