"""A glob operand is judged as the pattern it is (files it names later could be protected), but
a pattern that overlaps a protected or denied path only by naming paths BELOW it cannot reach
it while that path is no folder: `wc -l **/*.py` is not a read of `opencode.json`
(globrules.only_below_a_file). Folders, links and globstar's empty `**` keep the overlap. And a
protected file that is not there is out of reach of a pattern a read-only command reads
(`wc -l *` without an opencode.json): only a write, refused on its own, could put it there.
(`ls *` with one: tests/test_precision_namesonly.py.)

A real project in tmp; each case pipes one event into the real hook in-process.
"""

import os

import pytest

from conftest import assert_allowed, assert_denied
from polyglot import polyglot_project


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return polyglot_project(tmp_path_factory.mktemp("globs"))


@pytest.mark.parametrize("command", [
    "wc -l **/*.py", "ls */*.json", "cat src/**/*.ts", "shopt -s globstar; wc -l **/*.py",
    "shopt -s globstar nullglob; ls src/**/*.ts", "cat */opencode.json",
])
def test_patterns_that_only_name_paths_below_a_file_are_allowed(s, command):
    assert_allowed(s.bash(command))


@pytest.mark.parametrize("command,fragment", [
    ("shopt -s globstar; sed -i s/x/y/ **/opencode.json", "protected"),  # an empty `**` names the file itself
    ("sed -i s/x/y/ *.json", "protected"),  # a command that writes keeps the pattern reading
    ("sort -o sorted.txt *.json", "protected"),
    ("echo x > .cl*/settings.local.json", "protected"),
    ("shopt -s dotglob; cat *", "deny-path"),  # (.env is there)
    ("wc -l .git/*", "deny-path"),
    ("shopt -s globstar; cat **/.env", "deny-path"),
    ("shopt -s expand_aliases; ls", "allow-list"),
    ("shopt -s cdable_vars", "allow-list"),
])
def test_patterns_that_can_reach_a_protected_path_stay_denied(s, command, fragment):
    assert_denied(s.bash(command), *([fragment] if fragment else []))


def test_a_secret_that_is_not_there_now_keeps_the_overlap(s):
    # HOME has no .ssh here; on the user's machine it is a folder
    assert not os.path.exists(os.path.join(s.home, ".ssh"))
    assert_denied(s.bash("cat ~/.ss*/id_rsa", role="open"), "deny-path")
    assert_denied(s.bash("cat ~/.aws/*/credentials", role="open"), "deny-path")


def test_a_protected_name_that_is_a_folder_or_a_link_keeps_the_overlap(tmp_path):
    t = polyglot_project(tmp_path)
    os.makedirs(os.path.join(t.project, "elsewhere"))
    os.symlink("elsewhere", os.path.join(t.project, "opencode.json"))
    assert_denied(t.bash("ls */*.py"), "protected")
    os.remove(os.path.join(t.project, "opencode.json"))
    os.makedirs(os.path.join(t.project, "opencode.json"))
    assert_denied(t.bash("ls */*.py"), "protected")
    os.rmdir(os.path.join(t.project, "opencode.json"))
    with open(os.path.join(t.project, "opencode.json"), "w") as f:
        f.write("{}\n")
    assert_allowed(t.bash("ls */*.py"))
    assert_denied(t.bash("cat *.json"), "protected")


@pytest.mark.parametrize("command", ["wc -l *", "grep -n x * | head", "cat *.json", "cat * > all.txt",
                                     "shopt -s globstar; cat **/opencode.json", "cat .claude/*", "head -n 3 .cl*/*"])
def test_a_read_only_pattern_reaches_a_protected_file_only_when_it_is_there(tmp_path, command):
    """`wc -l *` in a project without an opencode.json reads no hook config: only a write could put
    one there, and every such write is refused on its own. Once the file is there, the pattern
    reaches it and the command is refused."""
    t = polyglot_project(tmp_path)
    assert_allowed(t.bash(command))
    with open(os.path.join(t.project, "opencode.json"), "w") as f:
        f.write("{}\n")
    os.makedirs(os.path.join(t.project, ".claude"), exist_ok=True)
    with open(os.path.join(t.project, ".claude", "settings.json"), "w") as f:
        f.write("{}\n")
    assert_denied(t.bash(command), "protected")


def test_an_unpacker_into_a_pattern_keeps_the_pattern_reading(tmp_path):
    t = polyglot_project(tmp_path)
    os.makedirs(os.path.join(t.project, ".claude"))  # (settings.json is not there: tar could create it)
    assert_denied(t.bash("tar -cf - src | tar -xf - -C .cl*", role="open"), "protected")

