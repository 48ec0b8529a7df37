"""The one commune-suggestion endpoint, behind every commune field's optional autocomplete."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView

from .communes import suggest


@login_not_required
@require_GET
def commune_suggestions(request):
    """Public: the search's commune field uses it, and communes are public reference data."""
    return JsonResponse({"results": suggest(request.GET.get("q", "")[:80])})


# The employer space and the search each had their own endpoint: their URLs (in pages that a
# cache or a browser still holds) lead here.
former_commune_suggestions = login_not_required(
    RedirectView.as_view(
        pattern_name="reference:commune_suggestions", query_string=True, permanent=True
    )
)
