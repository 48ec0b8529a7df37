"""Writes on applications: each move checks its state, locks what it must, writes an audit
row and queues its e-mails after commit.

Lock order, the same in every service: the pupil's user row, then the offer row(s) (by
ascending pk when there are several), then the period row, then the application row(s).
Every service that changes a pupil's applications locks the pupil first, so two moves on
one pupil's applications (a confirmation releasing the others, an employer's answer) run
one after the other instead of deadlocking.

No overbooking: accepting locks the offer row, then the period row, and counts the accepted
and confirmed applications of the period before taking a place. When no period has a place
left, the offer moves to filled through `offers.services.move` (which the national sync
hooks into); when a place frees, a filled offer reopens.
"""

from django.db import transaction
from django_fsm import can_proceed

from accounts.models import User
from offers import places
from offers import services as offer_services
from offers.models import Offer, OfferPeriod
from offers.models import State as OfferState
from outbox.services import defer

from . import coverage, eligibility
from .coverage import Span
from .forms import CancelForm
from .models import (
    Application,
    ApplicationTransition,
    AppState,
    Enrolment,
    ExternalPlacement,
)
from .signals import placement_cancelled, placement_confirmed


class ApplicationError(Exception):
    """A refused move; its message is shown to the person, in French."""


# Why a move is refused, by action, when the application is no longer in a state allowing it.
REFUSALS = {
    "accept": "Cette candidature n'attend plus de réponse : elle ne peut plus être acceptée.",
    "decline": "Cette candidature n'attend plus de réponse : elle ne peut plus être refusée.",
    "withdraw": "Seule une candidature en attente de réponse peut être retirée.",
    "confirm": "Seule une candidature acceptée peut être confirmée.",
    "cancel": "Seul un stage accepté ou confirmé peut être annulé.",
    "lapse": "Seule une candidature en attente de réponse peut être close sans réponse.",
}


def _move(application: Application, action: str, actor, message: str = "") -> Application:
    """Apply the transition on a locked row and write the audit row (inside a transaction)."""
    method = getattr(application, action)
    if not can_proceed(method):
        raise ApplicationError(REFUSALS[action])
    source = application.state
    method()
    application.save()
    ApplicationTransition.objects.create(
        application=application,
        actor=actor,
        source=source,
        target=application.state,
        message=message,
    )
    return application


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _lock_pupil(pupil_id: int) -> None:
    """First lock of every service changing a pupil's applications. FOR NO KEY UPDATE: rows
    pointing at the user (audit rows, new applications) can still be written meanwhile."""
    User.objects.select_for_update(no_key=True).get(pk=pupil_id)


