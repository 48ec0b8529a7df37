import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(env_overrides, *args):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "STAGES_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


PRODUCTION = {
    "STAGES_ENV": "production",
    "SECRET_KEY": "k" * 30 + "9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1",
    "ALLOWED_HOSTS": "stages.bfc.example",
    "SITE_URL": "https://stages.bfc.example",
    "DATABASE_URL": "postgres://stages@db.bfc.example:5432/stages_bfc",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://stages:secret@smtp.bfc.example:587",
}


def test_production_refuses_to_start_without_secret_key():
    result = _check({**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_database_url():
    result = _check({k: v for k, v in PRODUCTION.items() if k != "DATABASE_URL"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_production_refuses_the_development_key():
    result = _check({**PRODUCTION, "SECRET_KEY": "django-insecure-local-development-only" * 2})
    assert result.returncode != 0


def test_production_passes_check_deploy_without_warning():
    result = _check(PRODUCTION, "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
