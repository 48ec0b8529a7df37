"""Withdrawing an offer: final, so asked on a page of its own (a plain form, no JavaScript)
that says what it does to the pupils who applied before the host confirms it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django_fsm import can_proceed

from organisations.permissions import organisation_member_required

from .. import services
from ..models import Offer
from ..places import applications_by_kind


@organisation_member_required
@require_http_methods(["GET", "POST"])
def offer_withdraw(request, pk):
    offer = get_object_or_404(Offer.objects.of_organisation_member(request.user), pk=pk)
    if not can_proceed(offer.withdraw):
        messages.error(
            request,
            f"Une offre « {offer.get_state_display().lower()} » ne peut pas être retirée.",
        )
        return redirect("offers:manage", pk=offer.pk)
    if request.method == "POST":
        try:
            services.move(offer, "withdraw", actor=request.user)
        except services.TransitionNotAllowed:
            messages.error(
                request,
                f"Action impossible : l'offre est « {offer.get_state_display().lower()} ».",
            )
        else:
            messages.success(request, "L'offre est retirée : elle n'est plus visible.")
        return redirect("offers:manage", pk=offer.pk)
    return render(
        request,
        "offers/employer/withdraw.html",
        {"offer": offer, "counts": applications_by_kind(offer)},
    )
