"""Decode: the bytes of a text file -> text, by trying encodings rather than trusting
the file name (UTF-8, GB18030, Big5, UTF-16), with ``\\n`` line endings and no BOM."""

from __future__ import annotations

import codecs
import functools

from pipeline.errors import UndecodableInput


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
