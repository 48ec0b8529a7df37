"""Supply figures against counts made by hand on the `supply_world` fixture."""

import pytest

from figures import selectors, services
from figures.filters import Filters

pytestmark = pytest.mark.django_db


def _tables(world, **filters):
    snapshot = services.refresh(world["year"])
    figures = selectors.supply(
        snapshot, Filters(school_year=world["year"], **filters), selectors.names()
    )
    return figures, {table.slug: dict(table.rows) for table in figures["tables"]}


def test_totals_count_published_and_full_offers_and_their_places(supply_world):
    figures, _ = _tables(supply_world)
    # A, B, D; 2 + 3 + 1 + 4 places; D's confirmed placement holds one.
    assert figures["total"] == {"offers": 3, "places": 10, "places_left": 9}


def test_by_week_counts_each_period_in_each_week_it_meets(supply_world):
    _, tables = _tables(supply_world)
    weeks = tables["offres-semaine"]
    week1, week2 = [label for label in weeks if "(seconde)" in label]
    assert weeks[week1] == {"offers": 2, "places": 3, "places_left": 3}  # A 2, B 1
    assert weeks[week2] == {"offers": 2, "places": 5, "places_left": 4}  # B 1, D 4 (1 held)
    assert len(weeks) == 3  # and B's January week


def test_cuts_by_department_sector_host_type_and_public(supply_world):
    _, tables = _tables(supply_world)
    assert tables["offres-departement"]["Doubs (25)"]["offers"] == 2
    assert tables["offres-departement"]["Jura (39)"] == {"offers": 1, "places": 4, "places_left": 4}
    assert tables["offres-secteur"]["Industrie"]["offers"] == 1
    assert tables["offres-structure"]["Association"]["offers"] == 1
    assert tables["offres-structure"]["Entreprise"]["places"] == 6
    # B is open to two publics: it counts for each.
    assert tables["offres-public"]["Seconde générale et technologique"]["offers"] == 3
    assert tables["offres-public"]["Collégiens de 3e"]["offers"] == 1


def test_filters_narrow_the_offers(supply_world):
    figures, _ = _tables(supply_world, department="39")
    assert figures["total"]["offers"] == 1
    figures, _ = _tables(supply_world, public="3e", host_type="association")
    assert figures["total"] == {"offers": 1, "places": 4, "places_left": 4}
    figures, _ = _tables(supply_world, sector="s28")
    assert figures["total"]["offers"] == 2


def test_moderation_waiting_and_median_time_to_decision(supply_world):
    import datetime

    from django.utils import timezone

    from offers.models import OfferTransition
    from tests.factories import OfferFactory

    now = timezone.now()
    for hours, offer in [(10, OfferFactory()), (30, OfferFactory()), (50, OfferFactory())]:
        OfferTransition.objects.create(
            offer=offer, source="draft", target="submitted", at=now - datetime.timedelta(hours=60)
        )
        OfferTransition.objects.create(
            offer=offer,
            source="submitted",
            target="published",
            at=now - datetime.timedelta(hours=60 - hours),
        )
    OfferFactory(state="submitted")
    snapshot = services.refresh(supply_world["year"])
    assert snapshot.decisions == 3
    assert snapshot.median_decision_hours == pytest.approx(30)
    assert snapshot.waiting_moderation == 1
