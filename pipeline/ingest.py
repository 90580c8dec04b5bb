"""Ingest: turn input files (bytes) into the source text every later stage points into.

The decoded text is the reference for every ``span`` in the output, so nothing here
rewrites a plain-text notice beyond decoding it, dropping a BOM and unifying line
endings. HTML pages are reduced to their visible main text (see :func:`html_to_text`);
.docx and PDF files to their text (see :mod:`pipeline.formats`).
"""

from __future__ import annotations

import codecs
import functools
import glob
import hashlib
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from pipeline import formats
from pipeline.config import MAX_BYTES
from pipeline.errors import (
    BinaryInput,
    EmptyInput,
    InputError,
    InputTooLarge,
    UndecodableInput,
    UsageError,
)

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
# What a folder is searched for: every format read, and the document formats refused
# with advice (so an attachment saved as .doc is reported, not passed over).
SUFFIXES = TEXT_SUFFIXES + formats.READ_SUFFIXES + formats.REFUSED_SUFFIXES


@dataclass(frozen=True)
class Source:
    """One input, decoded.

    Attributes:
        doc_id: the input file's stem (``lianyungang-gxq-2024``); ``stdin`` for ``-``.
        path: the path as given; ``-`` for standard input.
        text: the decoded text; every span in the output points into it.
        encoding: what decoding succeeded with: ``utf-8``, ``utf-8-sig``, ``gb18030``,
            ``big5`` or ``utf-16``; None for .docx and PDF, whose text is extracted.
        format: ``text``, ``html``, ``docx`` or ``pdf``.
        sha256: hex sha256 of ``text.encode("utf-8")``.
    """

    doc_id: str
    path: str
    text: str
    encoding: str | None
    format: str
    sha256: str


# ---------------------------------------------------------------------------
# Finding inputs


