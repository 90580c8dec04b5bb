"""The tables join: every row finds its parent by the keys docs/DATA.md names, on every
notice of the fixtures, and the SQL and pandas examples of docs/DATA.md give what the
JSONL holds."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from contextlib import closing

import pandas as pd
import pytest

from pipeline.run import run_inputs
from pipeline.config import Config
from pipeline.ingest.source import expand_inputs
from pipeline.records import Notice
from pipeline.output import KEYS, TABLES

from .conftest import ROOT

DOC = (ROOT / "docs" / "DATA.md").read_text(encoding="utf-8")
FOLDERS = [ROOT / "seeds", *sorted(p for p in (ROOT / "tests" / "fixtures").iterdir() if p.is_dir())]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """Every fixture notice, run into one folder with a database."""
    out = tmp_path_factory.mktemp("all")
    run_inputs(expand_inputs([str(f) for f in FOLDERS]), out, Config(silent=True, sqlite=out / "notices.sqlite"))
    return out


@pytest.fixture(scope="module")
def notices(out) -> list[Notice]:
    lines = (out / "notices.jsonl").read_bytes().splitlines()
    assert len(lines) > 80  # every fixture folder, not an empty run
    return [Notice.model_validate_json(line) for line in lines]


@pytest.fixture(scope="module")
def db(out):
    with closing(sqlite3.connect(out / "notices.sqlite")) as db:
        yield db


def expected_children(notices: list[Notice]) -> dict[str, Counter]:
    """Per child table, its rows per parent key, counted in the JSONL."""
    counts = {table: Counter() for table in TABLES}
    for n in notices:
        measures = [*n.organization_measures, *(m for p in n.problems for m in p.measures)]
        counts["problems"][(n.doc_id,)] = len(n.problems)
        counts["stats"][(n.doc_id,)] = len(n.summary)
        for p in n.problems:
            counts["measures"][(n.doc_id, p.position)] = len(p.measures)
        for at, m in enumerate(measures, 1):
            counts["metrics"][(n.doc_id, at)] = len(m.metrics)
    return counts


def test_every_row_joins_its_parent_once_on_every_fixture(notices, db):
    expected = expected_children(notices)
    for table, (key, parent) in KEYS.items():
        if parent is None:
            continue
        name, columns, referenced = parent
        on = " AND ".join(f'p."{r}" = c."{c}"' for c, r in zip(columns, referenced))
        group = ", ".join(f'p."{r}"' for r in referenced)
        found = Counter({tuple(row[:-1]): row[-1] for row in db.execute(
            f"SELECT {group}, COUNT(*) FROM {table} c JOIN {name} p ON {on} GROUP BY {group}")})
        assert found == +expected[table], table
        # Organisation measures alone have no parent problem; every other row has its parent.
        orphans = db.execute(f"SELECT COUNT(*) FROM {table} c LEFT JOIN {name} p ON {on} "
                             f'WHERE p."{referenced[0]}" IS NULL').fetchone()[0]
        assert orphans == (sum(len(n.organization_measures) for n in notices) if table == "measures" else 0)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    for table, (key, _) in KEYS.items():
        columns = ", ".join(f'"{k}"' for k in key)
        rows, keys = db.execute(f"SELECT (SELECT COUNT(*) FROM {table}), "
                                f"(SELECT COUNT(*) FROM (SELECT DISTINCT {columns} FROM {table}))").fetchone()
        assert rows == keys > 0, table


def test_the_number_as_written_repeats_and_the_position_does_not(notices, db):
    # The numbering restarts under each category: index 1,2,3,1,2,1,2.
    qingjiang = next(n for n in notices if n.doc_id == "qingjiang-nyj-2024")
    assert [p.index for p in qingjiang.problems] == [1, 2, 3, 1, 2, 1, 2]
    assert [p.position for p in qingjiang.problems] == [1, 2, 3, 4, 5, 6, 7]
    measures = sum(len(p.measures) for p in qingjiang.problems)
    by_position = db.execute("""SELECT COUNT(*) FROM measures m JOIN problems p
                                ON p.doc_id = m.doc_id AND p.position = m.problem_position
                                WHERE m.doc_id = 'qingjiang-nyj-2024'""").fetchone()[0]
    assert by_position == measures


def test_the_database_declares_its_keys(db):
    for table, (key, parent) in KEYS.items():
        info = db.execute(f"PRAGMA table_info({table})").fetchall()
        assert [name for _, name, _, _, _, pk in sorted(info, key=lambda c: c[5]) if pk] == key, table
        refs = db.execute(f"PRAGMA foreign_key_list({table})").fetchall()
        assert [(r[2], r[3], r[4]) for r in refs] == (
            list(zip([parent[0]] * len(parent[1]), parent[1], parent[2])) if parent else []), table


def examples(language: str) -> list[str]:
    """The code blocks of ``language`` in the data doc's section "Joining the tables"."""
    section = DOC.split("\n## Joining the tables\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"^```{language}\n(.*?)^```", section, re.M | re.S)


def test_the_sql_example_of_the_data_doc_gives_the_jsonl_counts(notices, db):
    sql, = examples("sql")
    rows = db.execute(sql).fetchall()
    expected = [(n.doc_id, p.position, p.title, len(p.measures), sum(len(m.metrics) for m in p.measures))
                for n in notices for p in n.problems]
    assert sorted(rows) == sorted(expected)


def test_the_pandas_example_of_the_data_doc_gives_the_jsonl_counts(notices, out, monkeypatch):
    code, = examples("python")
    monkeypatch.chdir(out)
    scope = {}
    exec(code, scope)  # noqa: S102 - the documented example, as a reader would paste it
    joined = scope["per_problem"]
    assert isinstance(joined, pd.DataFrame)
    expected = Counter({(n.doc_id, p.position): len(p.measures) for n in notices for p in n.problems})
    assert Counter({(d, p): m for d, p, m in joined[["doc_id", "position", "measures_found"]].itertuples(
        index=False)}) == expected
