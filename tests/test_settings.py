import os
import subprocess
import sys
from pathlib import Path

import pytest

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
    "CONVENTION_SIGNING_KEY": "/etc/stages/convention-key.pem",
    "CONVENTION_SIGNING_CERT": "/etc/stages/convention-cert.pem",
    "LEGAL_PUBLISHER": "Région Bourgogne-Franche-Comté, 4 square Castan, 25031 Besançon Cedex",
    "LEGAL_HOST": "Hébergeur Exemple SAS, 1 rue du Serveur, 21000 Dijon, 03 80 00 00 00",
}


def test_production_refuses_to_start_without_the_convention_certificate():
    result = _check({k: v for k, v in PRODUCTION.items() if k != "CONVENTION_SIGNING_CERT"})
    assert result.returncode != 0
    assert "CONVENTION_SIGNING_CERT must be set" in result.stderr


@pytest.mark.parametrize("name", ["LEGAL_PUBLISHER", "LEGAL_HOST"])
@pytest.mark.parametrize("value", [None, "", "   "])
def test_production_refuses_an_empty_legal_publisher_or_host(name, value):
    overrides = {k: v for k, v in PRODUCTION.items() if k != name}
    if value is not None:
        overrides[name] = value
    result = _check(overrides)
    assert result.returncode != 0
    assert "LEGAL_PUBLISHER and LEGAL_HOST must be set" in result.stderr


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


# Run in a production process: which apps are installed, and what the URL conf resolves.
PROBE = """
import django
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import Resolver404, resolve

django.setup()
print("sandbox app", "national_sandbox" in settings.INSTALLED_APPS)
print("register sandbox app", "register_sandbox" in settings.INSTALLED_APPS)
print("register", settings.COMPANY_REGISTER_URL or "none")
print("demo app", "demo" in settings.INSTALLED_APPS)
print("benchmark app", "benchmarks" in settings.INSTALLED_APPS)
for path in ("/bac-a-sable/", "/bench/minimal/", "/stages/"):
    try:
        resolve(path)
        print(path, "resolves")
    except Resolver404:
        print(path, "404")
try:
    import benchmarks.urls  # noqa: F401
    print("bench urls loaded")
except ImproperlyConfigured:
    print("bench urls refused")
"""


def _probe(env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("STAGES_ENV", "DEV_TOOLS", "COMPANY_REGISTER_URL")
    }
    env.update({"DJANGO_SETTINGS_MODULE": "stages_bfc.settings", **env_overrides})
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_production_mounts_no_development_tool():
    assert _probe(PRODUCTION) == [
        "sandbox app False",
        "register sandbox app False",
        "register https://recherche-entreprises.api.gouv.fr",
        "demo app False",
        "benchmark app False",
        "/bac-a-sable/ 404",
        "/bench/minimal/ 404",
        "/stages/ resolves",
        "bench urls refused",
    ]


def test_development_mounts_the_sandbox_and_allows_the_benchmark():
    assert _probe({}) == [
        "sandbox app True",
        "register sandbox app True",
        "register none",  # `make run` points it at the sandbox
        "demo app True",
        "benchmark app True",
        "/bac-a-sable/ resolves",
        "/bench/minimal/ 404",  # only in the benchmark server's own URL conf
        "/stages/ resolves",
        "bench urls loaded",
    ]


def test_development_tools_can_be_turned_off_in_development():
    assert _probe({"DEV_TOOLS": "false"})[:6] == [
        "sandbox app False",
        "register sandbox app False",
        "register none",
        "demo app False",
        "benchmark app False",
        "/bac-a-sable/ 404",
    ]


def test_production_refuses_development_tools():
    result = _check({**PRODUCTION, "DEV_TOOLS": "true"})
    assert result.returncode != 0
    assert "DEV_TOOLS cannot be turned on in production" in result.stderr
