"""The convention as a PDF, rendered with fpdf2.

Why fpdf2: pure Python, installed from PyPI alone (fonttools, Pillow and defusedxml come as
wheels), so `make run` works on a fresh machine without a system library (WeasyPrint needs
Pango; wkhtmltopdf, a binary). The font is DejaVu Sans, shipped in `fonts/` (two faces,
subset into each PDF): the core PDF fonts know no "œ" or "’".

The rendering is deterministic (fixed creation date, no random identifier), so that the
SHA-256 of what a signatory saw can be compared with a later rendering.
"""

from pathlib import Path

from fpdf import FPDF

from . import document

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"


class _Document(FPDF):
    def footer(self):
        self.set_y(-12)
        self.set_font(FAMILY, size=8)
        self.cell(0, 5, f"Page {self.page_no()}/{{nb}}", align="C")


def _new(convention) -> FPDF:
    pdf = _Document(format="A4")
    pdf.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_margins(18, 16, 18)
    pdf.set_title(document.title(convention))
    pdf.set_author("Stages BFC")
    pdf.set_lang("fr")
    pdf.set_creation_date(convention.created_at)
    return pdf


def _heading(pdf: FPDF, text: str, size: int = 11) -> None:
    # Left-aligned: fpdf2 justifies by default, which stretches a title's short lines.
    pdf.set_font(FAMILY, "B", size)
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(1)


def _lines(pdf: FPDF, lines: list[str], align: str = "J") -> None:
    pdf.set_font(FAMILY, size=9.5)
    for line in lines:
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT", align=align)
    pdf.ln(2)


def render(convention, evidence: list | None = None) -> bytes:
    """The convention's pages, and its evidence page when `evidence` is given."""
    pdf = _new(convention)
    pdf.add_page()
    _heading(pdf, document.title(convention), 13)
    _lines(pdf, [f"{document.number(convention)} · {document.dates(convention)}"], "L")
    for section in document.parties(convention):
        _heading(pdf, section.title, 10.5)
        _lines(pdf, section.lines)
    for section in document.articles(convention):
        _heading(pdf, section.title, 10.5)
        _lines(pdf, section.lines)
    if evidence is not None:
        pdf.add_page()
        _heading(pdf, "Page de preuve des signatures", 13)
        # Left-aligned: a SHA-256 is one long word that justification would space out.
        _lines(pdf, [line for entry in evidence for line in (*entry, "")], "L")
    return bytes(pdf.output())
