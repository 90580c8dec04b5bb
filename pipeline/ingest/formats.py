"""Formats: the text of Word (.docx) and PDF files, and a clear refusal of the rest.

Notices are often published as attachments. A .docx file gives its paragraphs in order,
one per line, each after the list number Word shows for it (``（一）``, ``1.``), and each
table row as one line of cells separated by a tab (as for HTML tables). A PDF gives the
text of its text layer (read by pypdf), page after page, with the lines its layout
wrapped joined back into paragraphs (see :func:`_unwrap`). Every span points into this
extracted text, whose sha256 is the record's ``source_sha256``.

Formats that hold no readable text — scanned PDFs, legacy Word (.doc, .wps), RTF,
spreadsheets, OFD, images, archives — are refused with a message that names the format
and says what to do with the file.
"""

from __future__ import annotations

import io
import logging
import unicodedata
import zipfile

from pipeline.errors import DamagedFile, EmptyInput, NoTextLayer, UnsupportedFormat

# Suffixes of the formats read here, and of the document formats refused with advice.
# A folder is searched for these (besides plain text and HTML) so that no attachment in
# it goes unreported.
READ_SUFFIXES = (".docx", ".pdf")
REFUSED_SUFFIXES = (".doc", ".wps", ".rtf", ".ofd", ".xls", ".xlsx", ".et")

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names as they sit in an OLE directory (UTF-16 LE): every Word 97-2003 (and WPS)
# document has the first; a password-protected .docx or .xlsx is an OLE file holding the
# second.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
)
_OCR = "run OCR on it first and give the text instead"
_SAVE_AS_DOCX = "open it in Word or WPS and save it as .docx (or as text)"
_SAVE_NOTICE = "not a notice format; save the notice as .docx, PDF or text"


def sniff(data: bytes, *, path: str | None = None) -> str | None:
    """Tell the container format from the first bytes, whatever the file is called.

    Args:
        data: the raw bytes of one input.
        path: where they came from, for error messages.

    Returns:
        ``"pdf"`` or ``"docx"`` for the formats :func:`to_text` reads; None when the bytes
        are no known container (they may be text, which ingest decodes).

    Raises:
        UnsupportedFormat: a known format that holds no readable notice text; the message
            names it and says what to do.
        DamagedFile: a ZIP file that cannot be opened, or a password-protected .docx.
    """
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data, path)
    if data.startswith(_OLE):
        if _ENCRYPTED_STREAM in data:
            raise DamagedFile("Office document protected by a password: remove the "
                              "protection (save it again without one) first", path=path)
        if _WORD_STREAM in data:
            raise UnsupportedFormat(f".doc or .wps (Word 97-2003 format): {_SAVE_AS_DOCX}",
                                    path=path)
        raise UnsupportedFormat(f"legacy Office file (.xls, .ppt or .et): {_SAVE_NOTICE}",
                                path=path)
    if data.startswith(b"{\\rtf"):
        raise UnsupportedFormat(f"RTF document: {_SAVE_AS_DOCX}", path=path)
    for magic, kind in _IMAGES:
        if data.startswith(magic):
            raise UnsupportedFormat(f"{kind}, a picture without text: {_OCR}", path=path)
    return None


def _sniff_zip(data: bytes, path: str | None) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError):
        raise DamagedFile("damaged ZIP file (a .docx is one): it cannot be opened",
                          path=path) from None
    if "word/document.xml" in names:
        return "docx"
    if any(name.startswith("xl/") for name in names):
        raise UnsupportedFormat(f"Excel workbook (.xlsx): {_SAVE_NOTICE}", path=path)
    if any(name.startswith("ppt/") for name in names):
        raise UnsupportedFormat(f"PowerPoint file (.pptx): {_SAVE_NOTICE}", path=path)
    if "OFD.xml" in names:
        raise UnsupportedFormat("OFD document: export it as PDF or text in an OFD reader first",
                                path=path)
    raise UnsupportedFormat("ZIP archive: unpack it and give the folder instead", path=path)


