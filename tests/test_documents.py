"""Word and PDF inputs (pipeline.ingest.formats through ingest), and the formats refused with advice.

The .docx and PDF fixtures are made from the bundled sample (tests/documents.py), whose
.txt gives 14 problems with 44 measures: the same notice in another container must give
the same problems.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile

import pytest
from click.testing import CliRunner

from pipeline.assemble import build_notice
from pipeline.cli import cli
from pipeline.errors import (
    DamagedFile,
    EmptyInput,
    NoTextLayer,
    UnsupportedFormat,
)
from pipeline.ingest.formats import _unwrap
from pipeline.ingest.source import source_from_bytes

from .conftest import SAMPLE
from .documents import make_doc, make_docx, make_scanned_pdf, make_text_pdf


def paragraphs(text: str) -> list[str]:
    # The sample is one line whose paragraphs are separated by spaces.
    return text.split()


def src(data: bytes, path: str):
    return source_from_bytes(data, path=path, doc_id="doc")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def sample_notice(sample_text):
    return build_notice(src(sample_text.encode("utf-8"), "sample.txt"))


@pytest.fixture(scope="module")
def sample_pdf(sample_text) -> bytes:
    return make_text_pdf(paragraphs(sample_text))


# --- .docx ------------------------------------------------------------------


def test_docx_gives_its_paragraphs_one_per_line(sample_text):
    source = src(make_docx(paragraphs(sample_text)), "notice.docx")
    assert source.text == "\n".join(paragraphs(sample_text))
    assert (source.format, source.encoding) == ("docx", None)
    assert source.sha256 == hashlib.sha256(source.text.encode("utf-8")).hexdigest()


def test_docx_of_the_sample_gives_the_same_records(sample_text, sample_notice):
    notice = build_notice(src(make_docx(paragraphs(sample_text)), "notice.docx"))
    assert len(notice.problems) == 14
    assert len(notice.organization_measures) == 3
    # Only the separators between paragraphs changed (spaces became line breaks).
    assert records(notice) == records(sample_notice)
    assert notice.inspection == sample_notice.inspection


def test_docx_table_rows_are_lines_of_tab_separated_cells():
    table = [["序号", "反馈问题", "整改情况"], ["1", "台账不全", "已补齐台账12本"]]
    source = src(make_docx(["某某局党组关于巡察整改情况的通报", "联系电话：0100-1234567"],
                           table), "table.docx")
    assert source.text.splitlines() == [
        "某某局党组关于巡察整改情况的通报",
        "序号\t反馈问题\t整改情况",
        "1\t台账不全\t已补齐台账12本",
        "联系电话：0100-1234567",
    ]


def test_merged_docx_cell_is_written_once():
    import docx

    document = docx.Document()
    grid = document.add_table(rows=1, cols=3)
    merged = grid.cell(0, 0).merge(grid.cell(0, 1))
    merged.text = "反馈问题"
    grid.cell(0, 2).text = "整改措施"
    buffer = io.BytesIO()
    document.save(buffer)
    assert src(buffer.getvalue(), "merged.docx").text == "反馈问题\t整改措施"


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def numbered_docx(levels: list[tuple[str, str]], items: list[tuple[int, str]]) -> bytes:
    """A .docx whose "List Number" list has the given (numFmt, lvlText) per level and whose
    paragraphs are (level, text); level -1 is a plain paragraph."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    numbering = document.part.numbering_part.element
    style_num = document.styles["List Number"].element.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
    num = next(n for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == style_num)
    abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
    abstract = next(a for a in numbering.iter(f"{W}abstractNum")
                    if a.get(f"{W}abstractNumId") == abstract_id)
    for lvl in list(abstract.iter(f"{W}lvl")):
        abstract.remove(lvl)
    for ilvl, (fmt, text) in enumerate(levels):
        lvl = OxmlElement("w:lvl", {qn("w:ilvl"): str(ilvl)})
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            lvl.append(OxmlElement(tag, {qn("w:val"): value}))
        abstract.append(lvl)
    for level, text in items:
        if level < 0:
            document.add_paragraph(text)
            continue
        paragraph = document.add_paragraph(text, style="List Number")
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = int(style_num)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_list_numbers_are_written_as_a_reader_sees_them():
    data = numbered_docx(
        [("chineseCounting", "（%1）"), ("decimal", "%2."), ("decimalEnclosedCircle", "%3")],
        [(0, "提高政治站位"), (1, "制定方案"), (1, "召开会议"), (2, "第一次"), (0, "压实责任"),
         (1, "成立专班"), (-1, "附：联系电话"), (0, "强化督查")])
    assert src(data, "numbered.docx").text.splitlines() == [
        "（一）提高政治站位", "1.制定方案", "2.召开会议", "①第一次", "（二）压实责任",
        "1.成立专班", "附：联系电话", "（三）强化督查"]


