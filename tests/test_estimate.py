"""--dry-run (requests, estimated tokens, cost) and the price table."""

import json

import pytest
from click.testing import CliRunner

from pipeline.cli import commands as cli_commands
from pipeline.run import RunSummary
from pipeline.cli import cli
from pipeline.errors import UsageError
from pipeline.ingest.source import read_source
from pipeline.llm.client import answer_budget
from pipeline.llm.extract import outline_ask, plan
from pipeline.segment import segment
from pipeline.provider_batch.estimate import estimate_tokens
from pipeline.prices import load_prices

from .conftest import SAMPLE

PRICES = """
[models."gpt-4o-mini"]
input = 0.15
cached_input = 0.075
output = 0.60
batch_discount = 0.5
"""


@pytest.fixture
def prices(tmp_path):
    path = tmp_path / "prices.toml"
    path.write_text(PRICES, encoding="utf-8")
    return str(path)


def test_cjk_characters_count_one_token_and_other_text_one_per_four():
    assert estimate_tokens("巡察整改") == 4
    assert estimate_tokens("巡察整改 json") == 4 + 2
    assert estimate_tokens("") == 0


@pytest.mark.parametrize("batch, cost", [([], 0.0160), (["--batch"], 0.0080)])
def test_dry_run_lists_each_request_and_prices_the_total(tmp_path, prices, batch, cost):
    result = CliRunner().invoke(cli, ["run", str(SAMPLE), "--out", str(tmp_path / "out"), "--backend", "llm",
                                      "--dry-run", "--prices", prices, *batch], env={"OPENAI_API_KEY": ""})
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    outline = segment(read_source(str(SAMPLE)).text)
    # The sample's parts are no close call, so the live path asks no outline either.
    assert outline_ask(outline) is None
    asks = plan(outline)
    budgets = [answer_budget(kind, g.text, 4096) for _, kind, g in asks]
    assert [int(r[2].removeprefix("completion <= ")) for r in rows] == budgets
    prompt = sum(int(r[1].removeprefix("prompt ~")) for r in rows)
    assert f"{len(asks)} requests, ~{prompt} prompt + at most {sum(budgets)} completion tokens" in result.stderr
    assert round((prompt * 0.15 + sum(budgets) * 0.60) / 1e6 * (0.5 if batch else 1), 4) == cost
    assert f"at most {cost:.4f} USD for gpt-4o-mini" in result.stderr
    assert not (tmp_path / "out").exists()  # nothing written, nothing sent


def test_dry_run_without_a_price_says_how_to_set_one(tmp_path):
    result = CliRunner().invoke(cli, ["run", str(SAMPLE), "--out", str(tmp_path), "--backend", "llm",
                                      "--dry-run", "--model", "unpriced"], env={"PIPELINE_PRICES": ""})
    assert result.exit_code == 0
    assert "no price for unpriced (set one with --prices)" in result.stderr


def test_the_summary_line_reports_the_cost_of_a_run(tmp_path, prices, monkeypatch):
    spent = RunSummary(backend="llm", documents=1, prompt_tokens=1_000_000, cached_tokens=400_000,
                       completion_tokens=100_000)
    monkeypatch.setattr(cli_commands, "run_inputs", lambda *args, **kwargs: spent)
    result = CliRunner().invoke(cli, ["run", str(SAMPLE), "--out", str(tmp_path), "--backend", "llm",
                                      "--base-url", "http://127.0.0.1:9/v1", "--prices", prices])
    # 0.6M at 0.15, 0.4M cached at 0.075, 0.1M out at 0.60 per million.
    assert "cost 0.1800 USD" in result.stderr


def test_a_price_table_in_json_and_its_errors(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"models": {"deepseek-chat": {"input": 2, "output": 8, "currency": "CNY"}}}))
    price = load_prices(path)["deepseek-chat"]
    assert price.format(price.cost(1_000_000, 500_000, 0)) == "2.0000 CNY"  # no cached price: input's
    path.write_text(json.dumps({"models": {"m": {"input": 1}}}))
    with pytest.raises(UsageError, match="model 'm': output: Field required"):
        load_prices(path)
    with pytest.raises(UsageError, match="not valid TOML"):
        (tmp_path / "p.toml").write_text("[models", encoding="utf-8")
        load_prices(tmp_path / "p.toml")


def test_the_prompt_estimate_is_within_a_tenth_of_what_a_real_tokenizer_counted():
    """The sample's recorded first asks (cassettes/llm-sample.yaml, Qwen2.5's tokenizer,
    --mode json): each one's estimate against the prompt_tokens the server reported."""
    import yaml

    from pipeline.provider_batch.estimate import prompt_tokens

    from .cassettes import CASSETTES

    exchanges = yaml.safe_load((CASSETTES / "llm-sample.yaml").read_text(encoding="utf-8"))["interactions"]
    pairs = [(prompt_tokens(json.loads(e["request"]["body"])),
              json.loads(e["response"]["body"]["string"])["usage"]["prompt_tokens"])
             for e in exchanges if len(json.loads(e["request"]["body"])["messages"]) == 2]  # re-asks carry 4
    estimated, counted = sum(p for p, _ in pairs), sum(c for _, c in pairs)
    assert len(pairs) == 17 and counted == 37748
    assert 1.0 <= estimated / counted <= 1.1  # a little over: the estimate errs on the side of cost
    assert all(0.85 <= p / c <= 1.25 for p, c in pairs)