def to_text(data: bytes, fmt: str, *, path: str | None = None) -> str:
    """The text of a .docx or PDF file.

    Args:
        data: the file's bytes.
        fmt: ``"docx"`` or ``"pdf"``, as :func:`sniff` said.
        path: where the bytes came from, for error messages.

    Returns:
        The text with ``\\n`` line endings and no trailing spaces on its lines.

    Raises:
        NoTextLayer: a PDF whose pages carry no text (a scan).
        DamagedFile: the file cannot be parsed, or is protected by a password.
        EmptyInput: a .docx document without text.
    """
    text = _docx_text(data, path) if fmt == "docx" else _pdf_text(data, path)
    text = "\n".join(line.rstrip() for line in text.splitlines())
    if not text.strip():
        if fmt == "pdf":
            raise NoTextLayer(f"scanned PDF with no text layer: {_OCR}", path=path)
        raise EmptyInput("the .docx document holds no text", path=path)
    return text


def _docx_text(data: bytes, path: str | None) -> str:
    # Imported here: only runs that meet a .docx pay for loading python-docx and lxml.
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on bad input
        raise DamagedFile(f"damaged .docx file, it cannot be opened ({type(exc).__name__})",
                          path=path) from None
    numbers = _ListNumbers(document)
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(numbers.label(block._p) + block.text)
    return "\n".join(lines)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHINESE_DIGITS = "〇一二三四五六七八九"


