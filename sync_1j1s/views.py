"""Region staff's page of the national push (queue, failures, retry), and the 1j1s feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import moderator_required

from . import feed, selectors, services
from .models import OfferSync


@moderator_required
@require_GET
def dashboard(request):
    return render(
        request,
        "sync_1j1s/dashboard.html",
        {
            "figures": selectors.queue_figures(),
            "failures": selectors.failures()[:200],
            "backing_off": selectors.backing_off()[:50],
            "alarm": services.open_alarm(),
            "held": selectors.held()[:200],
        },
    )


@moderator_required
@require_POST
def retry(request, pk):
    row = get_object_or_404(OfferSync, pk=pk)
    services.retry([row.pk])
    messages.success(request, f"L'offre n° {row.pk} repart vers la plateforme nationale.")
    return redirect("sync_1j1s:dashboard")


@moderator_required
@require_POST
def retry_all(request):
    count = services.retry_all()
    messages.success(request, f"{count} offre(s) repartent vers la plateforme nationale.")
    return redirect("sync_1j1s:dashboard")


@moderator_required
@require_POST
def clear_alarm(request):
    count = services.clear_alarm()
    messages.success(
        request,
        f"Alarme fermée : {count} offre(s) en attente repartent vers la plateforme nationale. "
        "Si le compte est toujours refusé, l'alarme se rouvrira au premier envoi.",
    )
    return redirect("sync_1j1s:dashboard")


@login_not_required
@require_GET
def stage_feed(request):
    """The full snapshot of our non-collège, non-seconde offers for 1 jeune 1 solution."""
    return feed.response(request)
