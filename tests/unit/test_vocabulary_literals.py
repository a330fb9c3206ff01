"""Task states and account roles are named by their enum members (``handlers.vocabulary``:
``TaskState``, ``Role``), never spelt: a misspelt word compares false forever, a member fails
at import. The vocabulary modules define the words and the migrations keep the words they were
written with; everywhere else in app/ and workflows/ a string literal equal to one of those
words must not be compared (``==``, ``!=``, ``in`` a tuple/list/set of literals), passed as a
``state=`` / ``role=`` keyword, or assigned to a ``.state`` / ``.role`` attribute.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from handlers.vocabulary import Role, TaskState

ROOT = Path(__file__).resolve().parents[2]
WORDS = frozenset(m.value for m in TaskState) | frozenset(m.value for m in Role)
VOCABULARY_MODULES = frozenset(
    {"handlers/vocabulary.py", "handlers/exams/vocabulary.py", "handlers/titles/vocabulary.py"}
)
# The same word meaning something else: (path, word), each with why it stays.
OTHER_MEANINGS = {
    # A process instance's filter (open / completed instances), not a task row's state.
    ("app/governance/services/instances.py", "completed"),
}


def _sources() -> Iterator[Path]:
    for package in ("app", "workflows"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith("app/migrations/") or relative in VOCABULARY_MODULES:
                continue
            yield path


def _word(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in WORDS:
        return node.value
    return None


def _words_compared(node: ast.Compare) -> Iterator[str]:
    operands = [node.left, *node.comparators]
    for op, left, right in zip(node.ops, operands, operands[1:], strict=False):
        if isinstance(op, ast.Eq | ast.NotEq):
            yield from (w for w in (_word(left), _word(right)) if w)
        elif isinstance(op, ast.In | ast.NotIn):
            if isinstance(right, ast.Tuple | ast.List | ast.Set):
                yield from (w for w in map(_word, right.elts) if w)
            if word := _word(left):
                yield word


def _assigned(node: ast.Assign | ast.AnnAssign) -> Iterator[tuple[ast.expr, ast.expr]]:
    """(target, value) pairs of an assignment, tuple targets unpacked element by element."""
    if node.value is None:
        return
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    for target in targets:
        if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
            yield from zip(target.elts, node.value.elts, strict=False)
        else:
            yield target, node.value


def offences(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, word) of each raw task state or role in a comparison, keyword or assignment."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            yield from ((node.lineno, word) for word in _words_compared(node))
        elif isinstance(node, ast.keyword) and node.arg in ("state", "role"):
            if word := _word(node.value):
                yield node.value.lineno, word
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            for target, value in _assigned(node):
                named = isinstance(target, ast.Attribute) and target.attr in ("state", "role")
                if named and (word := _word(value)):
                    yield value.lineno, word


def test_no_raw_task_states_or_roles() -> None:
    found = []
    for path in _sources():
        relative = path.relative_to(ROOT).as_posix()
        for line, word in offences(ast.parse(path.read_text(encoding="utf-8"))):
            if (relative, word) not in OTHER_MEANINGS:
                found.append(f"{relative}:{line}: {word!r}")
    assert not found, "spell these with TaskState / Role:\n" + "\n".join(found)


def test_the_check_sees_each_form() -> None:
    """Each form the rule forbids is caught, and the enum members pass."""
    source = """
if task.state == "ready": pass
if "admin" != user.role: pass
if user.role in ("admin", "reviewer"): pass
if user.role not in ["declarant"]: pass
rows.filter_by(state="cancelled", role="policy")
row.state, row.at = "completed", now
user.role = "applicant"
ok = task.state == TaskState.READY or user.role in (Role.ADMIN,) or queue == "manual"
"""
    assert sorted(offences(ast.parse(source))) == [
        (2, "ready"),
        (3, "admin"),
        (4, "admin"),
        (4, "reviewer"),
        (5, "declarant"),
        (6, "cancelled"),
        (6, "policy"),
        (7, "completed"),
        (8, "applicant"),
    ]
