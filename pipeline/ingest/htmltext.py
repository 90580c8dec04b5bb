"""HTML text: a web page -> its visible main text, one block element per line, without
the page's chrome (navigation, share bars, footers …)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)
_BODY_TAG = re.compile(r"<body[\s>]", re.I)


def looks_like_html(text: str) -> bool:
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
    r"[0-9０-９]{4}\s*[-/.年]\s*[0-9０-９]{1,2}\s*[-/.月]\s*[0-9０-９]{1,2}(?:\s*日)?"
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
