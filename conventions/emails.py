"""Who is told what about a convention. Every e-mail goes through the outbox."""

from stages_bfc.mail import send_templated

from .models import Convention


def parties(convention: Convention) -> list[str]:
    """Every address the convention names, once each."""
    addresses = [
        convention.pupil_email,
        convention.guardian_email,
        convention.host_signatory_email,
        convention.tutor_email,
        convention.teacher_email,
        convention.head_email,
    ]
    seen = []
    for address in addresses:
        if address and address.lower() not in {a.lower() for a in seen}:
            seen.append(address)
    return seen


def send_cancelled(convention_id: int) -> None:
    convention = Convention.objects.get(pk=convention_id)
    # One message per party: a retry after a failure resends to nobody twice the same day.
    for address in parties(convention):
        send_templated("convention_cancelled", [address], {"convention": convention})


def _signature(signature_id: int):
    from .models import Signature

    return Signature.objects.select_related("convention").get(pk=signature_id)


def send_link(signature_id: int, reminder: bool = False) -> None:
    from . import links

    signature = _signature(signature_id)
    if signature.signed_at or signature.convention.state != "signing":
        return
    send_templated(
        "convention_sign",
        [signature.email],
        {
            "signature": signature,
            "convention": signature.convention,
            "sign_url": links.signatory_url(signature),
            "reminder": reminder,
        },
    )
    if signature.link_sent_at is None:
        from django.utils import timezone

        type(signature).objects.filter(pk=signature.pk).update(link_sent_at=timezone.now())


def send_code(signature_id: int) -> None:
    from django.utils import timezone

    from . import codes

    signature = _signature(signature_id)
    if signature.signed_at:
        return
    code = codes.new_code()
    signature.code_digest = codes.digest(str(signature.pk), code)
    signature.code_expires_at = timezone.now() + codes.CODE_LIFETIME
    signature.save(update_fields=["code_digest", "code_expires_at"])
    codes.channel().send(signature.email, code, {"name": signature.name, "count": 1})


def send_head_code(school_uai: str, email: str) -> None:
    from django.utils import timezone

    from . import codes, signing

    waiting = signing.waiting_for_head(school_uai, email)
    code = codes.new_code()
    count = waiting.update(
        code_digest=codes.digest(signing.head_scope(school_uai, email), code),
        code_expires_at=timezone.now() + codes.CODE_LIFETIME,
    )
    if count:
        codes.channel().send(email, code, {"name": "", "count": count})


def send_head_link(convention_id: int) -> None:
    from . import links

    convention = Convention.objects.get(pk=convention_id)
    if convention.state != "signing" or not convention.head_email:
        return
    send_templated(
        "convention_head",
        [convention.head_email],
        {
            "convention": convention,
            "head_url": links.head_url(convention.school_uai, convention.head_email),
        },
    )
    from django.utils import timezone

    convention.signatures.filter(party="head", link_sent_at=None).update(
        link_sent_at=timezone.now()
    )


def send_refused(convention_id: int) -> None:
    from django.urls import reverse

    convention = Convention.objects.get(pk=convention_id)
    if convention.teacher_email:
        send_templated(
            "convention_refused",
            [convention.teacher_email],
            {
                "convention": convention,
                "detail_url": reverse("conventions:detail", args=[convention.pk]),
            },
        )


def send_signed(convention_id: int) -> None:
    """Every party gets the signed, sealed PDF (the family has no account to fetch it)."""
    convention = Convention.objects.get(pk=convention_id)
    if not convention.signed_pdf:
        return
    attachment = (
        f"convention-{convention.pk}.pdf",
        bytes(convention.signed_pdf),
        "application/pdf",
    )
    for address in parties(convention):
        send_templated(
            "convention_signed", [address], {"convention": convention}, attachments=[attachment]
        )
