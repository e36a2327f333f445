"""A path the guard cannot resolve (through the reading process's own /proc/self link, a link
loop) is refused with that reason wherever the check that meets it runs: a copy's destination
(hook/copytargets.py) raised it past the engine and the agent read "internal error in the guard"
(red team 44's note). check.evaluate now turns any paths.UnresolvablePath into the same deny the
engine gives, rule `unresolvable-path`, and the call is recorded as usual."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("unresolvable"))


@pytest.mark.parametrize("command", ["cp x /dev/fd/1/y", "cp x /proc/self/fd/1/y", "cp /dev/fd/3/x y"])
@pytest.mark.parametrize("role", ["open", "builder"])
def test_a_self_proc_path_is_refused_with_its_reason(g, command, role):
    r = g.bash(command, role=role)
    assert_denied(r, "goes through the reading process's own `fd` link", "where it leads cannot be known")
    assert "internal error" not in r.stderr


def test_an_ordinary_copy_stays_allowed(g):
    assert_allowed(g.bash("cp README.md README.bak", role="open"))
