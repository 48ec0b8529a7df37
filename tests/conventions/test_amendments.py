"""Amendments: a signed convention's dates or hours change; the original stays as signed,
the amendment is checked and signed by the same parties, then sealed."""

import datetime
import hashlib
import html

import pytest
from django.urls import reverse

from conventions import links, sealing
from conventions.models import Convention, State
from stages_bfc import french

from .test_signing import code_in, link_in, ready_convention, send, sign_from

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def sign_all(client, on_commit, mailoutbox, convention):
    sent = send(client, on_commit, convention, mailoutbox)
    names = {s.email: s.name for s in convention.signatures.all()}
    for address, url in sent.items():
        mailoutbox.clear()
        sign_from(client, on_commit, mailoutbox, url, names[address])
    [to_head] = [m for m in mailoutbox if m.to == [convention.head_email]]
    url = link_in(to_head)
    with on_commit(execute=True):
        client.post(url + "code/")
    code = code_in(mailoutbox)
    waiting = [s.pk for s in client.get(url).context["waiting"]]
    with on_commit(execute=True):
        client.post(url, {"signatures": waiting, "code": code, "name": convention.head_name})
    convention.refresh_from_db()
    assert convention.state == State.SIGNED


@pytest.fixture
def signed(client, on_commit, mailoutbox):
    convention = ready_convention()
    sign_all(client, on_commit, mailoutbox, convention)
    return convention


def amend(client, convention):
    client.force_login(convention.school_class.teachers.get())
    return client.post(reverse("conventions:amend", args=[convention.pk]))


def test_changed_hours_are_signed_again_and_the_original_kept(
    client, on_commit, mailoutbox, signed
):
    original_pdf = hashlib.sha256(bytes(signed.signed_pdf)).hexdigest()
    response = amend(client, signed)
    amendment = signed.amendments.get()
    assert response.url == reverse("conventions:edit", args=[amendment.pk])
    assert amendment.state == State.DRAFT
    assert amendment.guardian_email == signed.guardian_email
    assert amendment.application_id == signed.application_id

    edit = text(client.get(response.url))
    assert "Avenant : dates et horaires" in edit
    assert 'name="host_name"' not in edit
    new_end = signed.end + datetime.timedelta(days=1)
    client.post(
        response.url,
        {
            "start": signed.start.isoformat(),
            "end": new_end.isoformat(),
            "hours_start": "09:00",
            "hours_end": "16:00",
            "break_minutes": "60",
            "days_per_week": "5",
            "host_name": "Autre structure",
        },
    )
    amendment.refresh_from_db()
    assert (amendment.hours_end, amendment.end) == (datetime.time(16), new_end)
    assert amendment.host_name == signed.host_name
    page = text(client.get(reverse("conventions:detail", args=[amendment.pk])))
    assert "Objet de l'avenant" in page
    assert "Départ : 16 h (au lieu de 16 h 30)" in page
    assert f"Au : {french.date(new_end)} (au lieu de {french.date(signed.end)})" in page

    mailoutbox.clear()
    sign_all(client, on_commit, mailoutbox, amendment)
    amendment.refresh_from_db()
    assert sealing.is_valid(bytes(amendment.signed_pdf))
    # Every party gets the sealed PDF, the family included (it has no account).
    copies = {m.to[0]: m for m in mailoutbox if m.subject.endswith(signed.host_name)}
    assert signed.guardian_email in copies and signed.host_signatory_email in copies
    (name, content, mimetype) = copies[signed.guardian_email].attachments[0]
    assert (name, mimetype) == (f"convention-{amendment.pk}.pdf", "application/pdf")
    assert content == bytes(amendment.signed_pdf)
    # So does the guardian's link, once sealed.
    guardian = amendment.signatures.get(party="guardian")
    sign_pdf = reverse("conventions:sign_pdf", args=[links.signatory_token(guardian)])
    assert client.get(sign_pdf).content == bytes(amendment.signed_pdf)
    signed.refresh_from_db()
    assert signed.state == State.SIGNED
    assert hashlib.sha256(bytes(signed.signed_pdf)).hexdigest() == original_pdf
    client.force_login(signed.school_class.teachers.get())
    page = text(client.get(reverse("conventions:detail", args=[signed.pk])))
    assert f"Avenant n° {amendment.pk}" in page


def test_one_open_amendment_at_a_time(client, signed):
    amend(client, signed)
    amend(client, signed)
    assert signed.amendments.count() == 1
    page = text(client.get(reverse("placements:class_detail", args=[signed.school_class_id])))
    assert "avenant en cours" in page


def test_a_draft_is_corrected_not_amended(client):
    convention = ready_convention()
    response = amend(client, convention)
    assert response.url == reverse("conventions:detail", args=[convention.pk])
    assert not Convention.objects.filter(amends=convention).exists()
    page = text(client.get(response.url))
    assert "Seule une convention signée se modifie par un avenant" in page


def test_an_amendment_is_checked_like_a_convention(client, on_commit, signed):
    amend(client, signed)
    amendment = signed.amendments.get()
    Convention.objects.filter(pk=amendment.pk).update(hours_end=datetime.time(21))
    with on_commit(execute=True):
        response = client.post(reverse("conventions:send", args=[amendment.pk]))
    amendment.refresh_from_db()
    assert amendment.state == State.DRAFT
    assert "ne peut pas encore être signée" in text(client.get(response.url))


def test_cancelling_the_placement_cancels_the_amendment(client, on_commit, signed):
    from placements import services as placement_services

    amend(client, signed)
    with on_commit(execute=True):
        placement_services.cancel(signed.application, signed.pupil, "Déménagement")
    assert set(Convention.objects.values_list("state", flat=True)) == {State.CANCELLED}


def test_a_signed_amendment_moves_the_placement_dates(client, on_commit, mailoutbox, signed):
    """The stage's dates follow the amendment once all have signed."""
    application = signed.application
    new_start = signed.start + datetime.timedelta(days=1)
    amend(client, signed)
    amendment = signed.amendments.get()
    Convention.objects.filter(pk=amendment.pk).update(start=new_start)
    amendment.refresh_from_db()
    application.refresh_from_db()
    assert application.start == signed.start  # a draft moves nothing
    mailoutbox.clear()

    sign_all(client, on_commit, mailoutbox, amendment)

    application.refresh_from_db()
    assert (application.start, application.end) == (new_start, signed.end)
    last = application.transitions.order_by("pk").last()
    assert (last.source, last.target) == (application.state, application.state)
    assert last.message == (
        f"Dates changées par l'avenant signé : {french.date_range(new_start, signed.end)}."
    )
