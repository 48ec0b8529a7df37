"""Statistical secrecy: no published figure lets anyone count fewer than 5 pupils.

The one module that decides which pupil counts are shown. Three rules:

1. Primary suppression: a count from 1 to 4 is hidden ("< 5"). Zero is shown: it says
   nothing about any one pupil that the empty row would not.
2. Complementary suppression: a line of cells is published with its total, so a line with
   a single hidden cell would give it away (total minus the others). Another cell of the line,
   the smallest one above zero, is hidden too; tables are walked by rows and by columns until
   no line has a single hidden cell. A total that is itself small hides its whole line.
3. Differences between filters: a figure shown with filters, next to the same figure with one
   filter fewer (which anyone can ask for), gives their difference. A filtered cell is hidden
   when that difference counts 1 to 4 pupils, for each filter dropped in turn.

Hidden cells are `None`; templates and exports write `SECRET_LABEL`.
"""

from collections.abc import Hashable, Iterable, Mapping

THRESHOLD = 5
SECRET_LABEL = "< 5"
DEFINITION = (
    "Secret statistique : un effectif de 1 à 4 élèves n'est jamais publié (« < 5 »), ni une "
    "case qui permettrait de le retrouver par différence avec un total ou avec le même chiffre "
    "sans l'un des filtres."
)


def is_small(count: int | None) -> bool:
    return count is not None and 0 < count < THRESHOLD


def _complete_line(line: dict[Hashable, int], hidden: set) -> bool:
    """Hide one more cell of a line that has exactly one hidden cell; True if it did."""
    shown = [key for key in line if key not in hidden]
    if sum(1 for key in line if key in hidden) != 1 or not shown:
        return False
    candidates = [key for key in shown if line[key] > 0] or shown
    hidden.add(min(candidates, key=lambda key: (line[key], str(key))))
    return True


TOTAL = "total"  # the key of a table's total row and total column


def protect_table(
    table: Mapping[Hashable, Mapping[Hashable, int]], hidden: Iterable[tuple] = ()
) -> dict:
    """A table {row: {column: count}} published with its row and column totals.

    The table is a grid whose last row and column are the totals: every row and every column
    of it (its total included) is a line where one hidden cell could be computed from the
    others, so each line ends with none or at least two hidden cells. `hidden` names
    (row, column) cells, totals as (row, TOTAL), (TOTAL, column), (TOTAL, TOTAL), already
    hidden by `differences_hidden`. Returns {(row, column): count or None} over the grid."""
    rows = list(table)
    columns = sorted({column for cells in table.values() for column in cells}, key=str)
    grid = {(r, c): table[r].get(c, 0) for r in rows for c in columns}
    for r in rows:
        grid[(r, TOTAL)] = sum(grid[(r, c)] for c in columns)
    for c in [*columns, TOTAL]:
        grid[(TOTAL, c)] = sum(grid[(r, c)] for r in rows)
    secret = {key for key in hidden if key in grid}
    secret |= {key for key, n in grid.items() if is_small(n)}
    lines = [[(r, c) for c in [*columns, TOTAL]] for r in [*rows, TOTAL]]
    lines += [[(r, c) for r in [*rows, TOTAL]] for c in [*columns, TOTAL]]
    changed = True
    while changed:
        changed = False
        for line in lines:
            values = {key: grid[key] for key in line}
            hidden_here = {key for key in line if key in secret}
            if _complete_line(values, hidden_here):
                secret |= hidden_here
                changed = True
    return {key: None if key in secret else n for key, n in grid.items()}


def differences_hidden(
    shown: Mapping[Hashable, int], references: Iterable[Mapping[Hashable, int]]
) -> set:
    """The keys of `shown` whose difference with any reference (the same figure with one
    filter fewer) counts 1 to 4 pupils."""
    references = list(references)
    return {
        key
        for key, n in shown.items()
        if any(is_small(reference.get(key, 0) - n) for reference in references)
    }


def display(count: int | None) -> str:
    return SECRET_LABEL if count is None else str(count)
