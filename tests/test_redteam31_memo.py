"""Red team #31: a later call must never judge by a stale trust-base derivation (hook/derivationmemo.py).

The derivation (the installation, the start-up files and what they source, git's configuration)
is kept in the guard dir with every fact it read. Each test makes the kept derivation differ
from what deriving now would give, then asks for a write the fresh derivation denies; each
also shows that an unchanged file system still uses what was kept.
"""

import json
import os
import sys

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, write
from legant_guard.hook import derivationmemo, trustbase

SWITCH = "export CLAUDE_CONFIG_DIR=/tmp/elsewhere\n"


@pytest.fixture
def derivations(monkeypatch):
    """How many times the trust base was derived (not taken from the memo); no racy wait."""
    monkeypatch.setattr(derivationmemo, "RACY_SECONDS", 0)
    count = [0]
    real = trustbase.TrustBase._derive

    def counted(self, *args):
        count[0] += 1
        return real(self, *args)

    monkeypatch.setattr(trustbase.TrustBase, "_derive", counted)
    return count


def _sources(g, name):
    """Start-up text that loads the project file `name` (text the start-up check lets in)."""
    return "if false; then :; else . %s; fi\n" % g.path(name)


def test_a_bare_relative_name_missing_from_the_working_folder_is_asked_again(tmp_path, monkeypatch, derivations):
    # BASH_ENV=env.sh is read from the hook's working folder: the missing name's "folder" was ""
    # (always missing), so env.sh made there later was never seen and what it sources stayed open
    g = GuardSetup(tmp_path)
    os.makedirs(g.path("sub"))
    monkeypatch.chdir(g.path("sub"))
    env = g.env(BASH_ENV="env.sh")
    assert_allowed(g.bash("echo hi > out.txt", env=env))
    assert_allowed(g.bash("echo hi > out2.txt", env=env))
    assert derivations[0] == 1  # (unchanged: the second call used the memo)
    assert_allowed(g.check("Write", {"file_path": g.path("sub/env.sh"), "content": _sources(g, "evil.sh")}, env=env))
    write(g.path("sub/env.sh"), _sources(g, "evil.sh"))
    assert_denied(g.check("Write", {"file_path": g.path("evil.sh"), "content": SWITCH}, env=env),
                  "a shell start-up file", "CLAUDE_CONFIG_DIR")
    assert derivations[0] == 2


def test_missing_names_still_asked_by_their_folder():
    facts = {(derivationmemo.STAT, "/nonexistent-rt31/a"): 2, (derivationmemo.CONTENT, "rt31-missing"): 2}
    assert derivationmemo._missing_in(facts) == {"/nonexistent-rt31/a": "/nonexistent-rt31"}


def test_a_symlink_swapped_between_the_stat_and_the_open_is_not_kept(tmp_path, monkeypatch, derivations):
    # A same-user process swapping a link on the way (and back) while the hook derives: the stat
    # kept was of one file, the text read of another
    g = GuardSetup(tmp_path)
    envrc, loads, plain = g.path(".envrc"), g.path("loads.sh"), g.path("plain.sh")
    write(loads, _sources(g, "evil.sh"))
    write(plain, "export FOO=1\n")
    os.symlink(loads, envrc)

    def relink(target):
        os.symlink(target, envrc + ".new")
        os.replace(envrc + ".new", envrc)

    assert_allowed(g.bash("echo hi > out.txt"))
    assert_allowed(g.bash("echo hi > out2.txt"))
    assert derivations[0] == 1
    os.unlink(os.path.join(g.dir, "trustbase.memo"))  # (the next call derives, with the race below)
    real_answer, real_open, swapped = derivationmemo._answer, os.open, []

    def answer(question, path):
        found = real_answer(question, path)
        if question == derivationmemo.CONTENT and path == envrc and not swapped:
            swapped.append(path)
            relink(plain)  # after the stat, before the open
        return found

    def opened(path, *args, **kwargs):
        fd = real_open(path, *args, **kwargs)
        if path == envrc and len(swapped) == 1:
            swapped.append(path)
            relink(loads)  # and back
        return fd

    monkeypatch.setattr(derivationmemo, "_answer", answer)
    monkeypatch.setattr(os, "open", opened)
    assert_allowed(g.bash("echo hi > out3.txt"))
    monkeypatch.undo()
    monkeypatch.setattr(derivationmemo, "RACY_SECONDS", 0)
    assert len(swapped) == 2 and os.readlink(envrc) == loads
    assert_denied(g.check("Write", {"file_path": g.path("evil.sh"), "content": SWITCH}),
                  "a shell start-up file", "CLAUDE_CONFIG_DIR")


