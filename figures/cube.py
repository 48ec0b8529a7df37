"""A snapshot's cells of one kind, indexed by the filters' values and summed by the
dimensions a figure keeps, so that a page reads a few short lists, not every cell.

`Cube.select(filters, keep)` is the cells matching the filters, summed over every dimension
but `keep`. The cells are indexed by each filter's values (built on first use), so a page
with filters reads only the cells holding the rarest value it asks for; each sum is kept with
the snapshot's cells (`figures.selectors.load`) until the next refresh, so the same filters
are summed once. The sums are those a page would compute from the cells themselves: secrecy
(`figures.secrecy`) then works on them, on every page.
"""

from collections import namedtuple
from collections.abc import Callable, Iterable
from functools import cache
from operator import attrgetter

from .filters import Filters

# Filter attribute -> the cell's attribute it compares; "public" matches one of the offer's
# publics (comma-separated), every other filter the value itself.
SUPPLY_DIMS = {
    "department": "department",
    "academy": "academy",
    "sector": "sector",
    "host_type": "host_type",
    "public": "publics",
}
PUPIL_DIMS = {
    "department": "department",
    "academy": "academy",
    "school_kind": "school_kind",
    "level": "level",
}
PLACEMENT_DIMS = {**PUPIL_DIMS, "sector": "sector", "host_type": "host_type"}
LISTED = {"publics"}  # cell attributes holding several values


class Cube(list):
    def __init__(self, cells: Iterable = (), *, dims: dict[str, str], counts: tuple[str, ...]):
        super().__init__(cells)
        self.dims = dims
        self.counts = counts
        self._parts: dict = {}
        self._indexes: dict = {}
        self._sums: dict = {}

    def part(self, where: Callable | None) -> list:
        """The cells `where` keeps (a predicate on one cell), computed once."""
        if where is None:
            return self
        if where not in self._parts:
            self._parts[where] = [c for c in self if where(c)]
        return self._parts[where]

    def _index(self, where, name: str) -> dict:
        """{value: cells} of the cells `where` keeps, for the filter `name`, built once."""
        key = (where, name)
        index = self._indexes.get(key)
        if index is None:
            index = self._indexes[key] = {}
            attr = self.dims[name]
            for cell in self.part(where):
                value = getattr(cell, attr)
                for one in value.split(",") if attr in LISTED else (value,):
                    index.setdefault(one, []).append(cell)
        return index

    def select(self, filters: Filters, keep: tuple[str, ...], where: Callable | None = None):
        """Named tuples of the `keep` attributes and the summed counts, of the cells (those
        `where` keeps) matching the filters. Summed once per filters' values, from the cells
        holding the rarest value asked for."""
        wanted = tuple(
            (name, getattr(filters, name)) for name in self.dims if getattr(filters, name)
        )
        key = (where, wanted, keep)
        rows = self._sums.get(key)
        if rows is None:
            if len(self._sums) >= MEMORY:
                self._sums.clear()
            rows = self._sums[key] = self._sum(self._matching(wanted, where), keep)
        return rows

    def _matching(self, wanted: tuple, where) -> Iterable:
        if not wanted:
            return self.part(where)
        candidates = min(
            (self._index(where, name).get(value, ()) for name, value in wanted), key=len
        )
        tests = []
        for name, value in wanted:
            attr = self.dims[name]
            if attr in LISTED:
                tests.append(lambda c, a=attr, v=value: v in getattr(c, a).split(","))
            else:
                tests.append(lambda c, a=attr, v=value: getattr(c, a) == v)
        return [c for c in candidates if all(test(c) for test in tests)]

    def _sum(self, cells: Iterable, keep: tuple) -> tuple:
        kept = attrgetter(*keep) if keep else None
        counted = attrgetter(*self.counts)
        n = len(self.counts)
        sums: dict = {}
        for cell in cells:
            row = (kept(cell) if len(keep) > 1 else (kept(cell),)) if keep else ()
            count = counted(cell) if n > 1 else (counted(cell),)
            total = sums.get(row)
            if total is None:
                sums[row] = list(count)
            else:
                for i in range(n):
                    total[i] += count[i]
        Row = _row_type(keep, self.counts)
        return tuple(Row(*row, *total) for row, total in sums.items())


# Sums kept per cube at most (a page asks for some 60): past it, the cube starts afresh.
MEMORY = 5000


@cache
def _row_type(keep: tuple, counts: tuple):
    return namedtuple("Row", [*keep, *counts])


def select(cells, filters: Filters, keep: tuple[str, ...], where=None, matches=None) -> list:
    """`Cube.select`, or for a plain list (a figure's rows of the day, say) the matching
    cells themselves (`matches(cell, filters)`, and `where`)."""
    if isinstance(cells, Cube):
        return cells.select(filters, keep, where)
    return [c for c in cells if (where is None or where(c)) and matches(c, filters)]
