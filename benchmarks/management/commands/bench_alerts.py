"""Benchmark the nightly alert match: N saved searches × M new offers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stages_bench_alerts \\
        python manage.py bench_alerts --saved 50000 --new 300 [--offers 3000] [--sample 500]

Use a database of its own: it seeds demo offers (seed_demo), adds pupils and saved searches,
and leaves them (run it again with --no-seed). The one-pass SQL match is timed for real
(its e-mails deferred, then rolled back); the naive way (a search per saved search) is
timed on a sample and extrapolated, and its answers compared with the SQL's.
"""

import random
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from alerts import matching
from alerts.models import SavedSearch
from benchmarks import alerts as bench
from offers.models import Offer


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark the nightly alert match (one SQL pass vs a search per saved search)."

    def add_arguments(self, parser):
        parser.add_argument("--saved", type=int, default=50_000)
        parser.add_argument("--new", type=int, default=300)
        parser.add_argument("--offers", type=int, default=3000)
        parser.add_argument("--sample", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--no-seed", action="store_true")

    def handle(self, *args, saved, new, offers, sample, seed, no_seed, **options):
        if settings.PRODUCTION:
            raise CommandError("Jamais en production : utilisez une base de benchmark.")
        if not no_seed:
            if Offer.objects.count() < offers:
                call_command("seed_demo", offers=offers, seed=seed, stdout=self.stdout)
            SavedSearch.objects.all().delete()
            started = time.perf_counter()
            bench.seed_saved_searches(saved, seed)
            self.stdout.write(
                f"{saved} recherches enregistrées en {time.perf_counter() - started:.1f} s"
            )
        new_ids = bench.publish_new(new, seed)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE alerts_savedsearch")
            cursor.execute("VACUUM ANALYZE search_entry")
        total = SavedSearch.objects.filter(active=True).count()
        self.stdout.write(f"{total} recherches actives × {len(new_ids)} offres nouvelles")
        try:
            with transaction.atomic():
                # Foreign keys checked in the statement, not at a commit that never comes.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                result = matching.run()
                rng = random.Random(seed)
                ids = list(SavedSearch.objects.values_list("pk", flat=True))
                chosen = list(
                    SavedSearch.objects.filter(pk__in=rng.sample(ids, min(sample, len(ids))))
                )
                sql = bench.sql_found(chosen)
                naive_seconds, naive = bench.naive(chosen, new_ids)
                raise Rollback
        except Rollback:
            pass
        one_pass = sum(result.seconds.values())
        per_search = naive_seconds / max(1, len(chosen))
        self.stdout.write(
            f"passe unique : {one_pass:.2f} s (correspondance SQL {result.seconds.get('match', 0):.2f} s, "
            f"filigranes {result.seconds.get('watermarks', 0):.2f} s, "
            f"{result.owners} e-mails différés {result.seconds.get('defer', 0):.2f} s), "
            f"{result.matches} correspondances"
        )
        self.stdout.write(
            f"naïf (une recherche par alerte) : {per_search * 1000:.1f} ms × {total} "
            f"≈ {per_search * total:.0f} s (mesuré sur {len(chosen)})"
        )
        agree = sum(sql[pk] == naive[pk] for pk in naive)
        self.stdout.write(f"mêmes offres trouvées : {agree}/{len(naive)}")
        if agree != len(naive):
            raise CommandError("La correspondance SQL diffère de la recherche.")
