"""Red team 18 (issue 9, class 2): an MCP or unknown tool's arguments reach more than each spells.

Every string was already a path against the deny side. What passed: a folder the tool reads
below (`search_code {path: "."}` over a `.env`, a folder above the guard's files), a glob the
server expands (`gu*/key.pem`, `conf/.e*`, `{a,b}`), and paths the server joins from several
arguments (`{root, path}`, `{dir, name}`, `segments: [...]`, nested objects). Tools that show
names only (list_directory, directory_tree) and tools that take a folder without reading its
files' contents (a git server's `repo_path`) stay allowed."""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("rt18args"), files={
        ".env": "SECRET=1\n", "conf/.env": "SECRET=2\n", "src/a.py": "x\n", "docs/readme.md": "x\n",
        "~/.ssh/id_rsa": "KEY\n"})
    os.symlink(s.dir, s.path("src/gl"))
    return s


ROLES = ["open", "operator"]


def _guard_parent(s):
    return os.path.dirname(s.dir)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tool,args", [
    # a folder above the guard's own files, as a whole value, a URI, or a join's base
    ("mcp__dc__search_code", {"path": "{root}", "pattern": "BEGIN"}),
    ("mcp__fs__read_file", {"root": "{root}", "path": "guard"}),
    ("mcp__fs__read_file", {"dir": "{root}", "name": "guard/key.pem"}),
    ("mcp__fs__read_file", {"segments": ["{root}", "guard", "key.pem"]}),
    ("mcp__x__y", {"options": {"root": "{root}"}, "file": "guard/key.pem"}),
    ("mcp__fs__read_file", {"uri": "file://{root}"}),
    ("mcp__fs__read_file", {"path": "/"}),
    ("unknown_tool", {"folder": "{root}"}),
    # a glob the server expands
    ("mcp__fs__read_file", {"path": "{root}/gu*/key.pem"}),
    ("mcp__fs__read_file", {"path": "{root}/guard/*.pem"}),
    ("mcp__fs__read_multiple_files", {"paths": ["{root}/g?ard/key.pem"]}),
    # a join that climbs out of the base through a link
    ("mcp__fs__read_file", {"base": "{project}/src", "path": "gl/../guard/key.pem"}),
])
def test_arguments_that_reach_the_guards_files(setup, role, tool, args):
    args = _fill(args, setup)
    reason = assert_denied(setup.check(tool, args, role=role))
    assert "protected" in reason


@pytest.mark.parametrize("tool,args,fragment", [
    ("mcp__dc__search_code", {"path": ".", "pattern": "KEY"}, ".env"),
    ("mcp__dc__search_code", {"path": "conf", "pattern": "KEY"}, ".env"),
    ("mcp__rg__grep", {"directory": "{project}"}, ".env"),
    ("mcp__fs__read_directory", {"path": "conf"}, ".env"),
    ("mcp__repo__get_repo_contents", {"root": "{project}"}, ".env"),
    ("mcp__fs__read_file", {"root": "{project}", "path": "conf/.e*"}, ".env"),
    ("mcp__fs__read_file", {"path": "conf/.e?v"}, ".env"),
    ("mcp__fs__read_file", {"path": "{conf,docs}/.env"}, ".env"),
    ("mcp__fs__read_file", {"path": "~/.ss*/id_rsa"}, ".ssh"),
    ("mcp__fs__read_file", {"dir": "~/.ssh", "name": "id_rsa"}, ".ssh"),
    ("mcp__fs__read_file", {"segments": ["~", ".ssh", "id_rsa"]}, ".ssh"),
    ("mcp__dc__search_code", {"path": "~", "pattern": "BEGIN"}, ".ssh"),
    ("mcp__fs__read_file", {"base": "{project}/src", "path": "../conf/.env"}, ".env"),
    ("mcp__fs__read_file", {"uri": "FILE://{project}/conf/%2Eenv"}, ".env"),
    ("mcp__fs__read_file", {"uri": "file://localhost{project}/conf/.%65nv"}, ".env"),
])
def test_arguments_that_reach_a_secret_under_open(setup, tool, args, fragment):
    reason = assert_denied(setup.check(tool, _fill(args, setup), role="open"))
    assert fragment in reason


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("tool,args", [
    ("mcp__fs__list_directory", {"path": "."}),
    ("mcp__fs__directory_tree", {"path": "{project}"}),
    ("mcp__fs__list_directory", {"path": "{root}"}),  # names are no secret (THREAT_MODEL)
    ("mcp__git__git_status", {"repo_path": "{project}"}),
    ("mcp__git__git_diff", {"repo_path": "{project}", "target": "main"}),
    ("mcp__fs__read_file", {"path": "src/a.py"}),
    ("mcp__fs__read_file", {"root": "{project}", "path": "src/a.py"}),
    ("mcp__dc__search_code", {"path": "docs", "pattern": "x"}),
    ("mcp__fs__read_multiple_files", {"paths": ["src/*.py", "docs/*.md"]}),
    ("mcp__db__query", {"sql": "SELECT * FROM t WHERE path = '/'"}),
    ("mcp__gh__get_file_contents", {"owner": "me", "repo": "x", "path": "README.md", "branch": "main"}),
])
def test_ordinary_tool_arguments_stay_allowed(setup, role, tool, args):
    assert_allowed(setup.check(tool, _fill(args, setup), role=role))


