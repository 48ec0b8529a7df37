"""The architecture picture (scripts/draw_import_graph.py) is drawn from the tested graph."""

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.test_import_graph import FLOORS, GRAPH, app_graph

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("draw", ROOT / "scripts" / "draw_import_graph.py")
draw = importlib.util.module_from_spec(spec)
spec.loader.exec_module(draw)


def test_the_picture_names_every_app_on_its_floor():
    texts = {t.text for t in ET.fromstring(draw.svg()).iter("{http://www.w3.org/2000/svg}text")}
    assert texts == {f"{app} ({floor})" for app, floor in FLOORS.items()}


def test_the_arrows_are_imports_and_keep_every_path():
    edges = app_graph(GRAPH)
    kept = draw.reduced(edges)
    assert kept <= {(a, b) for a, targets in edges.items() for b in targets}
    drawn = {}
    for a, b in kept:
        drawn.setdefault(a, set()).add(b)
    # Every import left out is still implied by a path of drawn arrows.
    for a, targets in edges.items():
        for b in targets:
            seen, todo = set(), list(drawn.get(a, ()))
            while todo:
                node = todo.pop()
                if node not in seen:
                    seen.add(node)
                    todo.extend(drawn.get(node, ()))
            assert b in seen, (a, b)


def test_the_readme_shows_the_committed_picture():
    assert (ROOT / "docs" / "architecture.svg").exists()
    assert "docs/architecture.svg" in (ROOT / "README.md").read_text("utf-8")