def expand_inputs(args: Iterable[str], left_alone: Counter | None = None) -> list[str]:
    """Turn command-line arguments into the list of input paths to read.

    Files are taken as given, whatever their suffix. Directories are searched
    recursively for files with one of :data:`SUFFIXES`, skipping hidden files and
    directories. Arguments containing ``*``, ``?`` or ``[`` are glob patterns (``**``
    crosses directories); a directory they match is searched like a directory
    argument. ``-`` (standard input) is kept as ``-``.

    Args:
        args: paths, directories, glob patterns or ``-``.
        left_alone: when given, counts by suffix (``.json``) the visible files of the
            searched directories that are not inputs, so a run can say what it passed over.

    Returns:
        The paths in argument order, each directory's files sorted, without
        duplicates (the first occurrence wins).

    Raises:
        UsageError: an argument names nothing that exists and matches no file.
    """
    found: list[str] = []
    for arg in args:
        if arg == "-" or os.path.isfile(arg):
            found.append(arg)
        elif os.path.isdir(arg):
            found.extend(_files_under(arg, left_alone))
        elif any(ch in arg for ch in "*?["):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                raise UsageError("no file matches this pattern", path=arg)
            for match in matches:
                found.extend(_files_under(match, left_alone) if os.path.isdir(match) else [match])
        else:
            raise UsageError("no such file or directory", path=arg)

    seen: set[str] = set()
    unique = []
    for path in found:
        key = os.path.normpath(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _files_under(top: str, left_alone: Counter | None) -> list[str]:
    """The files with a known suffix below ``top``, sorted, hidden ones skipped."""
    paths = []
    for dirpath, dirnames, filenames in os.walk(top):
        # Pruning in place keeps os.walk out of .git and similar directories.
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith("."):
                continue
            if name.lower().endswith(SUFFIXES):
                paths.append(Path(dirpath, name))
            elif left_alone is not None:
                left_alone[Path(name).suffix.lower() or "(no suffix)"] += 1
    return [str(path) for path in sorted(paths)]


# ---------------------------------------------------------------------------
# Reading


def read_source(
    path: str, *, stdin: BinaryIO | None = None, max_bytes: int = MAX_BYTES
) -> Source:
    """Read one input and decode it.

    Args:
        path: a file path, or ``-`` for standard input.
        stdin: the binary stream to read for ``-``; defaults to ``sys.stdin.buffer``.
        max_bytes: inputs larger than this are refused.

    Returns:
        The decoded :class:`Source`.

    Raises:
        UsageError: the file does not exist or is a directory.
        InputError: the file cannot be read (permissions, I/O error).
        InputTooLarge: the input is larger than ``max_bytes``.
        EmptyInput, BinaryInput, UndecodableInput: see :func:`source_from_bytes`.
    """
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputTooLarge(
                f"standard input is larger than the limit of {max_bytes} bytes", path=path
            )
        return source_from_bytes(data, path=path, doc_id="stdin", max_bytes=max_bytes)

    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > max_bytes:
                raise InputTooLarge(_too_large(size, max_bytes), path=path)
            # One byte more than its size, so a file that grew past the limit since fstat
            # is still caught (read(n) allocates n bytes up front: don't ask for the limit).
            data = f.read(size + 1)
            if len(data) > max_bytes:
                raise InputTooLarge(_too_large(len(data), max_bytes), path=path)
    except FileNotFoundError:
        raise UsageError("no such file", path=path) from None
    except IsADirectoryError:
        raise UsageError("is a directory, not a file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", path=path) from None
    return source_from_bytes(data, path=path, doc_id=Path(path).stem, max_bytes=max_bytes)


def source_from_bytes(
    data: bytes, *, path: str, doc_id: str, max_bytes: int = MAX_BYTES
) -> Source:
    """Decode an input held in memory.

    Args:
        data: the raw bytes.
        path: where they came from (for messages and the HTML suffix check).
        doc_id: the document id to record.
        max_bytes: inputs larger than this are refused.

    Returns:
        The decoded :class:`Source`; HTML is reduced to its visible main text, .docx and
        PDF files (told by their bytes, not their names) to their text.

    Raises:
        InputTooLarge: ``data`` is larger than ``max_bytes``.
        EmptyInput: no bytes, only whitespace, or an HTML page without visible text.
        UnsupportedFormat: a known format without readable text (.doc, images, a
            scanned PDF …), named in the message with what to do.
        DamagedFile: a .docx or PDF that cannot be parsed.
        BinaryInput: NUL bytes or many control characters.
        UndecodableInput: see :func:`decode_bytes`.
    """
    if len(data) > max_bytes:
        raise InputTooLarge(_too_large(len(data), max_bytes), path=path)
    if not data:
        raise EmptyInput("the file is empty", path=path)
    fmt = formats.sniff(data, path=path)
    if fmt is not None:
        text = formats.extract(data, fmt, path=path)
        return Source(doc_id=doc_id, path=path, text=text, encoding=None, format=fmt,
                      sha256=_sha256(text))

    # UTF-16 text is full of NUL bytes; its BOM is what tells it apart.
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise BinaryInput("binary data (NUL bytes): convert it to text first", path=path)
    text, encoding = decode_bytes(data, path=path)
    if not text.strip():
        raise EmptyInput("the file holds only whitespace", path=path)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise BinaryInput(
            "binary data (many control characters): convert it to text first", path=path
        )

    is_html = path.lower().endswith((".html", ".htm")) or _looks_like_html(text)
    if is_html:
        text = html_to_text(text)
        if not text:
            raise EmptyInput("the HTML page has no visible text", path=path)
    return Source(
        doc_id=doc_id,
        path=path,
        text=text,
        encoding=encoding,
        format="html" if is_html else "text",
        sha256=_sha256(text),
    )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _too_large(size: int, limit: int) -> str:
    return f"the input is {size} bytes, larger than the limit of {limit} bytes"


# ---------------------------------------------------------------------------
# Binary detection

# Control characters that a text notice never has (tabs, line breaks and form feeds
# it may).
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.05


def _control_share(text: str) -> float:
    # A regex count is far faster than str.translate on CJK text, where matches are rare.
    return len(_CONTROL_CHARS.findall(text)) / len(text)


# ---------------------------------------------------------------------------
# Decoding


def decode_bytes(data: bytes, *, path: str | None = None) -> tuple[str, str]:
    """Decode bytes by trying encodings, not by trusting the file name.

    A BOM decides first (UTF-8, UTF-16 LE/BE); then strict UTF-8; then GB18030 and
    Big5. Most Big5 byte strings are also valid GB18030 (and some GB18030 ones valid
    Big5), so when both succeed the more plausible text wins (see :func:`_plausibility`);
    a tie goes to GB18030, the usual encoding of mainland pages.

    The text gets ``\\n`` line endings and loses a leading BOM; nothing else changes.

    Args:
        data: the raw bytes.
        path: the input's path, for error messages.

    Returns:
        ``(text, encoding)`` where encoding is one of ``utf-8``, ``utf-8-sig``,
        ``gb18030``, ``big5``, ``utf-16``.

    Raises:
        UndecodableInput: no encoding gives text that looks like Chinese or ASCII.
    """
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = None

    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise UndecodableInput(
                f"starts with a {encoding} BOM but is not valid {encoding} "
                f"(byte {exc.start})",
                path=path,
            ) from None
    else:
        text, encoding = _decode_without_bom(data, path)
    return _normalise_newlines(text.removeprefix("\ufeff")), encoding


# Real notices score close to 1.0, random bytes that happen to be valid GB18030 about
# 0.3-0.45: below this the bytes are not text in any encoding we know.
_MIN_PLAUSIBILITY = 0.5


def _decode_without_bom(data: bytes, path: str | None) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start

    candidates = []
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text), text, encoding))
    # max() keeps the first of equal scores, so GB18030 wins ties.
    best = max(candidates, key=lambda c: c[0], default=None)
    if best is None or best[0] < _MIN_PLAUSIBILITY:
        raise UndecodableInput(
            f"not UTF-8 (invalid byte at {utf8_error}), and not plausible GB18030 "
            "or Big5 text",
            path=path,
        )
    return best[1], best[2]


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


