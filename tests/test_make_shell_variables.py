"""make runs a makefile's `$(VAR)` as a program; a VAR the command sets (`NPM=curl make`, `export
NPM=curl; make`, `make NPM=curl`) names the program make runs. HOME, PWD and CDPATH while they
hold what the shell itself gives them were taken for such settings: a makefile running
`$(PWD)/build.sh` or `$(HOME)/bin/x` made every `make` a deny under builder (`home` is not on
the command allow-list). Those are the project's own recipes, as `bash build.sh` is."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

MAKEFILE = "all:\n\t$(PWD)/build.sh\n\t$(HOME)/bin/tool\ntest:\n\t$(PWD)/run-tests.sh\n"
RUNNER = "all:\n\t$(NPM) install\n\t$(PWD)/build.sh\n"


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("makevars"),
                      files={"Makefile": MAKEFILE, "runner.mk": RUNNER, "sub/Makefile": MAKEFILE})


@pytest.mark.parametrize("command", [
    "make", "make all", "make test", "make -j4 test", "cd sub && make", "make -C sub all",
    "make -f runner.mk", "git status && make test | tail -n 5",
])
def test_the_shells_own_home_and_pwd_are_not_settings_of_the_command(s, command):
    assert_allowed(s.bash(command, role="builder"))


@pytest.mark.parametrize("command", [
    "export NPM=curl; make -f runner.mk", "NPM=curl make -f runner.mk", "make -f runner.mk NPM=curl",
    "export PWD=curl; make -f runner.mk", "PWD=curl make -f runner.mk", "make -f runner.mk PWD=curl",
])
def test_a_variable_the_command_sets_is_the_program_make_runs(s, command):
    proc = s.bash(command, role="builder")
    assert_denied(proc, "curl")
    assert "as a program" in proc.stderr


def test_a_home_the_command_moves_is_still_its_setting(s):
    assert_denied(s.bash("export HOME=curl; make", role="builder"), "curl")
