"""Whether a pupil may apply to a period of an offer, and if not, why, in French.

The one rule, read by the offer page (what each visitor can do, before any form) and by
`placements.services.apply` under the pupil's and the offer's row locks (so a crafted POST,
a second tab or a race cannot get round it). A pupil may apply:

- once they belong to a class of the current school year (their level comes from it);
- to a published offer whose publics include their level's public;
- for a period meant for their level (`offers.audiences`: the national seconde weeks for
  seconde pupils, the other periods for the other publics);
- once per offer (one active application per pupil and offer);
- while their stage is not complete (`placements.coverage`; levels without requirement
  may add placements as they wish);
- never for dates that meet one of their placements (confirmed here or found elsewhere);
- with at most MAX_PENDING applications waiting for an answer;
- for a period with a place left.

MAX_PENDING = 5: enough to try two or three hosts for each seconde week, or several hosts
for a 3e sequence, without hosts drowning in applications that will mostly be withdrawn
(a pupil's other pending applications are withdrawn as soon as their stage is complete).
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from offers import audiences
from offers.models import Offer, OfferPeriod, Public
from offers.models import State as OfferState
from reference.periods import seconde_period
from stages_bfc import french

from . import coverage, levels
from .coverage import Coverage, Span
from .levels import Need
from .models import Application, AppState, Enrolment

MAX_PENDING = 5

JOIN_FIRST = (
    "Rejoignez d'abord votre classe avec le code donné par votre enseignant ou enseignante : "
    "il accompagne votre candidature."
)
OFFLINE = {
    OfferState.FILLED: (
        "Cette offre est complète : toutes ses places sont prises. Cherchez une autre offre."
    ),
    OfferState.WITHDRAWN: "Cette offre a été retirée par la structure d'accueil.",
    OfferState.EXPIRED: "Les dates de cette offre sont passées.",
}
NOT_ONLINE = "Cette offre n'est pas en ligne : on ne peut pas y candidater."
ALREADY = {
    AppState.SUBMITTED: "Vous avez déjà candidaté : en attente de réponse",
    AppState.ACCEPTED: (
        "Vous avez déjà candidaté : votre candidature est acceptée, confirmez-la dans "
        "« Mes candidatures »"
    ),
    AppState.CONFIRMED: "Vous avez déjà un stage confirmé dans cette offre",
}
TOO_MANY = (
    f"Vous avez déjà {MAX_PENDING} candidatures en attente de réponse, le maximum : attendez "
    "une réponse, ou retirez une candidature pour en envoyer une autre."
)
SECONDE_ONLY = "Cette période est réservée aux élèves de seconde (semaines nationales de stage)."
NO_PLACE = "Il n'y a plus de place sur cette période : choisissez-en une autre."
STARTED = "Cette période a déjà commencé : choisissez-en une autre."
NOT_THIS_OFFER = "Choisissez une des périodes de cette offre."


def not_seconde_weeks(school_year: int) -> str:
    national = seconde_period(school_year)
    return (
        "Cette période n'est pas celle des stages de seconde : les élèves de seconde font "
        f"leur stage pendant les semaines nationales, {french.date_range(national.start, national.end)}."
    )


def complete(cover: Coverage) -> str:
    return f"Votre stage est complet ({cover.label}) : plus besoin de candidater cette année."


def taken(span: Span) -> str:
    """ "Vous avez déjà un stage la semaine du 14 juin"."""
    return f"Vous avez déjà un stage {span.text}"


@dataclass(frozen=True)
class Situation:
    """What the rule needs to know of a pupil, loaded once (a handful of queries)."""

    enrolment: Enrolment | None
    level: str = ""
    coverage: Coverage | None = None
    applied: dict[int, str] = field(default_factory=dict)  # offer pk -> active state
    pending: int = 0

    @property
    def public(self) -> str:
        return levels.public_of(self.level) if self.level else ""

    @property
    def placements(self) -> tuple[Span, ...]:
        return self.coverage.placements if self.coverage else ()


def situation_of(pupil) -> Situation:
    enrolment = (
        Enrolment.objects.current()
        .filter(pupil=pupil)
        .select_related("school_class__school")
        .order_by("pk")
        .first()
    )
    if enrolment is None:
        return Situation(enrolment=None)
    school_class = enrolment.school_class
    applied = dict(
        Application.objects.filter(pupil=pupil).active().values_list("offer_id", "state")
    )
    return Situation(
        enrolment=enrolment,
        level=levels.effective(school_class.level, school_class.school.kind),
        coverage=coverage.for_pupil(pupil, enrolment),
        applied=applied,
        pending=sum(1 for state in applied.values() if state == AppState.SUBMITTED),
    )


def offer_refusal(situation: Situation, offer: Offer) -> str:
    """Why the pupil may apply to no period of the offer; "" when some period may do."""
    if situation.enrolment is None:
        return JOIN_FIRST
    if offer.state != OfferState.PUBLISHED:
        return OFFLINE.get(offer.state, NOT_ONLINE)
    if situation.public not in offer.publics:
        return audiences.reserved_to(offer.publics)
    if state := situation.applied.get(offer.pk):
        return ALREADY[state]
    cover = situation.coverage
    if cover and cover.complete and cover.need != Need.CHOICE:
        return complete(cover)
    if situation.pending >= MAX_PENDING:
        return TOO_MANY
    return ""


def period_refusal(
    situation: Situation, offer: Offer, period: OfferPeriod, left: int, today=None
) -> str:
    """Why the pupil may not apply for this period of the offer; "" when they may."""
    if reason := offer_refusal(situation, offer):
        return reason
    if period.offer_id != offer.pk:
        return NOT_THIS_OFFER
    for_seconde = audiences.is_seconde_period(offer.publics, period.start, period.end)
    if situation.public == Public.SECONDE and not for_seconde:
        return not_seconde_weeks(situation.enrolment.school_class.school_year)
    if situation.public != Public.SECONDE and for_seconde:
        return SECONDE_ONLY
    wanted = Span(period.start, period.end)
    for span in situation.placements:
        if span.meets(wanted):
            return taken(span)
    if period.start <= (today or timezone.localdate()):
        return STARTED
    if left <= 0:
        return NO_PLACE
    return ""


def overlapping(pupil, start: datetime.date, end: datetime.date) -> Span | None:
    """The pupil's placement (confirmed or found elsewhere) meeting these dates, if any."""
    cover = coverage.for_pupil(pupil)
    wanted = Span(start, end)
    return next((s for s in (cover.placements if cover else ()) if s.meets(wanted)), None)


