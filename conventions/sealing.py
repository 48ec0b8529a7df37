"""The signed convention: its pages, an evidence page, and the platform's PAdES signature
(pyHanko), so that any PDF reader shows it unaltered since. pyHanko is pure Python on
cryptography: nothing to install beside PyPI.

`validate(pdf_bytes)` is pyHanko's validator against the platform's certificate: a byte
changed after sealing makes it fail (tests/conventions/test_sealing.py).
"""

from io import BytesIO

from django.db import transaction
from django.utils import timezone
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from outbox.services import defer

from . import certificate, pdf
from .models import Convention, State

FIELD = "Signature-Stages-BFC"


def evidence_lines(convention: Convention) -> list[tuple[str, ...]]:
    """One block per act: signatures, refusals, expired links used, the sending."""
    blocks = []
    for entry in convention.evidence.all():
        at = timezone.localtime(entry.at)
        who = f"{entry.name} ({entry.get_party_display()})" if entry.party else "L'établissement"
        block = [f"{entry.get_event_display()} · {who} · le {at:%d/%m/%Y à %H:%M:%S}"]
        if entry.ip or entry.user_agent:
            block.append(
                f"Adresse IP : {entry.ip or 'inconnue'} · navigateur : {entry.user_agent or 'inconnu'}"
            )
        if entry.document_sha256:
            block += ["SHA-256 du document vu :", entry.document_sha256]
        if entry.detail:
            block.append(f"Détail : {entry.detail}")
        blocks.append(tuple(block))
    return blocks


def _signer():
    key_path, cert_path = certificate.paths()
    return signers.SimpleSigner.load(str(key_path), str(cert_path), key_passphrase=None)


def sign_bytes(data: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(BytesIO(data))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason="Convention signée par ses parties sur Stages BFC",
        location="Région Bourgogne-Franche-Comté",
    )
    return signers.sign_pdf(writer, meta, signer=_signer()).getvalue()


def seal(convention_id: int) -> None:
    with transaction.atomic():
        convention = Convention.objects.select_for_update().get(pk=convention_id)
        if convention.state != State.SIGNED or convention.sealed_at:
            return
        unsigned = pdf.render(convention, evidence=evidence_lines(convention))
        convention.signed_pdf = sign_bytes(unsigned)
        convention.sealed_at = timezone.now()
        convention.save(update_fields=["signed_pdf", "sealed_at"])
        defer("conventions.tasks.send_signed", convention.pk)


def validate(data: bytes):
    """pyHanko's status of the PDF's signature, trusting the platform's certificate."""
    _, cert_path = certificate.paths()
    root = load_cert_from_pemder(str(cert_path))
    reader = PdfFileReader(BytesIO(data))
    if not reader.embedded_signatures:
        return None
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    return validate_pdf_signature(reader.embedded_signatures[0], context)


def is_valid(data: bytes) -> bool:
    try:
        status = validate(data)
    except Exception:  # a PDF too broken to parse is not a valid one
        return False
    return bool(status and status.intact and status.valid and status.trusted)
