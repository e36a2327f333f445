"""A short option that takes a value ends its bundle: `git commit -mwip` is the message "wip",
not -w -i -p, so it does not open git's patch prompt; `git stash -m x -p` is `stash push` with a
message and -p (the prompt), not the subcommand `x`. Only options that really take a value end
a bundle (shell/interactive._GIT_SHORT_VALUES): a letter listed wrongly would hide a real -p."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

PROMPT = "would start an interactive session"


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("gitbundles"))


@pytest.mark.parametrize("command", [
    "git commit -mwip", "git commit -amwip", "git commit -am wip", "git commit -m -p", "git commit -vm x",
    "git commit --message=-p", "git checkout -bp", "git stash push -mp", "git stash -m x", "git stash show -p",
])
def test_a_value_glued_in_a_bundle_is_not_an_option(g, command):
    assert_allowed(g.bash(command, role="builder"))


@pytest.mark.parametrize("command", [
    "git commit -p", "git commit -m x -p", "git commit -sp", "git commit -vpm x", "git commit -uno -p",
    "git checkout -b x -p", "git stash -m x -p", "git stash --message x -p", "git stash -p", "git add -ep",
])
def test_a_real_patch_prompt_is_still_interactive(g, command):
    assert_denied(g.bash(command, role="builder"), PROMPT)
