"""A snapshot's cells of one kind, summed ahead by the dimensions a figure keeps and indexed
by the values of the filters set, so that a page reads a few short lists, not every cell.

`Cube.select(filters, keep)` is the cells matching the filters, summed over every dimension
but `keep`. Its index depends on which filters are set, never on their values: it is built
on the first page that sets those filters (one pass over the cells), then kept with the
snapshot's cells (`figures.selectors.load`) until the next refresh. The sums are those a
page would compute from the cells themselves: secrecy (`figures.secrecy`) then works on them.
"""

from collections import namedtuple
from collections.abc import Callable, Iterable
from itertools import product
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
        self._views: dict = {}

    def part(self, where: Callable | None) -> list:
        """The cells `where` keeps (a predicate on one cell), computed once."""
        if where is None:
            return self
        if where not in self._parts:
            self._parts[where] = [c for c in self if where(c)]
        return self._parts[where]

    def select(self, filters: Filters, keep: tuple[str, ...], where: Callable | None = None):
        """Named tuples of the `keep` attributes and the summed counts, of the cells (those
        `where` keeps) matching the filters."""
        active = tuple(name for name in self.dims if getattr(filters, name))
        key = (where, active, keep)
        view = self._views.get(key)
        if view is None:
            view = self._views[key] = self._view(self.part(where), active, keep)
        return view.get(tuple(getattr(filters, name) for name in active), ())

    def _view(self, cells: list, active: tuple, keep: tuple) -> dict:
        """{filter values: [summed rows]} of the cells, for the filters `active`."""
        attrs = [self.dims[name] for name in active]
        listed = [attr in LISTED for attr in attrs]
        filter_values = attrgetter(*attrs) if attrs else None
        kept = attrgetter(*keep) if keep else None
        counted = attrgetter(*self.counts)
        n = len(self.counts)
        sums: dict = {}
        for cell in cells:
            values = _as_tuple(filter_values(cell), len(attrs)) if attrs else ()
            if any(listed):
                keys = product(
                    *(
                        v.split(",") if many else (v,)
                        for v, many in zip(values, listed, strict=True)
                    )
                )
            else:
                keys = (values,)
            row = _as_tuple(kept(cell), len(keep)) if keep else ()
            count = _as_tuple(counted(cell), n)
            for values_key in keys:
                group = sums.get(values_key)
                if group is None:
                    group = sums[values_key] = {}
                total = group.get(row)
                if total is None:
                    group[row] = list(count)
                else:
                    for i in range(n):
                        total[i] += count[i]
        Row = namedtuple("Row", [*keep, *self.counts])
        return {
            values: [Row(*row, *total) for row, total in group.items()]
            for values, group in sums.items()
        }


def _as_tuple(value, size: int) -> tuple:
    return value if size > 1 else (value,)


def select(cells, filters: Filters, keep: tuple[str, ...], where=None, matches=None) -> list:
    """`Cube.select`, or for a plain list (a figure's rows of the day, say) the matching
    cells themselves (`matches(cell, filters)`, and `where`)."""
    if isinstance(cells, Cube):
        return cells.select(filters, keep, where)
    return [c for c in cells if (where is None or where(c)) and matches(c, filters)]
