"""`make -C DIR TARGET` builds DIR/TARGET: GNU make's built-in rules write their target
(`%: %.sh` copies X.sh to X and makes it executable), so `make -C ~/.local/bin claude` with a
claude.sh there planted a `claude` ahead of the real one. The targets were judged from the
working folder. Found by the lead while checking why make's operands are written paths."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    # (~/.local/bin is where a login shell puts the user's programs first: a shadowing folder
    # whether or not the agent's PATH names it, trustderivation.shadowing_folders)
    return GuardSetup(tmp_path_factory.mktemp("makedir"), files={"sub/Makefile": "all:\n", "~/.local/bin/claude.sh": "x"})


@pytest.mark.parametrize("command", [
    "make -C ~/.local/bin claude", "make --directory ~/.local/bin claude", "make --dir ~/.local/bin legant",
    "make --directory=~/.local/bin codex", "make -C~/.local/bin opencode", "make -sC ~/.local/bin claude",
    "make -kC~/.local/bin claude", "make -C ~ -C .local/bin claude", "make -C ~/.local bin/claude",
    "make -f /dev/null -C ~/.local/bin claude", "gmake -C ~/.local/bin claude",
])
def test_a_target_below_make_dash_C_is_judged_in_that_folder(s, command):
    assert_denied(s.bash(command, role="open"), "guard's own installation")


def test_a_folder_built_at_run_time_is_unknown(s):
    assert_denied(s.bash('make -C "$D" claude', role="builder"), "could not determine")


@pytest.mark.parametrize("command", ["make -C sub all", "make -C sub -j4", "make -C sub", "make test", "make -j4 -C sub all"])
def test_make_in_a_project_folder_stays_allowed(s, command):
    assert_allowed(s.bash(command, role="builder"))