def _chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (list numbers stay below 100)."""
    if n < 10:
        return _CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (_CHINESE_DIGITS[tens] if tens > 1 else "") + "十" + (_CHINESE_DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


# Word's number formats (w:numFmt) as the characters a reader sees; bullets are no number.
_NUMBER_FORMATS = {
    "decimal": str,
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "chineseLegalSimplified": _chinese,
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if n <= 20 else str(n),
    "lowerLetter": lambda n: chr(ord("a") + (n - 1) % 26),
    "upperLetter": lambda n: chr(ord("A") + (n - 1) % 26),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


class _ListNumbers:
    """Word's automatic list numbers (1. 2. / （一）（二） / ①②), which are no part of the
    paragraphs' text, rendered as a reader sees them: notices number their problems and
    measures that way, and the rules read the numbers."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId -> ilvl -> level
        self.counts: dict[str, list[int | None]] = {}
        self.styles: dict[str, tuple[str, int]] = {}  # styleId -> (numId, ilvl)
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):  # a document without lists
            return
        abstract = {a.get(f"{_W}abstractNumId"): _levels(a) for a in numbering.iter(f"{_W}abstractNum")}
        for num in numbering.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            levels = dict(abstract.get(ref.get(f"{_W}val") if ref is not None else None, {}))
            for override in num.iter(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                ilvl = int(override.get(f"{_W}ilvl", 0))
                if start is not None and ilvl in levels:
                    levels[ilvl] = (int(start.get(f"{_W}val")), *levels[ilvl][1:])
            self.levels[num.get(f"{_W}numId")] = levels
        for style in document.styles.element.iter(f"{_W}style"):
            found = _num_pr(style)
            if found:
                self.styles[style.get(f"{_W}styleId")] = found

    def label(self, p) -> str:
        """The number Word shows before paragraph ``p`` (a w:p element), or ""."""
        found = _num_pr(p)
        if found is None:
            style = p.find(f"{_W}pPr/{_W}pStyle")
            found = self.styles.get(style.get(f"{_W}val")) if style is not None else None
        if found is None or found[0] not in self.levels:
            return ""
        num_id, ilvl = found
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counts = self.counts.setdefault(num_id, [None] * 9)
        counts[ilvl] = levels[ilvl][0] if counts[ilvl] is None else counts[ilvl] + 1
        counts[ilvl + 1:] = [None] * (8 - ilvl)
        start, fmt, text = levels[ilvl]
        if fmt not in _NUMBER_FORMATS:
            return ""  # bullets and formats without a number
        for level, count in enumerate(counts[:ilvl + 1]):
            level_start, level_fmt, _ = levels.get(level, (1, "decimal", ""))
            value = count if count is not None else level_start
            text = text.replace(f"%{level + 1}", _NUMBER_FORMATS.get(level_fmt, str)(value))
        return text


def _levels(abstract) -> dict[int, tuple[int, str, str]]:
    """ilvl -> (start, numFmt, lvlText) of one w:abstractNum."""
    levels = {}
    for lvl in abstract.iter(f"{_W}lvl"):
        def val(tag, default):
            el = lvl.find(f"{_W}{tag}")
            return el.get(f"{_W}val", default) if el is not None else default
        levels[int(lvl.get(f"{_W}ilvl", 0))] = (int(val("start", 1)), val("numFmt", "decimal"),
                                                  val("lvlText", ""))
    return levels


def _num_pr(element) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph's or style's own w:numPr; None without one."""
    num_pr = element.find(f"{_W}pPr/{_W}numPr")
    if num_pr is None:
        return None
    num_id, ilvl = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
    if num_id is None:
        return None
    # numId 0 (switching a style's numbering off) is in no table, so it gives no number.
    return num_id.get(f"{_W}val"), int(ilvl.get(f"{_W}val")) if ilvl is not None else 0


def _table_lines(table) -> list[str]:
    """One line per row, cells separated by a tab; a merged cell is written once."""
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            # python-docx repeats a horizontally merged cell once per grid column.
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell.text)
        lines.append("\t".join(cells))
    return lines


def _pdf_text(data: bytes, path: str | None) -> str:
    import pypdf

    # pypdf logs what it repairs in damaged files; a run shows only its own lines.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        # An owner password (printing or copying forbidden) is opened without asking.
        pages = [page.extract_text() for page in reader.pages]
    except pypdf.errors.FileNotDecryptedError:
        raise DamagedFile("PDF protected by a password: remove the protection "
                          "(or print it to a new PDF) first", path=path) from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        raise DamagedFile(f"damaged PDF, it cannot be read ({type(exc).__name__}: {exc})",
                          path=path) from None
    return _unwrap(pages)


# A line that fills the text column was broken by the layout, not by the author. Full
# means within one hanzi (two cells) of the column's width; a column narrower than this
# is a table or a title page, whose lines are left as they are.
_FULL_SLACK = 2
_MIN_COLUMN = 40
_SENTENCE_END = tuple("。！？；：!?;:")


def _unwrap(pages: list[str]) -> str:
    """A PDF's text with the lines its layout wrapped joined back into paragraphs.

    A line as wide as the text column that does not end a sentence continues on the next
    line: left broken, a cue (已完\n成) or a number (5\n000吨) would be split for the
    rules. The column is the width (a hanzi counting two cells) that nine lines in ten do
    not exceed, so a few wide table rows do not move it. Lines are joined only within a
    page, so running headers and page numbers never land inside a sentence.
    """
    pages = [[line.rstrip() for line in page.splitlines()] for page in pages]
    widths = sorted(_width(line) for page in pages for line in page if line)
    column = widths[int(0.9 * (len(widths) - 1))] if widths else 0
    out = []
    for page in pages:
        text = ""
        for line, following in zip(page, [*page[1:], ""]):
            wrapped = (column >= _MIN_COLUMN and following
                       and abs(_width(line) - column) <= _FULL_SLACK
                       and not line.endswith(_SENTENCE_END))
            # Two Latin words broken at the margin keep the space the layout dropped.
            space = " " if wrapped and line[-1:].isascii() and line[-1:].isalpha() and \
                following[:1].isascii() and following[:1].isalpha() else ""
            text += line + (space if wrapped else "\n")
        out.append(text.rstrip("\n"))
    return "\n".join(out)


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)
