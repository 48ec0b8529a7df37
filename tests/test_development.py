"""Development conveniences: `make run` points links at its own port; the console prints
e-mails as people read them."""

import io
import os
import subprocess
import sys
from pathlib import Path

from django.core.mail import EmailMultiAlternatives

from stages_bfc.console_mail import EmailBackend
from stages_bfc.mail import one_line
from tests.stack_script import load_stack

ROOT = Path(__file__).resolve().parents[1]


def test_make_run_sets_site_url_from_port(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    assert load_stack().set_site_url("8100") == "http://127.0.0.1:8100"

    monkeypatch.setenv("SITE_URL", "https://stages.example.fr")
    assert load_stack().set_site_url("8100") == "https://stages.example.fr"  # a given one stays


def test_make_run_points_at_the_register_sandbox_beside_the_national_one(monkeypatch):
    monkeypatch.delenv("COMPANY_REGISTER_URL", raising=False)
    monkeypatch.setenv("NATIONAL_SANDBOX_PORT", "8101")
    stack = load_stack()
    assert stack.point_at_register_sandbox()
    assert os.environ["COMPANY_REGISTER_URL"] == "http://127.0.0.1:8102"

    monkeypatch.setenv("COMPANY_REGISTER_URL", "https://recherche-entreprises.api.gouv.fr")
    assert not stack.point_at_register_sandbox()  # a given register stays, no sandbox


def test_console_prints_decoded_text_and_whole_links():
    link = (
        "http://127.0.0.1:8100/compte/confirm-email/"
        "MQ:1tYqzX:8hQe3mJ0p-ZkG2mW3vXc9aB7dE5fG1hI2jK3lM4nO5pQ/"
    )
    subject = one_line(
        "[Stages BFC] Une très longue ligne d'objet pour « Découverte du métier de "
        "boulanger-pâtissier » à Besançon, Montbéliard et Lons-le-Saunier"
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=f"Bonjour Zoé,\n\nConfirmez votre adresse élève : {link}\n",
        from_email="Stages BFC <ne-pas-repondre@stages-bfc.fr>",
        to=["zoe@exemple.fr"],
    )
    message.attach_alternative("<p>Bonjour Zoé</p>", "text/html")
    stream = io.StringIO()

    EmailBackend(stream=stream).send_messages([message])

    printed = stream.getvalue()
    assert link in printed  # whole, on one line
    assert "Bonjour Zoé," in printed and "élève" in printed
    assert f"Objet : {subject}\n" in printed  # one line, unfolded
    assert "=C3=A9" not in printed and "=?utf-8?" not in printed
    assert "[aussi en text/html]" in printed


def test_development_uses_the_readable_console():
    env = {k: v for k, v in os.environ.items() if k not in ("EMAIL_URL", "PRODUCTION")}
    env["DJANGO_SETTINGS_MODULE"] = "stages_bfc.settings"
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.MAILERS['default']['BACKEND'])",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert printed == "stages_bfc.console_mail.EmailBackend"
