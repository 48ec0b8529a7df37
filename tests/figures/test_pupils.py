"""Coverage, supply against demand and equal access against counts made by hand."""

import datetime

import pytest

from figures import access_figures, pupil_figures, selectors, services
from figures.filters import Filters
from figures.models import PlacementCell, PupilCell
from figures.pupil_cells import distance_km
from figures.tables import grid
from placements.models import ExternalPlacement, PupilProfile
from reference.models import School
from reference.periods import seconde_period
from tests.factories import CommuneFactory, DepartmentFactory, OfferFactory, SchoolFactory
from tests.placements.factories import ApplicationFactory, SchoolClassFactory, enrolled_pupil

pytestmark = pytest.mark.django_db


@pytest.fixture
def pupils_world(db):
    """Lycée in Besançon (Doubs), a seconde class of 7: 3 with both weeks (girls, with a host
    in Besançon), 2 with week 1 only (boys, with a host in Lons-le-Saunier, Jura), 2 without.
    Collège in Lons (Jura), a 3e class of 6: 5 found their 5 days elsewhere, 1 without,
    and needs an accessible place."""
    from tests.placements.factories import this_school_year

    year = this_school_year()
    (w1, f1), (w2, f2) = seconde_period(year).working_weeks
    jura = CommuneFactory(
        insee="39300",
        name="Lons-le-Saunier",
        search_name="lons-le-saunier",
        postcodes="39000",
        latitude=46.6747,
        longitude=5.5547,
        department=DepartmentFactory(code="39", name="Jura", prefecture="Lons-le-Saunier"),
    )
    lycee = SchoolClassFactory(school=SchoolFactory(uai="0250001A", name="Lycée Pasteur"))
    college = SchoolClassFactory(
        school=SchoolFactory(
            uai="0390001B", name="Collège Rouget", kind=School.Kind.COLLEGE, commune=jura
        ),
        level="3e",
    )
    both = OfferFactory(state="published", periods=[(w1, f2, 10)])
    first = OfferFactory(state="published", commune=jura, periods=[(w1, f1, 10)])
    for _ in range(3):
        pupil = enrolled_pupil(lycee)
        PupilProfile.objects.create(pupil=pupil, gender="fille")
        ApplicationFactory(offer=both, pupil=pupil, state="confirmed")
    for _ in range(2):
        pupil = enrolled_pupil(lycee)
        PupilProfile.objects.create(pupil=pupil, gender="garcon")
        ApplicationFactory(offer=first, pupil=pupil, state="confirmed")
    for _ in range(2):
        enrolled_pupil(lycee)
    january = datetime.date(year, 1, 4)
    january -= datetime.timedelta(days=january.weekday())
    for _ in range(5):
        ExternalPlacement.objects.create(
            pupil=enrolled_pupil(college),
            school_year=year,
            host_name="Fromagerie",
            commune="Poligny",
            start=january,
            end=january + datetime.timedelta(days=4),
        )
    PupilProfile.objects.create(pupil=enrolled_pupil(college), needs_accessible_place=True)
    snapshot = services.refresh(year)
    return {"year": year, "snapshot": snapshot, "weeks": (w1, w2)}


def _raw(snapshot, keys, model=PupilCell, count="pupils"):
    return {
        r: dict(c) for r, c in grid(model.objects.filter(snapshot=snapshot), count, keys).items()
    }


def test_coverage_counts_by_department_level_and_school(pupils_world):
    snapshot = pupils_world["snapshot"]
    assert _raw(snapshot, lambda c: [(c.department, c.status)]) == {
        "25": {"complete": 3, "partial": 2, "none": 2},
        "39": {"complete": 5, "none": 1},
    }
    assert _raw(snapshot, lambda c: [(c.level, c.status)]) == {
        "seconde": {"complete": 3, "partial": 2, "none": 2},
        "3e": {"complete": 5, "none": 1},
    }


def test_seconde_weeks_and_demand_by_week(pupils_world):
    snapshot = pupils_world["snapshot"]
    w1, w2 = (w.isoformat() for w in pupils_world["weeks"])
    missing = _raw(snapshot, lambda c: [(m, "missing") for m in c.missing_weeks.split(",") if m])
    assert missing == {w1: {"missing": 2}, w2: {"missing": 4}}
    cells = selectors.load(snapshot)
    table = access_figures.demand_by_week(
        snapshot, Filters(school_year=snapshot.school_year), cells["supply"], cells["pupils"]
    )
    rows = dict(table.rows)
    week1, week2 = list(rows)
    # Places left: "both" 10 - 3 held, in each week; "first" 10 - 2 in week 1.
    assert rows[week1]["places_left"] == 7 + 8
    assert rows[week2]["places_left"] == 7
    # 2 and 4 pupils still looking: secret.
    assert rows[week1]["looking"] is None and rows[week2]["looking"] is None


