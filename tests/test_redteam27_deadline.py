"""Red team 27 (issue 9, class 7): a hard deadline and linear cost.

Found: a file tool or shell operand with a path of 60,000-100,000 components was decided in
18-27 s (RuleSet looked every prefix up in a dict, each a new string; _walk copied the path once
per missing component; os.path.realpath lstat-ed every prefix), past the 4 s budget and any
agent's hook timeout, and then allowed; `cp -r` of 8,000 folders ran 3 s past the budget
(list lookups and a rule loop that never read the clock). Each case asserts the verdict and
that the decision came back within the budget; bench/bench_redteam27.py times the sizes.
Nothing is executed.
"""

import time

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied
from legant_guard.hook import budget


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt27deadline"), files={".env": "S=1\n", "src/a.py": "x\n"})


def _timed(call):
    start = time.monotonic()
    proc = call()
    return proc, time.monotonic() - start


LONG = "a/" * 60000


@pytest.mark.parametrize("tool,tool_input", [
    ("Read", {"file_path": "/tmp/" + LONG + "x"}),
    ("Write", {"file_path": "/tmp/" + LONG + "x", "content": "x"}),
    ("Edit", {"file_path": "/tmp/" + LONG + "x", "old_string": "a", "new_string": "b"}),
    ("LS", {"path": "/tmp/" + LONG}),
    ("Glob", {"pattern": "*", "path": "/tmp/" + LONG}),
    ("Grep", {"pattern": "x", "path": "/tmp/" + LONG}),
])
def test_a_path_of_sixty_thousand_components_is_decided_within_the_budget(setup, tool, tool_input):
    proc, elapsed = _timed(lambda: setup.check(tool, tool_input, role="open"))
    assert_allowed(proc)  # (a path below /tmp that no rule names: allowed, but in time)
    assert elapsed < budget.LIMIT_SECONDS, elapsed


@pytest.mark.parametrize("command", [
    "cat /tmp/" + LONG + "x",
    "grep -r x /tmp/" + LONG,
    "tar -czf /tmp/o.tgz /tmp/" + LONG,
    "cp -r /tmp/" + LONG + " /tmp/x",
])
def test_a_long_shell_operand_is_decided_within_the_budget(setup, command):
    proc, elapsed = _timed(lambda: setup.bash(command, role="open"))
    assert_allowed(proc)
    assert elapsed < budget.LIMIT_SECONDS, elapsed


def test_a_long_path_still_meets_the_deny_side(setup):
    # linear, not blind: the same depth below the project, then `..` back up to .env
    path = setup.project + "/" + "a/" * 20000 + "../" * 20000 + ".env"
    proc, elapsed = _timed(lambda: setup.check("Read", {"file_path": path}, role="open"))
    assert_denied(proc, ".env", "deny-path")
    assert elapsed < budget.LIMIT_SECONDS, elapsed


def test_a_long_path_under_builder_is_outside_the_project(setup):
    proc, elapsed = _timed(lambda: setup.check("Write", {"file_path": "/tmp/" + LONG + "x", "content": "x"}))
    assert_denied(proc, "outside the allowed paths")
    assert elapsed < budget.LIMIT_SECONDS, elapsed


def test_a_copy_of_thousands_of_folders_reads_the_clock(setup, monkeypatch):
    # with a budget of a tenth of a second, the copy's per-folder checks must stop at it (they ran
    # on for seconds: no tick in could_reach_below, a list lookup per root in real_roots). Red
    # team 43 made those checks linear: the whole call now takes about 0.4 s on an idle machine,
    # so half a second (the budget this test had) was no longer reached there.
    monkeypatch.setattr(budget, "LIMIT_SECONDS", 0.1)
    command = "cp -r " + " ".join("src%d" % i for i in range(8000)) + " /tmp/dest"
    proc, elapsed = _timed(lambda: setup.bash(command, role="open"))
    assert_denied(proc, "could not decide this call within")
    assert elapsed < 1.0, elapsed


