"""Operations of the national push. See docs/sync.md."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from sync_1j1s import reconcile, selectors, services
from sync_1j1s.mapping import Inexpressible
from sync_1j1s.models import OfferSync, SyncIntent


class Command(BaseCommand):
    help = (
        "Envoi vers la plateforme nationale : --status (compteurs), --dry-run (charges "
        "utiles en attente), --drain (tout envoyer maintenant), --reconcile (comparer et "
        "réparer ; avec --dry-run, seulement lister)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--status", action="store_true")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--drain", action="store_true")
        parser.add_argument("--reconcile", action="store_true")

    def handle(self, status, dry_run, drain, reconcile, **options):
        if reconcile:
            return self.reconcile(dry_run)
        if drain:
            return self.drain()
        if dry_run:
            return self.dry_run()
        return self.status()

    def status(self):
        figures = selectors.queue_figures()
        self.stdout.write(
            f"En attente : {figures['offers']} offre(s), {figures['changes']} modification(s)"
            + (
                f", la plus ancienne depuis {figures['oldest_age']}"
                if figures["oldest_age"]
                else ""
            )
        )
        self.stdout.write(f"En pause après une erreur temporaire : {figures['backing_off']}")
        for label, count in figures["by_status"]:
            self.stdout.write(f"{label} : {count}")
        if figures["held"]:
            self.stdout.write(
                f"Attendent leur année scolaire : {figures['held']} offre(s) ; la première "
                f"sera envoyée le {figures['held_next']}."
            )
        if alarm := figures["alarm"]:
            self.stdout.write(f"ALARME de configuration, plus rien n'est envoyé : {alarm.message}")
        if not figures["configured"]:
            self.stdout.write("NATIONAL_API_URL est vide : rien n'est envoyé.")

    def dry_run(self):
        ids = SyncIntent.objects.pending().values_list("offer_id", flat=True).distinct()
        for row in OfferSync.objects.filter(pk__in=ids):
            pusher = services.Pusher(row, client=None)
            try:
                desired, bodies, problems = pusher.plan()
            except Inexpressible as error:  # pragma: no cover - plan() catches it
                desired, bodies, problems = {}, {}, [error.reason]
            for track, goal in desired.items():
                self.stdout.write(f"# offre {row.pk}, {track} : {goal}")
                if track in bodies:
                    self.stdout.write(
                        json.dumps(
                            {"internship_offer": bodies[track]}, ensure_ascii=False, indent=2
                        )
                    )
            for problem in problems:
                self.stdout.write(f"# offre {row.pk} non transmissible : {problem}")

    def drain(self):
        if not services.configured():
            raise CommandError("NATIONAL_API_URL est vide : configurez-le avant de vider la file.")
        total = services.pending_count()
        tty = sys.stdout.isatty()

        def progress(done, outcome):
            if tty:
                width = 30
                filled = int(width * min(done, total) / max(total, 1))
                self.stdout.write(
                    f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=""
                )
                self.stdout.flush()

        result = services.drain(progress=progress)
        if tty:
            self.stdout.write("")
        self.stdout.write(f"{result['processed']} envoi(s) traité(s).")
        self.status()

    def reconcile(self, dry_run):
        if not services.configured():
            raise CommandError("NATIONAL_API_URL est vide.")
        found = reconcile.differences()
        for rid, what in found:
            self.stdout.write(f"{rid} : {what}")
        if not found:
            self.stdout.write("Aucune différence.")
            return
        if dry_run:
            self.stdout.write(f"{len(found)} différence(s) ; rien n'a été réparé (--dry-run).")
            return
        count = reconcile.repair(found)
        self.stdout.write(f"{count} offre(s) remise(s) en file ; envoi…")
        self.drain()
