"""Every cue word lives in the lexicon: no CJK string literal elsewhere in ``pipeline/``.

A cue word written into a rules or segmentation module is a fact the lexicon
does not know about, so prompts and rules drift apart. This test parses each
module and fails on any string constant (docstrings excluded) holding a CJK
character, unless the allow-list below names it with a reason.
"""

import ast
import re
from pathlib import Path

from pipeline.language import lexicon

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"
CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")

# Allowed literals: module (relative to pipeline/, "*" for every module) -> regexes a
# literal must match in full. Each entry says why it is not a cue word for the lexicon.
ALLOWED: dict[str, tuple[str, ...]] = {
    # The lexicon is where cue words belong (a key ending in / names a whole package).
    "language/lexicon/": (".*",),
    # The traditional-to-simplified character table is data, not cue words.
    "language/t2s.py": (".*",),
    "*": (
        # Prose for a reader or the model (messages, field descriptions) quoting an example.
        r".*[A-Za-z]{3,} .*",
        # Chinese numerals, read as numbers (lexicon.CN_DIGITS holds their values).
        "[〇零一二两三四五六七八九十百千万亿]+",
    ),
    # Date grammar (年 月 日, 至/到 between two dates), not cue words.
    "language/dates.py": (".*",),
    # The name of a piece of evidence for a part's role (the 一是 list family), read by a person.
    "segment/parts.py": ("一是 items",),
    # A field description showing how a round is written (第N轮 → N), for the model.
    "records.py": ("第N轮 → N",),
    # Page furniture of saved web pages (share, print, page dates), stripped before reading.
    "ingest/htmltext.py": (".*",),
}


def _docstrings(tree: ast.AST) -> set[int]:
    """Ids of the constant nodes that are docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _offenders(root: Path = PIPELINE) -> list[str]:
    """Every CJK string literal under ``root`` outside the allow-list, as ``module:line: 'literal'``."""
    offenders = []
    for path in sorted(root.rglob("*.py")):
        module = path.relative_to(root).as_posix()
        own = [patterns for key, patterns in ALLOWED.items() if key == module or key.endswith("/") and module.startswith(key)]
        allowed = [re.compile(p, re.S) for p in sum(own, ()) + ALLOWED["*"]]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
                and CJK.search(node.value)
                and not any(p.fullmatch(node.value) for p in allowed)
            ):
                offenders.append(f"pipeline/{module}:{node.lineno}: {node.value!r}")
    return offenders


def test_no_cjk_literal_outside_the_lexicon():
    offenders = _offenders()
    assert not offenders, (
        "CJK string literals outside pipeline/language/lexicon/ (move the cue words to the lexicon, "
        "or allow-list them in tests/test_lexicon_literals.py with a reason):\n"
        + "\n".join(offenders)
    )


def test_the_allow_list_names_real_modules():
    for module in set(ALLOWED) - {"*"}:
        assert (PIPELINE / module).is_dir() if module.endswith("/") else (PIPELINE / module).is_file(), module


def test_a_cue_literal_is_reported_but_not_a_docstring_or_prose(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "cues.py").write_text(
        '"""推进中 in a docstring."""\n'
        "def f():\n"
        '    """正在 in a docstring."""\n'
        '    raise ValueError("no 巡视 in the text")\n'
        '_DONE = ("已完成",)\n',
        encoding="utf-8",
    )
    assert _offenders(tmp_path) == ["pipeline/rules/cues.py:5: '已完成'"]


def _word_lists() -> dict[str, tuple]:
    """Every tuple of words in the lexicon, dict entries included, by name."""
    lists = {}
    for name, value in vars(lexicon).items():
        if isinstance(value, tuple):
            lists[name] = value
        elif isinstance(value, dict):
            lists.update({f"{name}[{key!r}]": words for key, words in value.items() if isinstance(words, tuple)})
    return lists


def test_no_lexicon_list_names_a_word_twice():
    # A word added by hand a second time (推进中 once was) is one entry, not two.
    repeated = {name: words for name, words in _word_lists().items() if len(set(words)) != len(words)}
    assert not repeated
    assert "UNFINISHED_CUES" in _word_lists() and "STAT_UNITS['problems']" in _word_lists()
