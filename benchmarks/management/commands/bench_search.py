"""Benchmark the offer search: seed, time a fixed mix of searches, show their plans.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stages_bench \\
        python manage.py bench_search --offers 100000 [--throughput 15] [--json out.json]

Use a database of its own: it adds demo offers (seed_demo, idempotent) and runs VACUUM.
The headline of --throughput is the realistic stream (benchmarks/stream.py): 2,000
requests drawn by popularity, the default 60-s cache starting cold.
"""

import json

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks import searches as bench
from benchmarks.load import throughput
from offers.models import Offer

try:
    from stages_bfc.memory import freeze_after_first_requests
except ImportError:  # a ref measured by scripts/bench_compare from before it existed

    def freeze_after_first_requests():
        pass


STREAM_LABEL = "flux réaliste (2 000 requêtes par popularité, cache de 60 s froid)"
PREFILLED_LABEL = "cache pré-rempli (chaque URL demandée d'abord, durée de vie 900 s)"


class Command(BaseCommand):
    help = "Benchmark the offer search (p50/p95 per search, EXPLAIN, optional wrk throughput)."

    def add_arguments(self, parser):
        parser.add_argument("--offers", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--runs", type=int, default=100, help="timed requests per search")
        parser.add_argument("--no-seed", action="store_true")
        parser.add_argument("--plans", action="store_true", help="print the full EXPLAIN plans")
        parser.add_argument(
            "--kinds", nargs="+", choices=list(bench.KINDS), default=list(bench.KINDS)
        )
        parser.add_argument(
            "--breakdown",
            type=int,
            default=20,
            metavar="N",
            help="requests per search for the SQL / template / Python split (0: none)",
        )
        parser.add_argument(
            "--throughput",
            type=int,
            default=0,
            metavar="SECONDS",
            help="also run wrk against gunicorn: minimal view, realistic stream, pre-filled cache",
        )
        parser.add_argument("--stream-seed", type=int, default=1)
        parser.add_argument(
            "--stream-uncached", action="store_true", help="also the stream with caches off"
        )
        parser.add_argument(
            "--no-prefilled",
            dest="prefilled",
            action="store_false",
            help="skip the pre-filled-cache run (it renders 1,200 pages first)",
        )
        parser.add_argument(
            "--cache",
            action="store_true",
            help="time with the search caches on (off by default: the figures are the search's)",
        )
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--connections", type=int, default=8, help="wrk connections (stream: one a thread)"
        )
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Jamais en production : utilisez une base de benchmark.")
        # In-process timings keep one connection whatever the settings: they are the
        # search's, not those of opening a connection (gunicorn uses the settings as they are).
        connection.settings_dict["CONN_MAX_AGE"] = 600
        settings.SEARCH_CACHE_SECONDS = 60 if options["cache"] else 0
        freeze_after_first_requests()  # as the WSGI entry does (stages_bfc/memory.py)
        call_command("createcachetable")  # the database cache, when REDIS_URL is not set
        if not options["no_seed"]:
            call_command("seed_demo", offers=options["offers"], seed=options["seed"])
        self.vacuum()
        live = Offer.objects.filter(state="published").count()
        self.stdout.write(
            f"Base : {Offer.objects.count()} offres, dont {live} publiées ; "
            f"PostgreSQL {connection.pg_version // 10000}"
        )
        figures = {"offers": Offer.objects.count(), "searches": {}, "breakdown": {}}
        kinds = options["kinds"]

        self.stdout.write(
            f"\nTemps serveur (requête Django complète), {options['runs']} requêtes par recherche :"
        )
        self.stdout.write(
            f"{'recherche':<50} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'requêtes SQL':>13} {'résultats':>10}"
        )
        for kind, row in bench.time_searches(options["runs"], kinds).items():
            figures["searches"][kind] = row
            self.stdout.write(
                f"{bench.KINDS[kind]:<50} {row['p50']:>8.1f} {row['p95']:>8.1f} {row['max']:>8.1f}"
                f" {'/'.join(map(str, row['queries'])):>13} {row['results_median']:>10.0f}"
            )

        if options["breakdown"]:
            self.stdout.write(
                f"\nOù va le temps (médianes ms, {options['breakdown']} requêtes par recherche) :"
            )
            self.stdout.write(
                f"{'recherche':<50} {'total':>7} {'SQL':>7} {'gabarit':>8} {'Python':>7}"
            )
            for kind, row in bench.breakdown(options["breakdown"], kinds).items():
                figures["breakdown"][kind] = row
                self.stdout.write(
                    f"{bench.KINDS[kind]:<50} {row['total']:>7.1f} {row['sql']:>7.1f}"
                    f" {row['template']:>8.1f} {row['python']:>7.1f}"
                )

        self.stdout.write("\nEXPLAIN ANALYZE des requêtes qui lisent les offres :")
        for kind in kinds:
            for plan in bench.explain(kind):
                scan = "SEQ SCAN !" if plan["seq_scan_offers"] else "pas de seq scan"
                self.stdout.write(
                    f"- {bench.KINDS[kind]} : {plan['ms']:.1f} ms, {scan}, index : "
                    + (", ".join(plan["indexes"]) or "aucun")
                )
                if options["plans"]:
                    self.stdout.write(plan["sql"] + "\n" + plan["text"] + "\n")

        if options["throughput"]:
            figures["throughput"] = self.throughput(options)
        if options["json"]:
            with open(options["json"], "w") as out:
                json.dump(figures, out, indent=2)

    def vacuum(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname FROM pg_stat_user_tables WHERE relname LIKE ANY (%s)",
                [["offers_%", "search_%", "organisations_organisation", "reference_commune"]],
            )
            for (table,) in cursor.fetchall():
                cursor.execute(f'VACUUM ANALYZE "{table}"')

    def throughput(self, options):
        results = throughput(options, self.stdout.write)
        stats, minimal, stream = results["stream_urls"], results["minimal"], results["stream"]
        lines = [
            f"\nDébit (gunicorn {options['workers']} workers, {options['connections']} connexions ;"
            " vue minimale et flux servis par le même serveur, l'un après l'autre) :",
            f"- vue minimale : {minimal:.0f} req/s",
            f"- {STREAM_LABEL} : {stream:.1f} req/s, {stream / minimal:.2%} de la vue minimale"
            f" ({stats['distinct']} URL distinctes, {stats['seen_once']:.0%} des requêtes d'une"
            f" URL vue une seule fois, la plus demandée {stats['most_asked']} fois)",
        ]
        if "stream_uncached" in results:
            uncached = results["stream_uncached"]
            lines.append(
                f"- même flux, caches coupés : {uncached:.1f} req/s ({uncached / minimal:.2%}) ;"
                f" le cache multiplie le débit par {stream / uncached:.2f}"
            )
        if "prefilled" in results:
            prefilled = results["prefilled"]
            lines.append(
                f"- {PREFILLED_LABEL}, 1 200 URL distinctes : {prefilled:.0f} req/s"
                f" ({prefilled / minimal:.0%})"
            )
        self.stdout.write("\n".join(lines))
        return results
