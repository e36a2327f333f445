"""A patch applied through the shell (Codex applies `[cd DIR &&] apply_patch <<'EOF'` itself,
and its shell has an `apply_patch` program) writes a start-up file with the patch's text: that
text must pass as it must from the Write tool or the apply_patch tool (hook/trustbase.py,
check_patch_text), from every folder the command may apply it in. A patch that only changes
what a start-up file may hold (an alias) stays allowed."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

HOOKS_OFF = "+export CLAUDE_CONFIG_DIR=/tmp/elsewhere"


def _shell_patch(body, cd=None, joiner=" && "):
    head = ("cd %s%s" % (cd, joiner)) if cd else ""
    return head + "apply_patch <<'EOF'\n*** Begin Patch\n" + body + "\n*** End Patch\nEOF"


@pytest.fixture
def setup(tmp_path):
    return GuardSetup(tmp_path, files={"~/.bashrc": "alias ll='ls -la'\n", "notes.txt": "a\n"})


@pytest.mark.parametrize("cd, joiner", [("~", " && "), ("HOME", " && "), ("HOME", "; "), ("HOME", "\n")])
@pytest.mark.parametrize("role", ["open", "operator"])
def test_a_patch_adding_a_hook_switch_to_a_start_up_file_is_denied(setup, cd, joiner, role):
    folder = setup.home if cd == "HOME" else cd
    command = _shell_patch("*** Add File: .profile\n" + HOOKS_OFF, cd=folder, joiner=joiner)
    assert_denied(setup.check("Bash", {"command": command}, role=role, agent="codex"),
                  "a shell start-up file, is denied", "CLAUDE_CONFIG_DIR")


def test_a_patch_updating_the_bashrc_from_the_home_folder_is_denied(setup):
    command = _shell_patch("*** Update File: .bashrc\n@@\n alias ll='ls -la'\n+export OPENCODE_PURE=1", cd=setup.home)
    assert_denied(setup.check("Bash", {"command": command}, role="open", agent="codex"),
                  ".bashrc, a shell start-up file, is denied", "OPENCODE_PURE")


def test_a_patch_naming_the_start_up_file_by_its_absolute_path_is_denied(setup):
    command = _shell_patch("*** Add File: %s/.zshrc\n%s" % (setup.home, HOOKS_OFF))
    assert_denied(setup.check("Bash", {"command": command}, role="open", agent="codex"), "a shell start-up file, is denied")


def test_a_patch_moving_an_unreadable_file_onto_the_bashrc_is_denied(setup):
    command = _shell_patch("*** Update File: missing.sh\n*** Move to: %s/.bashrc\n@@\n-a\n+b" % setup.home)
    assert_denied(setup.check("Bash", {"command": command}, role="open", agent="codex"),
                  "the patch moves a file the guard cannot read onto it")


def test_a_project_envrc_through_a_shell_patch_is_content_checked(setup):
    command = _shell_patch("*** Add File: .envrc\n+export CODEX_HOME=/tmp/other")
    assert_denied(setup.check("Bash", {"command": command}, role="open", agent="codex"), ".envrc", "CODEX_HOME")


def test_a_harmless_line_in_a_start_up_file_stays_allowed(setup):
    command = _shell_patch("*** Update File: .bashrc\n@@\n alias ll='ls -la'\n+alias gs='git status'", cd=setup.home)
    assert_allowed(setup.check("Bash", {"command": command}, role="open", agent="codex"))


def test_a_patch_of_a_plain_project_file_stays_allowed(setup):
    command = _shell_patch("*** Update File: notes.txt\n@@\n-a\n+export CLAUDE_CONFIG_DIR=/tmp/x")
    assert_allowed(setup.check("Bash", {"command": command}, role="open", agent="codex"))
