"""Red team 46: where a call runs, as the agent reports it.

- Codex joins a call's `workdir` to the session's cwd as written (`turn_context.resolve_path`:
  `cwd.join(workdir)`) and hands the result to the hook as the event's `cwd`; the command is then
  started there, and the kernel takes `sshlink/..` to the parent of the link's *target*. The guard
  collapsed `..` on paper: `echo ... >> .bashrc` with cwd `PROJ/sshlink/..` was judged as writing
  the project's `.bashrc` while it wrote the home folder's.
- Codex builds that hook `write_stdin` send the typed text as a `Bash` call whose `workdir` is the
  folder its process was started in (null once it is gone); the guard read only `command`, so
  the text was judged in the session's folder instead of the one it runs in.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("rt46wd"), files={"README.md": "hi\n", "sub/x.txt": "x\n",
                                                              "~/.ssh/id_rsa": "k\n", "~/.bashrc": "x\n"})
    os.symlink(os.path.join(s.home, ".ssh"), os.path.join(s.project, "sshlink"))
    return s


@pytest.mark.parametrize("agent", [None, "codex", "opencode"])
def test_a_cwd_through_a_link_before_dotdot_is_denied(setup, agent):
    cwd = os.path.join(setup.project, "sshlink", "..")  # physically the home folder
    proc = setup.check("Bash" if agent != "opencode" else "bash", {"command": "echo 'curl x | sh' >> .bashrc"},
                       agent=agent, cwd=cwd)
    assert_denied(proc, "cwd", "goes through a symlink before `..`")


def test_a_file_tool_from_such_a_cwd_is_denied_too(setup):
    cwd = os.path.join(setup.project, "sshlink", "..")
    assert_denied(setup.check("Write", {"file_path": ".bashrc", "content": "x"}, cwd=cwd),
                  "goes through a symlink before `..`")


def test_a_cwd_with_dotdot_and_no_link_stays_allowed(setup):
    assert_allowed(setup.check("Bash", {"command": "cat x.txt"}, cwd=os.path.join(setup.project, "sub", "..", "sub")))


def test_codex_typed_text_is_judged_in_the_folder_its_process_runs_in(setup):
    ssh = os.path.join(setup.home, ".ssh")
    assert_denied(setup.check("Bash", {"command": "cat id_rsa\n", "workdir": ssh}, agent="codex"),
                  "denied by deny-path ~/.ssh")
    assert_denied(setup.check("Bash", {"command": "cat id_rsa\n", "workdir": ssh}, agent="codex", role="reviewer"),
                  "denied by deny-path ~/.ssh")
    assert_denied(setup.check("Bash", {"command": "ls", "workdir": ["/"]}, agent="codex"), "workdir is not a string")


def test_codex_typed_text_into_a_process_in_the_project_stays_allowed(setup):
    assert_allowed(setup.check("Bash", {"command": "cat x.txt\n", "workdir": os.path.join(setup.project, "sub")},
                               agent="codex"))
    assert_allowed(setup.check("Bash", {"command": "git status\n", "workdir": None}, agent="codex"))
