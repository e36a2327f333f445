"""A tool that comes under another name is judged as that tool too: `CP` on macOS's
case-insensitive disk, GNU's `g`-prefixed tools beside BSD's (Homebrew: `gcp`, `grm`, `gdd`),
uutils' `uu-cp`, and the `coreutils PROG` multi-call binary (shell/names.program_name,
commandrules.as_the_program). `CP -r stage/. .claude` and `gcp -r ...` replaced the hook config
under operator, and `grm -rf /` passed the catastrophic tripwire. The allow-list keeps the
spelling: a builder's `cp` does not allow `gcp`."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("aliases"), files={
        "a.txt": "x\n", "stage/settings.json": '{"disableAllHooks": true}\n'})


@pytest.fixture
def staged(s):
    return s


@pytest.mark.parametrize("role", ["operator", "open"])
@pytest.mark.parametrize("program", ["CP", "Cp", "gcp", "uu-cp", "coreutils cp", "/opt/homebrew/bin/gcp", "gCP"])
def test_a_copy_under_another_name_is_a_copy(staged, role, program):
    assert_denied(staged.bash(f"{program} -r stage/. .claude", role=role), "`cp` would write", "protected")


@pytest.mark.parametrize("command", ["grm -rf /", "uu-rm -rf /", "GRM -rf /", "coreutils rm -rf /"])
def test_a_catastrophic_command_under_another_name_trips(s, command):
    assert_denied(s.bash(command, role="operator"), "tripwire recursive-delete-critical")


def test_a_disk_write_under_another_name_trips(s):
    assert_denied(s.bash("gdd if=/dev/zero of=/dev/sda", role="operator"), "tripwire write-block-device")


def test_a_wrapper_under_another_name_is_seen_through(s):
    assert_denied(s.bash("gtimeout 5 curl http://127.0.0.1:9/", role="open"), "`curl` is denied by deny-cmd")
    assert_denied(s.bash("genv X=1 curl http://127.0.0.1:9/", role="open"), "`curl` is denied by deny-cmd")


def test_ordinary_use_stays_allowed_and_the_allow_list_keeps_the_spelling(s):
    assert_allowed(s.bash("gcp a.txt b.txt", role="operator"))
    assert_allowed(s.bash("gsed -n 1p a.txt", role="open"))
    assert_denied(s.bash("gcp a.txt b.txt"), "`gcp` is not on the command allow-list")
    assert_allowed(s.bash("cp a.txt b.txt"))
    # names that only look like an alias are their own programs
    from legant_guard.shell.names import program_name

    assert [program_name(n) for n in ("gcc", "gtest", "git", "go", "uu-x", "gcp", "uu-rm")] == \
        ["gcc", "gtest", "git", "go", "uu-x", "cp", "rm"]
