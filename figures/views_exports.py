"""Downloads: the dashboard's tables (Region staff and observers, with the page's filters)
and the open-data file of the aggregates (anyone, the whole region, no filter)."""

import contextlib

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.roles import figures_required

from . import exports, selectors, services
from .filters import Filters
from .views import _context, sections


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _page_tables(request):
    context = _context(request)
    snapshot = context["snapshot"]
    return context, exports.tables(snapshot, sections(snapshot, context["filters"]))


@figures_required
@require_GET
def table_csv(request, slug):
    context, tables = _page_tables(request)
    table = exports.find(tables, slug)
    if table is None:
        raise Http404("Aucun tableau de ce nom.")
    year = context["filters"].school_year
    return _download(exports.csv_text(table), exports.CSV_TYPE, f"chiffres-{slug}-{year}.csv")


@figures_required
@require_GET
def workbook(request):
    context, tables = _page_tables(request)
    content = exports.xlsx_bytes(tables, context["described"], context["snapshot"])
    year = context["filters"].school_year
    return _download(content, exports.XLSX_TYPE, f"chiffres-stages-{year}.xlsx")


def _open_snapshot():
    """The current school year's latest figures; never computed on an anonymous request."""
    snapshot = selectors.latest_snapshot(services.current_school_year())
    if snapshot is None:
        raise Http404("Les chiffres de l'année ne sont pas encore calculés.")
    return snapshot


def _open_tables(snapshot):
    return exports.tables(snapshot, sections(snapshot, Filters(school_year=snapshot.school_year)))


def _cached(kind: str, snapshot, build) -> str:
    """Anyone may ask: each snapshot's file is written once (a refresh makes a new one)."""
    key = f"figures:open-data:{kind}:{snapshot.pk}:{snapshot.computed_at.timestamp()}"
    try:
        content = cache.get(key)
    except Exception:  # the cache (Redis) may be down: write it again
        content = None
    if content is None:
        content = build()
        with contextlib.suppress(Exception):  # no cache: the next request writes it again
            cache.set(key, content, timeout=settings.FIGURES_REFRESH_MINUTES * 60 * 2)
    return content


@login_not_required
@require_GET
def open_data_csv(request):
    snapshot = _open_snapshot()
    content = _cached(
        "csv", snapshot, lambda: exports.open_data_csv(_open_tables(snapshot), snapshot.school_year)
    )
    return _download(content, exports.CSV_TYPE, f"stages-bfc-chiffres-{snapshot.school_year}.csv")


@login_not_required
@require_GET
def open_data_schema(request):
    snapshot = _open_snapshot()
    url = settings.SITE_URL + reverse("figures:open_data_csv")
    content = _cached(
        "json", snapshot, lambda: exports.open_data_schema(_open_tables(snapshot), url, snapshot)
    )
    return HttpResponse(content, content_type="application/json; charset=utf-8")
