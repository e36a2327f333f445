"""Red team (issue 9, classes 2 and 7): every argument of every tool is a potential path, and
every event is decided within a fixed budget at linear cost.

MCP and unknown tools: any key name, nested objects and lists, relative paths (against the
event's cwd, as filesystem MCP servers resolve them), `file:` URIs in every spelling and
percent-encoding, Codex's read_mcp_resource. No silent caps: too many values is a deny with a
reason, a long argument is read in its `..`-collapsed form.
"""

import os
import random

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt-args"), files={"src/main.go": "package main\n"})


def key(s):
    return os.path.join(s.dir, "key.pem")


def ssh(s):
    return os.path.join(s.home, ".ssh", "id_rsa")


# ---- any key, any depth ----------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    {"path": "{ssh}"},
    {"filePath": "{ssh}"},
    {"paths": ["src/main.go", "{ssh}"]},
    {"target": {"source": {"file": "{ssh}"}}},
    {"a": [[{"b": [{"c": "{ssh}"}]}]]},
    {"options": {"include": ["x", {"deep": ["{ssh}"]}]}},
    {"{ssh}": True},  # a key can be a path too
    {"text": "  {ssh}  "},  # surrounding blanks
])
def test_mcp_nested_arguments_reach_deny_side(s, args):
    text = repr(args).replace("{ssh}", ssh(s))
    proc = s.check("mcp__fs__read_file", eval(text), role="open")
    assert_denied(proc, "denied by deny-path", ".ssh")


def test_nul_byte_in_an_argument_is_denied(s):
    # A C server stops at the NUL (the secret), a Node one throws: which file is meant is unclear.
    proc = s.check("mcp__fs__read_file", {"path": ssh(s) + "\u0000.txt"}, role="open")
    assert_denied(proc, "NUL byte")


@pytest.mark.parametrize("value", [".env", "src/../.env", "./src/.env.local", ".git/config", "../guard/key.pem"])
def test_mcp_relative_paths_resolve_against_cwd(s, value):
    proc = s.check("mcp__fs__read_file", {"path": value}, role="open")
    assert_denied(proc, "protected" if "guard" in value else "denied by deny-path")


def test_mcp_relative_path_against_event_cwd_not_project(s):
    # From cwd proj/src, `../.env` is proj/.env.
    proc = s.check("mcp__fs__read_file", {"path": "../.env"}, role="open", cwd=os.path.join(s.project, "src"))
    assert_denied(proc, "denied by deny-path")


def test_opencode_mcp_tool_arguments(s):
    assert_denied(s.check("fs_read_file", {"args": {"uri": "file://" + key(s)}}, role="open", agent="opencode"),
                  "is protected")


def test_unknown_tool_arguments(s):
    assert_denied(s.check("SomeNewTool", {"input": {"files": ["README.md", key(s)]}}, role="open"), "is protected")


# ---- file: URIs in every spelling --------------------------------------------------------------

@pytest.mark.parametrize("spelling", [
    "file://{p}", "file:{p}", "file://localhost{p}", "FILE://{p}", "File:{p}", "file://somehost{p}",
    "file:////{p}", "file://{p}?x=1", "file://{p}#frag",
])
def test_file_uri_spellings(s, spelling):
    uri = spelling.replace("{p}", key(s))
    assert_denied(s.check("mcp__fs__read_resource", {"uri": uri}, role="open"), "is protected")


@pytest.mark.parametrize("encode", [
    lambda p: p.replace("/", "%2F"),
    lambda p: p.replace("/", "%2f"),
    lambda p: p.replace(".", "%2e"),
    lambda p: p.replace(".", "%2E"),
    lambda p: "".join("%%%02X" % b for b in p.encode()),
    lambda p: p.replace(".", "%252e"),  # encoded twice
])
def test_file_uri_percent_encoding(s, encode):
    uri = "file://" + encode(key(s))
    assert_denied(s.check("mcp__fs__read_resource", {"uri": uri}, role="open"), "is protected")


def test_file_uri_dotdot_encoded(s):
    uri = "file://" + s.project + "/src/%2e%2e/%2e%2e/guard/key.pem"
    assert_denied(s.check("mcp__fs__read_resource", {"uri": uri}, role="open"), "is protected")


def test_codex_read_mcp_resource_is_checked(s):
    proc = s.check("read_mcp_resource", {"server": "fs", "uri": "file://" + ssh(s)}, role="open", agent="codex")
    assert_denied(proc, "denied by deny-path", ".ssh")


