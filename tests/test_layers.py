"""The house's shape: the import layering of pyproject.toml's [tool.importlinter] contract
holds, each stage is entered through its package, and modules and functions stay small."""

import ast
import importlib
from pathlib import Path

from importlinter.cli import lint_imports

from .conftest import ROOT

# Stages whose package re-exports what the others use. language/ (a toolbox of words and
# text helpers), rules/ (its four modules are its interface) and llm/ (whose package must
# not load the client, and with it openai, on the rules path) are entered by module.
STAGES = ("ingest", "segment", "run", "output", "provider_batch", "evaluate", "report", "review")
MODULE_LINES = 400
FUNCTION_LINES = 60


def test_imports_follow_the_layers():
    # On failure lint-imports prints each forbidden import, with its line, to the captured stdout.
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def _entered_by_module(root: Path, files: list[Path]) -> list[str]:
    """Imports of a stage's inner module from outside the stage, as ``path:line: module``."""
    found = []
    for path in files:
        inside = path.relative_to(root).parts
        own = inside[1] if inside[0] == "pipeline" and len(inside) > 2 else None
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pipeline."):
                parts = node.module.split(".")
                if len(parts) > 2 and parts[1] in STAGES and parts[1] != own:
                    found.append(f"{path.relative_to(root).as_posix()}:{node.lineno}: {node.module}")
    return found


def test_a_stage_is_entered_through_its_package():
    files = [*(ROOT / "pipeline").rglob("*.py"), *(ROOT / "scripts").iterdir()]
    assert _entered_by_module(ROOT, [f for f in files if f.is_file()]) == []


def test_an_import_of_a_stage_module_from_outside_is_named(tmp_path):
    (tmp_path / "pipeline" / "rules").mkdir(parents=True)
    (tmp_path / "pipeline" / "rules" / "x.py").write_text("from pipeline.segment.outline import Outline\n")
    assert _entered_by_module(tmp_path, [tmp_path / "pipeline" / "rules" / "x.py"]) == [
        "pipeline/rules/x.py:1: pipeline.segment.outline"]


def test_no_name_a_stage_exports_hides_one_of_its_modules():
    # `from pipeline.report import page` must not mean a function here and a module there.
    for stage in STAGES:
        package = importlib.import_module(f"pipeline.{stage}")
        modules = {p.stem for p in Path(package.__file__).parent.glob("*.py")}
        assert set(package.__all__) & modules == set(), stage


def _sizes(root: Path) -> list[str]:
    """Modules over MODULE_LINES lines and functions over FUNCTION_LINES, as ``path: what``."""
    over = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(root.parent).as_posix()
        if len(text.splitlines()) > MODULE_LINES:
            over.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > FUNCTION_LINES:
                    over.append(f"{name}:{node.lineno}: {node.name}() is {length} lines")
    return over


def test_modules_and_functions_stay_small():
    # A module holds one job and a function one step, so each can be read in one sitting.
    over = _sizes(ROOT / "pipeline")
    assert over == [], f"split by job (modules <= {MODULE_LINES}, functions <= {FUNCTION_LINES} lines)"


def test_an_oversized_function_is_named(tmp_path):
    package = tmp_path / "pipeline"
    package.mkdir()
    body = "".join(f"    x{n} = {n}\n" for n in range(FUNCTION_LINES))
    (package / "long.py").write_text(f"def long():\n{body}", encoding="utf-8")
    assert _sizes(package) == [f"pipeline/long.py:1: long() is {FUNCTION_LINES + 1} lines"]
