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


# A Codex reviewer searches the tracked files with `git grep` (judged like the builder's: the
# files it would read meet the deny side).
@pytest.mark.parametrize("command", ["git grep -n 'def ' -- src", "git grep -n TODO", "git grep -c import -- '*.py' | head"])
def test_a_codex_reviewer_searches_with_git_grep(s, command):
    assert_allowed(s.bash(command, role="reviewer", agent="codex", turn_id="t1"))


@pytest.mark.parametrize("command,fragment", [
    ("git grep -O x", "`git -O` writes files or runs programs"),  # opens the matches in a pager
    ("git grep --open-files-in-pager=vim x", "read-only commands"),
    ("git grep -f .env", "`git -f` writes files or runs programs"),
    ("git grep --no-index API_KEY", "`git --no-index` writes files or runs programs"),
    ("git grep --untracked --no-exclude-standard API_KEY", "deny-path"),
    ("git grep API_KEY -- .env", "deny-path"),
    ("git -c grep.fallbackToNoIndex=true grep API_KEY", "count as reads"),
    ("git grep x > build/out.txt", "a redirect"),
])
def test_git_grep_for_a_reviewer_stays_a_read(s, command, fragment):
    assert_denied(s.bash(command, role="reviewer", agent="codex", turn_id="t1"), fragment)


@pytest.mark.parametrize("command", ["docker compose restart api", "docker compose stop", "docker compose start db",
                                     "docker-compose restart", "docker compose -f compose.yaml restart api"])
def test_a_builder_restarts_the_projects_services(s, command):
    assert_allowed(s.bash(command))


@pytest.mark.parametrize("command", ["docker compose exec api sh", "docker compose run --rm api sh -c id",
                                     "docker compose cp api:/x .", "docker exec app id"])
def test_running_in_a_container_stays_denied_for_a_builder(s, command):
    assert_denied(s.bash(command), "allow-list")
