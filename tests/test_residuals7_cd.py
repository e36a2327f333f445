"""Residuals 7 (issue 9 class 5): the working folder after a `cd` that may fail or may not run.

`cd ~; cd /tmp/nope; cat .netrc`: the second cd fails (no such folder) and cat reads ~/.netrc;
`cd ~; false && cd /tmp; cat .netrc` never runs its cd; `cd ~ || cd /tmp; cat .netrc` stays
home. The walk took each cd as done and judged cat in /tmp. Now the folder after such a point
is every folder it could be (shell/cwdforks.py), and the command is judged in each.
A cd into a folder that is there (and nothing earlier in the line could remove it), `mkdir -p
build; cd build` and `cd x || exit` stay as they were.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("r7cd"), files={
        "~/.netrc": "machine x login y password z\n", "~/notes.txt": "n", "sub/x.txt": "x", "sub/deeper/y.txt": "y",
        "README.md": "r", "sub/README.md": "r"})


@pytest.mark.parametrize("command", [
    "cd ~; cd /nonexistent-r7/x; cat .netrc",
    "cd ~; cd nope; cat .netrc",
    "cd ~; cd nope 2>/dev/null; cat .netrc",
    "cd ~; { cd /nonexistent-r7; }; cat .netrc",
    "cd ~; cd /nonexistent-r7 && true; cat .netrc",
    "cd ~; false && cd /tmp; cat .netrc",
    "cd ~; [ -d /nonexistent-r7 ] && cd /nonexistent-r7; cat .netrc",
    "cd ~; test -n \"$CI\" && cd /tmp; cat .netrc",
    "cd ~ || cd /tmp; cat .netrc",
    "cd ~; cd nope || cat .netrc",
    "cd ~; cd /nonexistent-r7 && false && cd /; cat .netrc",
    "cd ~; cd /tmp && false && cd /; cd /tmp/nope-r7; cat ~/.netrc",
    "cd ~; cd nope; cd nope2; cat .netrc",
    "cd ~; cd sub-missing; head -c 100 .netrc > /dev/null",
])
@pytest.mark.parametrize("role", ["open", "builder"])
def test_a_cd_that_may_fail_or_not_run_leaves_the_folder_where_it_was(g, command, role):
    proc = g.bash(command, role=role)
    if role == "builder":  # (the home folder is outside the builder's paths before anything else)
        assert_denied(proc, "outside the allowed paths")
        return
    assert_denied(proc, "/.netrc is denied by deny-path ~/.netrc")


@pytest.mark.parametrize("command", [
    "cd nope/deeper; cat ../../outside.txt",
    "cd nope/deeper || true; cat ../../outside.txt",
    "false && cd sub/deeper; cat ../../outside.txt",
])
def test_a_builder_cannot_leave_the_project_through_a_failing_cd(g, command):
    assert_denied(g.bash(command, role="builder"), "outside the allowed paths")


@pytest.mark.parametrize("command", [
    "cd sub; cat x.txt", "cd sub && cat x.txt; cat README.md", "cd sub/deeper; cat ../x.txt",
    "mkdir -p build; cd build; touch out.txt", "mkdir -p build && cd build && touch out.txt",
    "cd nope || exit 1; cat x.txt", "cd sub && make; ls", "cd sub && cat x.txt && cd ..; cat README.md",
    "[ -d build ] && cd build; ls", "cd sub; cd deeper; cat y.txt", "cd sub || true; cat README.md",
])
def test_everyday_cds_stay_allowed(g, command):
    assert_allowed(g.bash(command, role="builder"))


@pytest.mark.parametrize("command", [
    "cd ~; cd /tmp; cat .netrc",  # (/tmp is there: cat reads /tmp/.netrc, no secret)
    "cd ~; cat notes.txt; cd nope; cat notes.txt",
])
def test_a_cd_into_a_folder_that_is_there_is_taken(g, command):
    assert_allowed(g.bash(command, role="open"))


def test_a_folder_an_earlier_command_may_remove_is_not_taken_for_granted(g):
    assert_denied(g.bash("cd ~; rm -rf /tmp/r7-gone; cd /tmp/r7-gone; cat .netrc", role="open"), "/.netrc")
    assert_denied(g.bash("cd ~; mv sub2 x; cd sub2; cat .netrc", role="open"), "/.netrc")


def test_too_many_ways_the_cds_may_go_is_undetermined(g):
    command = "cd ~; " + "; ".join(f"cd nope{k}" for k in range(6)) + "; cat notes.txt"
    assert_denied(g.bash(command, role="open"), "could not determine the working directory", "may fail or not run")
    assert_allowed(g.bash(command, role="operator"))