def test_the_code_digest_covers_every_guard_module_the_derivation_runs(tmp_path, derivations):
    # a guard upgraded in place derives anew only if every module that derives is in the digest
    g = GuardSetup(tmp_path)
    write(g.path("~/.bashrc"), ". ~/.cargo/env\n")
    write(g.path("~/.claude/settings.json"), json.dumps({"statusLine": {"command": "bash ~/.claude/s.sh"}}))
    write(g.path("~/.claude/s.sh"), "./y.sh\n")
    write(g.path("~/.claude.json"), json.dumps({"mcpServers": {"a": {"command": "node", "args": ["srv.js"]}}}))
    write(g.path("~/.codex/config.toml"), 'notify = ["bash", "/x/n.sh"]\n')
    ran = set()
    real = trustbase.TrustBase._derive

    def traced(self, *args):
        sys.setprofile(lambda frame, event, arg: ran.add(frame.f_code.co_filename) if event == "call" else None)
        try:
            return real(self, *args)
        finally:
            sys.setprofile(None)

    trustbase.TrustBase._derive, saved = traced, trustbase.TrustBase._derive
    try:
        assert_allowed(g.bash("echo hi > out.txt"))
    finally:
        trustbase.TrustBase._derive = saved
    package = os.path.dirname(os.path.dirname(os.path.abspath(derivationmemo.__file__)))
    ours = {os.path.relpath(f, package) for f in ran if f.startswith(package + os.sep)}
    assert "hook/sourcedfiles.py" in ours and "hook/scriptfiles.py" in ours
    assert ours <= set(derivationmemo._DERIVING), ours - set(derivationmemo._DERIVING)


def test_an_open_the_memo_cannot_ask_again_keeps_nothing(tmp_path):
    # open(file=...) and open(..., opener=...) name no path the memo could stat again
    memo, text = str(tmp_path / "memo"), tmp_path / "t.txt"
    text.write_text("a")
    for how in ({"file": str(text)}, {"opener": lambda p, flags: os.open(p, flags)}):
        runs = []

        def derive():
            runs.append(1)
            args = () if "file" in how else (str(text),)
            with open(*args, **how) as f:
                return f.read()

        assert derivationmemo.derived(memo, ("rt31",), derive) == "a"
        assert derivationmemo.derived(memo, ("rt31",), derive) == "a"
        assert len(runs) == 2


def test_an_unchanged_read_is_still_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(derivationmemo, "RACY_SECONDS", 0)
    memo, text = str(tmp_path / "memo"), tmp_path / "t.txt"
    text.write_text("a")
    os.mkdir(tmp_path / "d")
    runs = []

    def derive():
        runs.append(1)
        with open(str(text)) as f:
            return f.read() + ",".join(os.listdir(str(tmp_path / "d")))

    assert derivationmemo.derived(memo, ("rt31",), derive) == "a"
    assert derivationmemo.derived(memo, ("rt31",), derive) == "a"
    assert len(runs) == 1


# -- start-up text that loads a file from a command word the plain patterns missed (found while
# probing the memo: the derivation protects what a start-up file sources only after it is written,
# so a file written first and sourced afterwards was never judged)

@pytest.mark.parametrize("line", [
    "if false; then :; else . {x}; fi", "! . {x}", "command . {x}", "builtin . {x}",
    "if . {x}; then :; fi", "time -p . {x}", "FOO=1 . {x}", 'FOO="a b" . {x}', "case $- in *) . {x};; esac",
    "alias ll='. {x}'", "'.' {x}", "\\. {x}", "so''urce {x}", "$X {x}", "${{D:-.}} {x}", "$'\\056' {x}",
    "else dotenv {x}", "{{.,}} {x}"])
def test_start_up_text_that_loads_an_agent_file_is_denied(tmp_path, line):
    g = GuardSetup(tmp_path)
    write(g.path("x.sh"), SWITCH)  # (written first: nothing sourced it yet)
    text = "export FOO=1\n" + line.format(x=g.path("x.sh")) + "\n"
    assert_denied(g.check("Write", {"file_path": g.path(".envrc"), "content": text}),
                  "writing", "a shell start-up file", "which can set variables at start-up")
    assert_denied(g.check("Write", {"file_path": g.path("~/.bashrc"), "content": text}, role="open"),
                  "a shell start-up file", "which can set variables at start-up")


@pytest.mark.parametrize("text", ["export FOO=1\nalias ll='ls -la'\n", "GOPATH=$GOROOT/x\ncd ..\n", "alias ..='cd ..'\n",
                                  "export CDPATH=.:~\nfind . -name x\n", "if [ -n \"$PS1\" ]; then echo hi; fi\n"])
def test_plain_start_up_text_is_still_allowed(tmp_path, text):
    g = GuardSetup(tmp_path)
    assert_allowed(g.check("Write", {"file_path": g.path(".envrc"), "content": text}))
