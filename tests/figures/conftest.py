import pytest

from reference.periods import seconde_period
from tests.factories import (
    CommuneFactory,
    DepartmentFactory,
    OfferFactory,
    OrganisationFactory,
    SectorFactory,
)
from tests.placements.factories import ApplicationFactory, this_school_year


@pytest.fixture
def supply_world(db):
    """Four offers whose figures are counted by hand in the tests.

    A (Doubs, company, seconde, accessible): seconde week 1, 2 places.
    B (Jura, association, 3e + seconde): a January week, 3 places; both seconde weeks, 1 place.
    C (Doubs, draft): not counted.
    D (Doubs, company, full): seconde week 2, 4 places, one held by a confirmed placement.
    """
    year = this_school_year()
    (w1, f1), (w2, f2) = seconde_period(year).working_weeks
    import datetime

    january = datetime.date(year, 1, 11)
    january -= datetime.timedelta(days=january.weekday())  # a Monday
    jura = CommuneFactory(
        insee="39300",
        name="Lons-le-Saunier",
        search_name="lons-le-saunier",
        postcodes="39000",
        department=DepartmentFactory(code="39", name="Jura", prefecture="Lons-le-Saunier"),
    )
    industry = SectorFactory(code="s30", label="Industrie")
    food = SectorFactory()
    a = OfferFactory(state="published", accessible=True, sector=food, periods=[(w1, f1, 2)])
    b = OfferFactory(
        state="published",
        commune=jura,
        sector=industry,
        organisation=OrganisationFactory(host_type="association", commune=jura),
        publics=["3e", "seconde"],
        periods=[(january, january + datetime.timedelta(days=4), 3), (w1, f2, 1)],
    )
    OfferFactory(state="draft", periods=[(w1, f1, 5)])
    d = OfferFactory(state="filled", sector=food, periods=[(w2, f2, 4)])
    ApplicationFactory(offer=d, state="confirmed")
    return {"year": year, "weeks": (w1, w2), "january": january, "a": a, "b": b, "d": d}
