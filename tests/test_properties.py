"""Property tests: segmentation and the rules take any text, and every span slices its own words.

Texts are drawn from notice-shaped pieces (headings, 关于“X”问题 blocks, 一是/（一）/1./①
items, figures with units, 《》 titles, status cues), markers alone, nested and unbalanced
quotes, random Unicode, and from the sample with pieces cut out or pasted in; huge lines
are fixed cases. Examples are bounded so the file takes seconds: ``PIPELINE_HYPOTHESIS=ci`` runs fewer,
with a fixed seed; ``PIPELINE_HYPOTHESIS=hunt`` runs many, for looking for crashes by hand.
"""

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.assemble import notice_from_text
from pipeline.errors import NotANotice
from pipeline.records import Notice
from pipeline.rules.measures import documents, metrics, status
from pipeline.segment import segment

from .conftest import SAMPLE


SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")

MARKERS = ["一、", "二、", "三、", "（一）", "(二)", "（1）", "1.", "2．", "3、", "①", "②", "一是", "二是",
           "三是", "问题1：", "整改措施：", "整改情况：", "整改进展：", "巡察指出：", "# ", "- ", "|"]
QUOTES = ["《", "》", "“", "”", "‘", "’", "「", "」", '"', "'"]
CUES = ["已完成", "正在推进", "将", "计划", "尚未", "共8宗，已整改5宗", "完成时限", "下一步", "整改完毕"]
WORDS = ["巡察", "巡视", "整改", "关于", "问题", "的整改", "方面", "存在", "加强", "制度", "企业", "资金",
         "市委第一巡察组", "反馈", "通报", "联系电话：0518-81883333", "2024年3月5日", "〔2023〕12号"]
FIGURES = st.builds(lambda n, u: f"{n}{u}", st.one_of(st.integers(0, 10**9).map(str),
                                                       st.floats(0, 1e6, allow_nan=False).map(lambda f: f"{f:.2f}")),
                    st.sampled_from(["家", "个", "项", "人", "人次", "万元", "亿元", "%", "吨/天", "亩", "年", "月", "号"]))
PIECES = st.one_of(
    st.sampled_from(MARKERS + QUOTES + CUES + WORDS + ["\n", "\n\n", " ", "。", "，", "；", "："]),
    FIGURES,
    st.builds(lambda t: f"1.关于“{t}”问题的整改", st.text(max_size=12)),
    st.builds(lambda t: f"《{t}》", st.text(max_size=12)),
    st.text(max_size=20),
)
NOTICE_LIKE = st.lists(PIECES, max_size=120).map("".join)
ANY_TEXT = st.one_of(
    st.text(),
    NOTICE_LIKE,
    st.lists(st.sampled_from(MARKERS), max_size=200).map("".join),  # markers and nothing else
    st.lists(st.sampled_from(QUOTES + ["《“《》”》"]), max_size=200).map("".join),  # nesting, unbalanced
)
HEADING = "关于市委第一巡察组反馈意见整改情况的通报\n二、整改落实情况\n"


ORDINALS = "一二三四五六七八九十"
# No 联系电话 inside a measure: the first one starts the notice's closing contact block.
CLAUSE = st.lists(st.one_of(st.sampled_from([w for w in WORDS if "电话" not in w] + CUES
                                            + ["，", "、", "新增", "累计", "约", "超过"]),
                            FIGURES, FIGURES.map(lambda f: f[:1] + "余" + f[1:]),
                            st.builds(lambda t: f"《{t}》", st.text(min_size=1, max_size=8)),
                            st.text(max_size=6)),
                  min_size=1, max_size=12).map("".join)


TITLE = st.text(st.sampled_from("党委落实责任不到位资金监管有漏洞2024ABC"), min_size=2, max_size=10)


@st.composite
def structured_notice(draw) -> str:
    """A notice in a common layout: organisation measures, then problems with 一是… items."""
    sep = draw(st.sampled_from(["\n", " ", "\n\n"]))  # one-line web pages too
    parts = ["关于市委第一巡察组反馈意见整改情况的通报", "一、整改工作组织情况"]
    parts += [f"（{ORDINALS[i]}）{draw(CLAUSE)}。" for i in range(draw(st.integers(0, 3)))]
    parts.append("二、整改落实情况")
    for n in range(1, draw(st.integers(1, 4)) + 1):
        parts.append(f"{n}.关于“{draw(TITLE)}”问题的整改。")
        marker = draw(st.sampled_from(["{}是", "（{}）", "{}.", "①"]))
        for i in range(draw(st.integers(1, 4))):
            label = marker.format(ORDINALS[i] if "是" in marker or "（" in marker else i + 1)
            parts.append(f"{label}{draw(CLAUSE)}。")
    parts.append(f"三、下一步工作打算{draw(CLAUSE)}。联系电话：0518-81883333。")
    return sep.join(parts)


