"""One notice builder: every path (rules, live LLM, provider batch) segments, refuses a
non-notice and extracts with the rules through :func:`pipeline.assemble.read_with_rules`,
so they refuse the same texts with the same message and fall back to the same record."""

import asyncio

import pytest

from pipeline.assemble import build_notice
from pipeline.config import Config
from pipeline.errors import NotANotice
from pipeline.ingest.source import Source, read_source
from pipeline.llm.extract import lay_out
from pipeline.provider_batch import answered_notice, requests_for

from .conftest import SAMPLE

CONFIG = Config(backend="llm", base_url="http://stub/v1", model="stub", mode="json", cache_dir=None)
WEATHER = Source("weather", "weather.txt", "明日多云转晴，气温十二度到十八度，东风三级。\n", "utf-8", "text", "0" * 64)


@pytest.mark.parametrize("path", [
    build_notice,
    lambda source: requests_for(source, CONFIG),
    lambda source: answered_notice(source, CONFIG, {}),
    lambda source: asyncio.run(lay_out(source, client=None)),  # refused before any ask
], ids=["rules", "batch export", "batch import", "live llm"])
def test_every_path_refuses_a_text_that_is_not_a_notice_alike(path):
    with pytest.raises(NotANotice) as refused:
        path(WEATHER)
    assert refused.value.path == "weather.txt"
    assert "not an inspection rectification notice" in str(refused.value)


def test_a_batch_with_no_answers_gives_the_rules_record_on_every_section():
    source = read_source(str(SAMPLE))
    rules = build_notice(source)
    fallen = answered_notice(source, CONFIG, {})
    assert fallen.model_dump(include={"title", "issuer", "problems", "summary", "organization_measures"}) == \
        rules.model_dump(include={"title", "issuer", "problems", "summary", "organization_measures"})
    assert len(rules.problems) > 0
    assert fallen.provenance.fallbacks and all("batch missing" in f.reason for f in fallen.provenance.fallbacks)