_PUNCTUATION_RANGES = (
    (0x2010, 0x2027),  # dashes, curly quotes, bullet, ellipsis
    (0x2160, 0x217F),  # Roman numerals Ⅰ Ⅱ
    (0x2460, 0x24FF),  # ① ⑴ ⒈
    (0x3000, 0x303F),  # 、。《》「」【】
    (0xFF01, 0xFF5E),  # fullwidth ，：；（）
)


def _plausibility(text: str) -> float:
    """Share of non-space characters a Chinese notice is made of.

    Counted are ASCII, CJK punctuation and common hanzi. A wrong choice between
    GB18030 and Big5 still yields valid characters, but mostly rare ones, kana,
    bopomofo or private-use characters, so the right decoding scores much higher.
    """
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 1.0
    common = _common_hanzi()
    good = 0
    for c in chars:
        code = ord(c)
        if (
            0x21 <= code <= 0x7E
            or c in common
            or c in "·×÷℃‰"
            or any(lo <= code <= hi for lo, hi in _PUNCTUATION_RANGES)
        ):
            good += 1
    return good / len(chars)


@functools.cache
def _common_hanzi() -> frozenset[str]:
    """The common simplified and traditional hanzi, read off the codecs themselves.

    GB2312 level 1 (rows B0-D7) holds the 3755 most used simplified characters and
    Big5 level 1 (A440-C67E) the 5401 most used traditional ones, so no word list has
    to be shipped.
    """
    chars = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            chars.update(bytes([lead, trail]).decode("gb2312", "ignore"))
    for lead in range(0xA4, 0xC7):
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            chars.update(bytes([lead, trail]).decode("big5", "ignore"))
    return frozenset(chars)


