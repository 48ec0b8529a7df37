"""The nightly alert match at scale: saved searches drawn like people's, new offers taken
from the seeded ones, the one-pass SQL match timed against a search per saved search."""

import random
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.http import QueryDict
from django.utils import timezone

from accounts.roles import Role
from alerts import services
from alerts.models import AlertMatch, SavedSearch
from offers.models import Offer, Public, State
from reference.models import Commune, Sector
from search.filters import RADIUS_CHOICES, parse
from search.selectors import matches as search_matches

WORDS = [
    "boulang",
    "hôpital",
    "mairie",
    "garage",
    "informatique",
    "vente",
    "cuisine",
    "bois",
    "soins",
    "agricole",
    "banque",
    "école",
    "pharmacie",
    "théâtre",
    "électricité",
]


def draw_query(rng: random.Random, communes, sectors, departments) -> str:
    """One person's search, as a query string: most narrow by place or department and
    sector, some by keyword, a few by dates, places or the seconde weeks."""
    parts = []
    roll = rng.random()
    if roll < 0.45:
        parts.append(("commune", rng.choice(communes)))
        parts.append(("rayon", str(rng.choice(RADIUS_CHOICES))))
    elif roll < 0.85:
        parts += [("departement", d) for d in rng.sample(departments, rng.choice([1, 1, 2]))]
    if rng.random() < 0.5:
        parts += [("secteur", s) for s in rng.sample(sectors, rng.choice([1, 1, 2, 3]))]
    if rng.random() < 0.3:
        parts.append(("q", rng.choice(WORDS)))
    if rng.random() < 0.2:
        parts.append(("public", rng.choice([Public.TROISIEME, Public.SECONDE])))
    if rng.random() < 0.05:
        parts.append(("semaine", rng.choice(["1", "2", "deux"])))
    if rng.random() < 0.05:
        parts.append(("du", "2027-01-01"))
    if rng.random() < 0.05:
        parts.append(("places", "2"))
    query = QueryDict(mutable=True)
    for name, value in parts:
        query.appendlist(name, value)
    return query.urlencode()


def seed_saved_searches(count: int, seed: int, per_owner: int = 2) -> None:
    """`count` saved searches of `count / per_owner` pupils, in bulk. Each query string is
    parsed once by the search (as a save does), the keyword set in one UPDATE."""
    rng = random.Random(seed)
    unique = Commune.objects.values("name").annotate(n=Count("insee")).filter(n=1).order_by("name")
    communes = rng.sample(list(unique.values_list("name", flat=True)), 300)
    sectors = list(Sector.objects.values_list("code", flat=True))
    departments = ["21", "25", "39", "58", "70", "71", "89", "90"]
    User = get_user_model()
    User.objects.filter(email__endswith="@alertes.example").delete()
    owners = User.objects.bulk_create(
        User(email=f"bench{n}@alertes.example", role=Role.PUPIL)
        for n in range(count // per_owner + 1)
    )
    # Distinct query strings are parsed once each (place lookups are the slow part).
    drawn = [draw_query(rng, communes, sectors, departments) for _ in range(count)]
    columns = {}
    for raw in set(drawn):
        form, params = services.parsed(raw)
        columns[raw] = (form.cleaned_query(), services.matching_columns(params))
    past = timezone.now() - timezone.timedelta(days=2)
    SavedSearch.objects.bulk_create(
        (
            SavedSearch(
                owner=owners[n // per_owner],
                name="bench",
                summary="bench",
                query=columns[raw][0],
                created_at=past,
                checked_until=past,
                **columns[raw][1],
            )
            for n, raw in enumerate(drawn)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE alerts_savedsearch SET keyword = to_tsquery('french',"
            " quote_literal(stages_unaccent(query->'q'->>0)) || ':*') WHERE query ? 'q'"
        )


def publish_new(count: int, seed: int) -> list[int]:
    """`count` published offers, republished within the last day (the read model follows)."""
    rng = random.Random(seed)
    ids = list(Offer.objects.filter(state=State.PUBLISHED).values_list("pk", flat=True))
    chosen = rng.sample(ids, min(count, len(ids)))
    now = timezone.now()
    # Every other offer was published a month ago: the new ones are exactly these.
    Offer.objects.filter(state=State.PUBLISHED).exclude(pk__in=chosen).update(
        published_at=now - timezone.timedelta(days=30)
    )
    for n, pk in enumerate(chosen):
        Offer.objects.filter(pk=pk).update(published_at=now - timezone.timedelta(minutes=n + 1))
    return chosen


def naive(sample: list[SavedSearch], new_ids: list[int]) -> tuple[float, dict[int, set[int]]]:
    """A search per saved search (parse its parameters, query the new offers): the seconds
    for the sample, and what each found."""
    found = {}
    started = time.perf_counter()
    for saved in sample:
        _, params = parse(QueryDict(services.query_string(saved.query)))
        found[saved.pk] = set(
            search_matches(params).filter(pk__in=new_ids).values_list("pk", flat=True)
        )
    return time.perf_counter() - started, found


def sql_found(sample: list[SavedSearch]) -> dict[int, set[int]]:
    pairs = AlertMatch.objects.filter(saved_search__in=sample).values_list(
        "saved_search_id", "offer_id"
    )
    found = {saved.pk: set() for saved in sample}
    for saved_id, offer_id in pairs:
        found[saved_id].add(offer_id)
    return found