def _lock_offers(offer_ids) -> None:
    """Several offers are locked by ascending pk, so that two transactions never wait on
    each other's offers."""
    list(
        Offer.objects.select_for_update()
        .filter(pk__in=set(offer_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


places_taken = places.places_taken


def _sync_offer_state(offer_id: int, actor) -> None:
    """Filled when no period has a place left; published again when one frees. The caller
    holds the offer's row lock."""
    offer = Offer.objects.get(pk=offer_id)
    periods = list(places.with_places_taken(OfferPeriod.objects.filter(offer_id=offer_id)))
    any_left = any(places.places_left(p) > 0 for p in periods)
    if offer.state == OfferState.PUBLISHED and periods and not any_left:
        offer_services.move(
            offer, "mark_filled", actor=actor, message="Toutes les places sont prises."
        )
    elif offer.state == OfferState.FILLED and any_left:
        offer_services.move(offer, "reopen", actor=actor, message="Une place s'est libérée.")


def current_enrolment(pupil) -> Enrolment | None:
    return (
        Enrolment.objects.current()
        .filter(pupil=pupil)
        .select_related("school_class__school")
        .first()
    )


def apply(pupil, offer: Offer, period: OfferPeriod, motivation: str = "") -> Application:
    """A pupil applies for one period of a published offer, if `placements.eligibility`
    allows it: checked again under the pupil's and the offer's locks, so two tabs or a
    crafted POST get the same French refusal as the offer page."""
    with transaction.atomic():
        _lock_pupil(pupil.pk)
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        situation = eligibility.situation_of(pupil)
        left = period.places - places_taken(period.pk)
        refusal = eligibility.period_refusal(situation, offer, period, left)
        if refusal:
            raise ApplicationError(_sentence(refusal))
        application = Application.objects.create(
            pupil=pupil,
            offer=offer,
            period=period,
            start=period.start,
            end=period.end,
            school_class=situation.enrolment.school_class,
            motivation=motivation.strip(),
        )
        ApplicationTransition.objects.create(
            application=application, actor=pupil, source="", target=AppState.SUBMITTED
        )
        defer("placements.tasks.send_new_application", application.pk)
    return application


def _sentence(text: str) -> str:
    return text if text.endswith((".", ":", "!")) else f"{text}."


def accept(application: Application, actor, message: str = "") -> Application:
    with transaction.atomic():
        # Lock order: pupil, offer, period, then application (the same in every service).
        _lock_pupil(application.pupil_id)
        Offer.objects.select_for_update().get(pk=application.offer_id)
        period = (
            OfferPeriod.objects.select_for_update().filter(pk=application.period_id).first()
            if application.period_id
            else None
        )
        application = _lock(application)
        if application.state != AppState.SUBMITTED:
            raise ApplicationError(REFUSALS["accept"])
        if period is None:
            raise ApplicationError(
                "Cette période n'existe plus dans l'offre : refusez la candidature."
            )
        if places_taken(period.pk) >= period.places:
            raise ApplicationError(
                "Il n'y a plus de place sur cette période : toutes sont déjà attribuées."
            )
        if span := eligibility.overlapping(application.pupil, application.start, application.end):
            raise ApplicationError(
                f"L'élève a déjà un stage confirmé {span.text} : cette candidature ne peut "
                "plus être acceptée. Refusez-la avec un mot pour l'élève."
            )
        application.answer = message.strip()
        _move(application, "accept", actor, message)
        _sync_offer_state(application.offer_id, actor)
        defer("placements.tasks.send_answer", application.pk)
    return application


def decline(
    application: Application,
    actor,
    message: str = "",
    reason: str = "",
    offer_withdrawn: bool = False,
) -> Application:
    """Refused, with one of DeclineReason (the pupil reads its label) and a free text; closed
    because the host withdrew the offer, the pupil is told in words of its own."""
    with transaction.atomic():
        _lock_pupil(application.pupil_id)
        application = _lock(application)
        application.answer = message.strip()
        application.decline_reason = reason
        _move(application, "decline", actor, message)
        if offer_withdrawn:
            defer("placements.tasks.send_offer_withdrawn", application.pk)
        else:
            defer("placements.tasks.send_answer", application.pk)
    return application


def lapse(application: Application, message: str) -> Application:
    """Unanswered by its deadline (placements.lapsing): closed, and the pupil told."""
    with transaction.atomic():
        _lock_pupil(application.pupil_id)
        application = _move(_lock(application), "lapse", None, message)
        defer("placements.tasks.send_lapsed", application.pk)
    return application


def withdraw(application: Application, actor, message: str = "") -> Application:
    with transaction.atomic():
        _lock_pupil(application.pupil_id)
        return _move(_lock(application), "withdraw", actor, message)


def cancel_from_form(application: Application, actor, data) -> Application:
    """Cancel with the reason typed in a CancelForm (employer or pupil side)."""
    form = CancelForm(data)
    if not form.is_valid():
        raise ApplicationError("Indiquez le motif de l'annulation.")
    return cancel(application, actor, form.cleaned_data["reason"])


def cancel(application: Application, actor, reason: str) -> Application:
    """An accepted or confirmed placement cancelled by either side: its place frees."""
    if not reason.strip():
        raise ApplicationError("Indiquez le motif de l'annulation.")
    with transaction.atomic():
        _lock_pupil(application.pupil_id)
        Offer.objects.select_for_update().get(pk=application.offer_id)
        application = _lock(application)
        was_confirmed = application.state == AppState.CONFIRMED
        _move(application, "cancel", actor, reason.strip())
        _sync_offer_state(application.offer_id, actor)
        defer("placements.tasks.send_cancellation", application.pk)
        if was_confirmed:
            placement_cancelled.send(Application, application=application, reason=reason.strip())
    return application


def confirm(application: Application, actor) -> Application:
    """The pupil confirms: their other pending and accepted applications whose dates meet
    this placement are withdrawn or cancelled (which frees those places), and all of them
    once their stage is complete. A seconde pupil confirmed for week 1 keeps their week 2
    applications."""
    with transaction.atomic():
        _lock_pupil(application.pupil_id)
        # The offers of the accepted applications it may cancel, before any application.
        others = Application.objects.filter(pupil_id=application.pupil_id, state=AppState.ACCEPTED)
        _lock_offers([application.offer_id, *others.values_list("offer_id", flat=True)])
        application = _lock(application)
        if application.state == AppState.ACCEPTED and (
            span := eligibility.overlapping(application.pupil, application.start, application.end)
        ):
            raise ApplicationError(
                f"Vous avez déjà un stage {span.text} : annulez-le d'abord pour confirmer celui-ci."
            )
        _move(application, "confirm", actor)
        _release_others(
            application.pupil, actor, application.pk, "L'élève a confirmé un autre stage."
        )
        defer("placements.tasks.send_confirmation", application.pk)
        placement_confirmed.send(Application, application=application)
    return application


def release_open_applications(pupil, actor, why: str) -> None:
    """Withdraw the pupil's pending applications and cancel their accepted ones."""
    _release_others(pupil, actor, why=why, everything=True)


def _release_others(
    pupil, actor, keep_pk=None, why="Stage trouvé ailleurs.", everything=False
) -> None:
    """Release the open applications that the pupil's placements made pointless: those
    meeting a placement's dates, or all once the stage is complete."""
    with transaction.atomic():
        # States are read under the pupil's lock: no answer can change them meanwhile.
        _lock_pupil(pupil.pk)
        others = list(
            Application.objects.filter(
                pupil=pupil, state__in=[AppState.SUBMITTED, AppState.ACCEPTED]
            )
            .exclude(pk=keep_pk)
            .order_by("offer_id", "pk")
        )
        cover = coverage.for_pupil(pupil)
        if not everything and cover is not None and not cover.complete:
            others = [
                o for o in others if any(s.meets(Span(o.start, o.end)) for s in cover.placements)
            ]
        _lock_offers(o.offer_id for o in others if o.state == AppState.ACCEPTED)
        for other in others:
            if other.state == AppState.SUBMITTED:
                withdraw(other, actor, why)
            else:
                cancel(other, actor, why)


def record_external(pupil, school_year: int, **fields) -> ExternalPlacement:
    """A placement found elsewhere, with its dates: the pupil's open applications that meet
    them are released (all of them once the stage is complete). Refused over the dates of
    another placement."""
    with transaction.atomic():
        _lock_pupil(pupil.pk)
        if span := eligibility.overlapping(pupil, fields["start"], fields["end"]):
            raise ApplicationError(
                f"Vous avez déjà un stage {span.text} : indiquez d'autres dates, ou annulez "
                "d'abord ce stage."
            )
        placement = ExternalPlacement.objects.create(pupil=pupil, school_year=school_year, **fields)
        _release_others(pupil, pupil)
        placement_confirmed.send(ExternalPlacement, external=placement)
    return placement


def change_dates(placement, start, end, why: str, actor=None):
    """A placement's dates as a signed agreement changed them (a convention's amendment):
    an application keeps its offer's period (the dates asked for live on the application),
    its audit trail says when and why; a placement found elsewhere takes them as well."""
    if (placement.start, placement.end) == (start, end):
        return placement
    with transaction.atomic():
        _lock_pupil(placement.pupil_id)
        type(placement).objects.filter(pk=placement.pk).update(start=start, end=end)
        placement.start, placement.end = start, end
        if isinstance(placement, Application):
            ApplicationTransition.objects.create(
                application=placement,
                actor=actor,
                source=placement.state,
                target=placement.state,
                message=why,
            )
    return placement


def save_profile(pupil, *, gender: str, needs_accessible_place: bool | None) -> None:
    """The pupil's optional answers; both empty deletes the row (nothing kept for nothing)."""
    from .models import PupilProfile

    if not gender and needs_accessible_place is None:
        PupilProfile.objects.filter(pupil=pupil).delete()
        return
    PupilProfile.objects.update_or_create(
        pupil=pupil,
        defaults={"gender": gender, "needs_accessible_place": needs_accessible_place},
    )
