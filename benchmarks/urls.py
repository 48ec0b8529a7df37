"""URLs of the benchmark server only (benchmarks/wsgi.py): never in the project's URLconf."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.urls import path

from stages_bfc.urls import urlpatterns as project_urlpatterns

if not settings.DEV_TOOLS:
    raise ImproperlyConfigured("The benchmark server is a development tool (DEV_TOOLS).")


@login_not_required
def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *project_urlpatterns]
