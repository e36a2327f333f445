"""Red team #33 (issue 9 class 5): what a substitution prints when its command takes operands from
its input.

`cat $(echo ~/.netrc | xargs echo)` read ~/.netrc under builder: the analysis computed what `echo`
prints from its own words only (none: an empty line), while xargs appends the input's words, so
`cat` was judged with no operand at all. A command run by xargs or parallel now prints text the
analysis does not know, and an operand built from it is undetermined.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt33s"), files={
        ".env": "S=1\n", "~/.netrc": "m\n", "src/a.go": "package a\n", "go.mod": "module x\n",
        "build/name": ".env\n"})


@pytest.mark.parametrize("command", [
    "cat $(echo ~/.netrc | xargs echo)",
    "cat $(echo .env | xargs echo)",
    "cat \"$(echo .env | xargs -n1 echo)\"",
    "cat $(echo .env | xargs printf '%s\\n')",
    "cat $(echo .env | xargs -I{} echo {})",
    "cat $(echo .e | xargs echo)nv",
    "cat $(xargs echo < build/name)",
    "cat $(xargs -a build/name echo)",
    "cat $(echo vne. | xargs echo | rev)",
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_what_xargs_prints_is_not_known(g, command, role):
    assert_denied(g.bash(command, role=role), "could not determine operand")


def test_parallel_runs_its_own_words_which_are_known(g):
    assert_denied(g.bash("cat $(parallel echo ::: .env)", role="open"), ".env is denied by deny-path")


@pytest.mark.parametrize("command", [
    "echo src/a.go | xargs cat",
    "echo hi | xargs echo",
    "cat $(echo src/a.go)",
])
def test_xargs_itself_stays_allowed(g, command):
    assert_allowed(g.bash(command))