# --- What the offer page tells each visitor -------------------------------------------------

APPLY, LOG_IN, NOT_A_PUPIL, REFUSED = "apply", "log_in", "not_a_pupil", "refused"


@dataclass(frozen=True)
class PeriodChoice:
    period: OfferPeriod
    left: int
    publics_label: str
    refusal: str = ""

    @property
    def dates(self) -> str:
        """ "du 25 au 29 janvier 2027"."""
        return french.date_range(self.period.start, self.period.end)


@dataclass(frozen=True)
class Choice:
    """What a visitor can do on an offer page: `kind`, the reason when they cannot, and each
    period with whom it is for and, for a pupil, why they may not ask for it."""

    kind: str
    refusal: str = ""
    periods: list[PeriodChoice] = field(default_factory=list)

    @property
    def open_periods(self) -> list[PeriodChoice]:
        return [p for p in self.periods if not p.refusal]


NOT_A_PUPIL_REFUSALS = {
    "school_staff": (
        "Les candidatures se font depuis un compte élève : partagez l'adresse de cette page "
        "avec vos élèves, ils pourront postuler en se connectant."
    ),
    "other": "Seuls les élèves peuvent candidater, depuis leur compte élève.",
}


def for_visitor(user, offer: Offer, periods: list[tuple[OfferPeriod, int]]) -> Choice:
    """`periods` are (period, places left) pairs (`offers.places.periods_with_places_left`)."""

    def described(refusal_of) -> list[PeriodChoice]:
        return [
            PeriodChoice(
                period=period,
                left=left,
                publics_label=audiences.period_label(offer.publics, period.start, period.end),
                refusal=refusal_of(period, left),
            )
            for period, left in periods
        ]

    if not user.is_authenticated:
        return Choice(kind=LOG_IN, periods=described(lambda p, left: ""))
    if not user.is_pupil:
        key = "school_staff" if user.is_school_staff else "other"
        return Choice(
            kind=NOT_A_PUPIL,
            refusal=NOT_A_PUPIL_REFUSALS[key],
            periods=described(lambda p, left: ""),
        )
    situation = situation_of(user)
    described_periods = described(lambda p, left: period_refusal(situation, offer, p, left))
    refusal = offer_refusal(situation, offer)
    if not refusal and not any(not p.refusal for p in described_periods):
        refusal = "Aucune période de cette offre ne vous est ouverte :"
    return Choice(kind=REFUSED if refusal else APPLY, refusal=refusal, periods=described_periods)
