"""A figure as data (`Table`), and pupil counts cut into a table that secrecy protects."""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import secrecy
from .cube import select
from .filters import Filters


@dataclass
class Table:
    slug: str
    title: str
    definition: str
    columns: list[tuple[str, str]]  # (key, label)
    rows: list[tuple[str, dict]]  # (label, {column key: value or None when secret})
    total: dict | None = None
    notes: list[str] = field(default_factory=list)
    pupils: bool = False  # counts of pupils: secrecy applied
    row_header: str = ""
    row_keys: list = field(default_factory=list)  # the rows' codes, in order, when known
    charts: list = field(default_factory=list)  # figures.charts, drawn beside the table
    # The published numbers behind rows written as text ("12 %"), for the charts alone.
    raw: dict = field(default_factory=dict)

    @property
    def body(self) -> list[tuple[str, list]]:
        """Rows as (label, values in the columns' order), for templates and exports."""
        return [
            (label, [values.get(key) for key, _ in self.columns]) for label, values in self.rows
        ]

    @property
    def foot(self) -> list | None:
        return None if self.total is None else [self.total.get(key) for key, _ in self.columns]


# The filters that narrow pupils, each dropped in turn against the difference attack.
PUPIL_FILTERS = ("department", "academy", "school_kind", "level")


def grid(cells: Iterable, count: str, keys: Callable) -> dict:
    """{row: {column: n}} summed from cells; `keys(cell)` gives the (row, column) pairs a
    cell counts in (several for a pupil counted in each of two weeks, say)."""
    out: dict = {}
    for cell in cells:
        n = getattr(cell, count)
        for r, c in keys(cell):
            # Not setdefault(r, Counter()): it built a Counter per cell, a third of the time.
            row = out.get(r)
            if row is None:
                row = out[r] = Counter()
            row[c] += n
    return out


def _with_totals(table: dict) -> dict:
    flat = Counter()
    for r, cells in table.items():
        for c, n in cells.items():
            flat[(r, c)] += n
            flat[(r, secrecy.TOTAL)] += n
            flat[(secrecy.TOTAL, c)] += n
            flat[(secrecy.TOTAL, secrecy.TOTAL)] += n
    return flat


def protected(
    cells: list,
    filters: Filters,
    matches: Callable,
    count: str,
    keys: Callable,
    columns: list,
    rows: list | None = None,
    *,
    keep: tuple | None = None,
    where: Callable | None = None,
) -> dict:
    """The table of the cells matching the filters, its small cells and those a difference
    with one filter fewer would reveal hidden (`figures.secrecy`). With `keep` (the cell
    attributes `keys` reads) and a `figures.cube.Cube`, the cells come summed from its index;
    `where` keeps some cells only (seconde pupils, say), as `matches` does for the filters."""

    def cut(wanted: Filters):
        if keep is None:
            return [c for c in cells if (where is None or where(c)) and matches(c, wanted)]
        return select(cells, wanted, keep, where, matches)

    shown = grid(cut(filters), count, keys)
    wider = [filters.without(name) for name in PUPIL_FILTERS if getattr(filters, name)]
    references = [_with_totals(grid(cut(other), count, keys)) for other in wider]
    for r in rows or []:
        shown.setdefault(r, Counter())
    for cells_of_row in shown.values():
        for c in columns:
            cells_of_row.setdefault(c, 0)
    hidden = secrecy.differences_hidden(_with_totals(shown), references)
    return secrecy.protect_table(shown, hidden=hidden)


def pupil_table(slug, title, definition, columns, grid_, rows, row_header="") -> Table:
    """A Table from a protected grid: `rows` are (key, label) in the order shown."""
    keys = [key for key, _ in columns]
    return Table(
        slug,
        title,
        definition + " " + secrecy.DEFINITION,
        [*columns, (secrecy.TOTAL, "Total")],
        [(label, {k: grid_.get((r, k)) for k in [*keys, secrecy.TOTAL]}) for r, label in rows],
        total={k: grid_.get((secrecy.TOTAL, k)) for k in [*keys, secrecy.TOTAL]},
        pupils=True,
        row_header=row_header,
        row_keys=[r for r, _ in rows],
    )
