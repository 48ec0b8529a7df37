"""Public views (no login)."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render

from .. import selectors
from ..models import OFFLINE_STATES, State


@login_not_required
def offer_detail(request, pk):
    """The offer's permalink, stable for its whole life (it is pushed to the national platform).

    - published: the offer, to everyone;
    - filled, withdrawn, expired: 410 Gone with a French "no longer open" page, not a 404,
      because the link may still be cached by the national platform, search engines or shared
      by a teacher; 410 tells crawlers to drop it. A filled offer that reopens answers 200
      again at the same URL;
    - any other state: 404 to the public;
    - members of the offer's organisation and moderators see the offer in every state, with a
      "preview" banner when it is not published.
    """
    offer = get_object_or_404(selectors.offer_page_queryset(request.user), pk=pk)
    preview = offer.state != State.PUBLISHED and selectors.may_preview(request.user, offer)
    if offer.state in OFFLINE_STATES and not preview:
        return render(request, "offers/public/offer_closed.html", {"offer": offer}, status=410)
    return render(
        request,
        "offers/public/offer_detail.html",
        {
            "offer": offer,
            "preview": preview,
            "periods": selectors.periods_with_places_left(offer),
        },
    )
