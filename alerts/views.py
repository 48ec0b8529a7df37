"""Saved searches: save one from a search, list and delete them; the no-login links
(unsubscribe, a class's shared search)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import saves_searches_required

from . import selectors, services, tokens
from .forms import SaveSearchForm
from .models import SavedSearch
from .summary import summarise


@saves_searches_required
@require_GET
def saved_list(request):
    searches = list(selectors.saved_searches_of(request.user))
    for saved in searches:
        saved.search_url = f"{reverse('search:offers')}?{services.query_string(saved.query)}"
        if saved.school_class_id:
            token = tokens.share_token(saved.pk)
            saved.share_url = request.build_absolute_uri(reverse("alerts:share", args=[token]))
    return render(
        request,
        "alerts/list.html",
        {"searches": searches, "limit": services.MAX_PER_OWNER},
    )


@saves_searches_required
@require_http_methods(["GET", "POST"])
def save(request):
    """GET: the search to save (from the search page's link), a name to give it. POST: saved."""
    raw = request.POST.get("recherche", "") if request.method == "POST" else request.GET.urlencode()
    form = SaveSearchForm(request.POST or None, user=request.user, initial={"recherche": raw})
    search_form, params = services.parsed(raw)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_search(
                request.user,
                form.cleaned_data["recherche"],
                form.cleaned_data["name"],
                form.cleaned_data.get("school_class"),
            )
        except services.TooManySearches:
            form.add_error(
                None,
                f"Vous avez déjà {services.MAX_PER_OWNER} alertes : supprimez-en une avant "
                "d'en créer une autre.",
            )
        else:
            messages.success(
                request, "Alerte enregistrée : les nouvelles offres vous seront envoyées."
            )
            return redirect("alerts:list")
    return render(
        request,
        "alerts/save.html",
        {
            "form": form,
            "summary": summarise(search_form, params),
            "notices": params.notices,
            "search_url": f"{reverse('search:offers')}?{services.query_string(search_form.cleaned_query())}",
            "has_email": bool(request.user.email),
        },
    )


@saves_searches_required
@require_POST
def delete(request, pk):
    saved = get_object_or_404(SavedSearch.objects.of_owner(request.user), pk=pk)
    services.delete_search(saved)
    # The name may hold « » already (a summary's keyword): not wrapped in another pair.
    messages.success(request, f"Alerte supprimée : {saved.name}.")
    return redirect("alerts:list")


@login_not_required
@csrf_exempt  # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click", no token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """No login: the signed link is the permission. GET asks (link scanners follow links),
    POST stops."""
    payload = tokens.read_unsubscribe(token)
    if payload is None:
        return render(request, "alerts/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        stopped = services.unsubscribe(payload)
        return render(request, "alerts/unsubscribe.html", {"done": True, "stopped": stopped})
    return render(request, "alerts/unsubscribe.html", {"every": "u" in payload})


@login_not_required
@require_GET
def share(request, token):
    """A class's saved search, by the link its teacher shared: see the offers, follow it."""
    saved_id = tokens.read_share(token)
    saved = selectors.shared(saved_id) if saved_id else None
    if saved is None:
        raise Http404("Ce lien de partage n'est pas valide.")
    query = services.query_string(saved.query)
    return render(
        request,
        "alerts/share.html",
        {
            "saved": saved,
            "search_url": f"{reverse('search:offers')}?{query}",
            "save_url": f"{reverse('alerts:save')}?{query}",
        },
    )
