"""The cube's sums are those of the cells themselves, whatever the filters set."""

import itertools
import random
from collections import Counter, namedtuple

from figures.cube import SUPPLY_DIMS, Cube, select
from figures.filters import Filters
from figures.selectors import supply_matches

Cell = namedtuple(
    "Cell", "week department academy sector host_type publics accessible offers places places_left"
)


def _cells(n=400, seed=3):
    rng = random.Random(seed)
    publics = ["seconde", "3e", "3e,seconde", "4e,3e", "lycee_pro"]
    return [
        Cell(
            rng.choice([None, 1, 2]), rng.choice(["21", "25", "39"]),
            rng.choice(["Dijon", "Besançon"]),
            rng.choice(["s1", "s2", "s3"]), rng.choice(["company", "association"]),
            rng.choice(publics), rng.random() < 0.3, rng.randint(1, 3), rng.randint(1, 9),
            rng.randint(0, 4),
        )
        for _ in range(n)
    ]  # fmt: skip


def _brute(cells, filters, keep, where):
    sums = {}
    for c in cells:
        if (where is None or where(c)) and supply_matches(c, filters):
            key = tuple(getattr(c, k) for k in keep)
            sums[key] = sums.get(key, Counter()) + Counter(offers=c.offers, places=c.places)
    return sums


def test_select_sums_what_matches_for_every_combination_of_filters():
    cells = _cells()
    cube = Cube(cells, dims=SUPPLY_DIMS, counts=("offers", "places", "places_left"))
    values = {
        "department": ["", "21", "39", "71"],
        "sector": ["", "s2"],
        "host_type": ["", "association"],
        "public": ["", "seconde", "3e"],
    }
    checked = 0
    for combo in itertools.product(*values.values()):
        filters = Filters(2027, **dict(zip(values, combo, strict=True)))
        for keep, where in [((), None), (("week",), None), (("publics",), lambda c: c.week)]:
            got = {
                tuple(getattr(r, k) for k in keep): Counter(offers=r.offers, places=r.places)
                for r in cube.select(filters, keep, where)
            }
            assert got == _brute(cells, filters, keep, where)
            checked += bool(got)
    assert checked > 50  # most combinations match some cells


def test_an_offer_open_to_two_publics_counts_once_in_each():
    cell = Cell(None, "21", "Dijon", "s1", "company", "3e,seconde", False, 1, 4, 2)
    cube = Cube([cell], dims=SUPPLY_DIMS, counts=("offers", "places", "places_left"))
    for public in ("3e", "seconde"):
        (row,) = cube.select(Filters(2027, public=public), ())
        assert (row.offers, row.places, row.places_left) == (1, 4, 2)
    assert cube.select(Filters(2027, public="4e"), ()) == ()


def test_a_plain_list_is_filtered_cell_by_cell():
    cells = _cells(50)
    wanted = Filters(2027, department="25")
    assert select(cells, wanted, ("week",), matches=supply_matches) == [
        c for c in cells if c.department == "25"
    ]
