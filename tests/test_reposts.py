"""Reposts: a near-duplicate of an earlier notice names it in duplicate_of.

The fixtures (tests/fixtures/reposts/, made up) are one notice of a county bureau; the same
notice as a discipline site's page (other header and footer, paragraphs re-flowed, some
half-width commas); the notice with three of its 32 sentences edited; and a second notice
of the same bureau and round, with the same opening, organisation, next-steps and contact
paragraphs but other problems.
"""

import csv
import json
import shutil
import sqlite3
from contextlib import closing

import httpx2
from click.testing import CliRunner

from pipeline.assemble import notice_from_text
from pipeline.run import run_inputs
from pipeline.cli import cli
from pipeline.config import Config
from pipeline.ingest.source import read_source
from pipeline.llm.stub import RulesStub
from pipeline.records import DuplicateOf
from pipeline.run.reposts import INDEX, THRESHOLD, RepostIndex, band_keys, signature, similarity
from pipeline.output import serialise, with_duplicate_of

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "reposts"
ORIGINAL = FIXTURES / "liuxi-water-2025.txt"
PORTAL = FIXTURES / "liuxi-water-2025-portal.txt"
EDITED = FIXTURES / "liuxi-water-2025-edited.txt"
SECOND = FIXTURES / "liuxi-water-2025-second.txt"


def signed(path):
    return signature(path.read_text(encoding="utf-8"), "-")


def records(out):
    lines = (out / "notices.jsonl").read_text(encoding="utf-8").splitlines()
    return {n["doc_id"]: n["duplicate_of"] for n in map(json.loads, lines)}


def copy(path, folder, name):
    folder.mkdir(exist_ok=True)
    return str(shutil.copy(path, folder / name))


def test_similarity_of_copies_and_of_another_notice_of_the_same_round():
    original = signed(ORIGINAL).sentences
    # The header, footer, line breaks and comma widths do not count: the same sentences.
    assert similarity(signed(PORTAL).sentences, original) == 1.0
    assert similarity(signed(EDITED).sentences, original) == 0.829  # 29 of 35 sentences shared
    # Same opening, organisation, closing and contact: 16 sentences of 48.
    assert similarity(signed(SECOND).sentences, original) == 0.333
    assert similarity(signed(SECOND).sentences, original) < THRESHOLD - 0.3 < 0.829 - 0.4


def test_equal_sentence_sets_have_equal_band_keys_and_near_ones_share_bands():
    assert signed(PORTAL).bands == signed(ORIGINAL).bands
    assert band_keys({7}) == band_keys({7}) != band_keys({8})
    shared = [sum(a == b for a, b in zip(signed(path).bands, signed(ORIGINAL).bands)) for path in (EDITED, SECOND)]
    assert shared == [12, 0]  # of 20 bands
    assert signature("没有一个句号的文字", "-") is None


def test_a_candidate_is_a_repost_only_at_the_threshold_or_above(tmp_path):
    original = signed(ORIGINAL)
    with RepostIndex(tmp_path, []) as index:
        assert index.check("original", original) is None
        # The second notice's sentences under the original's band keys: a candidate, 0.333 similar.
        assert index.check("second", signed(SECOND)._replace(bands=original.bands)) is None
        assert index.check("edited", signed(EDITED)) == DuplicateOf(doc_id="original", similarity=0.829)


def test_a_batch_names_the_first_copy_in_input_order(tmp_path):
    exact = copy(ORIGINAL, tmp_path / "mirror", "liuxi-copy.txt")
    paths = [str(ORIGINAL), str(SECOND), str(PORTAL), str(EDITED), exact]
    summary = run_inputs(paths, tmp_path / "out", Config(silent=True))
    assert records(tmp_path / "out") == {
        "liuxi-water-2025": None,
        "liuxi-water-2025-second": None,
        "liuxi-water-2025-portal": {"doc_id": "liuxi-water-2025", "similarity": 1.0},
        "liuxi-water-2025-edited": {"doc_id": "liuxi-water-2025", "similarity": 0.829},
        "liuxi-copy": {"doc_id": "liuxi-water-2025", "similarity": 1.0},
    }
    assert summary.reposts == 3
    assert summary.line().startswith("5 documents (3 reposts of an earlier notice), 20 problems")
    # A repost is never an original: the edited copy, seen first, is the one named.
    run_inputs([str(EDITED), str(PORTAL), str(ORIGINAL)], tmp_path / "other", Config(silent=True))
    assert records(tmp_path / "other") == {
        "liuxi-water-2025-edited": None,
        "liuxi-water-2025-portal": {"doc_id": "liuxi-water-2025-edited", "similarity": 0.829},
        "liuxi-water-2025": {"doc_id": "liuxi-water-2025-edited", "similarity": 0.829},
    }


def test_the_llm_backend_names_reposts_too(tmp_path):
    stub = RulesStub([read_source(str(path)) for path in (ORIGINAL, PORTAL)])
    config = Config(backend="llm", base_url="http://stub.test/v1", model="stub-model", api_key="sk-test",
                    cache_dir=None, silent=True)
    summary = run_inputs([str(ORIGINAL), str(PORTAL)], tmp_path, config, transport=httpx2.MockTransport(stub))
    assert (summary.backend, summary.fallbacks, summary.reposts) == ("llm", {}, 1)
    assert records(tmp_path)["liuxi-water-2025-portal"] == {"doc_id": "liuxi-water-2025", "similarity": 1.0}


