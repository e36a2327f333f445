"""Names a lister prints, handed at run time to a command that changes files (`ls | xargs rm`,
`rm $(ls)`): under a role without path rules (operator) they are judged by the folder listed
(hook/inputwords.listed_reach). A hook config in that folder (opencode.json) may not be changed
through them, whatever protected names lie beside it: a `.claude/settings.json` rule (a dot-name
`ls` does not print) used to hide the opencode.json next to it, so `ls | xargs rm` deleted it.
Read-only consumers (`cat $(ls)`, `git ls-files | xargs wc -l`) and listings of other folders
stay allowed (a hook config holds no secret: THREAT_MODEL, "names listed at run time").

A real project in tmp; each case pipes one event into the real hook in-process.
"""

import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, write


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("listed"))
    write(s.path("opencode.json"), "{}")
    write(s.path("a.txt"), "x")
    write(s.path("src/app.py"), "print(1)")
    subprocess.run(["git", "init", "-q", s.project], check=True)
    subprocess.run(["git", "-C", s.project, "add", "-A"], check=True)
    return s


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """A project without a hook config that a listing could print (only the dot-folder ones)."""
    s = GuardSetup(tmp_path_factory.mktemp("listed-plain"))
    write(s.path("a.txt"), "x")
    write(s.path(".claude/settings.json"), "{}")
    return s


@pytest.mark.parametrize("command", [
    "ls | xargs rm", "rm $(ls)", "ls | xargs rm -f", "ls | xargs -I{} mv {} /tmp/x", "ls -A | xargs rm -rf",
    "ls | while read f; do rm \"$f\"; done", "git ls-files | xargs rm", "ls | xargs sed -i s/a/b/",
])
def test_names_listed_beside_a_hook_config_are_not_handed_to_a_writer(s, command):
    assert_denied(s.bash(command, role="operator"), "opencode.json")


@pytest.mark.parametrize("command", [
    "echo $(ls)", "ls | xargs ls -la", "ls src | xargs rm", "ls src | xargs cat", "git ls-files src | xargs wc -l",
    "git ls-files '*.txt' | xargs wc -l", "ls | wc -l", "cat $(ls)", "git ls-files | xargs wc -l",
])
def test_names_only_consumers_and_other_folders_stay_allowed(s, command):
    assert_allowed(s.bash(command, role="operator"))


@pytest.mark.parametrize("command", ["ls | xargs rm", "rm $(ls)", "ls | xargs sed -i s/a/b/"])
def test_a_folder_whose_hook_configs_ls_does_not_print_stays_usable(plain, command):
    assert_allowed(plain.bash(command, role="operator"))


def test_ls_with_dot_names_reaches_the_dot_folder_config(plain):
    assert_denied(plain.bash("ls -A | xargs rm -r", role="operator"), ".claude")
