"""Red team (rt10): a sub-agent marker that is not a string is not read as the main agent."""

import pytest

from conftest import GuardSetup


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt10sub"))


@pytest.mark.parametrize("extra", [{"agent_id": 7}, {"agent_id": "a1", "agent_type": 5},
                                   {"agent_id": {"x": 1}}, {"agent_type": ["Explore"]}])
def test_a_non_string_sub_agent_marker_is_denied(g, extra):
    proc = g.check("Read", {"file_path": g.project + "/a.txt"}, role="builder", **extra)
    assert proc.returncode == 2, proc.stderr
    assert "is not a string" in proc.stderr


def test_string_markers_and_null_stay_usable(g):
    assert g.check("Read", {"file_path": g.project + "/a.txt"}, role="builder", agent_id=None).returncode == 0
    assert g.check("Read", {"file_path": g.project + "/a.txt"}, role="builder", agent_id="a1",
                   agent_type="Explore").returncode == 0
