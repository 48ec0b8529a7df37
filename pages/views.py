from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from reference.periods import school_year_of, seconde_period

from . import health as health_checks


@login_not_required
def home(request):
    period = seconde_period(school_year_of(timezone.localdate()))
    return render(request, "pages/home.html", {"seconde_period": period})


@login_not_required
def static_page(request, template):
    return render(request, f"pages/{template}.html")


@login_not_required
def legal(request):
    context = {"publisher": settings.LEGAL_PUBLISHER, "host": settings.LEGAL_HOST}
    return render(request, "pages/legal.html", context)


@login_not_required
@never_cache
def health(request):
    """Load balancers and docker read the status (503: the database is down); people get a
    page of every dependency, monitoring the same in JSON with `?details`."""
    person = request.get_preferred_type(["application/json", "text/html"]) == "text/html"
    # The load balancer's frequent probe needs the database only.
    full = person or "details" in request.GET
    checks = health_checks.report() if full else [health_checks.database()]
    healthy = all(check.ok for check in checks if check.critical)
    status = 200 if healthy else 503
    if person:
        context = {"checks": checks, "healthy": healthy, "degraded": not all(c.ok for c in checks)}
        return render(request, "pages/health.html", context, status=status)
    body = {"status": "ok" if healthy else "error"}
    if full:
        body["checks"] = {c.name: {"ok": c.ok, "detail": c.detail} for c in checks}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
