"""Draw the apps' import graph as docs/architecture.svg: `python scripts/draw_import_graph.py`.

Floors and arrows come from tests/test_import_graph.py (the same graph the test checks), so
the picture is redrawn, never edited. An arrow A -> B reads "A imports B"; an arrow that a
longer path already implies is left out, to keep the picture readable.
"""

import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_import_graph import FLOORS, GRAPH, app_graph  # noqa: E402

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 150, 34, 24, 70, 40


def reduced(edges: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Edges not implied by a longer path (transitive reduction of a DAG)."""

    def reach(start: str, skip: str) -> set[str]:
        seen, todo = set(), [t for t in edges.get(start, ()) if t != skip]
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(edges.get(node, ()))
        return seen

    return {(a, b) for a, targets in edges.items() for b in targets if b not in reach(a, b)}


def svg() -> str:
    edges = app_graph(GRAPH)
    floors = sorted(set(FLOORS.values()), reverse=True)
    rows = [sorted(app for app, floor in FLOORS.items() if floor == f) for f in floors]
    width = MARGIN * 2 + max(len(r) for r in rows) * (BOX_W + GAP_X)
    height = MARGIN * 2 + len(rows) * (BOX_H + GAP_Y)
    place = {}
    for y, row in enumerate(rows):
        offset = (width - len(row) * (BOX_W + GAP_X)) / 2
        for x, app in enumerate(row):
            place[app] = (offset + x * (BOX_W + GAP_X), MARGIN + y * (BOX_H + GAP_Y))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="13" role="img">',
        "<title>Stages BFC: apps by floor; an arrow reads 'imports'</title>",
        '<defs><marker id="a" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z" fill="#555"/></marker></defs>',
    ]
    for source, target in sorted(reduced(edges)):
        (x1, y1), (x2, y2) = place[source], place[target]
        x1, x2 = x1 + BOX_W / 2, x2 + BOX_W / 2
        if y1 == y2:  # same floor: a curve over the row, not a line through its boxes
            path = f"M{x1},{y1} Q{(x1 + x2) / 2},{y1 - GAP_Y / 2} {x2},{y2}"
        else:
            path = f"M{x1},{y1 + BOX_H} L{x2},{y2}"
        out.append(
            f'<path d="{path}" fill="none" stroke="#555" stroke-opacity="0.6" '
            'marker-end="url(#a)"/>'
        )
    for app, (x, y) in place.items():
        out.append(
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="4" fill="#eef2f8" '
            f'stroke="#345"/><text x="{x + BOX_W / 2}" y="{y + 22}" text-anchor="middle">'
            f"{escape(app)} ({FLOORS[app]})</text>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    target = ROOT / "docs" / "architecture.svg"
    target.write_text(svg(), "utf-8")
    print(target.relative_to(ROOT))