def test_two_jobs_name_the_same_originals_as_one(tmp_path):
    paths = [str(p) for p in (EDITED, SECOND, ORIGINAL, PORTAL)] + [copy(SECOND, tmp_path / "m", "again.txt")]
    one = run_inputs(paths, tmp_path / "one", Config(silent=True))
    two = run_inputs(paths, tmp_path / "two", Config(silent=True, jobs=2))
    assert one.reposts == two.reposts == 3
    for name in ("notices.jsonl", "notices.csv"):
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "one" / name).read_bytes()


def test_a_rerun_finds_a_repost_of_a_record_already_in_out(tmp_path):
    out = tmp_path / "out"
    run_inputs([str(ORIGINAL), str(SECOND)], out, Config(silent=True))
    summary = run_inputs([str(ORIGINAL), str(PORTAL)], out, Config(silent=True))
    assert (summary.skipped, summary.reposts) == (1, 1)
    assert records(out)["liuxi-water-2025-portal"] == {"doc_id": "liuxi-water-2025", "similarity": 1.0}
    # The originals' sentence sets were kept, not read again: two originals, one row each.
    with closing(sqlite3.connect(out / INDEX)) as db:
        assert db.execute("SELECT doc_id FROM originals ORDER BY id").fetchall() == [
            ("liuxi-water-2025",), ("liuxi-water-2025-second",)]


def test_a_changed_file_is_not_a_repost_of_its_own_old_record(tmp_path):
    source = tmp_path / "in" / "liuxi-water-2025.txt"
    copy(ORIGINAL, tmp_path / "in", source.name)
    run_inputs([str(source)], tmp_path / "out", Config(silent=True))
    source.write_text(EDITED.read_text(encoding="utf-8"), encoding="utf-8")
    summary = run_inputs([str(source)], tmp_path / "out", Config(silent=True))
    assert summary.reposts == 0 and records(tmp_path / "out") == {"liuxi-water-2025": None}


def test_records_replaced_with_force_are_no_longer_originals(tmp_path):
    out = tmp_path / "out"
    run_inputs([str(ORIGINAL)], out, Config(silent=True))
    run_inputs([str(SECOND)], out, Config(silent=True, force=True))
    run_inputs([str(PORTAL)], out, Config(silent=True))
    assert records(out) == {"liuxi-water-2025-second": None, "liuxi-water-2025-portal": None}


def test_rows_of_records_no_longer_in_out_are_dropped(tmp_path):
    out = tmp_path / "out"
    run_inputs([str(ORIGINAL)], out, Config(silent=True))
    (out / "notices.jsonl").unlink()  # the records went; their index stayed
    summary = run_inputs([str(PORTAL)], out, Config(silent=True))
    assert summary.reposts == 0 and records(out) == {"liuxi-water-2025-portal": None}


def test_a_damaged_index_is_made_anew(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / INDEX).write_bytes(b"not a database")
    summary = run_inputs([str(ORIGINAL), str(PORTAL)], out, Config(silent=True))
    assert summary.reposts == 1 and summary.failures == 0


def test_every_table_can_leave_reposts_out(tmp_path):
    out, db = tmp_path / "out", tmp_path / "n.db"
    run_inputs([str(ORIGINAL), str(PORTAL), str(SECOND)], out, Config(silent=True, sqlite=db))
    with open(out / "notices.csv", encoding="utf-8-sig", newline="") as f:
        rows = [(r["duplicate_of"], r["duplicate_similarity"]) for r in csv.DictReader(f)]
    assert rows == [("", ""), ("liuxi-water-2025", "1.0"), ("", "")]
    with closing(sqlite3.connect(db)) as con:
        # The filter docs/DATA.md gives: each notice once.
        kept = con.execute("SELECT count(*) FROM problems JOIN notices USING (doc_id) "
                           "WHERE notices.duplicate_of IS NULL").fetchone()[0]
        every = con.execute("SELECT count(*) FROM problems").fetchone()[0]
    assert (kept, every) == (8, 12)


def test_without_reposts_nothing_is_looked_for(tmp_path):
    result = CliRunner().invoke(cli, ["run", str(ORIGINAL), str(PORTAL), "--out", str(tmp_path / "o"), "--no-reposts"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 documents, ")
    assert set(records(tmp_path / "o").values()) == {None} and not (tmp_path / "o" / INDEX).exists()


def test_setting_duplicate_of_on_a_serialised_notice_serialises_it_anew():
    notice = notice_from_text(ORIGINAL.read_text(encoding="utf-8"), "a,\"b\"")
    duplicate = DuplicateOf(doc_id='x "y", z', similarity=0.75)
    for sqlite in (False, True):
        patched = with_duplicate_of(serialise(notice, sqlite=sqlite), duplicate)
        assert patched == serialise(notice.model_copy(update={"duplicate_of": duplicate}), sqlite=sqlite)
