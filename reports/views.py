"""Reporting an offer (anyone, no login) and the moderators' queue of reported offers."""

from allauth.core.internal import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from accounts.roles import moderator_required
from offers.models import Offer, State
from offers.selectors import periods_with_places_left
from offers.services import TransitionNotAllowed

from . import selectors, services
from .forms import DismissForm, ReportForm, UnpublishForm

# allauth's rate limiter (cache-backed, shared by every process): reports per IP address.
RATE_LIMITS = {"report_offer": "5/h/ip"}
QUEUE_PAGE_SIZE = 25

CONFIRMATION = (
    "Merci, votre signalement a bien été transmis à l'équipe de modération de la Région, "
    "qui va examiner cette offre."
)
NOT_PUBLISHED = (
    "L'offre « {} » n'est plus publiée (état : {}) : elle ne peut pas être retirée du site. "
    "Aucune décision n'a été enregistrée ; vous pouvez classer ses signalements sans suite."
)


@login_not_required
def report_create(request, pk):
    """Anyone may report a published offer; any other offer is a 404 here."""
    offer = get_object_or_404(
        Offer.objects.published().select_related("organisation", "commune"), pk=pk
    )
    if request.method == "POST":
        form = ReportForm(request.POST)
        usage = ratelimit.consume(request, app="reports", action="report_offer", config=RATE_LIMITS)
        if usage is None:
            return ratelimit.respond_429(request)
        if form.is_valid():
            services.report_offer(
                offer,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
                reporter=request.user,
            )
            messages.success(request, CONFIRMATION)
            return redirect(offer)
        usage.rollback()  # only reports actually filed count against the limit
    else:
        form = ReportForm()
    return render(request, "reports/report_form.html", {"offer": offer, "form": form})


@moderator_required
def queue(request):
    page = Paginator(selectors.report_queue(request.user), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(offer, selectors.latest_reasons(offer)) for offer in page.object_list]
    return render(request, "reports/moderation/queue.html", {"page_obj": page, "rows": rows})


@moderator_required
def review(request, pk):
    offer = get_object_or_404(selectors.reported_offers(request.user), pk=pk)
    dismiss_form = DismissForm(prefix="dismiss")
    unpublish_form = UnpublishForm(prefix="unpublish")
    invalid_form = None
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision == "dismiss":
            form = dismiss_form = DismissForm(request.POST, prefix="dismiss")
            if form.is_valid():
                count = services.dismiss_reports(offer, request.user, form.cleaned_data["note"])
                if count:
                    messages.success(
                        request,
                        f"{count} signalement{'s' if count > 1 else ''} de l'offre "
                        f"« {offer.title} » classé{'s' if count > 1 else ''} sans suite.",
                    )
                else:
                    messages.warning(
                        request,
                        f"L'offre « {offer.title} » n'a plus de signalement en attente : "
                        "ils ont sans doute déjà été traités.",
                    )
                return redirect("reports:queue")
        elif decision == "unpublish":
            form = unpublish_form = UnpublishForm(request.POST, prefix="unpublish")
            if form.is_valid():
                try:
                    services.unpublish_offer(offer, request.user, form.cleaned_data["message"])
                except TransitionNotAllowed:
                    offer.refresh_from_db()
                    messages.error(
                        request, NOT_PUBLISHED.format(offer.title, offer.get_state_display())
                    )
                    return redirect("reports:review", pk=offer.pk)
                messages.success(
                    request,
                    f"L'offre « {offer.title} » est retirée du site ; "
                    "la structure d'accueil est prévenue par e-mail.",
                )
                return redirect("reports:queue")
        else:
            messages.error(request, "Décision inconnue : rien n'a été enregistré.")
            return redirect("reports:review", pk=offer.pk)
        invalid_form = form
    open_reports, handled_reports = selectors.reports_of(offer)
    return render(
        request,
        "reports/moderation/review.html",
        {
            "offer": offer,
            "periods": periods_with_places_left(offer),
            "open_reports": open_reports,
            "handled_reports": handled_reports,
            "dismiss_form": dismiss_form,
            "unpublish_form": unpublish_form,
            "invalid_form": invalid_form,
            "published": offer.state == State.PUBLISHED,
        },
    )
