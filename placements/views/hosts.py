"""The public host page and its yearly badge: anyone may read them, no login."""

import hashlib

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_GET

from .. import hosts

BADGE_MAX_AGE = 24 * 3600  # the count moves at most once a day, when a stage ends


@login_not_required
@require_GET
def host_detail(request, pk):
    organisation = get_object_or_404(hosts.public_hosts(), pk=pk)
    page = hosts.host_page(organisation)
    badges = [
        {
            "year": year,
            "url": request.build_absolute_uri(
                reverse("placements:host_badge", args=[organisation.pk, year.school_year])
            ),
        }
        for year in page.years
    ]
    return render(
        request,
        "placements/hosts/detail.html",
        {
            "page": page,
            "organisation": organisation,
            "badges": badges,
            "page_url": request.build_absolute_uri(),
        },
    )


@login_not_required
@require_GET
def host_badge(request, pk, year):
    """An SVG others may embed (an <img> on the host's own site): cached a day, revalidated
    with its ETag, readable by screen readers (role, title, desc)."""
    organisation = get_object_or_404(hosts.public_hosts(), pk=pk)
    welcomed = hosts.welcomed_year(organisation.pk, year)
    if welcomed is None:
        raise Http404("Aucun élève accueilli cette année-là.")
    svg = render_to_string(
        "placements/hosts/badge.svg", {"organisation": organisation, "year": welcomed}
    )
    etag = '"' + hashlib.sha256(svg.encode()).hexdigest()[:32] + '"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        patch_cache_control(not_modified, public=True, max_age=BADGE_MAX_AGE)
        return not_modified
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["ETag"] = etag
    # Embedded from other sites: not blocked by a cross-origin resource policy.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Content-Disposition"] = (
        f'inline; filename="structure-accueillante-{welcomed.label}.svg"'
    )
    patch_cache_control(response, public=True, max_age=BADGE_MAX_AGE)
    return response
