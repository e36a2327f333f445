"""The trust base's derivation kept across calls (hook/derivationmemo.py): a kept derivation is
used only while every fact it read answers the same, and each kind of change to what it read
makes the next call derive again, through the real hook and directly."""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, write
from legant_guard.hook import derivationmemo, trustbase
from legant_guard.hook.config import DERIVATION_MEMO_FILE


@pytest.fixture
def settled(monkeypatch):
    """Files written by the test count as settled at once (the racy window is for real sessions,
    where a change in the same clock tick could keep a file's times)."""
    monkeypatch.setattr(derivationmemo, "RACY_SECONDS", 0)


def _setup(tmp_path):
    s = GuardSetup(tmp_path)
    write(s.path("~/.bashrc"), "echo hi\n")
    os.makedirs(s.path("~/bin"))
    return s


def _memo(s):
    return os.path.join(s.dir, DERIVATION_MEMO_FILE)


class Counting(trustbase.TrustBase):
    """A trust base that counts its derivations (did _derivation() derive or use what was kept?)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.runs = 0

    def _derive(self, *args):
        self.runs += 1
        return super()._derive(*args)


def _derive_twice(s, env, change=None):
    """(kept value, fresh value, runs of the second call) after a first call stored the memo and
    `change` ran between the two."""
    memo = _memo(s)
    first = Counting(s.home, env, s.project, memo=memo)
    first._derivation()
    assert first.runs == 1 and os.path.isfile(memo)
    if change:
        change()
    second = Counting(s.home, env, s.project, memo=memo)
    kept = second._derivation()
    return kept, trustbase.TrustBase(s.home, env, s.project)._derivation(), second.runs


def test_an_unchanged_system_uses_the_kept_derivation_and_it_equals_a_fresh_one(tmp_path, settled):
    s = _setup(tmp_path)
    write(s.path("~/.bashrc"), f". {s.home}/.cargo/env\nsource ~/.p10k.zsh\n")
    write(s.path("~/dotfiles/zshrc"), "echo z\n")
    os.symlink(s.path("~/dotfiles/zshrc"), s.path("~/.zshrc"))
    env = s.env(PATH=s.path("~/bin") + ":/usr/bin:/bin")
    kept, fresh, runs = _derive_twice(s, env)
    assert runs == 0, "nothing changed: the kept derivation is used"
    assert kept == fresh
    startup = kept[1]
    assert any(p.endswith("/.cargo/env") for p in startup) and any(p.endswith("/dotfiles/zshrc") for p in startup)


@pytest.mark.parametrize("case", ["edited start-up file", "retargeted link", "program on PATH", "dangling link filled",
                                  "missing folder made", "removed start-up file"])
def test_each_change_to_what_was_read_derives_again(tmp_path, settled, case):
    s = _setup(tmp_path)
    write(s.path("~/dots/one"), "echo 1\n")
    write(s.path("~/dots/two"), "echo 2\n")
    os.symlink(s.path("~/dots/one"), s.path("~/.zshrc"))
    os.symlink(s.path("~/dots/absent"), s.path("~/.profile"))
    env = s.env(PATH=s.path("~/bin") + ":" + s.path("~/later/bin") + ":/usr/bin:/bin")
    changes = {
        "edited start-up file": lambda: write(s.path("~/.bashrc"), f". {s.project}/env.sh\n"),
        "retargeted link": lambda: (os.unlink(s.path("~/.zshrc")), os.symlink(s.path("~/dots/two"), s.path("~/.zshrc"))),
        "program on PATH": lambda: write(s.path("~/bin/claude"), "#!/bin/sh\n"),
        "dangling link filled": lambda: write(s.path("~/dots/absent"), f"source {s.project}/profile.sh\n"),
        "missing folder made": lambda: write(s.path("~/later/bin/codex"), "#!/bin/sh\n"),
        "removed start-up file": lambda: os.unlink(s.path("~/.bashrc")),
    }
    kept, fresh, runs = _derive_twice(s, env, changes[case])
    assert runs == 1, f"{case}: the system changed, so the derivation runs again"
    assert kept == fresh


def test_a_changed_environment_derives_again(tmp_path, settled):
    s = _setup(tmp_path)
    memo = _memo(s)
    trust = trustbase.TrustBase(s.home, s.env(), s.project)
    derivationmemo.derived(memo, ("PATH=/a",), trust._derive)
    runs = []
    derivationmemo.derived(memo, ("PATH=/b",), lambda: runs.append(1) or trust._derive())
    assert runs == [1]


def test_files_changed_in_the_racy_window_are_not_kept(tmp_path):
    s = _setup(tmp_path)  # (.bashrc was written just now)
    Counting(s.home, s.env(), s.project, memo=_memo(s))._derivation()
    assert not os.path.exists(_memo(s))


@pytest.mark.parametrize("content", [b"", b"garbage", b"\xe3\x00\x00", None])
def test_an_unusable_memo_only_means_deriving_again(tmp_path, settled, content):
    s = _setup(tmp_path)
    memo = _memo(s)
    if content is None:  # a link in the memo's place: never followed, and the file it names is left alone
        target = write(str(tmp_path / "elsewhere"), "keep me\n")
        os.symlink(target, memo)
    else:
        with open(memo, "wb") as f:
            f.write(content)
    trust = Counting(s.home, s.env(), s.project, memo=memo)
    trust._derivation()
    assert trust.runs == 1
    assert not os.path.islink(memo)
    if content is None:
        with open(target) as f:
            assert f.read() == "keep me\n"


def test_the_recording_is_taken_away_even_when_the_derivation_fails(tmp_path, settled):
    real = (os.stat, os.lstat, os.readlink, os.access, os.scandir, os.listdir, os.open, open)

    def failing():
        os.stat(str(tmp_path))
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        derivationmemo.derived(str(tmp_path / "memo"), ("t",), failing)
    assert (os.stat, os.lstat, os.readlink, os.access, os.scandir, os.listdir, os.open, open) == real


def test_a_question_the_memo_cannot_ask_again_keeps_nothing(tmp_path, settled):
    def by_descriptor():
        fd = os.open(str(tmp_path), os.O_RDONLY)
        try:
            return os.listdir(fd)
        finally:
            os.close(fd)

    derivationmemo.derived(str(tmp_path / "memo"), ("t",), by_descriptor)
    assert not os.path.exists(tmp_path / "memo")


def test_the_hook_sees_a_start_up_file_sourced_after_the_memo_was_kept(tmp_path, settled):
    """Through the real hook: calls keep the derivation; ~/.bashrc then sources a project file,
    and the next write of a hook-switching variable into that file is denied all the same."""
    s = _setup(tmp_path)
    assert_allowed(s.bash("make test"))
    assert os.path.isfile(_memo(s))
    assert_allowed(s.bash("echo 'export CODEX_HOME=/tmp/x' > env.sh"))  # (not a start-up file yet)
    write(s.path("~/.bashrc"), f"echo hi\n. {s.project}/env.sh\n")
    assert_denied(s.bash("echo 'export CODEX_HOME=/tmp/x' > env.sh"), "env.sh, a shell start-up file", "CODEX_HOME")
    assert_allowed(s.bash("echo 'export X=1' > env.sh"))


def test_the_hook_sees_a_start_up_file_relinked_into_the_project_after_the_memo_was_kept(tmp_path, settled):
    s = _setup(tmp_path)
    write(s.path("~/dots/zshrc"), "echo z\n")
    os.symlink(s.path("~/dots/zshrc"), s.path("~/.zshrc"))
    assert_allowed(s.bash("make test"))
    assert_allowed(s.bash("echo 'export CLAUDE_CONFIG_DIR=/tmp/c' > zshrc"))
    os.unlink(s.path("~/.zshrc"))
    os.symlink(s.path("zshrc"), s.path("~/.zshrc"))
    assert_denied(s.bash("echo 'export CLAUDE_CONFIG_DIR=/tmp/c' > zshrc"), "zshrc, a shell start-up file",
                  "CLAUDE_CONFIG_DIR")


def test_the_deriving_code_is_part_of_the_digest(tmp_path, monkeypatch):
    """A guard upgraded or edited in place derives anew (the modules that derive are stat'ed)."""
    code = write(str(tmp_path / "deriving.py"), "x = 1\n")
    monkeypatch.setattr(derivationmemo, "_DERIVING", (code,))  # (an absolute name: os.path.join keeps it)
    before = derivationmemo._digest(("t",))
    assert derivationmemo._digest(("t",)) == before
    write(code, "x = 22\n")
    assert derivationmemo._digest(("t",)) != before


def test_the_process_environment_is_part_of_the_digest(monkeypatch):
    """The derivation may read os.environ besides the event's environment (expanduser)."""
    before = derivationmemo._digest(("t",))
    monkeypatch.setenv("LEGANT_MEMO_PROBE", "1")
    assert derivationmemo._digest(("t",)) != before


def test_claude_codes_own_state_file_changing_on_every_call_keeps_the_memo(tmp_path, settled):
    """Claude Code rewrites ~/.claude.json on every tool call (toolUsage): the memo must hold
    through that, and still see a server added to it (its script is then protected)."""
    import json

    s = _setup(tmp_path)
    state = s.path("~/.claude.json")
    write(state, json.dumps({"toolUsage": {"Bash": 1}, "mcpServers": {}}))
    env = s.env()
    kept, fresh, runs = _derive_twice(s, env, lambda: write(state, json.dumps(
        {"toolUsage": {"Bash": 22, "Read": 3}, "mcpServers": {}})))
    assert runs == 0, "a toolUsage update alone does not derive again"
    script = write(s.path("tools/server.sh"), "#!/bin/sh\n")
    write(state, json.dumps({"toolUsage": {"Bash": 23}, "mcpServers": {"x": {"command": script}}}))
    third = Counting(s.home, env, s.project, memo=_memo(s))
    assert script in [p for _, p in third._derivation()[0]] and third.runs == 1
