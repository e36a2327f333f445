"""Red team, third round (issue 9 class 5): shell state changed earlier in the same command.

`set -P` / `set -o physical` make every later `cd` resolve symlinks, so `cd link/..` lands in
the parent of the link's TARGET; the guard kept collapsing `..` lexically there (and for
`cd -LP`, where the last of -L/-P wins). `declare -n r=f` links two names: `$r` is `$f` and
`r=x` sets f; the guard read `$r` as the text "f". Both were allowed under `open` (which allows
the builtins) and read ~/.ssh/id_rsa or .env. Verdicts only: nothing is executed.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt3state"), files={
        "~/.ssh/id_rsa": "key\n", "~/a/b/": None, ".env": "SECRET=1\n", "src/a.py": "x = 1\n"})
    # a link a cloned repository could carry: ab -> ~/a/b, so ab/.. is ~/a physically
    os.symlink(os.path.join(setup.home, "a", "b"), os.path.join(setup.project, "ab"))
    return setup


@pytest.mark.parametrize("cmd", [
    "set -P; cd ab/..; cat ../.ssh/id_rsa",
    "set -o physical; cd ab/..; cat ../.ssh/id_rsa",
    "set -eP; cd ab/..; cat ../.ssh/id_rsa",
    "cd -LP ab/..; cat ../.ssh/id_rsa",
    "set -P; cd ab; cd ..; cat ../.ssh/id_rsa",
])
def test_physical_cd_follows_the_link(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "home/.ssh/id_rsa is denied by deny-path ~/.ssh")


@pytest.mark.parametrize("cmd", [
    "set -P; set +P; cd ab/..; cat ../.ssh/id_rsa",  # logical again: ab/.. is the project
    "cd -PL ab/..; cat ../.ssh/id_rsa",
])
def test_logical_cd_stays_lexical(g, cmd):
    assert_allowed(g.bash(cmd, role="open"))


@pytest.mark.parametrize("cmd", [
    "declare -n r=f; f=.env; cat $r",
    "declare -n r=f; f=src/a.py; r=.env; cat $f",
    "local -n r=f; f=.env; cat \"$r\"",
    "typeset -n r; r=f; f=.env; cat $r",
    "declare -gn r=f; f=.env; cat $r",
])
def test_namerefs_are_not_followed(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "could not determine operand", "of `cat`")


@pytest.mark.parametrize("cmd", [
    "declare -n r=f; echo ok", "export -n X; echo ok", "set -euo pipefail; cd src; ls", "f=src/a.py; cat $f",
])
def test_everyday_state_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="open"))
