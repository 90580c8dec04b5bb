"""A prompt's version name pins its text: prompts/VERSIONS.json keeps the digest of every
version in use, and the cache key holds the digests, not the names."""

import json
from pathlib import Path

import httpx2
import pytest

from pipeline.language import lexicon
from pipeline.run import run_inputs
from pipeline.config import Config
from pipeline.ingest.source import read_source
from pipeline.llm import client, prompts
from pipeline.llm.prompts import CONTRACT, PROMPT_VERSION, SECTION_PROMPTS, digest, prompt_messages
from pipeline.llm.stub import RulesStub

from .conftest import SAMPLE

ROOT = Path(__file__).resolve().parents[1]
VERSIONS = ROOT / "prompts" / "VERSIONS.json"
IN_USE = [CONTRACT, *SECTION_PROMPTS.values()]


def _pinned() -> dict[str, str]:
    return json.loads(VERSIONS.read_text(encoding="utf-8"))["digests"]


@pytest.mark.parametrize("name", IN_USE)
def test_each_prompt_renders_the_text_its_name_pins(name):
    pinned, now = _pinned().get(name), digest(name)
    assert now == pinned, (
        f"prompt {name} renders other text than prompts/VERSIONS.json pins ({pinned} -> {now}): "
        f"prompts/{name}.j2 or a lexicon list it renders changed under the same name. Give the "
        f"new text a new version: copy prompts/{name}.j2 to the next version's file, point "
        f"pipeline/llm/prompts.py at it, pin it in prompts/VERSIONS.json as \"NEW_NAME\": \"{now}\", "
        f"and update tests/fixtures/prompts/ (and re-record the cassettes whose requests it changes).")


def test_versions_pins_exactly_the_templates_in_use():
    """A template nobody asks, or a version without a pin, is a mistake either way."""
    templates = sorted(path.name.removesuffix(".j2") for path in (ROOT / "prompts").glob("*.j2"))
    assert templates == sorted(IN_USE) == sorted(_pinned())


def test_every_kind_of_ask_has_a_checked_in_rendering():
    """tests/test_llm.py and tests/test_parts.py compare these byte for byte."""
    fixtures = sorted(path.stem for path in (ROOT / "tests" / "fixtures" / "prompts").glob("*.txt"))
    assert fixtures == sorted(SECTION_PROMPTS)


def test_the_digest_covers_the_lexicon_lists_a_template_renders(monkeypatch):
    before = digest(CONTRACT)
    monkeypatch.setattr(lexicon, "UNITS", (*lexicon.UNITS, "台套"))
    digest.cache_clear()
    prompts._contract.cache_clear()
    try:
        assert digest(CONTRACT) != before
        assert digest("problem.v1") == _pinned()["problem.v1"]  # renders no unit list of its own
    finally:
        digest.cache_clear()
        prompts._contract.cache_clear()


def test_the_cache_key_follows_the_digest_not_the_name(monkeypatch):
    """The same name and messages with another text behind the name: asked again."""
    config = Config()
    messages = prompt_messages("problem", "一、问题\n（一）整改措施。")
    key = client.ask_key(config, "problem", messages, 300)
    monkeypatch.setattr(prompts, "digest", lambda name: "0" * 16 if name == "problem.v1" else digest(name))
    assert client.ask_key(config, "problem", messages, 300) != key


def _run_into(out):
    stub = RulesStub([read_source(str(SAMPLE))])
    settings = Config(backend="llm", base_url="http://stub.test/v1", model="stub-model", cache_dir=None,
                      silent=True)
    return run_inputs([str(SAMPLE)], out, settings, transport=httpx2.MockTransport(stub))


def test_resume_redoes_a_notice_whose_prompt_changed_under_the_same_name(tmp_path, monkeypatch):
    """Same model, same version names, other text behind problem.v1: made again; and the
    record keeps each section's prompt digest."""
    def run():
        return _run_into(tmp_path / "out")

    run()
    record = json.loads((tmp_path / "out" / "notices.jsonl").read_text(encoding="utf-8"))
    assert {s["section"].split()[0]: s["prompt"] for s in record["provenance"]["sections"]} == {
        kind: prompts.ask_digest(kind) for kind in ("header", "organization", "problem", "summary")}
    assert run().skipped == 1
    monkeypatch.setattr(prompts, "digest", lambda name: "0" * 16 if name == "problem.v1" else digest(name))
    again = run()
    assert (again.skipped, again.documents) == (0, 1)
    record = json.loads((tmp_path / "out" / "notices.jsonl").read_text(encoding="utf-8"))
    assert record["provenance"]["prompt_version"] == PROMPT_VERSION
    assert {s["prompt"] for s in record["provenance"]["sections"] if s["section"].startswith("problem")} == {
        prompts.ask_digest("problem")}


def test_a_record_made_before_digests_were_kept_is_done_by_its_names(tmp_path):
    _run_into(tmp_path / "out")
    notices = tmp_path / "out" / "notices.jsonl"
    record = json.loads(notices.read_text(encoding="utf-8"))
    for section in record["provenance"]["sections"]:
        del section["prompt"]
    notices.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert _run_into(tmp_path / "out").skipped == 1
