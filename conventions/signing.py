"""Signing: the teacher sends the convention, each party signs from their own link with a
one-time code, in any order, the head last (alone or in a batch); a refusal returns the
draft. Every act is an `Evidence` row with who, when, from where and the SHA-256 of the
document they saw.
"""

import hashlib
import secrets
import unicodedata

from django.db import transaction
from django.utils import timezone

from outbox.services import defer

from . import amendments, codes, links, pdf, rules
from .models import Convention, Event, Evidence, Party, Signature, State


class SigningError(Exception):
    """A refused act; its message is shown to the person, in French."""


def document_sha256(convention: Convention) -> str:
    """The SHA-256 of the convention's PDF as it reads now (what a signatory sees)."""
    return hashlib.sha256(pdf.render(convention)).hexdigest()


def _normalised(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def signatories(convention: Convention) -> list[tuple[str, str, str]]:
    """(party, name, e-mail) of each party, the head last; the legal representative only
    for a minor."""
    parties = [(Party.PUPIL, convention.pupil_name, convention.pupil_email)]
    if rules.is_minor(convention):
        parties.append((Party.GUARDIAN, convention.guardian_name, convention.guardian_email))
    parties += [
        (Party.HOST, convention.host_signatory_name, convention.host_signatory_email),
        (Party.HEAD, convention.head_name, convention.head_email),
    ]
    return parties


def _evidence(convention, event, signature=None, request_meta=None, sha="", detail=""):
    ip, agent = request_meta or (None, "")
    return Evidence.objects.create(
        convention=convention,
        event=event,
        party=signature.party if signature else "",
        name=signature.name if signature else "",
        at=timezone.now(),
        ip=ip,
        user_agent=agent[:300],
        document_sha256=sha,
        detail=detail,
    )


def send(convention: Convention, actor) -> Convention:
    """The teacher sends it: refused while anything is missing or wrong."""
    with transaction.atomic():
        convention = Convention.objects.select_for_update().get(pk=convention.pk)
        if convention.state != State.DRAFT:
            raise SigningError("Seule une convention en brouillon peut être envoyée en signature.")
        if problems := rules.problems(convention):
            raise SigningError(
                "La convention ne peut pas encore être signée : "
                + " ".join(p.message for p in problems)
            )
        convention.signatures.all().delete()
        for party, name, email in signatories(convention):
            signature = Signature.objects.create(
                convention=convention,
                party=party,
                name=name,
                email=email,
                nonce=secrets.token_hex(8),
            )
            if party != Party.HEAD:
                defer("conventions.tasks.send_link", signature.pk)
        convention.state = State.SIGNING
        convention.sent_at = timezone.now()
        convention.refusal = ""
        convention.save(update_fields=["state", "sent_at", "refusal"])
        _evidence(
            convention,
            Event.SENT,
            detail=f"Envoyée par {actor.get_full_name()}",
            sha=document_sha256(convention),
        )
    return convention


def resend(convention: Convention, actor) -> int:
    """The teacher sends the links again to whoever has not signed: new nonces, so the
    older links (expired or not) open nothing. Returns how many were sent."""
    with transaction.atomic():
        convention = Convention.objects.select_for_update().get(pk=convention.pk)
        if convention.state != State.SIGNING:
            raise SigningError("Seule une convention en signature a des liens à renvoyer.")
        waiting = list(convention.signatures.select_for_update().filter(signed_at=None))
        head_turn = others_signed(convention)
        count = 0
        for signature in waiting:
            signature.nonce = secrets.token_hex(8)
            signature.link_sent_at = None
            signature.code_digest = ""
            signature.save(update_fields=["nonce", "link_sent_at", "code_digest"])
            if signature.party != Party.HEAD:
                defer("conventions.tasks.send_link", signature.pk)
                count += 1
            elif head_turn:
                defer("conventions.tasks.send_head_link", convention.pk)
                count += 1
        _evidence(convention, Event.SENT, detail=f"Liens renvoyés par {actor.get_full_name()}")
    return count


def signature_from_link(token: str, request_meta=None) -> Signature:
    """The signature a link opens; an expired one is recorded in the evidence."""
    try:
        payload = links.signatory_payload(token)
    except links.LinkError as error:
        if error.payload and (signature := Signature.objects.filter(pk=error.payload["s"]).first()):
            _evidence(signature.convention, Event.EXPIRED, signature, request_meta)
        raise SigningError(str(error)) from error
    signature = (
        Signature.objects.select_related("convention")
        .filter(pk=payload["s"], nonce=payload["n"])
        .first()
    )
    if signature is None or signature.convention.state == State.CANCELLED:
        raise SigningError(links.BAD)
    return signature


def others_signed(convention: Convention) -> bool:
    return not convention.signatures.exclude(party=Party.HEAD).filter(signed_at=None).exists()


def ask_code(signature: Signature) -> None:
    """The code goes to the signatory's address; drawn and sent by the task."""
    if signature.signed_at:
        raise SigningError("Vous avez déjà signé cette convention.")
    with transaction.atomic():
        defer("conventions.tasks.send_code", signature.pk)


def _check(signature: Signature, code: str, typed_name: str) -> None:
    if not codes.matches(str(signature.pk), code, signature.code_digest, signature.code_expires_at):
        raise SigningError(
            "Ce code n'est pas le bon, ou il a expiré (15 minutes) : demandez-en un nouveau."
        )
    if _normalised(typed_name) != _normalised(signature.name):
        raise SigningError(
            f"Tapez votre nom tel qu'il figure sur la convention : {signature.name}."
        )


def sign(signature: Signature, code: str, typed_name: str, seen_sha: str, request_meta):
    with transaction.atomic():
        convention = Convention.objects.select_for_update().get(pk=signature.convention_id)
        signature = Signature.objects.select_for_update().get(pk=signature.pk)
        if convention.state != State.SIGNING or signature.signed_at:
            raise SigningError("Cette convention n'attend plus votre signature.")
        if signature.party == Party.HEAD and not others_signed(convention):
            raise SigningError("Le chef d'établissement signe après les autres parties.")
        sha = document_sha256(convention)
        if seen_sha != sha:
            raise SigningError("La convention a changé depuis votre lecture : relisez-la.")
        _check(signature, code, typed_name)
        _record_signature(convention, signature, typed_name, sha, request_meta)
    return signature


def _record_signature(convention, signature, typed_name, sha, request_meta):
    ip, agent = request_meta
    signature.signed_at = timezone.now()
    signature.signed_name = typed_name.strip()
    signature.ip, signature.user_agent = ip, agent[:300]
    signature.document_sha256 = sha
    signature.code_digest = ""
    signature.save()
    _evidence(convention, Event.SIGNED, signature, request_meta, sha)
    if signature.party != Party.HEAD and others_signed(convention):
        defer("conventions.tasks.send_head_link", convention.pk)
    if not convention.signatures.filter(signed_at=None).exists():
        convention.state = State.SIGNED
        convention.signed_at = signature.signed_at
        convention.save(update_fields=["state", "signed_at"])
        if convention.is_amendment:
            amendments.follow_signed(convention)
        defer("conventions.tasks.seal", convention.pk)


def refuse(signature: Signature, code: str, reason: str, request_meta) -> Convention:
    """A refusal with its reason returns the draft: every signature given is voided."""
    reason = reason.strip()
    if not reason:
        raise SigningError("Indiquez le motif du refus : il aide à corriger la convention.")
    with transaction.atomic():
        convention = Convention.objects.select_for_update().get(pk=signature.convention_id)
        if convention.state != State.SIGNING:
            raise SigningError("Cette convention n'attend plus de signature.")
        _check(signature, code, signature.name)
        _evidence(convention, Event.REFUSED, signature, request_meta, detail=reason)
        convention.signatures.all().delete()
        convention.state = State.DRAFT
        convention.refusal = f"{signature.get_party_display()} ({signature.name}) : {reason}"
        convention.save(update_fields=["state", "refusal"])
        defer("conventions.tasks.send_refused", convention.pk)
    return convention


# The head's batch: the conventions of their school waiting only for them.


def waiting_for_head(school_uai: str, email: str):
    return (
        Signature.objects.select_related("convention")
        .filter(
            party=Party.HEAD,
            signed_at=None,
            email__iexact=email,
            convention__school_uai=school_uai,
            convention__state=State.SIGNING,
        )
        .exclude(
            convention__in=Signature.objects.filter(signed_at=None)
            .exclude(party=Party.HEAD)
            .values("convention")
        )
        .order_by("convention__start", "pk")
    )


def head_scope(school_uai: str, email: str) -> str:
    return f"head:{school_uai}:{email.lower()}"


def sign_batch(school_uai, email, signature_ids, code, typed_name, request_meta) -> int:
    """One code for the selection: each convention is signed as if one by one."""
    waiting = {s.pk: s for s in waiting_for_head(school_uai, email)}
    chosen = [waiting[pk] for pk in signature_ids if pk in waiting]
    if not chosen:
        raise SigningError("Cochez au moins une convention à signer.")
    first = chosen[0]
    if not codes.matches(
        head_scope(school_uai, email), code, first.code_digest, first.code_expires_at
    ):
        raise SigningError(
            "Ce code n'est pas le bon, ou il a expiré (15 minutes) : demandez-en un nouveau."
        )
    if _normalised(typed_name) != _normalised(first.name):
        raise SigningError(f"Tapez votre nom tel qu'il figure sur les conventions : {first.name}.")
    with transaction.atomic():
        for signature in chosen:
            convention = Convention.objects.select_for_update().get(pk=signature.convention_id)
            signature = Signature.objects.select_for_update().get(pk=signature.pk)
            if signature.signed_at or convention.state != State.SIGNING:
                continue
            _record_signature(
                convention, signature, typed_name, document_sha256(convention), request_meta
            )
    return len(chosen)
