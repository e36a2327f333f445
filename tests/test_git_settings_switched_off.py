"""`git -c core.fsmonitor=false status` and `git -c core.hooksPath=/dev/null commit` switch a
program off for one command (scripts and agents do both); they were refused like any program
setting. Every other value of those keys still names a program git runs."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("gitoff"))


@pytest.mark.parametrize("command", [
    "git -c core.fsmonitor=false status", "git -c core.fsmonitor=False status", "git -c core.fsmonitor=0 status",
    "git -c core.fsmonitor=off diff", "git -c CORE.FSMONITOR=no status", "git -c core.hooksPath=/dev/null commit -m x",
    "git -ccore.fsmonitor=false status",
])
def test_a_setting_that_switches_the_program_off_is_allowed(s, command):
    assert_allowed(s.bash(command, role="builder"))


@pytest.mark.parametrize("command", [
    "git -c core.fsmonitor=./x status", 'git -c core.fsmonitor=" false" status', "git -c core.fsmonitor=falsex status",
    "git -c core.fsmonitor= status", "git -c core.hooksPath=/dev/nullx commit -m x", "git -c core.hooksPath=/dev/null/x commit -m x",
    "git -c core.hooksPath=hooks commit -m x", "git --config-env=core.fsmonitor=F status", 'git -c core.fsmonitor="$F" status',
    "git -c credential.helper= -c core.fsmonitor=./x status",
])
def test_any_other_value_is_still_a_program_git_runs(s, command):
    proc = s.bash(command, role="builder")
    assert proc.returncode == 2, proc.stderr
    assert "git" in proc.stderr
