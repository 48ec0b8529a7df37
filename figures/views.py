"""The Region's dashboard of figures: Region staff and observers (aggregates only)."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.roles import figures_required

from . import access_figures, charts, pupil_figures, selectors, services
from .filters import APPLIES_TO, FiltersForm
from .secrecy import DEFINITION as SECRECY


def _context(request):
    current = services.current_school_year()
    years = sorted({current, *selectors.snapshot_years()}, reverse=True)
    form = FiltersForm(request.GET or None, years=years, default_year=current)
    filters, notices = form.filters()
    snapshot = selectors.latest_snapshot(filters.school_year)
    if snapshot is None:
        # First visit of the year: computed now, then kept fresh by the beat task.
        snapshot = services.refresh(filters.school_year)
    return {
        "form": form,
        "filters": filters,
        "described": form.described(filters),
        "notices": notices,
        "snapshot": snapshot,
        "applies_to": APPLIES_TO,
        "secrecy": SECRECY,
        "refresh_minutes": settings.FIGURES_REFRESH_MINUTES,
    }


@figures_required
@require_GET
def dashboard(request):
    context = _context(request)
    figures = sections(context["snapshot"], context["filters"])
    charts.attach(figures)
    context.update(figures)
    return render(request, "figures/dashboard.html", context)


def sections(snapshot, filters) -> dict:
    """Every figure of the dashboard (the exports write the same tables)."""
    names = selectors.names()
    cells = selectors.load(snapshot)
    supply, pupils, placements = (cells[kind] for kind in ("supply", "pupils", "placements"))
    return {
        "supply": selectors.supply(snapshot, filters, names, supply),
        "coverage": pupil_figures.coverage(snapshot, filters, names, pupils),
        "trend": pupil_figures.trend(snapshot, filters),
        "demand": [
            access_figures.demand_by_week(snapshot, filters, supply, pupils),
            access_figures.demand_by_department(snapshot, filters, names, supply, pupils),
        ],
        "access": [
            access_figures.gender_by_sector(filters, names, placements),
            access_figures.accessible(filters, supply, pupils, placements),
            access_figures.distance(filters, names, placements),
        ],
    }
