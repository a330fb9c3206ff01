"""Constant parts of diagram code are evaluated when it is checked for deployment, under a
step's limits: what would fail at every run is refused then, naming its line; code whose
outcome depends on the data passes, and stored versions still load without the check."""

from __future__ import annotations

import time

import pytest

from workflows.scripting import UnsafeScript, check_deployable, check_source

HANG_GUARD_SECONDS = 5


@pytest.mark.parametrize(
    ("source", "mode", "line", "reason"),
    [
        ("x = 9 ** 9 ** 9", "exec", 1, "integer of more than"),
        ("status = 'approved'\nx = 'a' * 10 ** 9", "exec", 2, "str of more than"),
        ("if False:\n    x = 1 << 10 ** 6", "exec", 2, "integer of more than"),
        ("x = 1 / 0", "exec", 1, "division by zero"),
        ("x = [1, 2][5]", "exec", 1, "index out of range"),
        ("x = '%s' % 'y'", "exec", 1, "'%' formatting"),
        ("years >= 10 ** 10 ** 10", "eval", 1, "integer of more than"),
    ],
)
def test_a_constant_that_always_fails_is_refused_when_checked(source, mode, line, reason):
    check_source(source, mode)  # the allow-list alone accepts it; so does loading it
    started = time.monotonic()
    with pytest.raises(UnsafeScript) as refused:
        check_deployable(source, mode)
    assert f"line {line}: the constant expression" in str(refused.value)
    assert reason in str(refused.value)
    assert time.monotonic() - started < HANG_GUARD_SECONDS


@pytest.mark.parametrize(
    ("source", "mode"),
    [
        ("x = 2 ** 10 + 5", "exec"),
        ("x = years ** 9 ** 9", "exec"),  # depends on the data: the run decides
        ("x = [1, 2][i]", "exec"),
        ("total = sum([1, 2, 3]) * 10 ** 3", "exec"),
        ("action == 'pass' and not has_supervising_unit", "eval"),
        ("x = f'{9 ** 2}级'", "exec"),
    ],
)
def test_constants_that_evaluate_and_code_that_reads_data_pass(source, mode):
    check_deployable(source, mode)
