"""Catastrophic tripwires hold for every role, operator included, and operator lets destructive
ones through. A destructive hit found first must therefore not end the search: the catalogue's
hits in inline code (shell/codetripwires.py) were only looked for when the command had no hit
at all, and a code's lines only up to the first line with any hit, so a destructive git
command in front hid `rm -rf /` from the operator role (found in the final review)."""

import pytest

from conftest import assert_allowed, assert_denied

ROOT_DELETE = "recursive delete of the root directory /"


@pytest.mark.parametrize("command", [
    "git push --force origin main; python3 -c \"import os; os.system('rm -rf /')\"",
    "git reset --hard && perl -e 'system(\"rm -rf /\")'",
    "git clean -fdx; sed -n '1e rm -rf /' notes.txt",
    "python3 -c \"import os; os.system('git push --force'); os.system('rm -rf /')\"",
    "python3 -c \"import os; os.system('git reset --hard')\" && ruby -e 'system(\"rm -rf /\")'",
])
def test_a_destructive_hit_first_does_not_hide_a_catastrophic_one_from_operator(guard_setup, command):
    assert_denied(guard_setup.bash(command, role="operator"), "(catastrophic)", ROOT_DELETE)


@pytest.mark.parametrize("command", [
    "git push --force origin main",
    "python3 -c \"import os; os.system('git push --force')\"",
])
def test_operator_still_runs_destructive_commands_alone(guard_setup, command):
    assert_allowed(guard_setup.bash(command, role="operator"))


def test_other_roles_still_name_the_destructive_hit(guard_setup):
    assert_denied(guard_setup.bash("python3 -c \"import os; os.system('git push --force')\"", role="open"),
                  "git-push-force (destructive)")
