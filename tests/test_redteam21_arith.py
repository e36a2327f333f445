"""Constant arithmetic is read as bash computes it (shell/arith.py constant_value): a tripwire
that knows `kill -9 -1` must know `kill -9 $((-1))`, `$[0-1]` and `$((~0))` (rt9j: arithmetic
was not evaluated in operands, so these killed every process under every role)."""

import pytest

from conftest import assert_allowed, assert_denied
from legant_guard.shell.arith import constant_value


def _lit(text):
    return [("lit", text)]


@pytest.mark.parametrize("text,value", [
    ("-1", -1), (" - 1 ", -1), ("0-1", -1), ("~0", -1), ("1-2", -1), ("(2*3-7)", -1), ("7/-7", -1),
    ("-7%6", -1), ("18446744073709551615", -1), ("1+1", 2), ("-1 || 0", 1), ("1<<63", -(1 << 63)),
    # red team 27: powers, bases, and a variable the expression sets itself are computed as bash does
    ("2**3", 8), ("x", None), ("x=-1", -1), ("0x1f", 31), ("017", 15), ("16#ff", 255), ("1/0", None),
    ("", None), ("1 +", None), ("((1)", None), ("a[$(id)]", None),
])
def test_constant_arithmetic_is_computed_as_bash_does(text, value):
    assert constant_value(_lit(text)) == value


def test_arithmetic_with_a_substitution_or_variable_is_not_constant():
    assert constant_value([("lit", "1+"), ("var", "x", None, None, False)]) is None


@pytest.mark.parametrize("command", [
    "kill -9 $((-1))", "kill -9 $((0-1))", "kill -s KILL -- $((-1))", 'kill -9 "$(( -1 ))"', "kill -9 $[-1]",
    "kill -9 $((~0))", "kill -- -$((1))", "kill -9 $((18446744073709551615))",
])
def test_kill_of_every_process_by_arithmetic_is_a_tripwire(guard_setup, command):
    for role in ("operator", "open", "builder"):
        assert_denied(guard_setup.bash(command, role=role), "kill-every-process")


@pytest.mark.parametrize("command", ["kill $((1+1000))", "echo $((2+3)) > n.txt", "sleep $((1*2))"])
def test_ordinary_arithmetic_stays_allowed(guard_setup, command):
    assert_allowed(guard_setup.bash(command, role="operator"))
