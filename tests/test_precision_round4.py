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


# `cd "$(git rev-parse --show-toplevel)"`: the top of the repository is on disk (hook/gittop.py)
@pytest.mark.parametrize("command", [
    'cd "$(git rev-parse --show-toplevel)" && make test',
    "cd $(git rev-parse --show-toplevel)/packages/web && pnpm build",
    'cd src && cd "$(git rev-parse --show-toplevel)" && pytest -q',
    'echo start >/dev/null && cd "$(git rev-parse --show-toplevel)" && make',
    'ROOT=$(git rev-parse --show-toplevel); cd "$ROOT" && ls -la && git status',
    'stat -c %s "$(git rev-parse --show-toplevel)/opencode.json"',
])
def test_the_top_of_the_repository_is_known(s, command):
    assert_allowed(s.bash(command))


@pytest.mark.parametrize("command,fragment", [
    # once known, the paths after it meet the rules as any other
    ('cat "$(git rev-parse --show-toplevel)/opencode.json"', "protected"),
    ('cd "$(git rev-parse --show-toplevel)" && cat .env', "deny-path"),
    # whatever could make git answer otherwise leaves the folder unknown
    ('GIT_WORK_TREE=~; cd "$(git rev-parse --show-toplevel)" && cat .ssh/id_rsa', ""),
    ('export GIT_DIR=~/x; cd "$(git rev-parse --show-toplevel)" && cat .ssh/id_rsa', "could not determine"),
    ('git() { echo ~; }; cd "$(git rev-parse --show-toplevel)" && cat .ssh/id_rsa', "could not determine"),
    ('PATH=./bin:$PATH; cd "$(git rev-parse --show-toplevel)" && cat .ssh/id_rsa', "could not determine"),
    ('cd "$(git rev-parse --show-toplevel --git-dir)" && cat config', "could not determine"),
    ('cd "$(git -C ~ rev-parse --show-toplevel)" && cat .ssh/id_rsa', "could not determine"),
    # an earlier command of the line may change what git finds (its config, a new repository)
    ('git config core.worktree ~ && cd "$(git rev-parse --show-toplevel)" && cat .aws/credentials', "could not determine"),
    ('make && cd "$(git rev-parse --show-toplevel)" && cat .aws/credentials', "could not determine"),
    ('echo x > build/x && cd "$(git rev-parse --show-toplevel)" && cat .aws/credentials', "could not determine"),
    ('git init -q sub && cd sub && cd "$(git rev-parse --show-toplevel)" && cat .aws/credentials', "could not determine"),
    ('ln -s ~ x && cd x && cd "$(git rev-parse --show-toplevel)" && cat .aws/credentials', "could not determine"),
])
def test_the_top_stays_unknown_where_git_could_answer_otherwise(s, command, fragment):
    assert_denied(s.bash(command, role="open"), fragment)


def test_a_work_tree_set_in_the_config_or_a_linked_work_tree_leaves_the_top_unknown(tmp_path):
    t = polyglot_project(tmp_path)
    with open(t.path(".git/config"), "a") as f:
        f.write("[core]\n\tworktree = %s\n" % t.home)
    assert_denied(t.bash('cd "$(git rev-parse --show-toplevel)" && cat .ssh/id_rsa', role="open"), "could not determine")
    u = polyglot_project(tmp_path / "linked")
    import shutil

    shutil.rmtree(u.path(".git"))
    with open(u.path(".git"), "w") as f:
        f.write("gitdir: %s\n" % u.home)
    assert_denied(u.bash('cd "$(git rev-parse --show-toplevel)" && cat .ssh/id_rsa', role="open"), "could not determine")


def test_above_the_top_is_outside_a_builders_paths(s):
    assert_denied(s.bash('cd "$(git rev-parse --show-toplevel)/.." && ls'), "outside the allowed paths")


def test_inside_the_git_directory_git_prints_no_top(s):
    """(Through the shell, `cd .git && ...` is refused first for another reason: git would read a
    configuration the command moved into.)"""
    import os

    from legant_guard.hook import gittop

    assert gittop._top(s.path("src")) == os.path.realpath(s.project)
    assert gittop._top(s.path(".git")) is None
    assert gittop._top(s.path(".git/refs")) is None
    assert gittop._top(s.home) is None


def test_outside_a_repository_the_top_stays_unknown(s):
    assert_denied(s.bash('cd ~ && cd "$(git rev-parse --show-toplevel)" && cat .ssh/id_rsa', role="open"),
                  "could not determine")
