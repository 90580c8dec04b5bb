"""Word and PDF fixtures, made at test time from the text they should give back.

A .docx gets one paragraph per line of the text (tables as rows of cells); a text PDF
draws each line with reportlab's STSong-Light, a CID font every PDF reader knows, hard-
wrapped at the page width like a printed page; a scanned PDF is one picture and no text; a .doc is the
start of an OLE file with a WordDocument stream, which is all the sniffing reads.
"""

from __future__ import annotations

import io
import unicodedata

PDF_FONT = "STSong-Light"
PDF_LINE_WIDTH = 70  # in half-width cells: 35 hanzi, about what an A4 page in 14 pt holds


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    """A .docx of ``paragraphs``, with ``table`` (rows of cell texts) after the first one."""
    import docx

    document = docx.Document()
    for i, paragraph in enumerate(paragraphs):
        document.add_paragraph(paragraph)
        if i == 0 and table:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for row, texts in zip(grid.rows, table):
                for cell, text in zip(row.cells, texts):
                    cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _wrap(paragraph: str) -> list[str]:
    """Lines of at most :data:`PDF_LINE_WIDTH` cells, a hanzi taking two, as a layout breaks them."""
    lines, line, width = [], "", 0
    for char in paragraph:
        cells = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if width + cells > PDF_LINE_WIDTH:
            lines.append(line)
            line, width = "", 0
        line, width = line + char, width + cells
    return [*lines, line]


def make_text_pdf(paragraphs: list[str]) -> bytes:
    """An A4 PDF of ``paragraphs``, each hard-wrapped at :data:`PDF_LINE_WIDTH` like a page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    top, bottom, step = 800, 60, 20
    y = top
    for paragraph in paragraphs:
        for line in _wrap(paragraph):
            if y < bottom:
                pdf.showPage()
                y = top
            pdf.setFont(PDF_FONT, 14)
            pdf.drawString(50, y, line)
            y -= step
    pdf.save()
    return buffer.getvalue()


def make_scanned_pdf() -> bytes:
    """A one-page PDF holding only a picture (grey stripes standing for a scanned page)."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    scan = Image.new("L", (200, 280), 255)
    draw = ImageDraw.Draw(scan)
    for y in range(20, 260, 12):
        draw.line((20, y, 180, y), fill=40, width=4)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    pdf.drawImage(ImageReader(scan), 0, 0, *A4)
    pdf.save()
    return buffer.getvalue()


def make_doc() -> bytes:
    """The first bytes of a Word 97-2003 file: the OLE signature and a WordDocument stream name."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + "WordDocument".encode("utf-16-le") + b"\x00" * 512
