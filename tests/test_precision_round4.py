"""Precision, fourth round: the relaxations behind tests/shell_corpus/must_allow_round4.json,
each with the risky neighbour that stays denied and its reason. (Listers on a hook config:
tests/test_precision_namesonly.py.)

A real project in tmp; each case pipes one event into the real hook in-process.
"""

import pytest

from conftest import assert_allowed, assert_denied
from polyglot import polyglot_project


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return polyglot_project(tmp_path_factory.mktemp("round4"), agents=True)


# `git stash list` and `git stash show` change nothing: a read or a pop after them in the same
# command reads what is there now.
@pytest.mark.parametrize("command", [
    "git stash list && git stash show -p stash@{0} | head -40",
    "git stash show --stat && git stash list",
    "git stash show -p stash@{0} > build/wip.patch && git stash list",
    "git stash list && git stash pop",
])
def test_listing_the_stashes_changes_nothing(s, command):
    assert_allowed(s.bash(command))


@pytest.mark.parametrize("command,fragment", [
    # a stash pushed earlier in the command is not on disk when the hook reads
    ("git stash && git stash show -p", "earlier in the command changes"),
    ("git stash push -m x && git stash show -p", "earlier in the command changes"),
    ("git stash -u && git stash show -p", "earlier in the command changes"),
    ("git stash list && git add -f .env && git stash && git stash show -p", "deny-path"),
])
def test_a_stash_made_in_the_same_command_stays_unknown(s, command, fragment):
    assert_denied(s.bash(command), fragment)


# A builder may stop a background job of its own command (`pnpm dev & sleep 5; kill %1`).
@pytest.mark.parametrize("command", [
    "tail -f build/app.log & sleep 3; kill %1",
    "pnpm dev > build/dev.log 2>&1 & sleep 5; tail -20 build/dev.log; kill %1",
    "kill -TERM %1", "kill -9 %2", "kill -s INT %1",
])
def test_a_builder_stops_its_own_background_job(s, command):
    assert_allowed(s.bash(command))


@pytest.mark.parametrize("command,fragment", [
    ("kill 1234", "allow-list"), ("kill %1 1234", "allow-list"), ("kill $!", "allow-list"), ("kill %", "allow-list"),
    ("kill -9 -1", "kill-every-process"), ("kill -- -1", "kill-every-process"), ("kill -9 %1 -1", "kill-every-process"),
    ("pkill -f node", "allow-list"), ("killall node", "allow-list"),
])
def test_other_processes_stay_out_of_a_builders_reach(s, command, fragment):
    assert_denied(s.bash(command), fragment)
