"""WSGI entry point for `bench_search --throughput`: the project plus a minimal view.

The minimal view goes through the same middleware as every page: it is the yardstick the
search page's throughput is compared with, served by the same gunicorn.
"""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from stages_bfc.wsgi import application  # noqa: F401 (the production entry and its set-up)

if not settings.DEV_TOOLS:
    raise ImproperlyConfigured("The benchmark server is a development tool (DEV_TOOLS).")
settings.ROOT_URLCONF = "benchmarks.urls"
settings.SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "60"))
