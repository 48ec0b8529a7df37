from django.core.management.base import BaseCommand

from reference.loading import load_reference


class Command(BaseCommand):
    help = "Load (or refresh) departments, communes, schools and sectors from reference/data/."

    def handle(self, *args, **options):
        for name, count in load_reference().items():
            self.stdout.write(f"{name}: {count}")
