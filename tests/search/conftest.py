import datetime
import math

import pytest
from django.utils import timezone

from offers.models import State
from reference.models import Department
from search.filters import seconde_weeks
from search.queries import EARTH_RADIUS_M
from tests.factories import CommuneFactory, OfferFactory, OrganisationFactory, SectorFactory

BESANCON = (47.2380, 6.0243)


def north_of(km: float, origin=BESANCON):
    """A point `km` kilometres due north of origin, on earthdistance's sphere."""
    return origin[0] + math.degrees(km * 1000 / EARTH_RADIUS_M), origin[1]


@pytest.fixture
def place(db):
    """Communes: Besançon (25), one at 19.9 km, one at 20.1 km, Dole (39) 45 km away."""
    Department.objects.get_or_create(
        code="39", defaults={"name": "Jura", "prefecture": "Lons-le-Saunier", "academy": "Besançon"}
    )
    besancon = CommuneFactory()
    lat_in, lon = north_of(19.9)
    lat_out, _ = north_of(20.1)
    return {
        "besancon": besancon,
        "in": CommuneFactory(
            insee="25100",
            name="Près-Dedans",
            search_name="pres dedans",
            postcodes="25110",
            latitude=lat_in,
            longitude=lon,
        ),
        "out": CommuneFactory(
            insee="25200",
            name="Loin-Dehors",
            search_name="loin dehors",
            postcodes="25120",
            latitude=lat_out,
            longitude=lon,
        ),
        "dole": CommuneFactory(
            insee="39198",
            name="Dole",
            search_name="dole",
            postcodes="39100",
            department=Department.objects.get(code="39"),
            latitude=47.0920,
            longitude=5.4897,
        ),
    }


@pytest.fixture
def make_offer(db):
    """A live (published, future period with places) offer; keyword arguments override."""
    week1, _ = seconde_weeks()

    def make(periods=None, published_days_ago=1, host=None, host_type=None, **kwargs):
        if host or host_type:
            kwargs["organisation"] = OrganisationFactory(
                **({"name": host} if host else {}),
                **({"host_type": host_type} if host_type else {}),
            )
        kwargs.setdefault("state", State.PUBLISHED)
        offer = OfferFactory(periods=periods or [(week1[0], week1[1], 2)], **kwargs)
        published = timezone.now() - datetime.timedelta(days=published_days_ago)
        type(offer).objects.filter(pk=offer.pk).update(published_at=published)
        return offer

    return make


@pytest.fixture
def sectors(db):
    return {
        "food": SectorFactory(),
        "health": SectorFactory(code="s43", label="Santé humaine et action sociale"),
    }


@pytest.fixture(autouse=True)
def _no_search_cache(settings):
    """Exact query counts and fresh results; test_cache.py turns the caches on."""
    settings.SEARCH_CACHE_SECONDS = 0
