"""Moderation by Region staff: the queue of submitted offers, review, decisions; the
organisations' revised public texts."""

import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.roles import moderator_required
from organisations import services as organisation_services
from organisations.models import OrganisationRevision

from .. import selectors
from ..filters import ModerationQueueFilter
from ..forms import PriorityForm, RefuseRevisionForm, RejectForm, RequestChangesForm
from ..models import Offer, State
from ..services import (
    OfferChangedMeanwhile,
    TransitionNotAllowed,
    decide_as_read,
    move,
    set_priority,
)

QUEUE_PAGE_SIZE = 25
OFFER_ID = re.compile("[0-9]{1,18}")


# decision → (form class, form prefix, success message)
DECISIONS = {
    "approve": (None, "", "L'offre « {} » est publiée."),
    "reject": (RejectForm, "reject", "L'offre « {} » est refusée."),
    "request_changes": (
        RequestChangesForm,
        "changes",
        "Des modifications ont été demandées pour l'offre « {} ».",
    ),
}
ALREADY_DECIDED = (
    "L'offre « {} » n'est plus en attente de modération (état : {}) : "
    "elle a sans doute déjà été traitée. Aucune décision n'a été enregistrée."
)


@moderator_required
def queue(request):
    offer_filter = ModerationQueueFilter(
        request.GET, queryset=selectors.moderation_queue(request.user)
    )
    page = Paginator(offer_filter.qs, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "offers/moderation/queue.html",
        {"filter": offer_filter, "page_obj": page, "offers": page.object_list},
    )


@moderator_required
def review(request, pk):
    offer = get_object_or_404(selectors.review_queryset(request.user), pk=pk)
    forms_by_decision = {
        name: form_class(prefix=prefix)
        for name, (form_class, prefix, _) in DECISIONS.items()
        if form_class
    }
    invalid_form = None
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in DECISIONS:
            messages.error(request, "Décision inconnue : rien n'a été enregistré.")
            return redirect("offers:moderation_review", pk=offer.pk)
        form_class, prefix, success = DECISIONS[decision]
        form = form_class(request.POST, prefix=prefix) if form_class else None
        if form is not None:
            forms_by_decision[decision] = form  # shown again with its error and typed text
        if form is None or form.is_valid():
            message = form.cleaned_data["message"] if form else ""
            try:
                decide_as_read(offer, decision, request.user, message, request.POST.get("version"))
            except OfferChangedMeanwhile:
                messages.error(
                    request,
                    "La structure a modifié l'offre pendant votre lecture : relisez-la. "
                    "Aucune décision n'a été enregistrée.",
                )
                return redirect("offers:moderation_review", pk=offer.pk)
            except TransitionNotAllowed:
                offer.refresh_from_db()
                messages.error(
                    request, ALREADY_DECIDED.format(offer.title, offer.get_state_display())
                )
                return redirect("offers:moderation_review", pk=offer.pk)
            messages.success(request, success.format(offer.title))
            return redirect("offers:moderation_queue")
        invalid_form = form
    return render(
        request,
        "offers/moderation/review.html",
        {
            "offer": offer,
            "periods": selectors.periods_with_places_left(offer),
            "transitions": offer.transitions.all(),
            "reject_form": forms_by_decision["reject"],
            "changes_form": forms_by_decision["request_changes"],
            "invalid_form": invalid_form,
            "awaiting_decision": offer.state == State.SUBMITTED,
            "priority_form": PriorityForm(instance=offer, prefix="priority"),
        },
    )


@moderator_required
@require_POST
def priority(request, pk):
    """Region staff mark the offer for pupils of REP schools or QPV districts."""
    offer = get_object_or_404(selectors.review_queryset(request.user), pk=pk)
    form = PriorityForm(request.POST, instance=offer, prefix="priority")
    form.is_valid()  # two checkboxes: always valid
    changed = set_priority(
        offer, rep=form.cleaned_data["priority_rep"], qpv=form.cleaned_data["priority_qpv"]
    )
    messages.success(
        request,
        "Publics prioritaires enregistrés." if changed else "Publics prioritaires inchangés.",
    )
    return redirect("offers:moderation_review", pk=offer.pk)


@moderator_required
@require_POST
def bulk_approve(request):
    """Publish the selected offers; those no longer awaiting a decision are reported."""
    # Only plain ids: "²" passes isdigit() and 100,000 digits overflow int(): both were a 500.
    pks = [pk for pk in request.POST.getlist("offers") if OFFER_ID.fullmatch(pk)]
    approved, skipped = [], []
    for offer in (
        Offer.objects.for_moderator(request.user).filter(pk__in=pks).order_by("submitted_at", "pk")
    ):
        try:
            move(offer, "approve", actor=request.user)
        except TransitionNotAllowed:
            skipped.append(offer)
        else:
            approved.append(offer)
    if not pks:
        messages.warning(request, "Aucune offre sélectionnée.")
    if approved:
        messages.success(request, f"{len(approved)} offre(s) publiée(s).")
    if skipped:
        titles = ", ".join(f"« {offer.title} »" for offer in skipped)
        messages.warning(
            request,
            f"{len(skipped)} offre(s) n'étaient plus en attente de modération "
            f"et n'ont pas été publiées : {titles}.",
        )
    query = request.GET.copy()
    query.pop("page", None)
    url = reverse("offers:moderation_queue")
    return redirect(f"{url}?{query.urlencode()}" if query else url)


@moderator_required
def revision_queue(request):
    revisions = (
        OrganisationRevision.objects.for_moderator(request.user)
        .pending()
        .select_related("organisation", "author")
    )
    page = Paginator(revisions, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/revision_queue.html",
        {"page_obj": page, "revisions": page.object_list},
    )


@moderator_required
def revision_review(request, pk):
    """What a member changed in their organisation's public texts, old → new; approve or refuse."""
    revision = get_object_or_404(
        OrganisationRevision.objects.for_moderator(request.user).select_related(
            "organisation", "author", "decided_by"
        ),
        pk=pk,
    )
    form = RefuseRevisionForm(prefix="refuse")
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision == "refuse":
            form = RefuseRevisionForm(request.POST, prefix="refuse")
        if decision not in ("approve", "refuse"):
            messages.error(request, "Décision inconnue : rien n'a été enregistré.")
            return redirect("offers:moderation_revision", pk=revision.pk)
        if decision == "approve" or form.is_valid():
            return _decide_revision(request, revision, decision, form)
    return render(
        request,
        "moderation/revision_review.html",
        {
            "revision": revision,
            "organisation": revision.organisation,
            "changes": revision.changes(),
            "published_offers": revision.organisation.offers.published().order_by("title"),
            "form": form,
        },
    )


def _decide_revision(request, revision, decision, form):
    name, version = revision.organisation.name, request.POST.get("version", "")
    try:
        if decision == "approve":
            organisation_services.approve_revision(revision, request.user, version)
            messages.success(request, f"La modification de « {name} » est validée.")
        else:
            message = form.cleaned_data["message"]
            organisation_services.refuse_revision(revision, request.user, version, message)
            messages.success(request, f"La modification de « {name} » est refusée.")
    except organisation_services.RevisionDecided:
        messages.error(request, "Cette modification a déjà été traitée : rien n'a changé.")
        return redirect("offers:moderation_revision", pk=revision.pk)
    except organisation_services.RevisionChanged:
        messages.error(
            request,
            "La structure a modifié sa proposition pendant votre lecture : relisez-la. "
            "Aucune décision n'a été enregistrée.",
        )
        return redirect("offers:moderation_revision", pk=revision.pk)
    return redirect("offers:moderation_revisions")
