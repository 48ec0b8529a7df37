"""The map of the search's results: same query string, same filters as /stages/ (no login,
no JavaScript)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import cache as search_cache
from .filters import parse
from .maps import offer_map


@login_not_required
@require_GET
def map_view(request):
    # Anonymous visitors without a session all see the same map for the same URL.
    cacheable = search_cache.timeout() and not request.COOKIES
    if cacheable:
        key, version, body = search_cache.get_page("map", request.get_full_path())
        if body is not None:
            return HttpResponse(body)
    form, params = parse(request.GET)
    response = render(request, "search/map.html", {"map": offer_map(form, params), "form": form})
    if cacheable:
        search_cache.set_page(key, version, response.content)
    return response
