"""Red team 7 (issue 9, class 6): an endless shell loop that starts commands in the background
is a fork bomb (catastrophic: every role, operator included), however the loop is spelled and
wherever it runs (nested `sh -c`, `eval`, a function that calls itself)."""

import pytest

from conftest import assert_allowed, assert_denied


@pytest.mark.parametrize("command, loop", [
    ("while :; do x & done", "while :"),
    ("while true; do sleep 1 & done", "while true"),
    ("while [ 1 ]; do x & done", "while [ 1 ]"),
    ("while ((1)); do x& done", "while ((1))"),
    ("while :\ndo\n  x &\ndone", "while :"),
    ("until false; do ( : ) & done", "until false"),
    ("until ! true; do x & done", "until ! true"),
    ("for ((;;)); do sh -c : & done", "for ((;;))"),
    ("for ((i=0;;i++)); do x & done", "for ((;;))"),
    ("while :; do (x &); done", "while :"),
    ("while true; do while read x; do y & done; done", "while true"),
    ("sh -c 'while :; do x & done'", "while :"),
    ("eval 'while :; do x & done'", "while :"),
    ("f(){ x & f; }; f", "f() (calls itself)"),
])
def test_an_endless_loop_that_backgrounds_is_a_fork_bomb(guard_setup, command, loop):
    assert_denied(guard_setup.bash(command, role="operator"), "tripwire fork-loop (catastrophic)", f"`{loop}`")


@pytest.mark.parametrize("command", [
    "for i in 1 2 3; do sleep 1 & done; wait",
    "while :; do sleep 1; done",
    "npm start & sleep 2; echo started",
    "f(){ x; f; }; f",
    "while read -r l; do echo \"$l\" & done < /dev/null",
    "until [ -e ready ]; do sleep 1; done",
])
def test_bounded_loops_and_plain_background_jobs_stay_allowed(guard_setup, command):
    assert_allowed(guard_setup.bash(command, role="operator"))
