"""Red team 7 (issue 9, class 5): `set -k` makes NAME=VALUE words after the command word its
environment. `set -k; git log GIT_PAGER=curl` ran curl as git's pager past open's deny-cmd: the
words read as operands. After `set -k` / `set -o keyword` (also bundled, `-ek`, and in `bash -k
-c` / `bash -o keyword -c` scripts) they are judged as a prefix assignment would be."""

import pytest

from conftest import assert_allowed, assert_denied


@pytest.mark.parametrize("command, variable", [
    ("set -k; git log GIT_PAGER=curl", "GIT_PAGER"),
    ("set -o keyword; git log GIT_PAGER=curl", "GIT_PAGER"),
    ("set -ek; make CC=curl", "CC"),
    ("set -k; env x=1 git log GIT_PAGER=curl", "GIT_PAGER"),
    ("bash -k -c 'git log GIT_PAGER=curl'", "GIT_PAGER"),
    ("bash -o keyword -c 'git log PAGER=curl'", "PAGER"),
    ("set -k; f() { git log \"$@\"; }; f GIT_PAGER=curl", "GIT_PAGER"),
])
def test_keyword_assignments_are_the_environment(guard_setup, command, variable):
    assert_denied(guard_setup.bash(command, role="open"), "`curl` is denied by deny-cmd", f"`${variable}`")


@pytest.mark.parametrize("command", [
    "git log GIT_PAGER=curl",
    "set -k; set +k; git log GIT_PAGER=curl",
    "set -k; echo a=b",
    "set -k; make V=1",
])
def test_without_keyword_mode_or_a_program_they_stay_words(guard_setup, command):
    assert_allowed(guard_setup.bash(command, role="open"))
