"""A convention signed on paper: its scan is recorded instead of the online signatures.

The scan is a PDF, a JPEG or a PNG of 10 MB at most, recognised by its content (not its
name). An image becomes a one-page PDF; either is sealed by the platform like an online
convention, and kept in the database beside it (never in a public media folder): only
those who may see the convention (`selectors.visible_to`) download it.
"""

import warnings
from io import BytesIO

from django.db import transaction
from django.utils import timezone
from fpdf import FPDF
from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader

from outbox.services import defer
from stages_bfc import french

from . import amendments, sealing
from .models import Convention, Event, Evidence, State

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 60_000_000  # a 600 dpi A4 page is 35 million; beyond, a decompression bomb
KINDS = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpeg", b"\x89PNG\r\n\x1a\n": "png"}


class ScanError(Exception):
    """A refused scan; its message is shown to the teacher, in French."""


def kind_of(head: bytes) -> str | None:
    return next((kind for magic, kind in KINDS.items() if head.startswith(magic)), None)


def read(upload) -> tuple[str, bytes]:
    """(kind, bytes) of an uploaded scan, or ScanError saying what is wrong."""
    if upload.size > MAX_BYTES:
        raise ScanError("Le fichier dépasse 10 Mo : scannez en 200 ou 300 dpi, en niveaux de gris.")
    data = upload.read()
    kind = kind_of(data[:8])
    if kind is None:
        raise ScanError("Envoyez un PDF, un JPEG ou un PNG (ce fichier n'en est pas un).")
    if kind == "pdf":
        _check_pdf(data)
    else:
        _check_image(data)
    return kind, data


def _check_pdf(data: bytes) -> None:
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        if reader.encrypted:
            raise ScanError("Ce PDF est protégé par un mot de passe : envoyez-le sans protection.")
        if len(reader.root["/Pages"]["/Kids"]) == 0:
            raise ScanError("Ce PDF n'a aucune page.")
    except ScanError:
        raise
    except Exception as error:  # any parser failure: a damaged file
        raise ScanError("Ce PDF est endommagé ou illisible : scannez-le à nouveau.") from error


def _check_image(data: bytes) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise ScanError("Cette image est trop grande : scannez en 300 dpi au plus.")
                image.verify()
    except ScanError:
        raise
    except Exception as error:  # truncated, corrupt, or a decompression bomb
        raise ScanError(
            "Cette image est endommagée ou illisible : scannez-la à nouveau."
        ) from error


def image_pdf(data: bytes, caption: str) -> bytes:
    """An image scan as an A4 PDF page, fitted to the page, with a caption above it."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("helvetica", size=8)
    pdf.set_xy(10, 5)
    pdf.cell(0, 4, caption.encode("latin-1", "replace").decode("latin-1"))
    pdf.image(BytesIO(data), x=10, y=11, w=190, h=280, keep_aspect_ratio=True)
    return bytes(pdf.output())


def record(convention: Convention, scan: tuple[str, bytes], checked_by: str, actor):
    """The scan (`read`'s answer) of a convention signed on paper stands for its signatures
    (a draft or one in signature; a signed or cancelled one keeps what it has)."""
    kind, data = scan
    now = timezone.now()
    caption = (
        f"Convention n° {convention.pk} signée sur papier, scan enregistré le "
        f"{french.date(now)} et vérifié par {checked_by}"
    )
    document = data if kind == "pdf" else image_pdf(data, caption)
    try:
        sealed = sealing.sign_bytes(document)
    except Exception as error:  # pyHanko cannot append to this PDF
        raise ScanError(
            "Ce PDF ne peut pas être scellé par la plateforme : imprimez-le en PDF à nouveau, "
            "ou envoyez une image (JPEG, PNG)."
        ) from error
    with transaction.atomic():
        convention = Convention.objects.select_for_update().get(pk=convention.pk)
        if convention.state not in (State.DRAFT, State.SIGNING):
            raise ScanError("Cette convention est déjà signée ou annulée.")
        convention.state = State.SIGNED
        convention.signed_at = convention.sealed_at = convention.paper_recorded_at = now
        convention.signed_pdf = sealed
        convention.paper_checked_by = checked_by
        convention.refusal = ""
        convention.save()
        if convention.is_amendment:
            amendments.follow_signed(convention)
        Evidence.objects.create(
            convention=convention,
            event=Event.PAPER,
            name=checked_by,
            at=now,
            detail=f"Enregistré par {actor.get_full_name()} ({kind.upper()}, {len(data)} octets)",
        )
        defer("conventions.tasks.send_signed", convention.pk)
    return convention
