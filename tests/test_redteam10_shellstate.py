"""Red team 10: shell state the guard followed the wrong way.

A function's `local HOME=/x` (or `declare` inside a function) is undone when the function
returns: the guard kept /x, so `~/.ssh/id_rsa` afterwards read as /x/.ssh/id_rsa while bash read
the real key. `pushd +1` brings a folder of the directory stack to the top: the guard read `+1` as
a folder name. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt10state"), files={"~/.ssh/id_rsa": "KEY\n"})


@pytest.mark.parametrize("command", [
    "f(){ local HOME=/tmp/x; }; f; cat ~/.ssh/id_rsa",
    "f(){ declare HOME=/tmp/x; }; f; cat ~/.ssh/id_rsa",
    "f(){ typeset HOME=/tmp/x; }; f; cat ~/.ssh/id_rsa",
    "pushd ~; pushd /tmp; pushd +1; cat .ssh/id_rsa",
    "pushd ~ && pushd /tmp && pushd -1 && cat .ssh/id_rsa",
])
def test_state_undone_or_rotated_at_run_time_is_unknown(setup, command):
    assert_denied(setup.bash(command, role="open"), "could not determine")


@pytest.mark.parametrize("command", [
    "f(){ local x=1; echo $x; }; f; ls",
    "f(){ declare -g OUT=/tmp/x; }; f; ls $OUT",
    "pushd src && ls",
])
def test_ordinary_functions_and_pushd_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))
