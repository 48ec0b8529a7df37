"""Statistical secrecy: small counts hidden, and never recoverable by a difference."""

from figures.secrecy import TOTAL, differences_hidden, protect_table


def _recoverable(grid, rows, columns):
    """Cells an attacker can compute: the only hidden cell of a line with its total."""
    found = set()
    lines = [[(r, c) for c in [*columns, TOTAL]] for r in [*rows, TOTAL]]
    lines += [[(r, c) for r in [*rows, TOTAL]] for c in [*columns, TOTAL]]
    for line in lines:
        hidden = [key for key in line if grid[key] is None]
        if len(hidden) == 1:
            found.add(hidden[0])
    return found


def test_counts_of_one_to_four_are_hidden_and_zero_is_shown():
    grid = protect_table({"Doubs": {"placed": 12, "none": 0}, "Jura": {"placed": 30, "none": 8}})
    assert grid[("Doubs", "none")] == 0
    assert grid[("Doubs", "placed")] == 12

    grid = protect_table({"Doubs": {"placed": 12, "none": 3}, "Jura": {"placed": 30, "none": 8}})
    assert grid[("Doubs", "none")] is None


def test_a_single_hidden_cell_of_a_line_takes_a_complement_with_it():
    # Doubs: 12 placed, 3 without. Total 15 shown: 15 - 12 would give the 3 away.
    table = {"Doubs": {"placed": 12, "none": 3}, "Jura": {"placed": 30, "none": 8}}
    grid = protect_table(table)
    assert grid[("Doubs", "none")] is None
    assert grid[("Doubs", "placed")] is None, "the row total minus the visible cell"
    # The column "none" had one hidden cell: Jura's 8 goes too (the smallest).
    assert grid[("Jura", "none")] is None
    assert grid[("Jura", "placed")] is None
    assert _recoverable(grid, list(table), ["none", "placed"]) == set()


def test_no_hidden_cell_is_recoverable_from_totals_on_a_larger_table():
    table = {
        "A": {"x": 20, "y": 2, "z": 40},
        "B": {"x": 15, "y": 9, "z": 1},
        "C": {"x": 7, "y": 30, "z": 12},
        "D": {"x": 3, "y": 50, "z": 60},
    }
    grid = protect_table(table)
    for r, c in [("A", "y"), ("B", "z"), ("D", "x")]:
        assert grid[(r, c)] is None
    assert _recoverable(grid, list(table), ["x", "y", "z"]) == set()
    # Large, uninvolved cells stay visible: the protection is not "hide everything".
    assert grid[("D", "z")] == 60


def test_a_small_total_hides_its_line():
    grid = protect_table({"Nièvre": {"placed": 2, "none": 1}, "Jura": {"placed": 30, "none": 8}})
    assert grid[("Nièvre", TOTAL)] is None
    assert grid[("Nièvre", "placed")] is None and grid[("Nièvre", "none")] is None


def test_difference_attack_between_two_filters_is_closed():
    # Pupils without a placement per department, all schools, and collèges only: Doubs
    # 20 vs 17 would tell that 3 pupils of Doubs's lycées have none.
    everyone = {"Doubs": 20, "Jura": 40}
    colleges = {"Doubs": 17, "Jura": 30}
    hidden = differences_hidden(colleges, [everyone])
    assert hidden == {"Doubs"}
    grid = protect_table(
        {dep: {"none": n} for dep, n in colleges.items()}, hidden={(d, "none") for d in hidden}
    )
    assert grid[("Doubs", "none")] is None
    # and the total 47 minus Jura's 30 would give Doubs's 17 back: Jura goes too.
    assert grid[("Jura", "none")] is None or grid[(TOTAL, "none")] is None
    assert _recoverable(grid, list(colleges), ["none"]) == set()


def test_equal_or_far_apart_figures_are_no_difference_attack():
    assert differences_hidden({"Doubs": 17, "Jura": 30}, [{"Doubs": 17, "Jura": 38}]) == set()
