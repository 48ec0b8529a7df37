"""Employers: the applications to their organisation's offers, and their answers.

Offers come from `Offer.objects.of_organisation_member`, applications from
`Application.objects.of_organisation_member`: another organisation's are a 404. Employers
see only the pupil's first name, initial, class, school and motivation.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from offers.models import Offer
from offers.selectors import places_left, with_places_taken
from organisations.permissions import organisation_member_required

from .. import selectors, services
from ..forms import CancelForm, MessageForm
from ..models import Application

EMPLOYER_ACTIONS = {
    "accept": "Candidature acceptée : l'élève doit maintenant confirmer.",
    "decline": "Candidature refusée : l'élève est prévenu(e).",
    "cancel": "Stage annulé : l'élève et ses enseignants sont prévenus.",
}


@organisation_member_required
@require_GET
def offer_applications(request, pk):
    offer = get_object_or_404(
        Offer.objects.of_organisation_member(request.user).select_related("commune"), pk=pk
    )
    periods = [(p, places_left(p)) for p in with_places_taken(offer.periods.all())]
    return render(
        request,
        "placements/employer/applications.html",
        {
            "offer": offer,
            "periods": periods,
            "applications": selectors.offer_applications(offer),
            "message_form": MessageForm(),
            "cancel_form": CancelForm(),
        },
    )


@organisation_member_required
@require_POST
def employer_action(request, pk, action):
    if action not in EMPLOYER_ACTIONS:
        raise Http404
    application = get_object_or_404(Application.objects.of_organisation_member(request.user), pk=pk)
    try:
        if action == "cancel":
            services.cancel_from_form(application, request.user, request.POST)
        else:
            form = MessageForm(request.POST)
            if not form.is_valid():
                raise services.ApplicationError("Le message dépasse 1 000 caractères.")
            getattr(services, action)(application, request.user, form.cleaned_data["message"])
    except services.ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, EMPLOYER_ACTIONS[action])
    return redirect("placements:offer_applications", pk=application.offer_id)
