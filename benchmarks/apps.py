from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """The search benchmark (`bench_search`, its gunicorn entry point and URLs): a development
    tool, installed only with DEV_TOOLS."""

    name = "benchmarks"
    verbose_name = "Benchmarks"
