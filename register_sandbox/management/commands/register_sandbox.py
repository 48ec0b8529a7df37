from django.core.management.base import BaseCommand

from register_sandbox import catalogue
from register_sandbox.server import Faults, RegisterSandboxServer


class Command(BaseCommand):
    help = "Serve the sandbox of the company register (GET /search) with its faults."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8002)
        for name in ["slow_rate", "slow_seconds", "throttle_rate", "error_rate",
                     "malformed_rate", "drop_rate"]:  # fmt: skip
            parser.add_argument(f"--{name.replace('_', '-')}", type=float)
        parser.add_argument("--rate-per-second", type=int)

    def handle(self, host, port, **options):
        faults = Faults(
            **{
                name: value
                for name, value in options.items()
                if name in Faults.__dataclass_fields__ and value is not None
            }
        )
        server = RegisterSandboxServer((host, port), faults)
        examples = ", ".join(f"{kind} {siret}" for kind, siret in catalogue.examples().items())
        self.stdout.write(
            f"Répertoire des entreprises simulé : http://{host}:{port}/search "
            f"({len(catalogue.units())} structures ; par exemple {examples})"
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
