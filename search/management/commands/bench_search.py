"""Benchmark the offer search: seed, time a fixed mix of searches, show their plans.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stages_bench \\
        python manage.py bench_search --offers 100000 [--throughput 20]

Use a database of its own: it adds demo offers (seed_demo, idempotent) and runs VACUUM.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.request import urlopen

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.offers import seed_offers
from offers.models import Offer
from search import bench
from search.cache import bump

LUA = """
local urls = {}
for line in io.lines("%(urls)s") do urls[#urls + 1] = line end
local i = 0
request = function()
  i = i %% #urls + 1
  return wrk.format("GET", urls[i])
end
"""


class Command(BaseCommand):
    help = "Benchmark the offer search (p50/p95 per search, EXPLAIN, optional wrk throughput)."

    def add_arguments(self, parser):
        parser.add_argument("--offers", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--runs", type=int, default=100, help="timed requests per search")
        parser.add_argument("--no-seed", action="store_true")
        parser.add_argument("--plans", action="store_true", help="print the full EXPLAIN plans")
        parser.add_argument(
            "--throughput",
            type=int,
            default=0,
            metavar="SECONDS",
            help="also run wrk against gunicorn: a minimal view, then 1,200 search URLs",
        )
        parser.add_argument(
            "--cache",
            action="store_true",
            help="time with the search caches on (off by default: the figures are the search's)",
        )
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--port", type=int, default=8765)

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Jamais en production : utilisez une base de benchmark.")
        # Persistent connections, as in production (CONN_MAX_AGE=60 there): the timings are
        # the search's, not those of opening a PostgreSQL connection per request.
        connection.settings_dict["CONN_MAX_AGE"] = 600
        settings.SEARCH_CACHE_SECONDS = 60 if options["cache"] else 0
        call_command("createcachetable")  # the database cache, when REDIS_URL is not set
        if not options["no_seed"]:
            started = time.monotonic()
            created = seed_offers(options["offers"], options["seed"])
            self.stdout.write(
                f"seed_demo: {created} offres créées en {time.monotonic() - started:.0f} s"
            )
        with connection.cursor() as cursor:
            for table in (
                "offers_offer",
                "offers_offerperiod",
                "search_entry",
                "search_facet_count",
                "organisations_organisation",
                "reference_commune",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
        live = Offer.objects.filter(state="published").count()
        self.stdout.write(
            f"Base : {Offer.objects.count()} offres, dont {live} publiées ; "
            f"PostgreSQL {connection.pg_version // 10000}"
        )

        self.stdout.write(
            f"\nTemps serveur (requête Django complète), {options['runs']} requêtes par recherche :"
        )
        self.stdout.write(
            f"{'recherche':<50} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'requêtes SQL':>13} {'résultats':>10}"
        )
        for kind, row in bench.time_searches(options["runs"]).items():
            self.stdout.write(
                f"{bench.KINDS[kind]:<50} {row['p50']:>8.1f} {row['p95']:>8.1f} {row['max']:>8.1f}"
                f" {'/'.join(map(str, row['queries'])):>13} {row['results_median']:>10.0f}"
            )

        self.stdout.write("\nEXPLAIN ANALYZE des requêtes qui lisent offers_offer :")
        for kind in bench.KINDS:
            for plan in bench.explain(kind):
                scan = "SEQ SCAN offers_offer !" if plan["seq_scan_offers"] else "pas de seq scan"
                self.stdout.write(
                    f"- {bench.KINDS[kind]} : {plan['ms']:.1f} ms, {scan}, index : "
                    + (", ".join(plan["indexes"]) or "aucun")
                )
                if options["plans"]:
                    self.stdout.write(plan["sql"] + "\n" + plan["text"] + "\n")

        if options["throughput"]:
            self.throughput(options)

    def warm(self, base, paths):
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda path: urlopen(base + path, timeout=30).read(), paths))
        self.stdout.write(
            f"\nCache rempli : {len(paths)} URL en {time.monotonic() - started:.0f} s"
        )

    def throughput(self, options):
        wrk = shutil.which("wrk")
        if not wrk:
            raise CommandError("wrk introuvable : apt-get install wrk")
        port, seconds = options["port"], options["throughput"]
        base = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryDirectory() as tmp:
            urls = Path(tmp) / "urls.txt"
            urls.write_text("\n".join(bench.distinct_urls(1200)) + "\n")
            script = Path(tmp) / "urls.lua"
            script.write_text(LUA % {"urls": urls})

            def start(env):
                process = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "search.bench_wsgi:application",
                        "--workers",
                        str(options["workers"]),
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--log-level",
                        "warning",
                    ],
                    env=env,
                )
                for _ in range(100):
                    try:
                        urlopen(f"{base}/bench/minimal/", timeout=1)
                        break
                    except OSError:
                        time.sleep(0.2)
                return process

            server = start({**os.environ, "CONN_MAX_AGE": "600"})
            try:
                for _ in range(100):
                    try:
                        urlopen(f"{base}/bench/minimal/", timeout=1)
                        break
                    except OSError:
                        time.sleep(0.2)
                runs = [
                    ("vue Django minimale", [f"{base}/bench/minimal/"], None),
                    (
                        "recherche, 1 200 URL distinctes, sans cache",
                        ["-s", str(script), base],
                        {"SEARCH_CACHE_SECONDS": "0"},
                    ),
                    (
                        "recherche, 1 200 URL distinctes, cache chaud (chaque URL déjà demandée une fois)",
                        ["-s", str(script), base],
                        {"SEARCH_CACHE_SECONDS": "900"},
                    ),
                ]
                results = {}
                for label, target, env in runs:
                    if env:  # restart the server with the caches off
                        server.send_signal(signal.SIGTERM)
                        server.wait(timeout=20)
                        server = start({**os.environ, "CONN_MAX_AGE": "600", **env})
                        if env["SEARCH_CACHE_SECONDS"] != "0":
                            bump()  # nothing left from an earlier run: every URL is rendered
                            self.warm(base, urls.read_text().split())
                    # Short warm-up, then the measured run.
                    subprocess.run(
                        [wrk, "-t2", "-c4", "-d3s", *target], capture_output=True, check=True
                    )
                    out = subprocess.run(
                        [
                            wrk,
                            "-t2",
                            f"-c{options['connections']}",
                            f"-d{seconds}s",
                            "--latency",
                            *target,
                        ],
                        capture_output=True,
                        text=True,
                        check=True,
                    ).stdout
                    rps = float(
                        next(line for line in out.splitlines() if "Requests/sec" in line).split()[
                            -1
                        ]
                    )
                    errors = [
                        line.strip()
                        for line in out.splitlines()
                        if "Non-2xx" in line or "Socket errors" in line
                    ]
                    results[label] = rps
                    self.stdout.write(f"\nwrk, {label} :\n{out}")
                    if errors:
                        self.stdout.write("  " + "; ".join(errors))
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=20)
        minimal, uncached, cached = results.values()
        self.stdout.write(
            f"\nDébit (gunicorn {options['workers']} workers, wrk -t2 -c{options['connections']}, {seconds} s) : "
            f"vue minimale {minimal:.0f} req/s ; recherche {uncached:.0f} req/s sans cache "
            f"({uncached / minimal:.0%}), {cached:.0f} req/s cache chaud ({cached / minimal:.0%})"
        )
