"""A regular (non-editable) install must take the LLM path: the prompts and the schema
ship inside the wheel, from the one copy in prompts/ and schemas/."""

import zipfile
from pathlib import Path

from setuptools import build_meta

from pipeline.llm.prompts import PROMPT_VERSION

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_carries_every_prompt_and_the_schema(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    wheel = tmp_path / build_meta.build_wheel(str(tmp_path))
    names = set(zipfile.ZipFile(wheel).namelist())
    prompts = {f"pipeline/prompts/{name}.j2" for name in PROMPT_VERSION.split()}
    assert prompts <= names
    assert "pipeline/schemas/notice.v1.json" in names
    # Each file once: the package is built from the top-level folders, not from copies.
    assert sorted(p.name for p in (ROOT / "prompts").glob("*.j2")) == sorted(
        Path(n).name for n in names if n.endswith(".j2"))
    assert zipfile.ZipFile(wheel).read("pipeline/prompts/problem.v1.j2") == (ROOT / "prompts" / "problem.v1.j2").read_bytes()
    # Every module of the package ships: a new stage folder must be listed in pyproject.toml.
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "pipeline").rglob("*.py")}
    assert modules - names == set()