# ---------------------------------------------------------------------------
# HTML

_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)
_BODY_TAG = re.compile(r"<body[\s>]", re.I)


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text) or _BODY_TAG.search(text))


_VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
_INVISIBLE_TAGS = frozenset(
    "script style noscript template head svg iframe object select button textarea".split()
)
_BLOCK_TAGS = frozenset(
    """address article aside blockquote body br caption center dd div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre
    section table tr ul""".split()
)
_CELL_TAGS = frozenset(("td", "th"))
_CHROME_TAGS = frozenset(("nav", "header", "footer", "aside"))
_CHROME_NAMES = (
    "breadcrumb crumb nav menu footer header share print toolbar sidebar copyright "
    "pagination position location"
).split()
_CONTENT_TAGS = frozenset(("article", "main"))
_CONTENT_NAMES = ("content", "article", "trs_editor", "zoom", "detail", "main")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# Lines that are page furniture whatever element they sit in. Leading brackets are
# ignored: 【打印本页】, （责任编辑：…）.
_CHROME_LINE = re.compile(
    r"[【\[（(\s]*(?:信息索引号|索引号|分享到|浏览量|浏览次数|阅读次数|访问量|点击数|点击量"
    r"|打印本页|关闭窗口|字体\s*[:：]|字号|当前位置|您的位置|您现在的位置|首页\s*[>＞»›]"
    r"|上一篇|下一篇|扫一扫|责任编辑)"
)
# Words that also start real sentences, so they mark chrome only on short lines.
_SHORT_CHROME_LINE = re.compile(r"[【\[（(\s]*(?:分享|朗读|打印|关闭|来源\s*[:：])")
_SHORT_LINE = 40
# A labelled page date (used to fill published_on); 更新日期 and the like are not one.
_DATE_LABEL = re.compile(
    r"(?<![\u4e00-\u9fff])(?:成文日期|发布日期|发布时间|日期)\s*[:：]\s*"
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}(?:\s*日)?"
)
# How much of its largest enclosing candidate a nested container must hold to be
# preferred (layout wrappers such as <div class="main"> also hold sidebars).
_NESTED_SHARE = 0.6
# A container holding less than this share of the page's text is probably a teaser
# box, and the notice sits somewhere unmarked: fall back to the whole body.
_CONTAINER_MIN_SHARE = 0.5
# A line break in the markup between two CJK characters is dropped rather than turned
# into a space, as CSS Text 3 prescribes for East Asian wide characters.
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff01-\uff60"
_CJK_SEGMENT_BREAK = re.compile(rf"(?<=[{_WIDE}])[^\S\n]*\n\s*(?=[{_WIDE}])")
_WHITESPACE = re.compile(r"\s+")
_TITLE_SUFFIX = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s)")


@dataclass(eq=False)
class _Element:
    tag: str
    attrs: dict[str, str]
    parent: _Element | None
    children: list[_Element | str]


# Start tags that end open elements the way browsers do, so that an unclosed <p> or
# <li> does not swallow the rest of the page: tag -> (what it closes, where the
# search stops).
_P_END = (frozenset(("p",)), frozenset(("table", "td", "th", "button", "body", "html")))
_IMPLIED_END = {
    **dict.fromkeys(
        """address article aside blockquote div dl fieldset figure footer form h1 h2 h3
        h4 h5 h6 header hr main nav ol p pre section table ul""".split(),
        _P_END,
    ),
    "li": (frozenset(("li",)), frozenset(("ul", "ol"))),
    "tr": (frozenset(("tr",)), frozenset(("table",))),
    "td": (frozenset(("td", "th")), frozenset(("tr", "table"))),
    "th": (frozenset(("td", "th")), frozenset(("tr", "table"))),
}


