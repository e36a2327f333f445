"""Residuals 6 (issue 9): values known only when the command runs, where the guard can know them.

`kill -9 $(cat server.pid)` signals the pid in the file: the file is on disk when the hook runs,
so its text is read (a regular file, 4 KiB) and `-1` there (every process) meets the tripwire as
`kill -9 -1` does; a file an earlier command of the line writes is undetermined. `let p=-1; kill
-9 $p` computes p as bash does. A pid from a variable the line does not set (`$PID`, `$((x))`)
stays unjudged (THREAT_MODEL): refusing it would refuse `kill $PID`.
`git update-index --index-info`/`--stdin` marking entries assume-unchanged or skip-worktree,
then `git checkout -- .`: the marked entries count as ones checkout rewrites (hook/checkouts.py,
kept here as a regression test).
"""

import json
import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, write


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt"), files={"server.pid": "4242\n", "evil.pid": " -1\n",
                                                           "padded.pid": "-0001", "two.pid": "12 -1\n"})


@pytest.mark.parametrize("command", [
    "kill -9 $(cat evil.pid)", "kill -9 \"$(cat evil.pid)\"", "kill -9 $(<evil.pid)", "kill -9 \"$(< evil.pid)\"",
    "kill -9 `cat evil.pid`", "kill -KILL -- $(cat evil.pid)", "kill -s KILL $(cat ./evil.pid)",
    "kill -9 $(head -n1 evil.pid)", "kill -9 $(cat padded.pid)", "kill -9 $(cat two.pid)",
    "sudo kill -9 $(cat evil.pid)", "bash -c 'kill -9 $(cat evil.pid)'", "cd . && kill -9 $(cat evil.pid) || true",
    "cat evil.pid; kill -9 $(cat evil.pid)",
    "let p=-1; kill -9 $p", "let 'p = 0 - 1'; kill -9 $p", "let p=-1 q=2; kill -TERM $p",
])
@pytest.mark.parametrize("role", ["operator", "open"])
def test_a_pid_read_from_a_file_or_computed_is_judged(setup, command, role):
    assert_denied(setup.bash(command, role=role), "kill-every-process")


def test_a_pid_file_written_earlier_in_the_line_is_undetermined(setup):
    assert_denied(setup.bash("echo -1 > p; kill -9 $(cat p)", role="open"), "could not determine", "earlier command")


@pytest.mark.parametrize("command", [
    "kill $(cat server.pid)", "kill -9 $(cat server.pid)", "kill -TERM \"$(<server.pid)\"", "kill -9 $(cat missing.pid)",
    "let p=4242; kill $p", "kill -9 $PID", "kill $(pgrep -f myserver)", "kill -0 $(cat server.pid) && echo up",
])
def test_everyday_kills_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))


def _git(folder, *args, stdin=None):
    return subprocess.run(["git", "-C", folder] + list(args), input=stdin, capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("hide", ["assume-unchanged", "skip-worktree"])
@pytest.mark.parametrize("zero", [False, True])
def test_entries_hidden_by_update_index_are_still_rewritten_by_checkout(tmp_path, hide, zero):
    s = GuardSetup(tmp_path)
    p = s.project
    _git(p, "init", "-q")
    _git(p, "config", "user.email", "a@b")
    _git(p, "config", "user.name", "a")
    write(s.path(".claude/settings.json"), json.dumps({"hooks": {}}))
    write(s.path("a.txt"), "a\n")
    _git(p, "add", "-A")
    _git(p, "commit", "-qm", "x")
    blob = _git(p, "hash-object", "-w", "--stdin", stdin='{"disableAllHooks": true}').strip()
    end = "\0" if zero else "\n"
    flags = ["-z"] if zero else []
    _git(p, "update-index", *flags, "--index-info", stdin=f"100644 {blob}\t.claude/settings.json{end}")
    _git(p, "update-index", *flags, "--" + hide, "--stdin", stdin=".claude/settings.json" + end)
    for command in ("git checkout -- .", "git restore .", "git checkout-index -a -f", "git reset --hard"):
        assert_denied(s.bash(command, role="operator"), ".claude/settings.json")
    assert_allowed(s.bash("git checkout -- a.txt", role="operator"))
    # in one line: the index read now is not the one checkout reads
    assert_denied(s.bash(f"printf '100644 {blob}\\t.claude/x.json\\n' | git update-index --index-info && "
                         "git checkout -- .", role="operator"), "may change")
