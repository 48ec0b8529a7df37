"""Deterministic, realistic demo organisations, offers and periods, in bulk.

Everything derives from one seed, so `seed_demo --offers N --seed S` gives the same rows on
every machine. Rows are bulk-inserted (100,000 offers in well under two minutes): an offer
gets the state, dates and periods that its moves would have given it, without the audit
rows of moves that never happened. The demo accounts (demo/accounts.py) go through the
apps' services.
"""

import datetime
import random
from itertools import islice

from django.db import transaction
from django.utils import timezone

from offers.models import Offer, OfferPeriod, Public, State
from organisations.models import Organisation
from organisations.validators import luhn_valid
from reference.models import Commune, Sector
from reference.periods import WEEK, monday_on_or_after, school_year_of, seconde_period
from sync_1j1s.services import queue_published

from .catalogue import HOSTS, JOBS, PUBLIC_MIX, STATE_MIX, STREETS, SURNAMES

DEMO_DOMAIN = "demo.stages-bfc.fr"
OFFERS_PER_ORGANISATION = 4
BATCH = 2000


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def siret(n: int) -> str:
    prefix = f"9{n:012d}"
    return next(prefix + str(d) for d in range(10) if luhn_valid(prefix + str(d)))


class DemoBuilder:
    def __init__(self, seed: int, today: datetime.date | None = None):
        self.seed = seed
        self.today = today or timezone.localdate()
        self.school_year = school_year_of(self.today)
        self.period = seconde_period(self.school_year)
        self.communes = list(Commune.objects.order_by("insee").values_list("insee", "latitude"))
        self.sectors = dict(Sector.objects.values_list("code", "label"))
        if not self.communes or not self.sectors:
            raise RuntimeError("Chargez d'abord les référentiels : manage.py load_reference")

    def _rng(self, kind: str, index: int) -> random.Random:
        return random.Random(f"{self.seed}:{kind}:{index}")

    def organisation(self, index: int) -> Organisation:
        rng = self._rng("org", index)
        host_type = _weighted(
            rng, [(t, w) for t, w in zip(HOSTS, [60, 15, 5, 10, 10], strict=True)]
        )
        insee = rng.choice(self.communes)[0]
        name = f"{rng.choice(HOSTS[host_type])} {rng.choice(SURNAMES)}"
        return Organisation(
            name=name,
            siret=siret(self.seed * 10_000_000 + index),
            host_type=host_type,
            street=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
            commune_id=insee,
            description=f"{name} accueille chaque année des jeunes pour leur faire découvrir ses métiers.",
        )

    def offer(self, index: int, organisation: Organisation) -> tuple[Offer, list[tuple]]:
        rng = self._rng("offer", index)
        code = rng.choice(sorted(self.sectors))
        title, activities = rng.choice(
            JOBS.get(
                code,
                [
                    (
                        f"Découverte des métiers : {self.sectors[code].lower()}",
                        f"observer les professionnels du secteur {self.sectors[code].lower()} et participer aux tâches du quotidien",
                    )
                ],
            )
        )
        publics = list(_weighted(rng, PUBLIC_MIX))
        state = _weighted(rng, STATE_MIX)
        accessible = rng.random() < 0.4
        offer = Offer(
            organisation=organisation,
            title=title,
            sector_id=code,
            publics=publics,
            description=(
                f"Pendant votre stage, vous allez {activities}. "
                f"Vous serez accompagné(e) par un tuteur ou une tutrice de {organisation.name}. "
                "Tenue correcte demandée ; le programme s'adapte à vos questions."
            ),
            street=organisation.street
            if rng.random() < 0.7
            else f"{rng.randint(1, 80)} {rng.choice(STREETS)}",
            commune_id=organisation.commune_id
            if rng.random() < 0.7
            else rng.choice(self.communes)[0],
            hours_start=datetime.time(rng.choice([8, 9]), rng.choice([0, 30])),
            hours_end=datetime.time(rng.choice([16, 17, 18]), 0),
            lunch_break="Pause de 12 h à 13 h 30, repas possible sur place"
            if rng.random() < 0.5
            else "",
            accessible=accessible,
            accessibility_details="Locaux de plain-pied, ascenseur et toilettes adaptées."
            if accessible
            else "",
            transport=f"Arrêt de bus « {rng.choice(STREETS).split(' ', 1)[1].title()} » à {rng.randint(2, 15)} minutes à pied."
            if rng.random() < 0.6
            else "",
            tutor_name=f"{rng.choice(['Claire', 'Julien', 'Sophie', 'Karim', 'Nadia', 'Luc'])} {rng.choice(SURNAMES)}",
            tutor_email=f"tuteur{index}@{DEMO_DOMAIN}",
            state=state,
            submitted_at=timezone.now() - datetime.timedelta(days=rng.randint(1, 60)),
            published_at=timezone.now() - datetime.timedelta(days=rng.randint(0, 40))
            if state in (State.PUBLISHED, State.FILLED, State.WITHDRAWN, State.EXPIRED)
            else None,
        )
        return offer, self.periods(rng, publics)

    def periods(self, rng, publics) -> list[tuple]:
        places = rng.choice([1, 1, 2, 2, 3, 4, 6, 10, 35])
        if Public.SECONDE in publics:
            weeks = rng.choice([[0], [1], [0, 1], [0, 1]])
            if len(weeks) == 2 and rng.random() < 0.7:
                return [(self.period.start, self.period.end, places)]
            return [(*self.period.working_weeks[i], places) for i in weeks]
        # Other publics: one or two ranges between January and May of the school year.
        ranges = []
        for _ in range(rng.choice([1, 1, 2])):
            start = datetime.date(self.school_year, rng.randint(1, 5), 1)
            start = monday_on_or_after(start) + rng.randint(0, 3) * WEEK
            ranges.append((start, start + datetime.timedelta(days=rng.choice([4, 11, 18])), places))
        return ranges


def _bulk(model, objects):
    return model.objects.bulk_create(objects, batch_size=BATCH)


def seed_offers(count: int, seed: int) -> int:
    """Create demo offers up to `count` (idempotent: existing demo offers are kept)."""
    builder = DemoBuilder(seed)
    existing = Offer.objects.filter(tutor_email__endswith=f"@{DEMO_DOMAIN}").count()
    needed_orgs = -(-count // OFFERS_PER_ORGANISATION)
    known = set(Organisation.objects.filter(siret__startswith="9").values_list("siret", flat=True))
    new_orgs = [
        o for o in (builder.organisation(i) for i in range(needed_orgs)) if o.siret not in known
    ]
    _bulk(Organisation, new_orgs)
    organisations = {o.siret: o for o in Organisation.objects.filter(siret__startswith="9")}
    ordered = [organisations[siret(seed * 10_000_000 + i)] for i in range(needed_orgs)]
    created = 0
    indexes = iter(range(existing, count))
    while batch := list(islice(indexes, BATCH)):
        with transaction.atomic():
            pairs = [builder.offer(i, ordered[i // OFFERS_PER_ORGANISATION]) for i in batch]
            offers = _bulk(Offer, [offer for offer, _ in pairs])
            _bulk(
                OfferPeriod,
                [
                    OfferPeriod(offer=offer, start=start, end=end, places=places)
                    for offer, (_, periods) in zip(offers, pairs, strict=True)
                    for start, end, places in periods
                ],
            )
            # Published without the services: their national push is queued all the same.
            queue_published([o.pk for o in offers if o.state == State.PUBLISHED], "seed_demo")
        created += len(batch)
    return created
