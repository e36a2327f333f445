"""Red team 17 (the agents' own tools). apply_patch bodies are split as the agents split them: Codex and opencode break lines at `\\n`
only, so a header path holding another line-break character (`\\x85`, `\\r`, `\\u2028`, `\\x0b`...)
is one path to them (`x<NEL>/../.claude/settings.json` lands in .claude/settings.json), while
str.splitlines cut it in two and the guard judged a harmless `x`. opencode trims a header path
with JavaScript's trim(), which also drops U+FEFF. Each of these must meet the same rules as the
plain path (a hook config, the guard dir, outside the project); a CRLF body stays usable.

A real project in tmp; each case pipes one event into the real hook in-process.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

BREAKS = ["\x85", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\u2028", "\u2029"]


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("patchbreaks"))


def _patch(header_path, verb="Add File"):
    return f"*** Begin Patch\n*** {verb}: {header_path}\n+{{}}\n*** End Patch\n"


@pytest.mark.parametrize("brk", BREAKS)
@pytest.mark.parametrize("role", ["builder", "open", "operator"])
def test_codex_patch_path_with_a_line_break_reaches_the_hook_config(s, brk, role):
    proc = s.check("apply_patch", {"command": _patch(f"x{brk}/../.claude/settings.json")}, role=role, agent="codex")
    assert_denied(proc, "protected")


@pytest.mark.parametrize("brk", ["\x85", "\r", "\u2028"])
def test_codex_patch_path_with_a_line_break_leaves_the_project(s, brk):
    assert_denied(s.check("apply_patch", {"command": _patch(f"ok{brk}/../../home/.bashrc")}, agent="codex"),
                  "outside the allowed paths")


def test_codex_patch_through_the_shell_heredoc(s):
    command = "apply_patch <<'EOF'\n" + _patch("x\x85/../.codex/hooks.json") + "EOF"
    assert_denied(s.check("Bash", {"command": command}, agent="claude-code"), "protected")


@pytest.mark.parametrize("tool", ["apply_patch", "patch"])
@pytest.mark.parametrize("header_path", ["x\x85/../.opencode/plugins/evil.js", "\ufeff.opencode/plugins/evil.js",
                                         "\ufeff .opencode/plugins/evil.js"])
def test_opencode_patch_paths_as_javascript_reads_them(s, tool, header_path):
    assert_denied(s.check(tool, {"patchText": _patch(header_path)}, agent="opencode"), "protected")


def test_a_crlf_patch_and_a_plain_one_stay_allowed(s):
    crlf = "*** Begin Patch\r\n*** Add File: src/new.py\r\n+x = 1\r\n*** End Patch\r\n"
    assert_allowed(s.check("apply_patch", {"command": crlf}, agent="codex"))
    assert_allowed(s.check("apply_patch", {"command": _patch("src/other.py")}, agent="codex"))


@pytest.fixture(scope="module")
def grep_project(tmp_path_factory):
    from conftest import write

    s = GuardSetup(tmp_path_factory.mktemp("grepglobs"))
    write(s.path(".git/config"), "[remote]\n url = https://tok@x\n")
    write(s.path(".env"), "SECRET=1\n")
    write(s.path("src/a.py"), "x = 1\n")
    return s


@pytest.mark.parametrize("glob", ["{**/.git,**/config}", "**/.git **/config", "**/.git,**/config", "*.py\ufeff.env",
                                  "**/.env"])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_the_grep_tools_globs_read_as_ripgrep_and_javascript_read_them(grep_project, glob, role):
    """Claude's Grep runs `rg --glob !.git ... --glob GLOB`: the last matching glob wins, and
    `**/` also matches no folder (`**/.git` is the top .git); the glob text is split at JavaScript's
    whitespace, U+FEFF included."""
    proc = grep_project.check("Grep", {"pattern": "tok", "path": grep_project.project, "glob": glob,
                                       "output_mode": "content"}, role=role, agent="claude-code")
    assert_denied(proc, "deny-path")


def test_a_grep_glob_that_reaches_no_secret_stays_allowed(grep_project):
    assert_allowed(grep_project.check("Grep", {"pattern": "x", "path": grep_project.project, "glob": "**/*.py"},
                                      agent="claude-code"))
