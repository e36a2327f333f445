"""Red team 12: a read-only command's glob and the guard files the hook itself creates.

A protected path that is not there now no longer stops the pattern of a plainly read-only
command (`ls *` without an opencode.json): only a refused write could put it there. The guard's
own files break that premise: the hook writes them itself, the audit trail on the first call of
a setup whose trail lives in a folder of its own. `cat AUDIT_DIR/*` was allowed on that call
(nothing matched yet) and read the trail the very same call had started. Verdicts only.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt12globs"))


@pytest.mark.parametrize("pattern", ["*", "a*", "*.jsonl", "audit.json?", "*.head"])
@pytest.mark.parametrize("role", ["operator", "builder"])
def test_a_pattern_over_an_audit_trail_the_call_starts_is_refused(setup, tmp_path, pattern, role):
    trail = tmp_path / "trail"
    trail.mkdir()
    env = setup.env(role, LEGANT_GUARD_AUDIT=str(trail / "audit.jsonl"))
    proc = setup.bash(f"cat {trail}/{pattern}", env=env)
    assert_denied(proc, f"the pattern {trail}/{pattern} could reach", "protected")


def test_the_reviewer_reading_through_its_shell_is_refused_too(setup, tmp_path):
    trail = tmp_path / "trail"
    trail.mkdir()
    env = setup.env("reviewer", LEGANT_GUARD_AUDIT=str(trail / "audit.jsonl"))
    proc = setup.check("Bash", {"command": f"cat {trail}/*"}, agent="codex", env=env)
    assert_denied(proc)
    assert "protected" in proc.stderr or "outside the allowed paths" in proc.stderr, proc.stderr


def test_an_absent_hook_config_still_leaves_ls_star_allowed(setup):
    assert not os.path.lexists(setup.path("opencode.json"))
    assert_allowed(setup.bash("ls *", role="operator"))
    assert_allowed(setup.bash("wc -l *", role="operator"))