def test_claude_read_mcp_resource_tool_is_checked(s):
    proc = s.check("ReadMcpResourceTool", {"server": "fs", "uri": "file:///" + key(s).lstrip("/")}, role="open")
    assert_denied(proc, "is protected")


# ---- no silent caps -----------------------------------------------------------------------------

def test_too_many_values_is_denied_with_reason(s):
    args = {"items": ["src/main.go"] * 10001}
    assert_denied(s.check("mcp__fs__batch", args, role="open"), "more than 10000 argument values")


def test_secret_after_many_values_is_still_found(s):
    # The old scanner stopped after 2000 values: the secret at the end went unseen.
    args = {"items": ["src/main.go"] * 5000 + [ssh(s)]}
    assert_denied(s.check("mcp__fs__batch", args, role="open"), "denied by deny-path", ".ssh")


def test_long_argument_is_read_after_collapsing_dotdot(s):
    # 9 KB, but a server's path.resolve() makes it `.env`.
    value = "a/" * 3000 + "../" * 3000 + ".env"
    assert_denied(s.check("mcp__fs__read_file", {"path": value}, role="open"), "denied by deny-path")


def test_multiline_secret_path_is_not_stripped_into_a_match(s):
    # Content that only mentions a denied name is not that file.
    assert_allowed(s.check("mcp__fs__write_file", {"path": "src/notes.md", "content": "see .env\nfor setup\n"},
                           role="open"))


@pytest.mark.parametrize("args", [
    {"query": "select * from users where id = 1"},
    {"path": "src/main.go", "pattern": "func main"},
    {"uri": "file://" + "/usr/share/doc"},
    {"message": "hello", "n": 3, "flags": [True, None, 2.5]},
])
def test_ordinary_mcp_arguments_are_allowed(s, args):
    assert_allowed(s.check("mcp__fs__search", args, role="open"))


# ---- deadline and linear cost ---------------------------------------------------------------

def test_deadline_denies_with_reason(s, monkeypatch):
    from legant_guard.hook import budget

    monkeypatch.setattr(budget, "LIMIT_SECONDS", -1.0)
    assert_denied(s.bash("cat src/main.go"), "could not decide this call within")


def test_glob_with_many_folders_is_bounded(s):
    assert_denied(s.bash("cat /proc/*/*/*/*/*/*/zz", role="open"), "matches too many files to check")


def test_deep_path_operand_is_decided(s):
    deep = "/".join(["a"] * 3000)
    assert_allowed(s.bash(f"cat {deep}/x"))


def test_many_double_star_pattern_does_not_explode():
    from legant_guard.hook.paths import glob_match

    pattern = "/" + "/".join(["**"] * 30) + "/zz"
    path = "/" + "/".join(["a"] * 3000)
    assert glob_match(pattern, path) is False
    assert glob_match(pattern, path + "/zz") is True


def _reference_match(pats, parts):
    """The old recursive matcher: exponential, but obviously right."""
    from legant_guard.hook.paths import wildcard_match

    if not pats:
        return not parts
    if pats[0] == "**":
        return any(_reference_match(pats[1:], parts[i:]) for i in range(len(parts) + 1))
    return bool(parts) and wildcard_match(pats[0], parts[0]) and _reference_match(pats[1:], parts[1:])


def test_linear_matcher_agrees_with_reference():
    from legant_guard.hook.paths import _match_segments

    rng = random.Random(9)
    alphabet = ["a", "b", "**", "*", "a*", "?"]
    for _ in range(3000):
        pats = [rng.choice(alphabet) for _ in range(rng.randint(0, 6))]
        parts = [rng.choice(["a", "b", "ab", "ba"]) for _ in range(rng.randint(0, 7))]
        assert _match_segments(pats, parts) == _reference_match(pats, parts), (pats, parts)


def test_ruleset_agrees_with_rule_by_rule_matching(tmp_path):
    from legant_guard.hook.paths import PathRule, RuleSet

    sources = ["~/.ssh", "**/.env", "**/.env.*", ".git/config", "/etc", "/var/lib/x", "src/**/secret*"]
    rules = [PathRule(src, "/p", "/h", fold=True) for src in sources]
    index = RuleSet(rules, fold=True)
    probes = ["/h/.ssh", "/h/.SSH/id", "/h/.sshx", "/p/a/.env", "/p/.env.local", "/p/.git/config/x", "/p/.git",
              "/etc", "/etc/passwd", "/etcx", "/var/lib/x/y", "/var/lib", "/p/src/a/b/secret.txt", "/p/src/secret",
              "/", "/p", "/h"]
    for probe in probes:
        expected = next((r for r in rules if r.matches(probe)), None)
        found = index.first_match(probe)
        assert (found is None) == (expected is None), probe


