"""Benchmark the Region's dashboard: seed offers, pupils and applications, time each page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stages_figures_bench \\
        python manage.py bench_figures [--offers 100000 --pupils 60000 --applications 80000]

Use a database of its own (seed_demo's offers, then bench pupils: see benchmarks/figures.py).
Reports the snapshot's computation (the beat task, every FIGURES_REFRESH_MINUTES) and p50/p95
per dashboard page against the 500 ms target.
"""

import json
import os
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from accounts.models import User
from benchmarks import figures as bench
from figures import services
from offers.models import Offer
from placements.models import Application, Enrolment

TARGET_MS = 500
OBSERVER = "observateur@bench-figures-staff.invalid"


class Command(BaseCommand):
    help = "Benchmark the Region's dashboard (p50/p95 per page at 100,000 offers)."

    def add_arguments(self, parser):
        parser.add_argument("--offers", type=int, default=100_000)
        parser.add_argument("--pupils", type=int, default=60_000)
        parser.add_argument("--applications", type=int, default=80_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--runs", type=int, default=30, help="timed requests per page")
        parser.add_argument("--no-seed", action="store_true")
        parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")

    def handle(self, *args, **options):
        write = self.stdout.write
        if not options["no_seed"]:
            call_command("seed_demo", offers=options["offers"], seed=options["seed"])
            bench.seed(options["pupils"], options["applications"], options["seed"], write)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        figures = {
            "offers": Offer.objects.count(),
            "pupils": Enrolment.objects.count(),
            "applications": Application.objects.count(),
        }
        write(
            "Base : {offers} offres, {pupils} élèves inscrits, {applications} candidatures".format(
                **figures
            )
        )
        began = time.monotonic()
        snapshot = services.refresh()
        figures["refresh_seconds"] = round(time.monotonic() - began, 2)
        write(f"Calcul des chiffres (tâche beat) : {figures['refresh_seconds']} s")
        observer, _ = User.objects.get_or_create(
            email=OBSERVER, defaults={"role": User.Role.OBSERVER, "first_name": "Banc"}
        )
        write(
            f"Pages du tableau de bord ({options['runs']} requêtes chacune, instantané {snapshot.pk}) :"
        )
        load_before = os.getloadavg()
        figures["pages"] = bench.time_pages(observer, options["runs"], write)
        figures["load_average"] = [round(x, 2) for x in (*load_before, *os.getloadavg())]
        write(
            "Charge de la machine (1, 5, 15 min) avant : {:.2f} {:.2f} {:.2f}, après : "
            "{:.2f} {:.2f} {:.2f}".format(*figures["load_average"])
        )
        slow = [name for name, row in figures["pages"].items() if row["p95"] >= TARGET_MS]
        write(
            f"Objectif < {TARGET_MS} ms au p95 : "
            + ("atteint partout." if not slow else "manqué pour " + ", ".join(slow) + ".")
        )
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as out:
                json.dump(figures, out, indent=2, ensure_ascii=False)