@st.composite
def mutated_sample(draw) -> str:
    """The sample with a piece cut out and notice-shaped noise pasted in."""
    text = SAMPLE_TEXT
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 3000)))
    at = draw(st.integers(0, len(text) - (end - start)))
    text = text[:start] + text[end:]
    return text[:at] + draw(NOTICE_LIKE) + text[at:]


def check_spans(notice: Notice, text: str) -> None:
    """Every span is inside the text and slices exactly what its record says."""
    def inside(span) -> str:
        start, end = span
        assert 0 <= start <= end <= len(text), span
        return text[start:end]

    measures = list(notice.organization_measures)
    for problem in notice.problems:
        assert inside(problem.span)
        for m in problem.measures:
            assert problem.span[0] <= m.span[0] and m.span[1] <= problem.span[1]
        measures += problem.measures
    for m in measures:
        assert inside(m.span) == m.text
        for metric in m.metrics:
            assert m.span[0] <= metric.span[0] and metric.span[1] <= m.span[1]
            written = inside(metric.span)
            assert written.endswith(metric.unit), (written, metric)
            number = written[: len(written) - len(metric.unit)]
            number = re.sub("[余多]$", "", number)  # 100余家: a qualifier can sit inside
            # Full-width digits and points (２．５) are read like ASCII ones.
            number = unicodedata.normalize("NFKC", number)
            assert re.fullmatch(r"\d[\d,]*(\.\d+)?", number), (written, metric)
            assert float(number.replace(",", "")) == metric.value
        for title in m.documents:
            assert f"《{title}》" in m.text
    for stat in notice.summary:
        if stat.span is not None:
            assert inside(stat.span)


def extract(text: str) -> Notice | None:
    """The notice, or None when the text is not one (the only error allowed)."""
    try:
        notice = notice_from_text(text, "x")
    except NotANotice:
        return None
    Notice.model_validate_json(notice.model_dump_json())  # the record keeps to the contract
    return notice


@given(ANY_TEXT)
def test_segmentation_and_the_rules_take_any_text(text):
    outline = segment(text)
    assert outline.text == text
    status(text)
    documents(text)
    metrics(text, 0)
    notice = extract(text)
    if notice is not None:
        check_spans(notice, text)


# Time grows with the square of the repeats for two of these (many metrics in one measure,
# many problem headings on one line), hence their smaller counts.
@pytest.mark.parametrize("piece, times", [
    ("一是", 50_000), ("（一）", 30_000), ("①", 100_000), ("整改", 50_000), ("《“《》”》", 20_000),
    ("a", 100_000), ("\n", 100_000), ("41家", 3_000), ("1.关于“x”问题的整改。", 1_000),
])
def test_one_huge_line_of_one_piece(piece, times):
    text = HEADING + piece * times
    segment(text)
    status(text)
    metrics(text, 0)
    notice = extract(text)
    check_spans(notice, text)


@given(NOTICE_LIKE.map(lambda body: "关于市委第一巡察组反馈意见整改情况的通报\n" + body))
def test_notice_shaped_text_gives_records_whose_spans_slice_their_own_text(text):
    notice = extract(text)
    assert notice is not None  # 巡察 and 整改 are in the heading
    check_spans(notice, text)


@given(structured_notice())
def test_notices_in_a_common_layout_keep_every_span_exact(text):
    notice = extract(text)
    assert notice is not None and notice.problems
    check_spans(notice, text)
    assert notice.problems[0].title in text


@given(mutated_sample())
def test_the_sample_cut_and_pasted_keeps_every_span_exact(text):
    notice = extract(text)
    if notice is not None:
        check_spans(notice, text)


def test_the_sample_itself_passes_the_span_checks():
    # The checks above hold on the real thing, with figures and documents in it.
    notice = extract(SAMPLE_TEXT)
    check_spans(notice, SAMPLE_TEXT)
    assert sum(len(m.metrics) for p in notice.problems for m in p.measures) == 87
