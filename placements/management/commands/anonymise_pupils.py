from django.core.management.base import BaseCommand

from placements.anonymise import anonymise


class Command(BaseCommand):
    help = (
        "Anonymise pupils one year after the end of their school year (keeps statistics). "
        "Dry run by default: add --apply to change anything."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="anonymise for real")

    def handle(self, *args, apply=False, **options):
        ids = anonymise(dry_run=not apply)
        if apply:
            self.stdout.write(f"{len(ids)} élève(s) anonymisé(s).")
        else:
            self.stdout.write(
                f"Simulation : {len(ids)} élève(s) seraient anonymisé(s). "
                "Relancez avec --apply pour le faire."
            )
