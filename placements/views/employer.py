"""Employers: the applications to their organisation's offers, and their answers.

Offers come from `Offer.objects.of_organisation_member`, applications from
`Application.objects.of_organisation_member`: another organisation's are a 404. Employers
see only the pupil's first name, initial, class, school and motivation.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from offers.models import Offer
from offers.selectors import places_left, with_places_taken
from organisations.permissions import organisation_member_required

from .. import annotations, selectors, services
from .. import inbox as inbox_selectors
from ..forms import CancelForm, DeclineForm, InboxFilterForm, MessageForm
from ..models import Application, AppState

EMPLOYER_ACTIONS = {
    "accept": "Candidature acceptée : l'élève doit maintenant confirmer.",
    "decline": "Candidature refusée : l'élève est prévenu(e).",
    "cancel": "Stage annulé : l'élève et ses enseignants sont prévenus.",
}


@organisation_member_required
@require_GET
def inbox(request):
    """Every application to the organisation's offers, waiting first and oldest first."""
    user = request.user
    form = InboxFilterForm(
        request.GET or None,
        offers=inbox_selectors.offer_choices(user),
        periods=inbox_selectors.period_choices(user),
        states=AppState.choices,
    )
    queryset = inbox_selectors.applications(user, **form.filters())
    page = Paginator(queryset, inbox_selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for application in page:
        application.waiting = inbox_selectors.waiting(application, today)
    annotations.application_cells(user, page.object_list)
    return render(
        request,
        "placements/employer/inbox.html",
        {
            "filter_form": form,
            "page_obj": page,
            "applications": page.object_list,
            "waiting_count": inbox_selectors.waiting_count(user),
            "back": request.get_full_path(),
            "message_form": MessageForm(),
            "decline_form": DeclineForm(),
            "cancel_form": CancelForm(),
        },
    )


@organisation_member_required
@require_GET
def offer_applications(request, pk):
    offer = get_object_or_404(
        Offer.objects.of_organisation_member(request.user).select_related("commune"), pk=pk
    )
    periods = [(p, places_left(p)) for p in with_places_taken(offer.periods.all())]
    applications = selectors.offer_applications(offer)
    today = timezone.localdate()
    for application in applications:
        application.waiting = inbox_selectors.waiting(application, today)
    annotations.application_cells(request.user, applications)
    return render(
        request,
        "placements/employer/applications.html",
        {
            "offer": offer,
            "periods": periods,
            "applications": applications,
            "message_form": MessageForm(),
            "decline_form": DeclineForm(),
            "cancel_form": CancelForm(),
            "back": request.get_full_path(),
        },
    )


def _back(request, application):
    """Where the answer came from: the inbox (with its filters) or the offer's page."""
    back = request.POST.get("suivant", "")
    if back.startswith(reverse("placements:inbox")) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return back
    return reverse("placements:offer_applications", args=[application.offer_id])


@organisation_member_required
@require_POST
def employer_action(request, pk, action):
    if action not in EMPLOYER_ACTIONS:
        raise Http404
    application = get_object_or_404(
        Application.objects.of_organisation_member(request.user).select_related("pupil", "offer"),
        pk=pk,
    )
    try:
        if action == "cancel":
            services.cancel_from_form(application, request.user, request.POST)
        elif application.state != AppState.SUBMITTED:
            # Said before any form error: nothing the host types could change it.
            raise services.ApplicationError(services.REFUSALS[action])
        elif action == "decline":
            form = DeclineForm(request.POST)
            if not form.is_valid():
                # Shown again with what was typed, rather than lost in a redirect.
                return render(
                    request,
                    "placements/employer/decline.html",
                    {"application": application, "form": form, "back": _back(request, application)},
                )
            services.decline(
                application,
                request.user,
                form.cleaned_data["message"],
                reason=form.cleaned_data["reason"],
            )
        else:
            form = MessageForm(request.POST)
            if not form.is_valid():
                raise services.ApplicationError("Le message dépasse 1 000 caractères.")
            services.accept(application, request.user, form.cleaned_data["message"])
    except services.ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, EMPLOYER_ACTIONS[action])
    return redirect(_back(request, application))
