"""Red team of today's landings: a loop's `(cd "$d" && …)` judged in each folder a pattern matches.

The matches are taken when the guard decides; a folder made earlier in the same line (before
bash expands the pattern) was matched by bash but judged nowhere: `shopt -s globstar; mkdir -p
zz/a/b; for d in zz/**/; do (cd "$d" && cat ../../../../guard/key.pem); done` read the guard's key
under operator (the literal `zz/**` it was judged in sits one level higher). Now every command run
before the pattern is expanded must be one that makes no folder.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("loopfolders"), files={"zz/": "", "packages/a/": "", "packages/b/": ""})


@pytest.mark.parametrize("command", [
    'shopt -s globstar; mkdir -p zz/a/b; for d in zz/**/; do (cd "$d" && cat ../../../../guard/key.pem); done',
    'shopt -s globstar; mkdir -p zz/a/b && for d in zz/**/ packages/*/; do (cd "$d" && cat ../../../../guard/key.pem); '
    'done',
    'shopt -s globstar; for i in 1 2; do for d in zz/**/; do (cd "$d" && cat ../../../../guard/key.pem); done; '
    'mkdir -p zz/a/b; done',
])
def test_a_folder_made_before_the_pattern_is_expanded(setup, command):
    assert_denied(setup.bash(command, role="operator"), "key.pem")


def test_a_program_that_may_make_folders_first_leaves_the_folder_undetermined(setup):
    assert_denied(setup.bash('npm install; for d in packages/*/; do (cd "$d" && ls); done'), "working directory")


@pytest.mark.parametrize("command", [
    'for d in packages/*/; do (cd "$d" && ls); done',
    'echo start; for d in packages/*/; do (cd "$d" && ls); done',
    'for d in packages/*/; do echo "$d"; (cd "$d" && ls); done',
])
def test_everyday_loops_over_folders_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))


@pytest.mark.parametrize("command", [
    'for d in -P src; do (cd "$d" && echo hi >> .bashrc); done',
    'for d in src -L; do (cd "$d" && touch .profile); done',
    'for d in -P packages/*/; do (cd "$d" && touch .profile); done',
])
def test_a_value_that_looks_like_an_option_sends_its_round_home(setup, command):
    # (bash: `cd -P` with no folder goes to $HOME; the walk took -P for an option of every round)
    assert_denied(setup.bash(command), "looks like an option")


def test_a_written_option_still_works(setup):
    assert_allowed(setup.bash('for d in packages/*/; do (cd -P "$d" && ls); done'))
