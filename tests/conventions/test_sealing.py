"""The sealed PDF proves itself: pyHanko's validator accepts it, and refuses it once a byte
of the signed content changed."""

import pytest
from django.utils import timezone

from conventions import sealing
from conventions.models import Convention, Event, Evidence, State

from .factories import complete, confirmed_placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed():
    convention = complete(Convention.objects.get(application=confirmed_placement()))
    Evidence.objects.create(
        convention=convention,
        event=Event.SIGNED,
        party="pupil",
        name=convention.pupil_name,
        at=timezone.now(),
        ip="203.0.113.7",
        user_agent="Mozilla/5.0 (iPhone)",
        document_sha256="a" * 64,
    )
    Evidence.objects.create(
        convention=convention,
        event=Event.EXPIRED,
        party="guardian",
        name="Samia Martin",
        at=timezone.now(),
    )
    Convention.objects.filter(pk=convention.pk).update(state=State.SIGNED, signed_at=timezone.now())
    sealing.seal(convention.pk)
    convention.refresh_from_db()
    return convention


def test_the_sealed_pdf_is_valid_for_pyhanko(sealed):
    status = sealing.validate(bytes(sealed.signed_pdf))
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"


def test_a_tampered_pdf_fails_validation(sealed):
    data = bytearray(sealed.signed_pdf)
    position = data.index(b"/Title") + 8  # inside the signed content
    data[position] = ord("X") if data[position] != ord("X") else ord("Y")
    assert not sealing.is_valid(bytes(data))
    status = sealing.validate(bytes(data))
    assert not status.intact


def test_the_evidence_page_lists_signatures_and_expiries(sealed):
    blocks = sealing.evidence_lines(sealed)
    text = "\n".join(line for block in blocks for line in block)
    assert "Signée · " + sealed.pupil_name in text
    assert "203.0.113.7" in text and "Mozilla/5.0 (iPhone)" in text
    assert "SHA-256 du document vu :\n" + "a" * 64 in text
    assert "Lien expiré utilisé · Samia Martin (Représentant légal)" in text