def test_gender_and_distance_of_placements(pupils_world):
    snapshot = pupils_world["snapshot"]
    genders = _raw(snapshot, lambda c: [(c.sector, c.gender)], PlacementCell, "placements")
    assert genders == {"s28": {"fille": 3, "garcon": 2}}
    km = distance_km((47.2380, 6.0243), (46.6747, 5.5547))
    assert 70 < km < 80
    distances = _raw(snapshot, lambda c: [(c.distance_km, "n")], PlacementCell, "placements")
    assert distances == {0: {"n": 3}, km: {"n": 2}}
    names = selectors.names()
    table = access_figures.distance(
        Filters(school_year=snapshot.school_year), names, selectors.load(snapshot)["placements"]
    )
    assert dict(table.rows)["Doubs (25)"] == {"median": "0 km", "far": "40 %"}
    # Gender cells of 3 and 2 are secret; their total of 5 is shown.
    table = access_figures.gender_by_sector(
        Filters(school_year=snapshot.school_year), names, selectors.load(snapshot)["placements"]
    )
    row = dict(table.rows)["Industrie alimentaire"]
    assert row["fille"] is None and row["garcon"] is None and row["total"] == 5
    assert row["girls_share"] is None


def test_published_coverage_hides_small_cells_and_their_complements(pupils_world):
    snapshot = pupils_world["snapshot"]
    figures = pupil_figures.coverage(
        snapshot,
        Filters(school_year=snapshot.school_year),
        selectors.names(),
        selectors.load(snapshot)["pupils"],
    )
    by_department = dict(figures["tables"][0].rows)
    jura = by_department["Jura (39)"]
    assert jura["none"] is None, "1 pupil"
    assert jura["complete"] is None, "else 6 - 5 gives the 1 away"
    assert jura["total"] == 6
    assert figures["total"]["total"] == 13


def test_a_filter_that_leaves_few_pupils_out_hides_the_difference(pupils_world):
    # Two more pupils in Doubs, in a collège: Doubs counts 9, its lycées 7. Shown side by
    # side, "Doubs, lycées" and "Doubs" would tell that 2 pupils are in its collèges.
    snapshot = pupils_world["snapshot"]
    college = SchoolClassFactory(
        school=SchoolFactory(uai="0250002C", kind=School.Kind.COLLEGE), level="3e"
    )
    enrolled_pupil(college)
    enrolled_pupil(college)
    snapshot = services.refresh(snapshot.school_year)
    cells = selectors.load(snapshot)["pupils"]
    names = selectors.names()
    year = snapshot.school_year
    doubs = pupil_figures.coverage(snapshot, Filters(year, department="25"), names, cells)
    assert doubs["total"]["total"] == 9
    lycees = pupil_figures.coverage(
        snapshot, Filters(year, department="25", school_kind="lycee"), names, cells
    )
    assert lycees["total"]["total"] is None
    assert dict(lycees["tables"][0].rows)["Doubs (25)"]["total"] is None
    # Without the department filter, the table by department still shows Doubs's row: 7
    # against 9 there, hidden; and Doubs being the only department with lycées, the total
    # is that row, hidden with it.
    lycees = pupil_figures.coverage(snapshot, Filters(year, school_kind="lycee"), names, cells)
    assert dict(lycees["tables"][0].rows)["Doubs (25)"]["total"] is None
    assert lycees["total"]["total"] is None
    # Seconde only (7) against every level (15), Doubs 7 against 9: hidden the same way;
    # Jura has no seconde row at all.
    seconde = pupil_figures.coverage(snapshot, Filters(year, level="seconde"), names, cells)
    assert "Jura (39)" not in dict(seconde["tables"][0].rows)


@pytest.mark.parametrize(
    "wanted",
    [{}, {"department": "25"}, {"department": "39", "level": "3e"}, {"school_kind": "lycee"}],
)
def test_the_cubes_give_the_figures_the_cells_give(pupils_world, wanted):
    """The page's figures, read from the cubes' sums, are those computed cell by cell."""
    snapshot = pupils_world["snapshot"]
    filters, names = Filters(snapshot.school_year, **wanted), selectors.names()
    cubes = selectors.load(snapshot)
    plain = {kind: list(cells) for kind, cells in cubes.items()}
    for cells in (cubes, plain):
        figures = [
            pupil_figures.coverage(snapshot, filters, names, cells["pupils"])["tables"],
            selectors.supply(snapshot, filters, names, cells["supply"])["tables"],
            access_figures.demand_by_week(snapshot, filters, cells["supply"], cells["pupils"]),
            access_figures.demand_by_department(
                snapshot, filters, names, cells["supply"], cells["pupils"]
            ),
            access_figures.gender_by_sector(filters, names, cells["placements"]),
            access_figures.accessible(
                filters, cells["supply"], cells["pupils"], cells["placements"]
            ),
            access_figures.distance(filters, names, cells["placements"]),
        ]
        if cells is cubes:
            expected = figures
    assert figures == expected
