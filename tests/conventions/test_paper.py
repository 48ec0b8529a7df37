"""A convention signed on paper: its scan recorded by the school, checked, sealed, and
seen only by those who may see the convention."""

import html
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from conventions import paper, pdf, sealing
from conventions.models import Convention, Event, State
from tests.factories import EmployerFactory, PupilFactory, TeacherFactory

from .factories import complete, confirmed_placement

pytestmark = pytest.mark.django_db


def png(size=(120, 170)) -> bytes:
    out = BytesIO()
    Image.new("L", size, 200).save(out, "PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = BytesIO()
    Image.new("RGB", (120, 170), (250, 250, 240)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def convention():
    return complete(Convention.objects.get(application=confirmed_placement()))


def upload(client, convention, data, name="scan.png", **fields):
    client.force_login(convention.school_class.teachers.get())
    values = {"checked_by": "Paul Professeur", "confirmed": "on", **fields}
    values["scan"] = SimpleUploadedFile(name, data)
    return client.post(reverse("conventions:paper", args=[convention.pk]), values)


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("kind", ["png", "jpeg", "pdf"])
def test_a_scan_counts_as_signed_sealed_and_in_the_evidence(client, convention, kind):
    data = {"png": png, "jpeg": jpeg, "pdf": lambda: pdf.render(convention)}[kind]()
    response = upload(client, convention, data, name=f"scan.{kind}")
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.state == State.SIGNED
    assert convention.paper_checked_by == "Paul Professeur"
    assert sealing.is_valid(bytes(convention.signed_pdf))
    entry = convention.evidence.get()
    assert entry.event == Event.PAPER
    assert kind.upper() in entry.detail
    page = text(client.get(reverse("conventions:detail", args=[convention.pk])))
    assert "Signée sur papier : scan enregistré le" in page
    assert "Enregistrer une convention signée sur papier" not in page


def test_only_the_parties_download_the_scan(client, convention, on_commit, mailoutbox):
    with on_commit(execute=True):
        upload(client, convention, png())
    convention.refresh_from_db()
    copies = [m for m in mailoutbox if m.subject.startswith("[Stages BFC] Convention signée")]
    assert {m.to[0] for m in copies} >= {convention.guardian_email, convention.pupil_email}
    assert copies[0].attachments[0][1] == bytes(convention.signed_pdf)
    url = reverse("conventions:pdf", args=[convention.pk])
    member = EmployerFactory(organisation=convention.application.offer.organisation)
    for user in (convention.pupil, member, convention.school_class.teachers.get()):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF-")
    for stranger in (PupilFactory(), EmployerFactory(), TeacherFactory()):
        client.force_login(stranger)
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"hello, not a scan", "scan.pdf", "Envoyez un PDF, un JPEG ou un PNG"),
        (png()[:60], "scan.png", "Cette image est endommagée ou illisible"),
        (b"%PDF-1.7\nnot really", "scan.pdf", "Ce PDF est endommagé ou illisible"),
        (b"%PDF-" + b"0" * (paper.MAX_BYTES), "big.pdf", "Le fichier dépasse 10 Mo"),
    ],
)
def test_a_bad_file_is_refused_with_a_french_reason(client, convention, data, name, message):
    response = upload(client, convention, data, name=name)
    assert response.status_code == 400
    assert message in text(response)
    convention.refresh_from_db()
    assert convention.state == State.DRAFT
    assert not convention.signed_pdf


def test_an_image_too_large_is_refused(client, convention, monkeypatch):
    monkeypatch.setattr(paper, "MAX_PIXELS", 1000)
    response = upload(client, convention, png())
    assert response.status_code == 400
    assert "Cette image est trop grande" in text(response)


def test_the_check_is_required_and_what_was_typed_stays(client, convention):
    response = upload(client, convention, png(), confirmed="", checked_by="Léa Coordinatrice")
    assert response.status_code == 400
    page = text(response)
    assert "Cochez la case après avoir vérifié les signatures." in page
    assert 'value="Léa Coordinatrice"' in page


def test_a_signed_or_cancelled_convention_keeps_what_it_has(client, convention):
    Convention.objects.filter(pk=convention.pk).update(state=State.CANCELLED)
    response = upload(client, convention, png())
    assert response.status_code == 400
    assert "déjà signée ou annulée" in text(response)
