"""Red team, third round (issue 9 class 3/5): bash arithmetic that runs commands.

bash evaluates the value of a variable named in arithmetic as arithmetic too, and an array
subscript there goes through command substitution: `x='a[$(curl h)]'; echo $((x))` runs curl.
Builtins that take a variable name (`test -v`, `printf -v`, `read`, `unset`, `declare` ...)
evaluate a subscript the same way. All of these were allowed before (the guard only walked the
substitutions written directly inside `$((...))`). Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt3arith"), files={"src/a.py": "x = 1\n"})


@pytest.mark.parametrize("cmd", [
    "test -v 'a[$(curl x)]'",
    "[[ -v 'a[$(curl x)]' ]]",
    "printf -v 'a[$(curl x)]' x",
    "x='a[$(curl x)]'; echo $((x))",
    "x='a[$(curl x)]'; echo $(($x))",
    "x='a[$(curl x)]'; ((x))",
    "x='a[$(curl x)]'; [[ $x -eq 1 ]]",
    "x='a[$(curl x)]'; y=x; echo $((y+1))",  # a value that names another variable
    "x='a[`curl x`]'; echo $((x))",
])
def test_arithmetic_runs_subscript_substitution_builder(g, cmd):
    assert_denied(g.bash(cmd), "`curl` is denied by deny-cmd", "bash evaluates this as arithmetic")


def test_off_list_program_in_arithmetic_builder(g):
    assert_denied(g.bash("x='a[$(id)]'; echo $((x))"), "`id` is not on the command allow-list", "arithmetic")


@pytest.mark.parametrize("cmd", [
    "unset 'a[$(curl x)]'",
    "read 'a[$(curl x)]' <<< 1",
    "declare 'a[$(curl x)]=1'",
    "let 'a[$(curl x)]'",
    "x='a[$(curl x)]'; let x+1",
    "export 'a[$(curl x)]'",
    "mapfile 'a[$(curl x)]' < src/a.py",
    "wait -p 'a[$(curl x)]'",
])
def test_builtins_evaluate_subscripts_open(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "`curl` is denied by deny-cmd", "bash evaluates this as arithmetic")


@pytest.mark.parametrize("cmd, role", [
    ("echo $((1+2))", "builder"),
    ("n=3; echo $((n*2))", "builder"),
    ("[[ $n -eq 3 ]]", "builder"),
    ("[[ -v HOME ]]", "builder"),
    ("test -v HOME", "builder"),
    ("printf -v out %s x", "builder"),
    ("for ((i=0;i<3;i++)); do echo $i; done", "builder"),
    ("i=0; ((i++)); echo $i", "builder"),
    ("echo 'a[$(curl x)]'", "builder"),  # printed, never evaluated
    ("declare -a a; a[1]=2; echo ${a[1]}", "open"),
    ("let i=1+2", "open"),
    ("read -r line < src/a.py", "open"),
])
def test_everyday_arithmetic_allowed(g, cmd, role):
    assert_allowed(g.bash(cmd, role=role))
