import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.accounts import seed_accounts
from demo.offers import seed_offers


class Command(BaseCommand):
    help = "Create demo accounts and N realistic offers, deterministically (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--offers", type=int, default=300)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, offers, seed, **options):
        if settings.PRODUCTION:
            raise CommandError("Les données de démonstration sont réservées au développement.")
        started = time.monotonic()
        created = seed_offers(offers, seed)
        accounts = seed_accounts(seed)
        self.stdout.write(
            f"{created} offres créées ({offers} demandées), {len(accounts)} comptes de démonstration,"
            f" en {time.monotonic() - started:.1f} s"
        )
