"""The public offer search (no login): a GET form, shareable URLs, htmx when available.

In layers: the query string parsed once (filters.parse: the form and the typed
parameters), the search as data (selectors.search), its links and options
(presenters.present), the markup (templates).
"""

import re

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from placements.selectors import pupil_search_start

from . import cache as search_cache
from .filters import parse
from .presenters import present
from .selectors import search

RESULTS_TARGET = "search-results"
INDENTATION = re.compile(rb"\s*\n\s*")


@login_not_required
@require_GET
def offer_search(request):
    htmx = request.htmx
    fragment = bool(htmx and htmx.target == RESULTS_TARGET and not htmx.history_restore_request)
    # Anonymous visitors without a session all see the same page for the same URL.
    cacheable = search_cache.timeout() and not request.COOKIES
    if cacheable:
        key, version, body = search_cache.get_page(str(fragment), request.get_full_path())
        if body is not None:
            response = HttpResponse(body)
            patch_vary_headers(response, ["HX-Request", "HX-Target"])
            return response
    start = pupil_search_start(request.user)  # None but for pupils
    data, preselected = request.GET, ""
    if start and start.public and not data:
        # A pupil's first look: their level's offers, a chip they can remove ("tous" then
        # says so in the URL). Never over a URL that says what it wants.
        data, preselected = QueryDict(mutable=True), start.public
        data["public"] = preselected
    form, params = parse(data)
    page = present(form, params, search(params), start=start, preselected=preselected)
    context = {"page": page, "form": form}
    if fragment:
        # Results, count and facet counts only (the form keeps the focus and what is typed).
        response = render(request, "search/_results_swap.html", context, using="jinja2")
    else:
        response = render(request, "search/search.html", context)
    # Indentation is a third of the page (no <pre> or <textarea> here): phones on 4G thank us.
    response.content = INDENTATION.sub(b"\n", response.content)
    # Same URL, two bodies: the back button must never get the htmx fragment from a cache.
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    if cacheable:
        search_cache.set_page(key, version, response.content)
    return response
