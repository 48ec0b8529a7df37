from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from reference.periods import school_year_of, seconde_period


@login_not_required
def home(request):
    period = seconde_period(school_year_of(timezone.localdate()))
    return render(request, "pages/home.html", {"seconde_period": period})


@login_not_required
def static_page(request, template):
    return render(request, f"pages/{template}.html")


@login_not_required
def health(request):
    """For load balancers and docker health checks: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
