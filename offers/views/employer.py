"""Employer space: the offers of the member's organisation, and nothing else.

Every offer is fetched through `Offer.objects.of_organisation_member(user)`, so another
organisation's offer is a 404. State moves go through `offers.services` (audit trail).
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import OuterRef, Subquery, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_fsm import can_proceed

from organisations.permissions import organisation_member_required
from reference.periods import days_since

from .. import edits, selectors, services
from .. import renewals as renewals_module
from ..forms import OfferEditor
from ..models import EDITABLE_STATES, LIVE_STATES, Offer, OfferPeriod, OfferTransition, State
from ..places import waiting_applications

# Actions an employer may trigger from the manage page, with their button and result texts.
EMPLOYER_ACTIONS = {
    "submit": ("Soumettre à la Région", "L'offre est envoyée en modération."),
    "archive": ("Archiver", "L'offre est archivée."),
}
ACTION_HELP = {
    "submit": "La Région relit l'offre avant sa mise en ligne, en général sous quelques jours.",
    "archive": "L'offre rejoint les archives ; vous pourrez toujours la dupliquer.",
}

# Dashboard groups, in the order an employer should look at them, with what to do next.
GROUPS = [
    (
        State.CHANGES_REQUESTED,
        "La Région demande des modifications : corrigez l'offre puis soumettez-la de nouveau.",
    ),
    (State.DRAFT, "Complétez et soumettez ces brouillons : ils ne sont pas encore en ligne."),
    (
        State.REJECTED,
        "Ces offres n'ont pas été retenues : lisez le motif, corrigez-les et soumettez-les de "
        "nouveau, ou archivez-les.",
    ),
    (
        State.SUBMITTED,
        "La Région relit ces offres avant leur mise en ligne ; vous pouvez encore les "
        "modifier sans perdre leur place dans la file.",
    ),
    (
        State.PUBLISHED,
        "En ligne et visibles des élèves. Modifiées, elles restent en ligne : les nouveaux "
        "textes attendent la validation de la Région.",
    ),
    (State.FILLED, "Toutes les places sont prises : rien à faire."),
    (
        State.WITHDRAWN,
        "Retirées du site : archivez-les, ou dupliquez-les pour les proposer de nouveau.",
    ),
    (
        State.EXPIRED,
        "Dates passées : renouvelez-les pour l'année prochaine en une étape, ou archivez-les.",
    ),
    (State.ARCHIVED, "Archives : dupliquez une offre pour la proposer de nouveau."),
]
# States whose latest transition carries a moderator's message worth showing.
WITH_MESSAGE = {State.CHANGES_REQUESTED, State.REJECTED}


def _offers(request):
    return Offer.objects.of_organisation_member(request.user)


def _get_offer(request, pk):
    # Periods prefetched: the page and the editor (seconde week, rows, changes) read them.
    offers = _offers(request).select_related("sector", "commune", "organisation")
    return get_object_or_404(offers.prefetch_related("periods"), pk=pk)


@organisation_member_required
@require_GET
def dashboard(request):
    last_message = (
        OfferTransition.objects.filter(offer=OuterRef("pk"), target=OuterRef("state"))
        .order_by("-at", "-pk")
        .values("message")[:1]
    )
    offers = (
        waiting_applications(_offers(request))
        .annotate(
            places=Sum("periods__places"),
            first_day=Subquery(
                OfferPeriod.objects.filter(offer=OuterRef("pk"))
                .order_by("start")
                .values("start")[:1]
            ),
            last_message=Subquery(last_message),
        )
        .select_related("commune")
        .prefetch_related("periods")
        .order_by("-updated_at")
    )
    by_state = {}
    today = timezone.localdate()
    renewals = renewals_module.renewable_years(offers, today)
    for offer in offers:
        offer.renew_for = renewals.get(offer.pk)
        if offer.oldest_waiting:
            offer.oldest_age = days_since(timezone.localdate(offer.oldest_waiting), today)
        by_state.setdefault(offer.state, []).append(offer)
    groups = [
        {
            "state": state,
            "label": State(state).label,
            "next_step": next_step,
            "offers": by_state[state],
            "count": len(by_state[state]),
            "places": sum(offer.places or 0 for offer in by_state[state]),
            "show_message": state in WITH_MESSAGE,
        }
        for state, next_step in GROUPS
        if state in by_state
    ]
    organisation = request.user.membership.organisation
    return render(
        request,
        "offers/employer/dashboard.html",
        {
            "groups": groups,
            "organisation": organisation,
            "total": len(offers),
            "waiting": sum(offer.waiting for offer in offers),
            "renewable": len(renewals),
        },
    )


def _save_and_maybe_submit(request, editor):
    """Save an offer nobody reads yet (new, draft, waiting for moderation); submit when asked.

    Saving and moving happen in one transaction, under the offer's lock and in the state the
    form was read in: an offer approved meanwhile is never changed without moderation, and a
    refused move leaves nothing half-written.
    """
    if editor.instance.state == State.SUBMITTED:
        action, done = (
            None,
            ("Modifications enregistrées. L'offre garde sa place dans la file de modération."),
        )
    elif "submit_now" in request.POST:
        action, done = "submit", "Offre enregistrée et envoyée en modération à la Région."
    else:
        action, done = None, "Offre enregistrée."
    try:
        with transaction.atomic():
            if editor.instance.pk:
                edits.lock_in_state(editor.instance)
                edits.drop_pending_revision(editor.instance)  # the form carried its texts
            offer = editor.save(actor=request.user)
            if action:
                services.move(offer, action, actor=request.user)
    except services.TransitionNotAllowed:
        messages.error(
            request,
            "L'offre a changé d'état pendant que vous la modifiiez : rien n'a été enregistré. "
            "Rechargez la page et recommencez.",
        )
        return None
    except services.PlacesTakenMeanwhile:
        messages.error(
            request,
            "Un élève a été accepté pendant que vous modifiiez l'offre : rien n'a été "
            "enregistré. Rechargez la page pour voir les places prises, puis recommencez.",
        )
        return None
    messages.success(request, done)
    return offer


@organisation_member_required
@require_http_methods(["GET", "POST"])
def offer_create(request):
    organisation = request.user.membership.organisation
    editor = OfferEditor(request.POST or None, organisation=organisation)
    if request.method == "POST" and editor.is_valid():
        offer = _save_and_maybe_submit(request, editor)
        if offer:
            return redirect("offers:manage", pk=offer.pk)
    return render(
        request,
        "offers/employer/form.html",
        {
            "editor": editor,
            "form": editor.form,
            "periods": editor.periods,
            "offer": None,
            "moderator_message": "",
        },
    )


@organisation_member_required
@require_http_methods(["GET", "POST"])
def offer_edit(request, pk):
    offer = _get_offer(request, pk)
    if offer.state not in EDITABLE_STATES:
        messages.error(
            request,
            f"Une offre « {offer.get_state_display().lower()} » ne peut pas être modifiée.",
        )
        return redirect("offers:manage", pk=offer.pk)
    pending = selectors.pending_revision(offer)
    # The member goes on from what they proposed, not from the approved texts.
    editor = OfferEditor(
        request.POST or None, instance=offer, proposed=pending.proposed if pending else None
    )
    if request.method == "POST" and editor.is_valid():
        if offer.state in LIVE_STATES:
            if not editor.has_changed():
                messages.info(request, "Aucune modification : l'offre reste en ligne.")
            else:
                _save_live(request, editor)
            return redirect("offers:manage", pk=offer.pk)
        _save_and_maybe_submit(request, editor)
        return redirect("offers:manage", pk=offer.pk)
    moderator_message = ""
    if offer.state in WITH_MESSAGE:
        last = offer.transitions.filter(target=offer.state).order_by("-at", "-pk").first()
        moderator_message = last.message if last else ""
    return render(
        request,
        "offers/employer/form.html",
        {
            "editor": editor,
            "form": editor.form,
            "periods": editor.periods,
            "offer": offer,
            "moderator_message": moderator_message,
            "pending": pending,
        },
    )


def _save_live(request, editor):
    """A published offer stays online: its texts wait for the Region, the rest applies now."""
    try:
        revision, changed = editor.save_live(actor=request.user)
    except services.PlacesTakenMeanwhile:
        messages.error(
            request,
            "Un élève a été accepté pendant que vous modifiiez l'offre : rien n'a été "
            "enregistré. Rechargez la page pour voir les places prises, puis recommencez.",
        )
        return
    if changed:
        messages.success(request, "Enregistré et déjà en ligne : " + ", ".join(changed) + ".")
    if revision:
        messages.success(
            request,
            "Vos nouveaux textes sont envoyés à la Région. L'offre reste en ligne telle "
            "qu'elle a été validée jusqu'à leur validation.",
        )
    elif not changed:
        messages.success(
            request, "Vos textes sont revenus à la version en ligne : plus rien à valider."
        )


@organisation_member_required
@require_GET
def offer_manage(request, pk):
    offer = _get_offer(request, pk)
    actions = [
        {"name": name, "label": label, "help": ACTION_HELP[name]}
        for name, (label, _) in EMPLOYER_ACTIONS.items()
        if can_proceed(getattr(offer, name))
    ]
    return render(
        request,
        "offers/employer/manage.html",
        {
            "offer": offer,
            "periods": offer.periods.all(),
            "transitions": offer.transitions.select_related("actor").order_by("-at", "-pk"),
            "actions": actions,
            "withdrawable": can_proceed(offer.withdraw),
            "editable": offer.state in EDITABLE_STATES,
            "is_published": offer.state in LIVE_STATES,
            "pending": selectors.pending_revision(offer),
            "latest_revision": selectors.latest_revision(offer),
            "renew_for": renewals_module.renewable_years([offer], timezone.localdate()).get(
                offer.pk
            ),
        },
    )


@organisation_member_required
@require_POST
def offer_duplicate(request, pk):
    offer = _get_offer(request, pk)
    copy = services.duplicate(offer, actor=request.user)
    messages.success(request, "Copie créée comme brouillon : vérifiez les dates puis soumettez-la.")
    return redirect("offers:edit", pk=copy.pk)


@organisation_member_required
@require_POST
def offer_renew(request, pk):
    """One step: a copy for the coming school year, its periods moved, sent to the Region."""
    offer = _get_offer(request, pk)
    try:
        copy = renewals_module.renew(offer, actor=request.user)
    except renewals_module.RenewalRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("offers:manage", pk=offer.pk)
    messages.success(
        request,
        "Offre renouvelée et envoyée en modération à la Région : vérifiez ses dates ; vous "
        "pouvez encore la modifier sans perdre sa place dans la file.",
    )
    return redirect("offers:manage", pk=copy.pk)


@organisation_member_required
@require_POST
def offer_action(request, pk, action):
    if action == "withdraw":  # final: asked on its own page first (offers/views/withdrawal.py)
        return redirect("offers:withdraw", pk=_get_offer(request, pk).pk)
    if action not in EMPLOYER_ACTIONS:
        raise Http404("Action inconnue.")
    offer = _get_offer(request, pk)
    if action == "submit" and (problem := _not_ready(offer)):
        messages.error(request, problem)
        return redirect("offers:edit", pk=offer.pk)
    try:
        services.move(offer, action, actor=request.user)
    except services.TransitionNotAllowed:
        messages.error(
            request,
            f"Action impossible : l'offre est « {offer.get_state_display().lower()} ».",
        )
    else:
        messages.success(request, EMPLOYER_ACTIONS[action][1])
    return redirect("offers:manage", pk=offer.pk)


def _not_ready(offer) -> str:
    """Why a draft (often a copy of last year's offer) cannot be submitted yet."""
    periods = list(offer.periods.all())
    if not periods:
        return "Ajoutez au moins une période d'accueil avant de soumettre l'offre."
    if any(period.start < timezone.localdate() for period in periods):
        return "Certaines dates sont passées : mettez-les à jour avant de soumettre l'offre."
    return ""
