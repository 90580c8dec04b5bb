"""Property tests of the LLM half: grounding rejects every quote the section does not
hold, and no schema-valid answer, however odd, crashes the merge (it is used, arbitrated
or falls back, and the record stays complete)."""

import asyncio
from pathlib import Path

import httpx2
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from pipeline.assemble import build_notice
from pipeline.config import Config
from pipeline.language.text import char_f1
from pipeline.ingest.source import read_source
from pipeline.llm.answers import GROUNDING, MeasureAnswer
from pipeline.llm.client import LLMClient
from pipeline.llm.extract import llm_notice, plan
from pipeline.llm.grounding import MIN_ALIGNMENT, squeeze
from pipeline.records import Notice
from pipeline.segment import segment

from .scripted import ScriptedModel

SCRIPTED = Path(__file__).parent / "fixtures" / "scripted" / "scripted.txt"
SOURCE = read_source(str(SCRIPTED))
OUTLINE = segment(SOURCE.text)
_, _, PROBLEM = next(a for a in plan(OUTLINE) if a[1] == "problem")
SECTION = PROBLEM.text
# Pieces of the section (so some quotes are found) and other text (so most are not).
PIECES = st.one_of(
    st.builds(lambda a, n: SECTION[a:a + n], st.integers(0, len(SECTION)), st.integers(1, 40)),
    st.text(alphabet="采购管理规定已完成制度台账资金，。“”《》 0123456789", max_size=30),
    st.text(max_size=20),
)
QUOTE = st.lists(PIECES, min_size=1, max_size=3).map("".join)


@given(QUOTE)
def test_grounding_takes_a_measure_only_when_its_words_are_in_the_section(text):
    GROUNDING.set(PROBLEM)
    try:
        answer = MeasureAnswer(text=text, status="reported")
    except ValidationError:
        return
    start, end = answer._span
    found = squeeze(text) in squeeze(OUTLINE.text[start:end]) or squeeze(text) in squeeze(SECTION)
    assert found or char_f1(OUTLINE.text[start:end], text) >= MIN_ALIGNMENT


STATUS = st.sampled_from(["completed", "in_progress", "reported"])
METRIC = st.fixed_dictionaries({"value": st.one_of(st.integers(-5, 200), st.floats(0, 1e4, allow_nan=False)),
                                "unit": st.sampled_from(["个", "家", "场", "人次", "名", "万元", "年", "%"]),
                                "indicator": st.text(max_size=8), "qualifier": st.none() | st.text(max_size=3)})
MEASURE = st.fixed_dictionaries({"text": QUOTE, "status": STATUS, "metrics": st.lists(METRIC, max_size=3),
                                 "documents": st.lists(st.text(max_size=8), max_size=2)})
PROBLEM_ANSWER = st.fixed_dictionaries({"title": QUOTE, "measures": st.lists(MEASURE, max_size=4)})
HEADER_ANSWER = st.fixed_dictionaries({
    "title": st.none() | QUOTE, "issuer": st.none() | st.sampled_from(["中共柳溪镇委员会", "柳溪镇", "某某"]),
    "published_on": st.none() | st.sampled_from(["2024-09-20", "2024-06-12", "2031-01-01"]),
    "inspection": st.fixed_dictionaries({"round": st.none() | st.integers(0, 30),
                                         "level": st.none() | st.sampled_from(["county", "unit"])})})
RULES = build_notice(SOURCE)


@given(st.lists(PROBLEM_ANSWER, min_size=3, max_size=3), HEADER_ANSWER)
def test_no_schema_valid_answer_crashes_the_merge(problems, header):
    script = {("problem", phrase): [answer] for phrase, answer in zip(["食堂采购", "村级项目", "担当作为"], problems)}
    script[("header", "柳溪镇")] = [header]
    config = Config(backend="llm", base_url="http://scripted.test/v1", model="m", mode="json", cache_dir=None,
                    retry_wait=0.001, timeout=5, max_reasks=0)

    async def go():
        async with LLMClient(config, httpx2.MockTransport(ScriptedModel(SOURCE, script))) as client:
            return await llm_notice(SOURCE, client)
    notice = asyncio.run(go())
    Notice.model_validate(notice.model_dump())
    assert len(notice.problems) == len(RULES.problems)
    for problem in notice.problems:
        assert problem.measures, "a problem never loses all its measures"
        for m in problem.measures:
            assert SOURCE.text[slice(*m.span)] == m.text
            for x in m.metrics:
                assert m.span[0] <= x.span[0] < x.span[1] <= m.span[1]
    used = {s.section for s in notice.provenance.sections if s.backend == "llm"}
    failed = {f.section for f in notice.provenance.fallbacks}
    assert used.isdisjoint(failed) and len(used | failed) == len(notice.provenance.sections)
