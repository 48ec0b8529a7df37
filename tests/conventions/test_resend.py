"""A lost or expired link: the teacher sends new ones to whoever has not signed; the old
ones open nothing; the head's comes only once the others have signed."""

import html

import pytest
from django.urls import reverse

from conventions.models import Event, Party, State

from .test_signing import link_in, ready_convention, send, sign_from

pytestmark = pytest.mark.django_db


def resend(client, on_commit, mailoutbox, convention):
    client.force_login(convention.school_class.teachers.get())
    mailoutbox.clear()
    with on_commit(execute=True):
        response = client.post(reverse("conventions:resend", args=[convention.pk]))
    page = html.unescape(client.get(response.url).content.decode())
    client.logout()
    return page, {m.to[0]: link_in(m) for m in mailoutbox}


def test_new_links_for_those_who_have_not_signed(client, on_commit, mailoutbox):
    convention = ready_convention()
    sent = send(client, on_commit, convention, mailoutbox)
    sign_from(client, on_commit, mailoutbox, sent[convention.pupil_email], convention.pupil_name)

    page, again = resend(client, on_commit, mailoutbox, convention)

    assert "Lien renvoyé à 2 signataires" in page
    assert set(again) == {convention.guardian_email, convention.host_signatory_email}
    old = client.get(sent[convention.guardian_email])
    assert old.status_code == 400
    assert "n'est pas valable" in html.unescape(old.content.decode())
    assert client.get(again[convention.guardian_email]).status_code == 200
    assert convention.evidence.filter(
        event=Event.SENT, detail__startswith="Liens renvoyés"
    ).exists()
    pupil = convention.signatures.get(party=Party.PUPIL)
    assert pupil.signed_at is not None  # a signature given stays given


def test_the_head_gets_a_new_link_once_the_others_have_signed(client, on_commit, mailoutbox):
    convention = ready_convention()
    sent = send(client, on_commit, convention, mailoutbox)
    names = {s.email: s.name for s in convention.signatures.all()}
    for address, url in sent.items():
        sign_from(client, on_commit, mailoutbox, url, names[address])
    _, again = resend(client, on_commit, mailoutbox, convention)
    assert set(again) == {convention.head_email}


def test_only_a_convention_in_signature_has_links_to_resend(client, on_commit, mailoutbox):
    convention = ready_convention()
    page, again = resend(client, on_commit, mailoutbox, convention)
    assert "Seule une convention en signature a des liens à renvoyer." in page
    assert again == {}
    convention.refresh_from_db()
    assert convention.state == State.DRAFT
    assert not convention.evidence.exists()
