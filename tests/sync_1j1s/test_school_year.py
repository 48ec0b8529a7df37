"""A seconde offer of a later school year waits for 1 July, then goes (frozen clock)."""

import datetime
import html

from django.core.management import call_command
from django.urls import reverse
from freezegun import freeze_time

from national_sandbox.models import SandboxCall, SandboxOffer
from offers.models import State
from offers.services import move
from reference.periods import seconde_period
from sync_1j1s import services
from sync_1j1s.models import OfferSync, Status, SyncIntent
from tests.factories import EmployerFactory, ModeratorFactory, OfferFactory
from tests.sessions import log_in


def _page(client, user, url):
    log_in(client, user)
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_seconde_offer_of_2028_waits_on_30_june_2027_and_goes_on_1_july(sandbox, client, capsys):
    period = seconde_period(2028)
    employer = EmployerFactory()
    # 10:00 UTC is noon in Paris; tick: the clock runs on from there (tokens, leases).
    with freeze_time("2027-06-30 10:00:00", tick=True) as frozen:
        offer = OfferFactory(
            organisation=employer.membership.organisation,
            state=State.SUBMITTED,
            periods=[(period.start, period.end, 2)],
        )
        move(offer, "approve")
        row = OfferSync.objects.get(pk=offer.pk)
        assert row.status == Status.HELD
        assert row.held_until == datetime.date(2027, 7, 1)
        assert "sera envoyée le 1er juillet 2027" in row.message
        assert not SandboxCall.objects.filter(method="POST").exists()  # no WRONG_PARAMS
        assert not SyncIntent.objects.pending().exists()  # held, not retried in a loop

        page = _page(client, employer, reverse("offers:manage", args=[offer.pk]))
        assert "En attente de son année scolaire" in page
        assert "sera envoyée le 1er juillet 2027" in page
        staff = _page(client, ModeratorFactory(), reverse("sync_1j1s:dashboard"))
        assert "En attente de leur année scolaire (1)" in staff
        assert "sera envoyée le 1er juillet 2027" in staff
        call_command("sync_1j1s", "--status")
        assert "la première sera envoyée le 1er juillet 2027" in capsys.readouterr().out

        assert services.release_held() == 0  # still 30 June in Paris
        frozen.move_to("2027-06-30 21:59:00")  # 23:59 in Paris
        assert services.release_held() == 0
        frozen.move_to("2027-06-30 22:01:00")  # 00:01 on 1 July in Paris: the beat's hour
        assert services.release_held() == 1  # queued, pushed on commit (eager Celery)

        national = SandboxOffer.objects.get()
        assert national.published_at is not None and national.discarded_at is None
        assert national.data["weeks"] == ["2028-W25", "2028-W26"]
        row.refresh_from_db()
        assert row.status == Status.ONLINE and row.held_until is None
        assert services.release_held() == 0  # once


def test_a_track_that_becomes_held_while_online_is_unpublished(sandbox):
    with freeze_time("2027-03-01 10:00:00", tick=True):
        this_year = seconde_period(2027)
        offer = OfferFactory(state=State.SUBMITTED, periods=[(this_year.start, this_year.end, 2)])
        move(offer, "approve")
        assert SandboxOffer.objects.get().published_at is not None
        later = seconde_period(2028)
        offer.periods.update(start=later.start, end=later.end)
        services.retry([offer.pk])
        assert SandboxOffer.objects.get().published_at is None
        assert OfferSync.objects.get(pk=offer.pk).status == Status.HELD
