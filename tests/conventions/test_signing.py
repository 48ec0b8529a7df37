"""The whole signing flow: four parties from their e-mailed links, the head last with one
code for two conventions, then the sealed PDF with its evidence; refusals, expiries, codes."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conventions import links, reminders, sealing
from conventions.models import Convention, Event, Party, Signature, State

from .factories import complete, confirmed_placement

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/signature(?:-chef)?/[^/\s\"]+/")
CODE = re.compile(r"Votre code de signature : (\d{6})")


def link_in(message) -> str:
    return LINK.search(message.body).group(0)


def code_in(mailoutbox) -> str:
    return CODE.search(mailoutbox[-1].subject).group(1)


def ready_convention(school_class=None):
    application = confirmed_placement(school_class)
    return complete(Convention.objects.get(application=application))


def send(client, on_commit, convention, mailoutbox):
    client.force_login(convention.school_class.teachers.get())
    mailoutbox.clear()
    with on_commit(execute=True):
        response = client.post(reverse("conventions:send", args=[convention.pk]))
    assert response.status_code == 302
    client.logout()
    return {m.to[0]: link_in(m) for m in mailoutbox}


def sign_from(client, on_commit, mailoutbox, url, name, user_agent="Mozilla/5.0 (test)"):
    page = client.get(url, HTTP_USER_AGENT=user_agent)
    assert page.status_code == 200
    with on_commit(execute=True):
        client.post(url + "code/")
    code = code_in(mailoutbox)
    with on_commit(execute=True):
        response = client.post(
            url,
            {"name": name, "code": code, "sha": page.context["sha"]},
            HTTP_USER_AGENT=user_agent,
        )
    assert "Votre signature est enregistrée" in html.unescape(response.content.decode())
    return page.context["sha"]


def test_four_parties_sign_and_the_head_signs_two_conventions_at_once(
    client, on_commit, mailoutbox
):
    first = ready_convention()
    second = ready_convention(first.school_class)
    head_links = []
    for convention in (first, second):
        sent = send(client, on_commit, convention, mailoutbox)
        assert set(sent) == {
            convention.pupil_email,
            convention.guardian_email,
            convention.host_signatory_email,
        }  # the head signs last: no link yet
        names = {
            convention.pupil_email: convention.pupil_name,
            convention.guardian_email: convention.guardian_name,
            convention.host_signatory_email: convention.host_signatory_name,
        }
        for address, url in sent.items():
            mailoutbox.clear()
            sign_from(client, on_commit, mailoutbox, url, names[address].upper())
            if address != convention.host_signatory_email:
                assert not any(m.to == [convention.head_email] for m in mailoutbox)
        [to_head] = [m for m in mailoutbox if m.to == [convention.head_email]]
        head_links.append(link_in(to_head))
        convention.refresh_from_db()
        assert convention.state == State.SIGNING

    url = head_links[-1]
    page = client.get(url)
    assert [s.convention_id for s in page.context["waiting"]] == [first.pk, second.pk]
    with on_commit(execute=True):
        client.post(url + "code/")
    code = code_in(mailoutbox)
    assert "2 conventions" in mailoutbox[-1].body
    signatures = [s.pk for s in page.context["waiting"]]
    with on_commit(execute=True):
        response = client.post(
            url, {"signatures": signatures, "code": code, "name": "claire proviseure"}
        )
    assert response.status_code == 302
    for convention in (first, second):
        convention.refresh_from_db()
        assert convention.state == State.SIGNED
        assert convention.sealed_at is not None
        signed = [e for e in convention.evidence.all() if e.event == Event.SIGNED]
        assert [e.party for e in signed][-1] == Party.HEAD
        assert len(signed) == 4
        assert all(len(e.document_sha256) == 64 for e in signed)
        assert sealing.is_valid(bytes(convention.signed_pdf))


def test_nothing_is_sent_while_a_required_field_is_missing(client, on_commit, mailoutbox):
    convention = Convention.objects.get(application=confirmed_placement())
    client.force_login(convention.school_class.teachers.get())
    with on_commit(execute=True):
        response = client.post(reverse("conventions:send", args=[convention.pk]), follow=True)
    assert "Il manque la date de naissance de l'élève." in html.unescape(response.content.decode())
    convention.refresh_from_db()
    assert convention.state == State.DRAFT
    assert not Signature.objects.filter(convention=convention).exists()


def test_a_wrong_code_or_name_signs_nothing_and_codes_are_limited(client, on_commit, mailoutbox):
    convention = ready_convention()
    sent = send(client, on_commit, convention, mailoutbox)
    url = sent[convention.pupil_email]
    page = client.get(url)
    with on_commit(execute=True):
        client.post(url + "code/")
    code = code_in(mailoutbox)
    wrong = "000000" if code != "000000" else "111111"
    data = {"name": convention.pupil_name, "code": wrong, "sha": page.context["sha"]}
    assert "Ce code n'est pas le bon" in html.unescape(client.post(url, data).content.decode())
    data.update(code=code, name="Quelqu'un d'autre")
    assert "Tapez votre nom tel qu'il figure" in html.unescape(
        client.post(url, data).content.decode()
    )
    for _ in range(3):
        client.post(url, {**data, "code": wrong})
    assert client.post(url, {**data, "code": wrong}).status_code == 429
    assert not Signature.objects.get(convention=convention, party=Party.PUPIL).signed_at


def test_the_page_says_for_which_party_one_signs(client, on_commit, mailoutbox):
    """ "en qualité de :" reads right before every party ("en tant que élève" did not)."""
    convention = ready_convention()
    sent = send(client, on_commit, convention, mailoutbox)
    page = html.unescape(client.get(sent[convention.pupil_email]).content.decode())
    assert "Vous signez en qualité de : <strong>élève</strong>" in page


def test_a_refusal_returns_the_draft_with_its_reason(client, on_commit, mailoutbox):
    convention = ready_convention()
    sent = send(client, on_commit, convention, mailoutbox)
    sign_from(client, on_commit, mailoutbox, sent[convention.pupil_email], convention.pupil_name)
    url = sent[convention.host_signatory_email]
    with on_commit(execute=True):
        client.post(url + "code/")
    code = code_in(mailoutbox)
    with on_commit(execute=True):
        client.post(url, {"action": "refuse", "code": code, "reason": "Horaires erronés."})
    convention.refresh_from_db()
    assert convention.state == State.DRAFT
    assert "Horaires erronés." in convention.refusal
    assert not convention.signatures.exists()  # the pupil's signature is void too
    assert mailoutbox[-1].to == [convention.teacher_email]
    assert [e.event for e in convention.evidence.all()][-1] == Event.REFUSED
    # The links sent before open nothing now.
    assert client.get(sent[convention.pupil_email]).status_code == 400


def test_an_expired_link_is_refused_and_recorded(client, on_commit, mailoutbox, settings):
    convention = ready_convention()
    sent = send(client, on_commit, convention, mailoutbox)
    url = sent[convention.guardian_email]
    links_lifetime = links.LINK_LIFETIME
    links.LINK_LIFETIME = timedelta(seconds=-1)
    try:
        response = client.get(url)
    finally:
        links.LINK_LIFETIME = links_lifetime
    assert response.status_code == 400
    assert "a expiré" in html.unescape(response.content.decode())
    assert convention.evidence.filter(event=Event.EXPIRED, party=Party.GUARDIAN).exists()


def test_a_link_opens_only_its_own_convention(client, on_commit, mailoutbox):
    convention = ready_convention()
    sent = send(client, on_commit, convention, mailoutbox)
    token = sent[convention.pupil_email].split("/")[2]
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert client.get(reverse("conventions:sign", args=[forged])).status_code == 400
    head = links.head_token(convention.school_uai, "intrus@exemple.fr")
    page = client.get(reverse("conventions:head", args=[head]))
    assert page.context["waiting"] == []


def test_signatories_are_reminded_after_three_days(client, on_commit, mailoutbox):
    convention = ready_convention()
    send(client, on_commit, convention, mailoutbox)
    assert reminders.remind_signatories() == 0
    mailoutbox.clear()
    with on_commit(execute=True):
        assert reminders.remind_signatories(timezone.now() + timedelta(days=3, minutes=1)) == 3
    assert all(
        m.subject.startswith("[Stages BFC] Rappel") or "Rappel" in m.subject for m in mailoutbox
    )
    assert len(mailoutbox) == 3