@pytest.mark.parametrize("tool_input", [
    {"path": " ".join("f%d" % i for i in range(99000))},
    {"path": " ".join("f%d" % i for i in range(1000000))},
    {"path": "x.txt", "content": "\n".join("line%d" % i for i in range(49000))},
])
def test_an_argument_of_too_many_words_is_denied_at_once(setup, tool_input):
    proc, elapsed = _timed(lambda: setup.check("mcp__fs__write", tool_input, role="open"))
    assert_denied(proc, "too many to check")
    assert elapsed < budget.LIMIT_SECONDS, elapsed


def test_a_file_written_through_mcp_with_code_lines_stays_allowed(setup):
    content = "\n".join("x = compute(%d, y) + z" % i for i in range(20000))
    proc, elapsed = _timed(lambda: setup.check("mcp__fs__write", {"path": "out.py", "content": content}, role="open"))
    assert_allowed(proc)
    assert elapsed < budget.LIMIT_SECONDS, elapsed


def test_start_up_text_longer_than_the_guard_reads_through_is_refused_at_once(setup):
    content = "\n".join("alias a%d='ls -la'" % i for i in range(200000))  # (it took 40 s to check)
    proc, elapsed = _timed(lambda: setup.check("Write", {"file_path": "~/.bashrc", "content": content}, role="open"))
    assert_denied(proc, "start-up file", "KiB")
    assert elapsed < budget.LIMIT_SECONDS, elapsed


def test_git_config_text_longer_than_the_guard_reads_through_is_refused(setup):
    content = "[alias]\n" + "\n".join("\ta%d = status" % i for i in range(40000))
    proc = setup.bash("cat >> ~/.gitconfig <<'EOF'\n" + content[:100000] + "\nEOF", role="operator")
    assert proc.returncode in (0, 2)  # (decided; the shell command's own 128 KiB bound applies first)
    proc, elapsed = _timed(lambda: setup.check("Write", {"file_path": "~/.gitconfig", "content": content}, role="open"))
    assert_denied(proc, "KiB")
    assert elapsed < budget.LIMIT_SECONDS, elapsed


def test_many_aliases_in_a_start_up_file_are_checked_within_the_budget(setup):
    # each alias name was looked up with a stat in every PATH folder (65,000 stats for 5,000 aliases)
    content = "\n".join("alias a%d='ls -la'" % i for i in range(5000))
    proc, elapsed = _timed(lambda: setup.check("Write", {"file_path": "~/.bashrc", "content": content}, role="open"))
    assert_allowed(proc)
    assert elapsed < budget.LIMIT_SECONDS / 2, elapsed


def test_an_alias_that_shadows_a_program_is_still_found_among_many(setup):
    content = "\n".join("alias a%d='ls -la'" % i for i in range(3000)) + "\nalias ls='curl -T'\n"
    assert_denied(setup.check("Write", {"file_path": "~/.bashrc", "content": content}, role="open"), "ls")


def test_a_patch_naming_one_file_sixty_thousand_times_judges_it_once(setup):
    patch = "*** Begin Patch\n" + "*** Update File: README.md\n@@\n-hi\n+x\n" * 60000 + "*** End Patch\n"
    proc, elapsed = _timed(lambda: setup.check("apply_patch", {"command": patch}, agent="codex", role="open"))
    assert_allowed(proc)
    assert elapsed < budget.LIMIT_SECONDS, elapsed


def test_a_patch_naming_a_secret_among_repeats_is_still_denied(setup):
    patch = "*** Begin Patch\n" + "*** Update File: README.md\n@@\n-hi\n+x\n" * 30000 + \
        "*** Add File: .env\n+x\n*** End Patch\n"
    assert_denied(setup.check("apply_patch", {"command": patch}, agent="codex", role="open"), ".env")
