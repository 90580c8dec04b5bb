"""Ingest: turn input files (bytes) into the source text every later stage points into.

The decoded text is the reference for every ``span`` in the output, so nothing here
rewrites a plain-text notice beyond decoding it, dropping a BOM and unifying line
endings (see :mod:`pipeline.ingest.decode`). HTML pages are reduced to their visible main text
(see :mod:`pipeline.ingest.htmltext`); .docx and PDF files to their text (see :mod:`pipeline.ingest.formats`).
"""

from __future__ import annotations

import codecs
import glob
import hashlib
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable

from pipeline.ingest import formats
from pipeline.config import MAX_BYTES
from pipeline.ingest.decode import decode_bytes
from pipeline.errors import (
    BinaryInput,
    EmptyInput,
    InputError,
    InputTooLarge,
    UsageError,
)
from pipeline.ingest.htmltext import html_to_text, looks_like_html

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
                f"standard input is larger than the limit of {max_bytes} bytes (raise it with --max-bytes)",
                path=path
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
        text = formats.to_text(data, fmt, path=path)
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

    is_html = path.lower().endswith((".html", ".htm")) or looks_like_html(text)
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
    return f"the input is {size} bytes, larger than the limit of {limit} bytes (raise it with --max-bytes)"


# ---------------------------------------------------------------------------
# Binary detection

# Control characters that a text notice never has (tabs, line breaks and form feeds
# it may).
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.05


def _control_share(text: str) -> float:
    # A regex count is far faster than str.translate on CJK text, where matches are rare.
    return len(_CONTROL_CHARS.findall(text)) / len(text)
