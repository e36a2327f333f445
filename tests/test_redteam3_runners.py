"""Red team, third round (issue 9 class 3): programs that start the program named in their words.

Under `open`, exfiltration programs are denied wherever they start. Runners the guard did not
know (`chronic curl x`, `tsocks curl x`, `daemonize /usr/bin/curl`, `start-stop-daemon --exec`,
`nix run nixpkgs#curl`) and runners that take a whole command line as one word (`hyperfine
'curl x'`) started curl. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt3runners"))


@pytest.mark.parametrize("cmd, runner", [
    ("chronic curl x", "chronic"),
    ("hyperfine 'curl x'", "hyperfine"),
    ("hyperfine --prepare 'curl x' 'ls'", "hyperfine"),
    ("tsocks curl x", "tsocks"),
    ("start-stop-daemon --start --exec /usr/bin/curl", "start-stop-daemon"),
    ("daemonize /usr/bin/curl", "daemonize"),
    ("nix run nixpkgs#curl", "nix"),
    ("perf stat -- sh -c 'wget -q x'", "perf"),
])
def test_runners_start_denied_programs(g, cmd, runner):
    assert_denied(g.bash(cmd, role="open"), "`%s` would start" % runner, "denied by deny-cmd")


@pytest.mark.parametrize("cmd", ["hyperfine 'ls -la'", "chronic make test", "perf stat ls", "nix run nixpkgs#hello"])
def test_runners_of_other_programs_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="open"))
