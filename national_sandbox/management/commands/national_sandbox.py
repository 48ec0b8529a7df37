from django.core.management.base import BaseCommand

from national_sandbox.models import SandboxConfig
from national_sandbox.server import SandboxServer


class Command(BaseCommand):
    help = "Serve the sandbox of the national API (…/api/v2) with its faults (see docs/sync.md)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8001)
        for name in [
            "error_rate",
            "drop_rate",
            "stored_then_500_rate",
            "slow_rate",
            "slow_seconds",
        ]:
            parser.add_argument(f"--{name.replace('_', '-')}", type=float)
        for name in ["token_lifetime", "rate_limit", "window_seconds"]:
            parser.add_argument(f"--{name.replace('_', '-')}", type=int)

    def handle(self, host, port, **options):
        config = SandboxConfig.current()
        changed = [name for name in options if options[name] is not None and hasattr(config, name)]
        for name in changed:
            setattr(config, name, options[name])
        if changed:
            config.save()
        server = SandboxServer((host, port))
        self.stdout.write(
            f"Bac à sable national : http://{host}:{port}/api/v2 "
            f"(compte {config.email}, {config.rate_limit} appels / {config.window_seconds} s)"
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
