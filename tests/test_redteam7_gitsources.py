"""Red team 7 (issue 9, class 2): a repository URL that names a folder on this machine is a read
of that folder. `git clone file:///home/u/other x` (or a plain path, `--reference DIR`, `git fetch`,
`git remote add o PATH`, `git archive --remote=`) copied another repository's history into the
project, outside what builder may read, or the guard dir; URLs of other hosts stay allowed."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("gitsrc"), files={"~/other/README": "r\n", "sub/README": "s\n"})


@pytest.mark.parametrize("command", [
    "git clone HOME/other x",
    "git clone file://HOME/other x",
    "git clone FILE://localhost/HOME/other x",
    "git clone file://PROJECT/%2e%2e/home/other x",
    "git clone --bare file://HOME/other x",
    "git clone -o up HOME/other x",
    "git clone --reference HOME/other https://example.com/x.git y",
    "git clone --reference=HOME/other https://example.com/x.git y",
    "git fetch file://HOME/other",
    "git pull file://HOME/other main",
    "git ls-remote file://HOME/other",
    "git remote add o file://HOME/other",
    "git remote set-url origin HOME/other",
    "git submodule add file://HOME/other s",
    "git archive --remote=file://HOME/other HEAD",
])
def test_a_local_repository_outside_the_project(setup, command):
    command = command.replace("HOME", setup.home).replace("PROJECT", setup.project)
    assert_denied(setup.bash(command), f"{setup.home}", "outside the allowed paths")


def test_the_guard_dir_as_a_repository(setup):
    assert_denied(setup.bash(f"git clone file://{setup.dir} x"), "protected")


@pytest.mark.parametrize("command", [
    "git clone https://github.com/x/y",
    "git clone git@github.com:x/y.git",
    "git clone -b main --depth 1 https://github.com/x/y z",
    "git clone file://localhost/PROJECT/sub z",
    "git clone ./sub z",
    "git fetch origin",
    "git pull --rebase origin main",
    "git remote add upstream https://github.com/x/y",
    "git fetch --all",
])
def test_remote_hosts_and_the_project_stay_allowed(setup, command):
    assert_allowed(setup.bash(command.replace("PROJECT", setup.project)))
