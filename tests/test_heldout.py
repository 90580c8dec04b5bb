"""Eight notices labelled blind from the contract (tests/fixtures/heldout/NOTES), scored
with the project's own evaluator: the figures a user can expect on unseen notices."""

import json

import pytest

from pipeline.batch import run_batch
from pipeline.config import Config
from pipeline.evaluate import load_gold, load_predictions, score
from pipeline.ingest import expand_inputs

from .conftest import ROOT

HELDOUT = ROOT / "tests" / "fixtures" / "heldout"


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    out = tmp_path_factory.mktemp("heldout")
    summary = run_batch(expand_inputs([str(HELDOUT)]), out, Config(silent=True))
    assert summary.failures == 0, (out / "errors.jsonl").read_text(encoding="utf-8")
    report = score(load_gold(HELDOUT), load_predictions(out / "notices.jsonl"))
    assert report["unmatched_predictions"] == []
    return report["micro"]["fields"]


def test_every_notice_has_gold():
    stems = {p.stem for p in HELDOUT.iterdir() if p.suffix in (".txt", ".html")}
    gold = {json.loads(p.read_text(encoding="utf-8"))["doc_id"] for p in HELDOUT.glob("*.gold.json")}
    assert stems == gold and len(stems) == 8


@pytest.mark.parametrize(
    "field", ["problems", "measures", "organization_measures", "metrics", "documents", "summary",
              "contact.phones", "contact.emails", "contact.addresses"],
)
def test_list_fields_are_all_found(figures, field):
    assert figures[field]["f1"] == 1.0, figures[field]


def test_status_and_scalars(figures):
    assert figures["status"]["accuracy"] >= 0.99
    scalars = [k for k in figures if k in ("issuer", "published_on") or k.startswith("inspection.")]
    assert len(scalars) == 10
    assert all(figures[k]["accuracy"] == 1.0 for k in scalars), {k: figures[k] for k in scalars}


def test_indicators_mostly_match(figures):
    assert figures["metrics.indicator"]["mean"] >= 0.9