def test_ruleset_finds_the_same_first_glob_as_trying_each_in_order():
    # RuleSet looks globs up by the path's folder (once per folder) and by its last name; the
    # rule it returns must still be the first matching glob in the token's order (the reason
    # names it, and template_exempt reads it).
    from legant_guard.hook.paths import PathRule, RuleSet

    rng = random.Random(12)
    names = ["a", "b", ".env", ".env.x", "x.toml", "config", ".git", "hooks"]
    patterns = names + ["*", "**", ".env.*", "*.toml", "?", "[ab]", ".git"]
    for _ in range(300):
        sources = ["/" + "/".join(rng.choice(patterns) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 8))]
        rules = [PathRule(src, "/p", "/h", fold=True) for src in sources]
        rules = [r for r in rules if r.glob]
        index = RuleSet(rules, fold=True)
        for _ in range(30):
            probe = "/" + "/".join(rng.choice(names) for _ in range(rng.randint(1, 5)))
            expected = next((r for r in rules if r.matches(probe)), None)
            assert index.first_match(probe) is expected, (sources, probe)


def test_reason_is_capped_but_names_the_rule(s):
    deep = "/".join(["d"] * 1500)
    reason = assert_denied(s.check("Read", {"file_path": os.path.join(s.project, deep, ".env")}, role="open"),
                           "denied by deny-path", "/**/.env")
    assert len(reason) < 1100


def test_patch_with_many_files_is_decided(s):
    patch = "*** Begin Patch\n" + "".join(f"*** Add File: gen/f{i}.txt\n+x\n" for i in range(20000)) + "*** End Patch\n"
    assert_allowed(s.check("apply_patch", {"command": patch}, agent="codex"))
    patch = patch.replace("*** End Patch", "*** Add File: ../guard/key.pem\n+x\n*** End Patch")
    assert_denied(s.check("apply_patch", {"command": patch}, agent="codex"), "is protected")


def test_deeply_nested_braces_are_decided(s):
    # One pass pairs the braces (scanning forward from each `{` was quadratic: ~50 s here).
    assert_allowed(s.bash("echo " + "{" * 10000 + "x" + "}" * 10000))
    # {a,{a,{a,.env}}} is a, a, a, .env; {{{.env,x}}} would keep its outer braces (no comma).
    assert_denied(s.bash("cat " + "{a," * 50 + ".env" + "}" * 50, role="open"), "denied by deny-path")
    # Too deep to expand within the budget: undetermined, or the deadline; a deny either way.
    assert_denied(s.bash("cat " + "{a," * 5000 + ".env" + "}" * 5000, role="open"), "could not de")


@pytest.mark.parametrize("text,words", [
    ("a{b,c}d", ["abd", "acd"]), ("{a,b}{c,d}", ["ac", "ad", "bc", "bd"]), ("{{a,b},c}", ["a", "b", "c"]),
    ("x{1..3}", ["x1", "x2", "x3"]), ("{a}", ["{a}"]), ("{a,b", ["{a,b"]), ("}{a,b}", ["}a", "}b"]),
    ("{x{a,b}}", ["{xa}", "{xb}"]), ("a{,b}", ["a", "ab"]), ("{{}}", ["{{}}"]), ("{a,{b}}", ["a", "{b}"]),
])
def test_brace_expansion_reads_as_bash(text, words):
    from legant_guard.shell.words import brace_expand

    assert brace_expand(text) == words


# The one pattern matcher (hook/paths.wildcard_match) against Python's fnmatch as the oracle.
# Patterns are built from whole tokens so the oracle's pattern can be written token by token:
# fnmatch has no escapes (bash's `\\x` is the class `[x]` there) and reads `[^` literally (bash
# negates: the oracle gets `[!`).
_PLAIN_TOKENS = ["*", "?", "a", "b", "[", "]", "\\", "[ab]", "[!a]", "[]a]", "[!]]", "[a-c]", "[z-a]", "[a-]", "[\\]"]
_ESCAPED_TOKENS = {"*": "*", "?": "?", "a": "a", "b": "b", "]": "]", "[ab]": "[ab]", "[!a]": "[!a]", "[^a]": "[!a]",
                   "[]a]": "[]a]", "[!]]": "[!]]", "[a-c]": "[a-c]", "\\*": "[*]", "\\?": "[?]", "\\[": "[[]",
                   "\\]": "[]]", "\\\\": "[\\]", "\\a": "a", "[\\]]": "[]]", "[\\!a]": "[a!]"}
