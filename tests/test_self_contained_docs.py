"""Comments and docstrings say the fact itself: none cites a file or a tracker outside the repository
(a reader of the code has neither the team's reference notes nor its issue list)."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

OUTSIDE = re.compile(
    r"domain-vi|learning-society\.md|anchors\.md|\.\./shared|shared/reference"
    r"|\bissues?\s*#\s*\d+|\bPR\s*#\d+|\(#\d+\)|(?<![\w&#])#\d{1,3}\b(?![0-9a-fA-F])",
    re.IGNORECASE,
)


def explanations(path: Path):
    """(line, text) of every comment and docstring in a Python file."""
    source = path.read_text(encoding="utf-8")
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            yield tok.start[0], tok.string
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                yield body[0].lineno, body[0].value.value


def citations(folders=("khuyenhoc_desktop", "tests")) -> list[str]:
    found = []
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for line, text in explanations(path):
                for m in OUTSIDE.finditer(text):
                    found.append(f"{path.relative_to(ROOT)}:{line}: …{text[max(0, m.start() - 30):m.end() + 30]}…")
    return found


def test_no_comment_or_docstring_cites_a_file_or_issue_outside_the_repository():
    assert citations() == []


def test_the_check_finds_what_it_forbids(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text('"""Rules (domain-vi.md §6)."""\n\n'
                      'def f():\n    """Fixed in issue #5."""\n    return "#555"  # colour, and see #12\n',
                      encoding="utf-8")
    hits = [text for _, text in explanations(sample) if OUTSIDE.search(text)]
    assert hits == ["# colour, and see #12", "Rules (domain-vi.md §6).", "Fixed in issue #5."]