def test_bulleted_word_list_adds_no_number():
    data = numbered_docx([("bullet", "•")], [(0, "一是健全制度")])
    assert src(data, "bullets.docx").text == "一是健全制度"


def test_docx_without_text_is_empty():
    with pytest.raises(EmptyInput, match=".docx document holds no text"):
        src(make_docx([""]), "blank.docx")


# --- PDF --------------------------------------------------------------------


def test_text_pdf_gives_every_character_of_the_sample(sample_text, sample_pdf):
    source = src(sample_pdf, "notice.pdf")
    assert (source.format, source.encoding) == ("pdf", None)
    # Every character, a lone 。 at the start of a line included; only line breaks differ.
    assert squeeze(source.text) == squeeze(sample_text)
    assert source.sha256 == hashlib.sha256(source.text.encode("utf-8")).hexdigest()


def records(notice) -> list:
    """Problems, measures, statuses and metrics of a notice, whitespace left out of texts."""
    return [(p.title, [(squeeze(m.text), m.status, [(x.value, x.unit, x.qualifier) for x in m.metrics])
                       for m in p.measures]) for p in notice.problems]


def test_text_pdf_of_the_sample_gives_the_same_records(sample_pdf, sample_notice):
    source = src(sample_pdf, "notice.pdf")
    notice = build_notice(source)
    # Wrapped lines joined again, no cue (已完成) or number (5000吨) is split by a line break.
    assert records(notice) == records(sample_notice)
    assert sum(len(p.measures) for p in notice.problems) == 44
    assert notice.inspection == sample_notice.inspection
    assert (notice.issuer, notice.published_on) == (sample_notice.issuer, sample_notice.published_on)
    # Spans point into the extracted text.
    for problem in notice.problems:
        for measure in problem.measures:
            start, end = measure.span
            assert source.text[start:end] == measure.text


def test_wrapped_pdf_lines_are_joined_within_a_page_up_to_a_sentence_end():
    full = "整" * 20  # 40 cells: the column
    pages = [
        f"{full}\n{full[:-1]}改\n完成。\n{full[:-1]}。\n下一段\n短行\n落款",
        f"{full}\n续页",
    ]
    assert _unwrap(pages).split("\n") == [
        f"{full}{full[:-1]}改完成。",  # full lines continue; a short one ends the paragraph
        f"{full[:-1]}。",  # a full line that ends a sentence ends its paragraph
        "下一段", "短行", "落款",  # short lines stay apart (signature, date)
        f"{full}续页",  # joined within the page only
    ]


def test_narrow_columns_and_wide_rows_are_left_as_they_are():
    assert _unwrap(["一二三四五\n六七八九十\n十一"]) == "一二三四五\n六七八九十\n十一"
    body = ["整" * 20] * 10
    table_row = "序号 问题 整改情况 " * 6
    text = _unwrap(["\n".join([table_row, "表格下一行", *body, "完"])])
    assert text.split("\n")[:2] == [table_row.rstrip(), "表格下一行"]


def test_latin_words_broken_at_the_margin_keep_their_space():
    lines = ["a" * 39 + "b"] * 9
    assert _unwrap(["\n".join([*lines, "word"])]) == " ".join([*lines, "word"])


def test_scanned_pdf_is_refused_with_what_to_do():
    with pytest.raises(NoTextLayer) as exc:
        src(make_scanned_pdf(), "scan.pdf")
    assert exc.value.kind == "scanned_pdf"
    assert exc.value.message.startswith("scanned PDF with no text layer")
    assert "run OCR" in exc.value.message


def encrypted_pdf(encrypt) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=encrypt)
    pdf.drawString(50, 800, "Notice 2024")
    pdf.save()
    return buffer.getvalue()


