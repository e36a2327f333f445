"""Residuals 7 (issue 9 class 6): patterns that stop every service or signal every daemon.

`systemctl stop '*'` matches its pattern against every loaded unit: journald, dbus, networking
and the logins go down with it, as surely as with `systemctl isolate rescue.target` (already
catastrophic). A pattern with no letter or digit of its own before the type suffix (`*`,
`*.service`, `[a-z]*`) is every unit of that type; `nginx*` or `app-?.service` are a few.
`pkill -P 1` signals every child of init (the machine's daemons) as `pkill -u root` does.

Decided by the catalogue's intent (rules/tripwires.json matches what the command itself says):
`kill -9 $PID` with a pid the line does not set stays allowed, as `rm -rf $X` does; refusing it
would refuse every `kill $PID`. What the command says for an unset variable is judged, as for
`rm -rf "$DIR"/`: `kill -9 ${PID:--1}`, `$((PID-1))` are `kill -9 -1` then. (A pid read from a
file or computed from constants is judged: tests/test_residuals6_runtime.py.)
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("r7cat"))


@pytest.mark.parametrize("command, verb, kind", [
    ("systemctl stop '*'", "stops", "unit"),
    ("systemctl stop \"*.service\"", "stops", "service"),
    ("systemctl kill '*'", "signals", "unit"),
    ("systemctl -s KILL kill '*'", "signals", "unit"),
    ("systemctl --user stop '*'", "stops", "unit"),
    ("sudo systemctl restart '*.service'", "restarts", "service"),
    ("systemctl stop -- '*'", "stops", "unit"),
    ("systemctl stop nginx '*.socket'", "stops", "socket"),
    ("systemctl try-restart '?*'", "restarts", "unit"),
    ("systemctl freeze '*.slice'", "freezes", "slice"),
    ("systemctl stop '[a-z]*'", "stops", "unit"),
    ("systemctl stop '*[!x].service'", "stops", "service"),
    ("systemctl clean --what=all '*'", "deletes the state", "unit"),
    ("bash -c \"systemctl stop '*'\"", "stops", "unit"),
    ("x='*'; systemctl stop \"$x\"", "stops", "unit"),
])
@pytest.mark.parametrize("role", ["operator", "open"])
def test_a_unit_pattern_matching_every_unit_is_catastrophic(setup, command, verb, kind, role):
    assert_denied(setup.bash(command, role=role), "tripwire stop-every-unit (catastrophic)", verb,
                  f"every {kind} running")


@pytest.mark.parametrize("command", [
    "systemctl stop nginx", "systemctl restart 'nginx*'", "systemctl stop 'docker*' 'containerd*'",
    "systemctl restart 'app-?.service'", "systemctl status '*'", "systemctl list-units '*.service'",
    "systemctl show '*'", "systemctl --user restart 'pipewire*'", "systemctl kill -s HUP nginx.service",
    "systemctl is-active '*'",
])
def test_a_named_unit_or_a_read_stays_allowed(setup, command):
    assert_allowed(setup.bash(command, role="operator"))


@pytest.mark.parametrize("command", ["pkill -9 -P 1", "pkill --parent 1,2", "pkill -KILL -P 1"])
def test_signalling_every_child_of_init_is_catastrophic(setup, command):
    assert_denied(setup.bash(command, role="operator"), "tripwire kill-every-process", "every child of init")


@pytest.mark.parametrize("command", ["pkill -9 -P 4242", "pkill -P 1 node", "pkill -9 -P $$", "pkill -f 'vite dev'"])
def test_signalling_one_parents_children_stays_allowed(setup, command):
    assert_allowed(setup.bash(command, role="operator"))


@pytest.mark.parametrize("command", ["kill -9 $PID", "kill \"$PID\"", "kill -TERM -- $PID", "kill -9 $(pgrep -f myserver)"])
def test_a_pid_the_line_does_not_set_is_not_judged(setup, command):
    # the catalogue's intent: what the command itself says (`rm -rf $X` is allowed too)
    assert_allowed(setup.bash(command, role="operator"))


@pytest.mark.parametrize("command", [
    "kill -9 ${PID:--1}", "kill -9 -${PGID:-1}", "kill -9 $((PID-1))", "kill -9 $[PID-1]", "kill -9 $(( ~PID ))",
    'kill -9 "${P:-"-1"}"', "kill -- ${P:--1}", "kill -TERM $((X - 1)) 2>/dev/null", "sudo kill -9 ${PID:=-1}",
    "kill -9 ${P:+-1}",  # (-1 whenever P is set)
])
@pytest.mark.parametrize("role", ["operator", "open"])
def test_a_pid_that_is_minus_one_when_its_variable_is_unset_is_catastrophic(setup, command, role):
    # (as `rm -rf "$DIR"/` is `rm -rf /` with DIR unset: shell/emptyreading.py)
    assert_denied(setup.bash(command, role=role), "tripwire kill-every-process", "pid -1")


@pytest.mark.parametrize("command", ["kill -9 ${PID:-4242}", "kill $((PID+0))", "kill -9 ${P-1}", "kill -9 $((PID))"])
def test_a_pid_that_is_no_minus_one_when_unset_stays_allowed(setup, command):
    assert_allowed(setup.bash(command, role="operator"))
