"""The import layering of pyproject.toml's [tool.importlinter] contract holds."""

from importlinter.cli import lint_imports

from .conftest import ROOT


def test_imports_follow_the_layers():
    # On failure lint-imports prints each forbidden import, with its line, to the captured stdout.
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0