def test_pdf_that_only_forbids_copying_is_read():
    from reportlab.lib.pdfencrypt import StandardEncryption

    locked = StandardEncryption("", ownerPassword="owner", canCopy=0)
    assert src(encrypted_pdf(locked), "locked.pdf").text == "Notice 2024"


def test_pdf_with_a_password_is_refused():
    with pytest.raises(DamagedFile, match="protected by a password"):
        src(encrypted_pdf("secret"), "locked.pdf")


def test_damaged_pdf():
    with pytest.raises(DamagedFile, match="damaged PDF"):
        src(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "broken.pdf")


# --- formats refused ----------------------------------------------------------


def zipped(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "start", "advice"),
    [
        (make_doc(), ".doc or .wps (Word 97-2003 format)", "save it as .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "legacy Office file",
         "save the notice as .docx, PDF or text"),
        (b"{\\rtf1\\ansi ...}", "RTF document", "save it as .docx"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image", "run OCR"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image", "run OCR"),
        (b"II*\x00\x08\x00\x00\x00", "TIFF image", "run OCR"),
        (zipped("[Content_Types].xml", "xl/workbook.xml"), "Excel workbook", "save the notice"),
        (zipped("OFD.xml", "Doc_0/Document.xml"), "OFD document", "export it as PDF"),
        (zipped("notice.txt"), "ZIP archive", "unpack it"),
    ],
)
def test_unsupported_formats_are_named_with_what_to_do(data, start, advice):
    # The bytes decide, not the name.
    with pytest.raises(UnsupportedFormat) as exc:
        src(data, "download.txt")
    assert exc.value.kind == "unsupported_format"
    assert exc.value.message.startswith(start)
    assert advice in exc.value.message
    assert exc.value.path == "download.txt"


def test_password_protected_docx_is_named():
    # Word stores an encrypted .docx in an OLE file, as a stream named EncryptedPackage.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(DamagedFile, match="protected by a password"):
        src(data, "locked.docx")


def test_damaged_zip_is_named():
    with pytest.raises(DamagedFile, match="damaged ZIP file"):
        src(b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "notice.docx")


# --- a downloaded folder, end to end ---------------------------------------------


def test_a_folder_of_attachments_gives_a_record_or_an_error_for_every_file(
        tmp_path, sample_text, sample_pdf):
    folder = tmp_path / "downloads"
    folder.mkdir()
    paras = paragraphs(sample_text)
    (folder / "a-text.txt").write_text(sample_text, encoding="utf-8")
    (folder / "b-page.html").write_text(
        "<html><body><div class='content'>" + "".join(f"<p>{p}</p>" for p in paras)
        + "</div></body></html>", encoding="utf-8")
    (folder / "c-word.docx").write_bytes(make_docx(paras))
    (folder / "d-print.pdf").write_bytes(sample_pdf)
    (folder / "e-scan.pdf").write_bytes(make_scanned_pdf())
    (folder / "f-old.doc").write_bytes(make_doc())
    # Gold labels and pictures beside the notices are not inputs, but are counted.
    (folder / "a-text.gold.json").write_text("{}", encoding="utf-8")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    out = tmp_path / "out"

    result = CliRunner().invoke(cli, ["run", str(folder), "--out", str(out)])

    assert result.exit_code == 1, result.output
    records = [json.loads(line) for line in (out / "notices.jsonl").read_text("utf-8").splitlines()]
    assert [r["doc_id"] for r in records] == ["a-text", "b-page", "c-word", "d-print"]
    assert [len(r["problems"]) for r in records] == [14, 14, 14, 14]
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    assert [(e["path"].rsplit("/", 1)[-1], e["kind"]) for e in errors] == [
        ("e-scan.pdf", "scanned_pdf"), ("f-old.doc", "unsupported_format")]
    assert "run OCR" in errors[0]["message"]
    assert "save it as .docx" in errors[1]["message"]
    # Every input is counted: 4 records + 2 failures = the 6 notice files.
    assert "4 documents" in result.output
    assert "2 failed (scanned_pdf 1, unsupported_format 1)" in result.output
    assert "2 other files left alone (not a notice format: .json 1, .png 1)" in result.output
