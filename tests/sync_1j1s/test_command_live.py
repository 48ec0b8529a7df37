"""--drain and --reconcile against the sandbox."""

from django.core.management import call_command

from national_sandbox.models import SandboxOffer
from offers.models import State
from offers.services import move
from sync_1j1s.models import SyncIntent
from tests.factories import OfferFactory


def test_drain_then_reconcile_repairs_differences(sandbox, settings, capsys):
    url, settings.NATIONAL_API_URL = settings.NATIONAL_API_URL, ""
    offers = [OfferFactory(state=State.SUBMITTED) for _ in range(3)]
    for offer in offers:
        move(offer, "approve")
    settings.NATIONAL_API_URL = url
    call_command("sync_1j1s", "--drain")
    assert "3 envoi(s) traité(s)" in capsys.readouterr().out
    assert not SyncIntent.objects.pending().exists()

    # Someone changed the national side behind our back.
    SandboxOffer.objects.filter(remote_id=f"stages-bfc-{offers[1].pk}-seconde").update(
        data={"title": "autre"}
    )
    call_command("sync_1j1s", "--reconcile", "--dry-run")
    out = capsys.readouterr().out
    assert "différente : title" in out
    call_command("sync_1j1s", "--reconcile")
    call_command("sync_1j1s", "--reconcile", "--dry-run")
    assert "Aucune différence." in capsys.readouterr().out
