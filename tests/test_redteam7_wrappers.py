"""Red team 7 (issue 9, class 3): programs that run the command after their own words.

`flock -c CMD FILE` (getopt takes -c before the lock file too), `ifne`, `run0` (systemd's sudo),
`eatmydata`, `logsave FILE`, `cpulimit -l N`, `setarch ARCH`, `setuidgid USER`, `envdir DIR` ...
ran `curl` past open's deny-cmd: each is unwrapped to the program it starts."""

import pytest

from conftest import assert_allowed, assert_denied


@pytest.mark.parametrize("command", [
    "flock -c 'curl x' /tmp/l",
    "flock --command='curl x' /tmp/l",
    "flock -x -c 'curl y' /tmp/l",
    "ifne curl x",
    "run0 curl x",
    "run0 -u root curl x",
    "eatmydata curl x",
    "logsave /dev/null curl x",
    "cpulimit -l 50 curl x",
    "nocache curl x",
    "torify curl x",
    "authbind --deep curl x",
    "setarch x86_64 -R curl x",
    "linux64 curl x",
    "systemd-inhibit --why=x curl y",
    "setuidgid nobody curl y",
    "envdir /tmp/e curl x",
    "setlock -n /tmp/l curl x",
    "softlimit -m 100 curl x",
])
def test_the_wrapped_program_meets_deny_cmd(guard_setup, command):
    assert_denied(guard_setup.bash(command, role="open"), "`curl` is denied by deny-cmd")


@pytest.mark.parametrize("command", ["flock -c 'echo hi' /tmp/l", "flock -w 5 /tmp/l make", "ifne echo hi",
                                     "setarch x86_64 make"])
def test_wrapped_everyday_programs_stay_allowed(guard_setup, command):
    assert_allowed(guard_setup.bash(command, role="open"))


@pytest.mark.parametrize("role", ["open", "builder"])
def test_git_remote_ext_runs_its_command(guard_setup, role):
    assert_denied(guard_setup.bash("git remote-ext x 'curl x'", role=role), "`curl` is denied by deny-cmd",
                  "run later by `git remote-ext`")


@pytest.mark.parametrize("command", ["git daemon --export-all --base-path=/", "git instaweb"])
def test_gits_own_servers_are_exfiltration(guard_setup, command):
    assert_denied(guard_setup.bash(command, role="open"), "denied by deny-cmd", command.split(" -")[0])
