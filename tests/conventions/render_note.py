"""Not collected (no test_ prefix): `pytest tests/conventions/render_note.py` writes the
signed PDFs of a convention and of its amendment shown in docs/screenshots/15/."""

from pathlib import Path

import pytest

from conventions import amendments, sealing
from conventions.models import Convention

from .test_amendments import sign_all
from .test_signing import ready_convention

pytestmark = pytest.mark.django_db
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "15"


def test_render(client, on_commit, mailoutbox):
    convention = ready_convention()
    sign_all(client, on_commit, mailoutbox, convention)
    convention.refresh_from_db()
    data = bytes(convention.signed_pdf)
    assert sealing.is_valid(data)
    status = sealing.validate(data)
    print("VALIDATION", status.summary() if status else None)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "convention-signed.pdf").write_bytes(data)
    amendment = amendments.start(convention)
    Convention.objects.filter(pk=amendment.pk).update(hours_end="16:00")
    amendment.refresh_from_db()
    sign_all(client, on_commit, mailoutbox, amendment)
    amendment.refresh_from_db()
    (OUT / "amendment-signed.pdf").write_bytes(bytes(amendment.signed_pdf))
