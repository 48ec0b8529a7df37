"""The public offer search (no login): a GET form, shareable URLs, htmx when available."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from offers.communes import suggest

from .selectors import search

RESULTS_TARGET = "search-results"


@login_not_required
@require_GET
def offer_search(request):
    page = search(request.GET)
    form = page.filterset.form
    context = {
        "page": page,
        "form": form,
        "facet_fields": [form[name] for name in page.filterset.FACETS],
    }
    htmx = request.htmx
    if htmx and htmx.target == RESULTS_TARGET and not htmx.history_restore_request:
        # Results, count and facet counts only (the form keeps the focus and what is typed).
        return render(request, "search/_results_swap.html", context)
    return render(request, "search/search.html", context)


@login_not_required
@require_GET
def commune_suggestions(request):
    """Autocomplete for the commune field: public, since the search is."""
    return JsonResponse({"results": suggest(request.GET.get("q", "")[:80])})
