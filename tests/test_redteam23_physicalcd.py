"""Red team 23 (issue 9, class 1): `cd` through a symlink and then `..`.

bash's `cd` (without -P) collapses `..` lexically first, but when that folder is not there it
changes to the name as written, which the kernel resolves through the link: `cd hl/../guard`
with `hl -> ~` went to the guard dir (a sibling of the home folder) while the guard judged the
missing `PROJECT/guard`, and `cat key.pem` read the guard's key under every role. Both folders
are judged now, and the working folder afterwards is the one that exists now only while nothing
earlier in the line could make, remove or move a folder or a link; otherwise it is unknown.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("cd"), files={
        ".env": "SECRET=1\n", "README.md": "r\n", "box/": "", "~/box/": "", "~/.config/x/": "",
        "~/.netrc": "machine h password p\n"})
    os.symlink(s.home, s.path("hl"))
    os.symlink(os.path.join(s.home, ".config"), s.path("cfg"))
    return s


@pytest.mark.parametrize("command", [
    "cd hl/../guard && cat key.pem",
    "cd hl/../guard; ls",
    "cd -L hl/../guard && cat key.pem",
    "cd ./hl/../guard/ && cat feed.jwt",
    "CDPATH=hl/..; cd guard && cat key.pem",
])
@pytest.mark.parametrize("role", ["builder", "open", "operator"])
def test_cd_through_a_link_and_dotdot_to_the_guard_dir_is_refused(setup, command, role):
    assert_denied(setup.bash(command, role=role), "protected")


@pytest.mark.parametrize("command", [
    "pushd hl/../guard && cat key.pem",
    "pushd cfg/../../guard; cat key.pem",
])
def test_pushd_through_a_link_and_dotdot_is_refused(setup, command):
    assert_denied(setup.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    # the folder there now could be removed (or made) first: bash then takes the other reading
    "rmdir box; cd cfg/../box && cat ../.netrc",
    "rm -rf box && cd cfg/../box && cat ../.netrc",
    "mv box b2; cd cfg/../box; cat ../.netrc",
    "mkdir -p x/y; cd cfg/x/../../box && cat ../.netrc",
])
def test_a_folder_removed_before_the_cd_leaves_the_working_folder_unknown(setup, command):
    assert_denied(setup.bash(command, role="open"), "symlink before `..`")


@pytest.mark.parametrize("command", [
    "cd cfg/../.ssh && cat id_rsa",
    "cd cfg/x/../../.ssh; cat id_rsa",
])
def test_the_physical_reading_of_the_cd_meets_the_deny_side(setup, command):
    assert_denied(setup.bash(command, role="open"), ".ssh", "deny-path")


@pytest.mark.parametrize("command", [
    # bash goes to the lexical folder, which is there and which nothing before removes
    "cd cfg/.. && cat README.md",
    "cd cfg && cd .. && ls",
    "cd cfg; cd ../; cat README.md",
    "cd box/.. && ls",
    "cd cfg/x/../.. && cat .netrc",
    "cd hl && cd .. && git status",
])
def test_cd_back_out_of_a_linked_folder_stays_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))


def test_cd_back_out_of_a_linked_folder_is_judged_in_the_lexical_folder(setup):
    assert_denied(setup.bash("cd cfg/.. && cat .env", role="open"), ".env", "deny-path")
