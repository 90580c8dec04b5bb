"""Notices labelled blind from the contract (each folder's NOTES says how), scored with the
project's own evaluator: the figures a user can expect on notices the rules were not
written for. heldout2 keeps a reading the rules do not share (see its NOTES and the closing note of
issue 2): an unmarked 开展情况 paragraph as no measure."""

import json

import pytest

from pipeline.run import run_inputs
from pipeline.config import Config
from pipeline.evaluate import load_gold, load_predictions, score
from pipeline.ingest.source import expand_inputs

from .conftest import ROOT

FOLDERS = {
    "heldout": {"organization_measures": 1.0, "summary": 1.0, "status": 1.0},
    "heldout2": {"organization_measures": 0.96, "summary": 1.0, "status": 1.0},
    # One organisation item states a working rule (整改完成一项、验收一项…) that reads as done.
    "heldout3": {"organization_measures": 1.0, "summary": 1.0, "status": 0.99},
    "heldout4": {"organization_measures": 1.0, "summary": 1.0, "status": 1.0},
    # A copied PDF breaks a summary figure and an address across lines (已完成整改\n3个).
    "heldout5": {"organization_measures": 1.0, "summary": 0.99, "status": 0.99},
    "heldout6": {"organization_measures": 1.0, "summary": 1.0, "status": 1.0},
    # Slogan part headings (no cue words): the parts are read by their shape (pipeline.segment.parts).
    "slogan": {"organization_measures": 1.0, "summary": 1.0, "status": 1.0},
}
# Indicators are the one figure below 0.92 on the slogan set (0.88): longer counted phrases.
INDICATORS = {"slogan": 0.87}
LIST_FIELDS = ["problems", "measures", "metrics", "documents", "contact.phones", "contact.emails"]


@pytest.fixture(scope="module", params=sorted(FOLDERS))
def scored(request, tmp_path_factory):
    folder = ROOT / "tests" / "fixtures" / request.param
    out = tmp_path_factory.mktemp(request.param)
    summary = run_inputs(expand_inputs([str(folder)]), out, Config(silent=True))
    assert summary.failures == 0, (out / "errors.jsonl").read_text(encoding="utf-8")
    predictions = load_predictions(out / "notices.jsonl")
    report = score(load_gold(folder), predictions)
    assert report["unmatched_predictions"] == []
    coverage = {doc_id: record["provenance"]["coverage"] for doc_id, record in predictions.items()}
    assert min(coverage.values()) >= 0.85, coverage
    return request.param, folder, report["micro"]["fields"]


def test_every_notice_has_gold(scored):
    _, folder, _ = scored
    stems = {p.stem for p in folder.iterdir() if p.suffix in (".txt", ".md", ".html")}
    gold = {json.loads(p.read_text(encoding="utf-8"))["doc_id"] for p in folder.glob("*.gold.json")}
    assert stems == gold and len(stems) >= 6


def test_list_fields(scored):
    name, _, figures = scored
    for field in LIST_FIELDS:
        assert figures[field]["f1"] == 1.0, (field, figures[field])
    assert figures["contact.addresses"]["f1"] >= (0.8 if name == "heldout5" else 1.0)
    for field, least in FOLDERS[name].items():
        got = figures[field]["accuracy" if field == "status" else "f1"]
        assert got >= least, (field, figures[field])


def test_scalars(scored):
    _, _, figures = scored
    scalars = [k for k in figures if k in ("issuer", "published_on") or k.startswith("inspection.")]
    assert len(scalars) == 10
    assert all(figures[k]["accuracy"] == 1.0 for k in scalars), {k: figures[k] for k in scalars}


def test_indicators_mostly_match(scored):
    name, _, figures = scored
    assert figures["metrics.indicator"]["mean"] >= INDICATORS.get(name, 0.92)