def test_too_many_joined_arguments_is_a_deny_not_a_skip(setup):
    args = {f"k{i}": f"/part{i}" for i in range(150)}
    assert_denied(setup.check("mcp__x__y", args, role="operator"), "too many to check")


def test_a_glob_with_too_many_alternatives_is_a_deny(setup):
    pattern = "".join("{a,b}" for _ in range(8)) + "/x*"
    assert_denied(setup.check("mcp__fs__read_file", {"path": pattern}, role="operator"), "patterns")


def _fill(value, s):
    if isinstance(value, dict):
        return {k: _fill(v, s) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, s) for v in value]
    return value.replace("{root}", _guard_parent(s)).replace("{project}", s.project)


@pytest.mark.parametrize("args", [
    {"name": "gl/../guard/key.pem", "dir": "src"},
    {"file": "key.pem", "folder": "src/gl"},
])
def test_a_join_in_any_order_of_a_small_object(setup, args):
    assert_denied(setup.check("mcp__fs__read_file", args, role="operator"), "protected")


def test_a_long_brace_value_is_expanded_or_denied(setup):
    # longer than PATH_MAX as written, but its braces spell short paths a server may open
    value = "{" + ",".join(f"x{i}" for i in range(900)) + "," + setup.dir + "/k*}"
    assert_denied(setup.check("mcp__fs__read_file", {"path": value}, role="operator"))


def test_many_glob_values_are_a_deny_not_a_long_walk(setup):
    paths = [f"d{i}/*/../*/../*" for i in range(3000)]
    assert_denied(setup.check("mcp__fs__read_multiple_files", {"paths": paths}, role="operator"), "patterns")


def test_a_search_far_outside_the_project_is_not_walked(setup):
    # (the project's secrets cannot lie below /usr; ~/.ssh and the guard's files were checked without a walk)
    assert_allowed(setup.check("mcp__x__search", {"path": "/usr/share"}, role="open"))


@pytest.mark.parametrize("uri", [
    "file:{root}/guard\\key.pem",  # a WHATWG URL parser reads `\` as `/`
    "file://localhost{root}\\guard\\key.pem",
    "resource://fs{root}/guard/key.pem",  # a server's own scheme, mapped to a file as it likes
    "fs:///{root}/guard/key.pem",
    "repo://local{root}/guard",
])
def test_resource_uris_in_other_spellings(setup, uri):
    tool_input = {"server": "fs", "uri": _fill(uri, setup)}
    assert_denied(setup.check("read_mcp_resource", tool_input, role="open", agent="codex"), "protected")


def test_web_urls_stay_allowed(setup):
    tool_input = {"url": "https://example.com/docs/.env.example", "ws": "wss://example.com/home/x"}
    assert_allowed(setup.check("mcp__fetch__fetch", tool_input, role="open"))


@pytest.mark.parametrize("role", ROLES)
def test_a_search_tool_pointed_at_a_hook_config_folder(tmp_path, role):
    s = GuardSetup(tmp_path, files={".claude/settings.json": "{}\n"})
    assert_denied(s.check("mcp__x__search_code", {"path": ".claude", "pattern": "hooks"}, role=role), ".claude")
    assert_denied(s.check("mcp__x__search_code", {"path": s.path(".claude"), "pattern": "x"}, role=role), "hook config")


@pytest.mark.parametrize("role", ROLES)
def test_a_relative_value_from_the_servers_possible_working_folders(setup, role):
    # a server started in / (a desktop app) or in the home folder (user scope) resolves it there
    from_root = (setup.dir + "/key.pem").lstrip("/")
    assert_denied(setup.check("mcp__fs__read_file", {"path": from_root}, role=role), "protected")
    assert_denied(setup.check("mcp__fs__write_file", {"path": ".claude.json", "content": "{}"}, role=role),
                  "protected")


def test_relative_project_files_stay_allowed_from_every_base(setup):
    assert_allowed(setup.check("mcp__fs__read_file", {"path": "src/a.py"}, role="open"))
    assert_allowed(setup.check("mcp__fs__read_file", {"path": "etc/hostname"}, role="open"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("value", ["{root}/gu%61rd/key.pem", "%2F{rootpct}%2Fguard%2Fkey.pem", "../gu%2561rd/key.pem"])
def test_percent_encoded_plain_paths(setup, role, value):
    # a server that takes the path from a URL route decodes it (up to three times)
    value = value.replace("{rootpct}", _guard_parent(setup).lstrip("/").replace("/", "%2F"))
    assert_denied(setup.check("mcp__fs__read_file", {"path": _fill(value, setup)}, role=role), "protected")


def test_a_percent_encoded_secret_under_open(setup):
    assert_denied(setup.check("mcp__fs__read_file", {"path": "conf/.%65nv"}, role="open"), ".env")
