"""Moderation of published offers' revised texts: the queue, the diff, the decision."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.roles import moderator_required
from stages_bfc import revisions

from .. import edits, selectors
from ..forms import RefuseRevisionForm
from ..models import OfferRevision

QUEUE_PAGE_SIZE = 25


@moderator_required
def queue(request):
    page = Paginator(selectors.revision_queue(request.user), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "moderation/offer_revision_queue.html",
        {"page_obj": page, "revisions": page.object_list},
    )


@moderator_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    """What a host changed in a published offer, old → new per field; approve or refuse."""
    revision = get_object_or_404(
        OfferRevision.objects.for_moderator(request.user).select_related(
            "offer__organisation", "author", "decided_by"
        ),
        pk=pk,
    )
    form = RefuseRevisionForm(prefix="refuse")
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in ("approve", "refuse"):
            messages.error(request, "Décision inconnue : rien n'a été enregistré.")
            return redirect("offers:moderation_offer_revision", pk=revision.pk)
        if decision == "refuse":
            form = RefuseRevisionForm(request.POST, prefix="refuse")
        if decision == "approve" or form.is_valid():
            return _decide(request, revision, decision, form)
    return render(
        request,
        "moderation/offer_revision_review.html",
        {
            "revision": revision,
            "offer": revision.offer,
            "changes": selectors.shown_changes(revision),
            "form": form,
        },
    )


def _decide(request, revision, decision, form):
    title, version = revision.offer.title, request.POST.get("version", "")
    try:
        if decision == "approve":
            edits.approve_revision(revision, request.user, version)
            messages.success(request, f"Les modifications de « {title} » sont en ligne.")
        else:
            message = form.cleaned_data["message"]
            edits.refuse_revision(revision, request.user, version, message)
            messages.success(
                request,
                f"Les modifications de « {title} » sont refusées ; la structure est prévenue.",
            )
    except revisions.RevisionDecided:
        messages.error(request, "Ces modifications ont déjà été traitées : rien n'a changé.")
        return redirect("offers:moderation_offer_revision", pk=revision.pk)
    except revisions.RevisionChanged:
        messages.error(
            request,
            "La structure a changé sa proposition pendant votre lecture : relisez-la. "
            "Aucune décision n'a été enregistrée.",
        )
        return redirect("offers:moderation_offer_revision", pk=revision.pk)
    return redirect("offers:moderation_offer_revisions")
