"""What apps above placements add to its pages, without placements knowing them.

An app registers a provider in its `AppConfig.ready()`; placements' views ask this
registry and render the cells it returns (the teacher's class table gets a column, the
host's inbox a line per application). Imports run one way: conventions imports this,
placements imports nobody above it (tests/test_import_graph.py).

- `class_column(heading, provider)`: `provider(school_class, pupil_ids)` returns
  `{pupil_id: [Cell, ...]}`, one cell per placement (a seconde pupil may have two).
- `application_cell(provider)`: `provider(user, applications)` returns
  `{application_id: Cell}` for the applications a host sees; `user` is the host, so that
  a provider shows only what they may open.

A provider runs a fixed number of queries for the whole page, not one per row.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    label: str
    url: str = ""
    status: str = ""  # a CSS-friendly key (signed, signing, missing…)
    detail: str = ""  # read after the label (an amendment, a paper copy)


@dataclass(frozen=True)
class Column:
    heading: str
    cells: list  # one list of Cells per row, in the rows' order


_class_columns: dict[str, Callable] = {}
_application_cells: list[Callable] = []


def class_column(heading: str, provider: Callable) -> None:
    _class_columns[heading] = provider


def application_cell(provider: Callable) -> None:
    if provider not in _application_cells:
        _application_cells.append(provider)


def class_columns(school_class, pupil_ids: list[int]) -> list[Column]:
    columns = []
    for heading, provider in _class_columns.items():
        by_pupil = provider(school_class, pupil_ids)
        columns.append(Column(heading, [by_pupil.get(pk, []) for pk in pupil_ids]))
    return columns


def application_cells(user, applications) -> None:
    """Sets `application.annotations` (a list of Cells) on each application given."""
    applications = list(applications)
    found = [provider(user, applications) for provider in _application_cells]
    for application in applications:
        application.annotations = [c[application.pk] for c in found if application.pk in c]
