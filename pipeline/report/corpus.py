"""Report, the corpus page: the picture of a whole run before its notices.

Problems and measures per notice, the share of each measure status, the summary figures
added up across the corpus, and the coverage and outline-confidence distributions with
the weakest notices first. Charts are inline SVG drawn here (the page loads nothing);
every bar links to the list of the notices behind it, and each list links to the notices.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from html import escape

from pipeline.report.notice import STATUS_TEXT, all_measures, percent

# How many of the weakest notices the coverage and confidence lists show.
WEAKEST = 10
# Count histograms get at most this many bars; wider ranges are binned.
MAX_BARS = 25
_CHART_WIDTH, _CHART_HEIGHT, _AXIS = 560, 150, 34


@dataclass(frozen=True)
class Facts:
    """What the corpus page needs of one notice.

    Attributes:
        doc_id: the notice's id.
        problems, measures: how many (measures include the organisation's).
        statuses: measures per status.
        coverage: ``provenance.coverage``, ``None`` when not measured.
        confidence: ``provenance.outline_confidence``, ``None`` when the record has none
            (records written before it existed).
        stats: the summary figures as ``(kind, unit, value)``.
        link: where the notice's review is (``#n3``, ``notices/3.html``); set by
            :func:`render_corpus`.
    """

    doc_id: str
    problems: int
    measures: int
    statuses: dict[str, int]
    coverage: float | None
    confidence: float | None
    stats: tuple[tuple[str, str, float], ...]
    link: str = ""


def notice_facts(notice: dict) -> Facts:
    """The :class:`Facts` of one record of ``notices.jsonl``.

    Args:
        notice: the record.

    Returns:
        The facts.
    """
    provenance = notice.get("provenance") or {}
    measures = all_measures(notice)
    statuses = {status: 0 for status in STATUS_TEXT}
    for measure in measures:
        statuses[measure.get("status")] = statuses.get(measure.get("status"), 0) + 1
    stats = tuple((str(s.get("kind")), s.get("unit") or "", float(s.get("value")))
                  for s in notice.get("summary") or [] if isinstance(s.get("value"), (int, float)))
    return Facts(
        doc_id=notice.get("doc_id") or "?",
        problems=len(notice.get("problems") or []),
        measures=len(measures),
        statuses=statuses,
        coverage=_share(provenance.get("coverage")),
        confidence=_share(provenance.get("outline_confidence")),
        stats=stats,
    )


def render_corpus(facts: list[Facts], failures: int, links: list[str]) -> str:
    """The corpus section: totals, charts, and the notices behind each chart.

    Args:
        facts: one per notice, in file order.
        failures: how many inputs failed (they have no record).
        links: where each notice's review is, parallel to ``facts``.

    Returns:
        An HTML ``<section id="corpus">``.
    """
    facts = [replace(f, link=link) for f, link in zip(facts, links, strict=True)]
    problems = sum(f.problems for f in facts)
    measures = sum(f.measures for f in facts)
    head = (f'<section id="corpus"><h1>Corpus</h1><p class="totals">{len(facts)} notices, '
            f"{problems} problems, {measures} measures; {failures} failed inputs. "
            'Click a bar for the notices behind it; <a href="#index">the table of notices</a> '
            "is below.</p>")
    if not facts:
        return head + "</section>"
    parts = [
        _chart("c-problems", "Problems per notice", _count_bins(facts, lambda f: f.problems),
               "problems"),
        _chart("c-measures", "Measures per notice", _count_bins(facts, lambda f: f.measures),
               "measures"),
        _statuses(facts),
        _totals(facts),
        _distribution("c-coverage", "Coverage", "coverage", facts, lambda f: f.coverage,
                      "Coverage is not measured in these records"),
        _distribution("c-confidence", "Outline confidence", "outline confidence", facts,
                      lambda f: f.confidence,
                      "These records carry no outline confidence (runs before it was recorded)"),
    ]
    return head + '<div class="charts">' + "".join(parts) + "</div></section>"


Bin = tuple[str, list[Facts]]  # (label, the notices in it)


def _count_bins(facts: list[Facts], count: Callable[[Facts], int]) -> list[Bin]:
    """One bin per value from 0 to the largest, or ranges of equal width beyond MAX_BARS."""
    top = max(count(f) for f in facts)
    width = math.ceil((top + 1) / MAX_BARS)
    bins: list[Bin] = []
    for low in range(0, top + 1, width):
        high = low + width - 1
        label = str(low) if width == 1 else f"{low}–{high}"
        bins.append((label, [f for f in facts if low <= count(f) <= high]))
    return bins


def _share_bins(facts: list[Facts], share: Callable[[Facts], float]) -> list[Bin]:
    """Ten bins of 10 points; 100% goes in the last."""
    bins: list[Bin] = [(f"{10 * k}–{10 * k + 10}%", []) for k in range(10)]
    for f in facts:
        bins[min(int(share(f) * 10), 9)][1].append(f)
    return bins


def _chart(id_: str, title: str, bins: list[Bin], unit: str, after: str = "") -> str:
    """A bar chart of notice counts per bin, each bar linking to its list of notices;
    ``after`` is HTML put below the lists."""
    most = max(len(notices) for _, notices in bins) or 1
    slot = _CHART_WIDTH / len(bins)
    bars = []
    for k, (label, notices) in enumerate(bins):
        x = k * slot
        height = (_CHART_HEIGHT - 14) * len(notices) / most
        y = _CHART_HEIGHT - height
        tip = f"{label} {unit}: {_notices(len(notices))}"
        bar = (f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{max(slot - 2, 1):.1f}" '
               f'height="{height:.1f}"><title>{escape(tip)}</title></rect>')
        if notices:
            bar = f'<a href="#{id_}-{k}">{bar}<text x="{x + slot / 2:.1f}" y="{y - 3:.1f}">' \
                  f"{len(notices)}</text></a>"
        bars.append(bar)
        # Labels under every bar while they fit, else under every few.
        if k % max(1, math.ceil(len(bins) / 12)) == 0:
            bars.append(f'<text class="axis" x="{x + slot / 2:.1f}" y="{_CHART_HEIGHT + 14}">'
                        f"{escape(label)}</text>")
    svg = (f'<svg class="chart" viewBox="0 0 {_CHART_WIDTH} {_CHART_HEIGHT + _AXIS}" '
           f'role="img" aria-label="{escape(title)}">{"".join(bars)}'
           f'<text class="axis" x="{_CHART_WIDTH / 2}" y="{_CHART_HEIGHT + 30}">'
           f"{escape(unit)} (bars: notices)</text></svg>")
    lists = "".join(_behind(f"{id_}-{k}", escape(f"{label} {unit}"), notices)
                    for k, (label, notices) in enumerate(bins) if notices)
    return f'<figure id="{id_}"><figcaption>{escape(title)}</figcaption>{svg}{lists}{after}</figure>'


def _statuses(facts: list[Facts]) -> str:
    """One bar split by measure status; each part links to the notices with such measures."""
    totals = {status: sum(f.statuses.get(status, 0) for f in facts) for status in STATUS_TEXT}
    total = sum(totals.values())
    if not total:
        return '<figure id="c-status"><figcaption>Measure status</figcaption><p>No measures.</p></figure>'
    parts, lists, x = [], [], 0.0
    for status, count in totals.items():
        if not count:
            continue
        width = _CHART_WIDTH * count / total
        share = f"{STATUS_TEXT[status]}: {count} ({count / total:.0%})"
        id_ = f"c-status-{status}"
        parts.append(f'<a href="#{id_}"><rect class="st-{status}" x="{x:.1f}" y="0" '
                     f'width="{width:.1f}" height="28"><title>{escape(share)}</title></rect></a>')
        x += width
        holders = sorted((f for f in facts if f.statuses.get(status)),
                         key=lambda f: -f.statuses[status])
        lists.append(_behind(id_, f'<span class="pill st-{status}">{escape(share)}</span>', holders,
                             lambda f, s=status: f"{f.statuses[s]}"))
    svg = (f'<svg class="chart" viewBox="0 0 {_CHART_WIDTH} 28" role="img" '
           f'aria-label="Measure status">{"".join(parts)}</svg>')
    return (f'<figure id="c-status"><figcaption>Measure status ({total} measures)</figcaption>'
            f'{svg}{"".join(lists)}</figure>')


def _totals(facts: list[Facts]) -> str:
    """The summary figures added up by kind and unit (averaged for percentages), each
    with its notices, largest first."""
    groups: dict[tuple[str, str], list[tuple[Facts, float]]] = {}
    for f in facts:
        for kind, unit, value in f.stats:
            groups.setdefault((kind, unit), []).append((f, value))
    if not groups:
        return ('<figure id="c-totals"><figcaption>Summary totals</figcaption>'
                "<p>No summary figures in these records.</p></figure>")
    rows = []
    for k, ((kind, unit), found) in enumerate(sorted(groups.items())):
        values: dict[str, float] = {}
        for f, value in found:
            values[f.doc_id] = values.get(f.doc_id, 0.0) + value
        holders = sorted({f.doc_id: f for f, _ in found}.values(), key=lambda f: -values[f.doc_id])
        # Rates do not add up: a corpus's completion rate is their mean.
        total = (f"mean {_number(sum(v for _, v in found) / len(found))}" if unit == "%"
                 else _number(sum(v for _, v in found)))
        behind = _behind(f"c-totals-{k}", "", holders,
                         lambda f: f"{_number(values[f.doc_id])}{unit}")
        rows.append(f"<tr><td>{escape(kind)}</td><td>{escape(unit)}</td>"
                    f'<td class="num">{escape(total)}</td><td class="num">{len(found)}</td>'
                    f"<td>{behind}</td></tr>")
    return ('<figure id="c-totals"><figcaption>Summary totals across the corpus (by kind and unit)'
            '</figcaption><table class="totals"><thead><tr><th>kind</th><th>unit</th><th>total</th>'
            "<th>figures</th><th>notices</th></tr></thead>"
            f'<tbody>{"".join(rows)}</tbody></table></figure>')


def _distribution(id_: str, title: str, name: str, facts: list[Facts],
                  share: Callable[[Facts], float | None], absent: str) -> str:
    """A share's histogram in 10-point bins, then the weakest notices, lowest first."""
    measured = [f for f in facts if share(f) is not None]
    if not measured:
        return f'<figure id="{id_}"><figcaption>{escape(title)}</figcaption><p>{escape(absent)}.</p></figure>'
    weakest = sorted(measured, key=lambda f: (share(f), f.doc_id))[:WEAKEST]
    rows = "".join(f'<tr><td><a href="{escape(f.link)}">{escape(f.doc_id)}</a></td>'
                   f'<td class="num">{percent(share(f))}</td><td class="num">{f.problems}</td>'
                   f'<td class="num">{f.measures}</td></tr>' for f in weakest)
    table = (f'<table class="weakest"><caption>Weakest {len(weakest)} by {escape(name)}</caption>'
             f"<thead><tr><th>doc_id</th><th>{escape(name)}</th><th>problems</th><th>measures</th>"
             f"</tr></thead><tbody>{rows}</tbody></table>")
    return _chart(id_, f"{title} ({len(measured)} of {len(facts)} notices)",
                  _share_bins(measured, share), name, after=table)


def _behind(id_: str, heading: str, notices: list[Facts],
            note: Callable[[Facts], str] | None = None) -> str:
    """The notices behind a bar or a row: a folded list of links, the bar's target.

    Args:
        id_: the list's id.
        heading: HTML put before the count in the list's summary line.
        notices: the notices, in the order listed.
        note: a short text after each link (its count or value).

    Returns:
        A ``<details>`` element.
    """
    items = "".join(f'<li><a href="{escape(f.link)}">{escape(f.doc_id)}</a>'
                    f'{f" <small>{escape(note(f))}</small>" if note else ""}</li>' for f in notices)
    return (f'<details class="behind" id="{id_}"><summary>{heading}{": " if heading else ""}'
            f"{_notices(len(notices))}</summary><ul>{items}</ul></details>")


def _notices(count: int) -> str:
    return f"{count} notice" if count == 1 else f"{count} notices"


def _share(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and 0 <= value <= 1 else None


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
