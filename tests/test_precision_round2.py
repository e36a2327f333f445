"""Precision, second round: the relaxations that need a repository state the corpus project
does not have, each next to the attack it must not let through.

- A listing substitution (`cat $(git ls-files SPEC)`) is narrowed to the files git lists; a
  filter inside the substitution (`| tr PZ .Z`) rewrites those names, so it is not narrowed: a
  tracked file `Penv` would otherwise become `.env`.
- `git -c commit.template=FILE commit` with an editor that changes the text (`sed -i`) puts
  FILE into the commit message: the file is read, so it meets the deny side.
"""

import os

import pytest

from conftest import assert_allowed, assert_denied
from polyglot import _git, polyglot_project


@pytest.fixture(scope="module")
def tracked(tmp_path_factory):
    setup = polyglot_project(tmp_path_factory.mktemp("round2"))
    with open(os.path.join(setup.project, "Penv"), "w") as f:
        f.write("x\n")
    _git(setup.project, "add", "Penv")
    return setup


def test_a_tracked_listing_stays_narrowed(tracked):
    assert_allowed(tracked.bash("cat $(git ls-files Penv)"))
    assert_allowed(tracked.bash("wc -l $(git ls-files '*.py') | sort -n"))


@pytest.mark.parametrize("command", [
    "cat $(git ls-files Penv | tr PZ .Z)",
    "cat $(git ls-files Penv | grep env)",
    "cat $(git ls-files Penv|tr PZ .Z)",
])
def test_a_filter_inside_the_listing_substitution_is_not_narrowed(tracked, command):
    assert_denied(tracked.bash(command), "could not determine operand")


@pytest.mark.parametrize("command", [
    "GIT_EDITOR='sed -i s/^/x/' git -c commit.template=.env commit --allow-empty",
    "git -c core.editor=true -c commit.template=.env commit --allow-empty",
    "git -c core.excludesFile=.env check-ignore -v x",
    "git -c commit.template=.env rm --cached src/app.py",
])
def test_a_git_setting_that_names_a_file_reads_it(tracked, command):
    assert_denied(tracked.bash(command), "deny-path")


@pytest.mark.parametrize("command", [
    "git -c core.editor=true rebase --continue", "git -c core.pager=cat log -3",
    "git check-ignore -q .env && echo ignored", "git -c commit.template=.github/msg.txt commit --allow-empty",
])
def test_git_settings_and_names_that_read_nothing_secret_stay_allowed(tracked, command):
    assert_allowed(tracked.bash(command))
