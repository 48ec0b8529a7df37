"""The project's settings with the benchmark app installed, for `scripts/bench_compare`, which
runs every ref with them: older refs predate this app and the DEV_TOOLS setting."""

from stages_bfc.settings import *  # noqa: F403

DEV_TOOLS = globals().get("DEV_TOOLS", True)
if DEV_TOOLS and "benchmarks" not in INSTALLED_APPS:  # noqa: F405
    # First, so that its bench_search wins over an older ref's own (search's, before).
    INSTALLED_APPS = ["benchmarks", *INSTALLED_APPS]  # noqa: F405
