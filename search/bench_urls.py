"""URLs of the benchmark server only (search/bench_wsgi.py): never in the project's URLconf."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from stages_bfc.urls import urlpatterns as project_urlpatterns


@login_not_required
def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *project_urlpatterns]