class _TreeBuilder(HTMLParser):
    """Builds a loose element tree; real pages are too often malformed for anything strict."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#root", {}, None, [])
        self._stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _IMPLIED_END:
            closes, stops = _IMPLIED_END[tag]
            self._close(closes, stops)
        parent = self._stack[-1]
        element = _Element(tag, {k: v or "" for k, v in attrs}, parent, [])
        parent.children.append(element)
        if tag not in _VOID_TAGS:
            self._stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        # A stray end tag (nothing of that name open) is ignored.
        self._close(frozenset((tag,)), frozenset())

    def handle_data(self, data: str) -> None:
        self._stack[-1].children.append(data)

    def _close(self, tags: frozenset[str], stops: frozenset[str]) -> None:
        """Close the innermost open element named in ``tags`` and all open inside it."""
        for i in range(len(self._stack) - 1, 0, -1):
            tag = self._stack[i].tag
            if tag in tags:
                del self._stack[i:]
                return
            if tag in stops:
                return


def html_to_text(html: str) -> str:
    """Reduce an HTML page to its visible main text, one block element per line.

    Invisible parts (script, style, head, hidden elements, …) are dropped, entities
    decoded, whitespace collapsed within lines, and page chrome (navigation,
    breadcrumbs, share/print bars, footers, view counters, 信息索引号 …) removed. When
    the page marks a main-content container (``article``, ``main``, or a class/id like
    ``TRS_Editor``, ``content``, ``zoom``, ``detail``) only it is kept, preceded by the
    page title (the h1 in or above it, else ``<title>``) and the labelled page dates
    (发布日期, 发布时间, 成文日期, 日期) found anywhere on the page.

    Args:
        html: the page's markup.

    Returns:
        The text, lines joined by ``\\n``; empty when the page shows nothing.
    """
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    root = builder.root
    body = _find(root, "body") or root

    container = _find_container(body)
    content = _lines(container or body, _skip_chrome)

    head = []
    title = _title(root, body, container)
    if title and title not in content:
        head.append(title)
    for page_line in _lines(body, _skip_invisible):
        for match in _DATE_LABEL.finditer(page_line):
            date = match.group()
            if date not in head and not any(date in line for line in content):
                head.append(date)
    return "\n".join(head + content)


def _skip_invisible(el: _Element) -> bool:
    return (
        el.tag in _INVISIBLE_TAGS
        or "hidden" in el.attrs
        or el.attrs.get("aria-hidden", "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(el.attrs.get("style", "")))
    )


def _names(el: _Element) -> str:
    return f"{el.attrs.get('class', '')} {el.attrs.get('id', '')}".lower()


def _is_chrome(el: _Element) -> bool:
    return el.tag in _CHROME_TAGS or any(word in _names(el) for word in _CHROME_NAMES)


def _skip_chrome(el: _Element) -> bool:
    return _skip_invisible(el) or _is_chrome(el)


def _is_content(el: _Element) -> bool:
    return el.tag in _CONTENT_TAGS or any(word in _names(el) for word in _CONTENT_NAMES)


# Walks are iterative: pages with thousands of unclosed inline tags nest that deep.


def _walk(
    el: _Element, skip: Callable[[_Element], bool], tag: str | None = None
) -> Iterator[_Element]:
    """Descendants of ``el`` in document order, skipped subtrees left out.

    Only elements named ``tag`` are yielded when it is given.
    """
    stack = list(reversed(el.children))
    while stack:
        node = stack.pop()
        if isinstance(node, _Element) and not skip(node):
            if tag is None or node.tag == tag:
                yield node
            stack.extend(reversed(node.children))


def _find(el: _Element, tag: str) -> _Element | None:
    """The first element named ``tag`` under ``el``, visible or not."""
    return next(_walk(el, lambda _: False, tag), None)


_ITEM_NUMBER = " item-number"  # not a valid attribute name, so no page can set it


def _number_items(ol: _Element) -> None:
    """Give each ``<li>`` of an ``<ol>`` the number the browser shows (``1.``, ``2.``)."""
    try:
        number = int(ol.attrs.get("start", "1"))
    except ValueError:
        number = 1
    for child in ol.children:
        if isinstance(child, _Element) and child.tag == "li":
            child.attrs[_ITEM_NUMBER] = f"{number}."
            number += 1


def _lines(el: _Element, skip: Callable[[_Element], bool]) -> list[str]:
    """The visible lines under ``el``, chrome lines dropped."""
    parts: list[str] = []
    # Items are text to emit or elements to open; an element's closing separator is
    # pushed as text behind its children.
    stack: list[_Element | str] = list(reversed(el.children))
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            # Line breaks inside text are only whitespace; block elements make lines.
            parts.append(_WHITESPACE.sub(" ", _CJK_SEGMENT_BREAK.sub("", node)))
        elif not skip(node):
            # Table cells are kept apart by a tab, so a table's columns stay readable.
            separator = "\n" if node.tag in _BLOCK_TAGS else "\t" if node.tag in _CELL_TAGS else ""
            parts.append(separator)
            if node.tag == "ol":
                _number_items(node)
            # A reader sees an ordered list's numbers, and they tell the items apart.
            parts.append(node.attrs.get(_ITEM_NUMBER, ""))
            stack.append(separator)
            stack.extend(reversed(node.children))

    lines = []
    for raw in "".join(parts).split("\n"):
        line = "\t".join(" ".join(cell.split()) for cell in raw.split("\t")).strip("\t ")
        if line and not _is_chrome_line(line):
            lines.append(line)
    return lines


def _is_chrome_line(line: str) -> bool:
    return bool(
        _CHROME_LINE.match(line)
        or (len(line) <= _SHORT_LINE and _SHORT_CHROME_LINE.match(line))
    )


def _find_container(body: _Element) -> _Element | None:
    """The element holding the page's main text, or None when none is marked."""
    elements = [body, *_walk(body, _skip_chrome)]
    # Visible non-chrome text length per element; children come before parents in
    # reversed document order.
    length: dict[int, int] = {}
    for el in reversed(elements):
        length[id(el)] = sum(
            len("".join(child.split())) if isinstance(child, str) else length.get(id(child), 0)
            for child in el.children
        )

    candidates = [el for el in elements[1:] if _is_content(el)]
    if not candidates:
        return None
    best = max(candidates, key=lambda el: length[id(el)])
    if length[id(best)] < _CONTAINER_MIN_SHARE * length[id(body)]:
        return None
    while True:
        inner = [
            el
            for el in candidates
            if _is_inside(el, best) and length[id(el)] >= _NESTED_SHARE * length[id(best)]
        ]
        if not inner:
            return best
        best = max(inner, key=lambda el: length[id(el)])


def _is_inside(el: _Element, ancestor: _Element) -> bool:
    while el.parent is not None:
        el = el.parent
        if el is ancestor:
            return True
    return False


def _title(root: _Element, body: _Element, container: _Element | None) -> str | None:
    """The page title: the h1 in or just above the content, else ``<title>``."""
    if container is None:
        h1 = next(_walk(body, _skip_chrome, "h1"), None)
    else:
        h1 = next(_walk(container, _skip_invisible, "h1"), None)
        if h1 is None:
            # The last h1 before the container; h1 logos inside headers are chrome.
            for el in _walk(body, _skip_chrome):
                if el is container:
                    break
                if el.tag == "h1":
                    h1 = el
    if h1 is not None:
        return " ".join(_lines(h1, _skip_invisible)) or None

    title = _find(root, "title")
    if title is None:
        return None
    text = " ".join("".join(c for c in title.children if isinstance(c, str)).split())
    # Government sites build <title> as "<notice title>_<site name>".
    return _TITLE_SUFFIX.split(text, maxsplit=1)[0] or None
