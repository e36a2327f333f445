"""Residuals 7 (issue 10): files and programs the shell start-up files run that were not followed.

`for f in ~/.myrc.d/*.sh; do source "$f"; done` in `~/.bashrc` sources every file of that
folder at each shell start, and `eval "$(mytool init bash)"` (`source <(mytool completion)`)
runs what the program prints; hook/sourcedfiles.py followed `source FILE` only, so a line
`export CLAUDE_CONFIG_DIR=/tmp/x` written into `~/.myrc.d/x.sh`, or a `mytool` that prints it,
switched the next session's hooks off. A loop's words are the files its `source "$f"` loads,
and the program an `eval "$(…)"` or `source <(…)` runs (by path, or found on the agent's PATH)
is a start-up file too: their text is checked like `~/.bashrc`'s, for every role.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, write


@pytest.fixture()
def g(tmp_path):
    s = GuardSetup(tmp_path, files={"~/.myrc.d/a.sh": "alias ll='ls -l'\n", "~/bin/mytool": "#!/bin/sh\necho :\n"})
    os.chmod(s.path("~/bin/mytool"), 0o755)
    write(s.path("~/.bashrc"), 'for f in ~/.myrc.d/*.sh; do\n  [ -r "$f" ] && . "$f"\ndone\n'
                               'eval "$(mytool init bash)"\nsource <(~/bin/other completion bash)\n')
    return s


def _env(s, role):
    env = s.env(role)
    env["PATH"] = s.path("~/bin") + ":" + env.get("PATH", "/usr/bin:/bin")
    return env


@pytest.mark.parametrize("role", ["operator", "open"])
@pytest.mark.parametrize("name", ["~/.myrc.d/x.sh", "~/.myrc.d/a.sh", "~/bin/mytool", "~/bin/other"])
def test_what_a_loop_sources_or_an_eval_runs_at_start_is_content_checked(g, role, name):
    proc = g.check("Write", {"file_path": g.path(name), "content": "export CLAUDE_CONFIG_DIR=/tmp/x\n"}, role=role,
                   env=_env(g, role))
    assert_denied(proc, "a shell start-up file", "CLAUDE_CONFIG_DIR")


def test_ordinary_text_there_stays_writable(g):
    proc = g.check("Write", {"file_path": g.path("~/.myrc.d/x.sh"), "content": "alias gs='git status'\n"},
                   role="operator", env=_env(g, "operator"))
    assert_allowed(proc)
    proc = g.check("Write", {"file_path": g.path("~/.other.d/x.sh"), "content": "export CLAUDE_CONFIG_DIR=/x\n"},
                   role="operator", env=_env(g, "operator"))
    assert_allowed(proc)  # (a folder no start-up file loads)
