"""The departments and sectors as form choices, kept in each process: the search form lists
them on every page (two queries a page), and they change only through the admin or a
migration.

A list is kept CHOICES_SECONDS, and dropped at once when a department or sector is saved or
deleted in this process (signals, connected in apps.py); another process sees the change
within CHOICES_SECONDS.
"""

import time

from .models import Department, Sector

CHOICES_SECONDS = 60.0
_kept: dict[str, tuple[float, list[tuple[str, str]]]] = {}


def _cached(name: str, load) -> list[tuple[str, str]]:
    now = time.monotonic()
    kept = _kept.get(name)
    if kept is None or now - kept[0] > CHOICES_SECONDS:
        kept = _kept[name] = (now, load())
    return kept[1]


def department_choices() -> list[tuple[str, str]]:
    """(code, name), by code."""
    return _cached(
        "departments",
        lambda: list(Department.objects.values_list("code", "name").order_by("code")),
    )


def sector_choices() -> list[tuple[str, str]]:
    """(code, label), in the sectors' order (their label)."""
    return _cached("sectors", lambda: list(Sector.objects.values_list("code", "label")))


def forget(**kwargs):
    """Signal receiver, and between tests: read the lists again next time."""
    _kept.clear()