_TEXT_CHARS = "ab[]*?c\\-^!"


def test_one_matcher_agrees_with_fnmatch():
    from fnmatch import fnmatchcase

    from legant_guard.hook.paths import wildcard_match

    rng = random.Random(11)
    for _ in range(20000):
        pattern = "".join(rng.choice(_PLAIN_TOKENS) for _ in range(rng.randint(0, 5)))
        text = "".join(rng.choice(_TEXT_CHARS) for _ in range(rng.randint(0, 6)))
        assert wildcard_match(pattern, text) == fnmatchcase(text, pattern), (pattern, text)


def test_one_matcher_with_escapes_agrees_with_fnmatch():
    """The shell's patterns (the tripwires): `\\*` is a star, `[\\]]` the class of `]`."""
    from fnmatch import fnmatchcase

    from legant_guard.hook.paths import wildcard_match

    rng = random.Random(12)
    tokens = list(_ESCAPED_TOKENS)
    for _ in range(20000):
        picked = [rng.choice(tokens) for _ in range(rng.randint(0, 5))]
        pattern, oracle = "".join(picked), "".join(_ESCAPED_TOKENS[t] for t in picked)
        text = "".join(rng.choice(_TEXT_CHARS) for _ in range(rng.randint(0, 6)))
        assert wildcard_match(pattern, text, escapes=True) == fnmatchcase(text, oracle), (pattern, text)


@pytest.mark.parametrize("pattern,text,plain,escaped", [
    ("a\\*", "a\\x", True, False), ("a\\*", "a*", False, True), ("\\", "\\", True, True),
    ("[^a]", "b", True, True), ("[^a]", "a", False, False), ("[!]]", "]", False, False), ("[!]]", "x", True, True),
    ("[\\]]", "]", False, True), ("[\\]]", "\\]", True, False), ("x[", "x[", True, True), ("x\\", "x\\", True, True),
])
def test_one_matcher_reads_escapes_only_when_asked(pattern, text, plain, escaped):
    from legant_guard.hook.paths import wildcard_match

    assert wildcard_match(pattern, text) is plain
    assert wildcard_match(pattern, text, escapes=True) is escaped


@pytest.mark.parametrize("escapes", [False, True])
def test_one_matcher_is_linear(escapes):
    import time

    from legant_guard.hook.paths import wildcard_match

    start = time.monotonic()
    assert wildcard_match("*a" * 30 + "b", "a" * 40, escapes=escapes) is False  # exponential before: minutes
    assert wildcard_match("*[a]" * 30 + "\\b", "a" * 200, escapes=escapes) is False
    assert wildcard_match("*?" * 50 + "*c", "ab" * 200, escapes=escapes) is False
    assert time.monotonic() - start < 2


def test_star_flood_operand_is_decided(s):
    assert_denied(s.bash("rm -rf /" + "*a" * 40 + "b", role="open"), "tripwire recursive-delete-critical")


def test_protected_contained_in_index_agrees_with_rule_by_rule():
    from legant_guard.hook.engine import Protected

    paths = ["/g/key.pem", "/g", "/p/.claude/settings.json", "/p/.CLAUDE/x", "/p-x/.codex", "/h/.codex/config.toml",
             "/p/**/.env", "/", "/p/a/b/c"]
    protected = Protected(paths[:-2] + paths[-1:], "/h")
    with_root = Protected(paths, "/h")
    probes = ["/", "/g", "/g/key.pem", "/p", "/p/", "/p/.claude", "/P", "/p-", "/p-x", "/h", "/h/.codex", "/p/a",
              "/p/a/b", "/q", "/p/a/b/c/d"]
    for index in (protected, with_root):
        for probe in probes:
            expected = next((r.source for r in index.rules if r.contained_in(probe.rstrip("/") or "/")), None)
            assert index.contained_in([probe.rstrip("/") or "/"]) == expected, probe
