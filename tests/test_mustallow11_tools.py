"""Must-allow corpus: the agents' file, search and coordination tools on everyday files of every ecosystem.

Each agent's own tool shapes (Claude Code: Read with offset/limit, Write, Edit with replace_all,
MultiEdit, Glob, Grep with output_mode/type/glob/-n/-C/head_limit, LS with ignore, NotebookEdit,
TodoWrite, WebFetch, WebSearch; Codex: apply_patch Add/Update as its tool and as
`apply_patch <<'EOF'` through its shell, its reads through the shell (`sed -n`, `cat`, `nl -ba`,
`head`, `wc`), bare and in its own `bash -lc`, view_image, update_plan, web_search; opencode:
read with relative paths, write, edit with replaceAll, patch, glob, grep with include, list,
todowrite/todoread, webfetch) on the files an agent reads and edits in a polyglot monorepo:
sources, manifests, lock files, CI workflows, Kubernetes manifests, notebooks, instructions
files and the `.env.example`/`.env.sample`/`.env.template` templates. Reads under the reviewer,
the builder and open; writes under the builder and open; web tools under open. Beside them, the
neighbours that stay denied, each with its reason. Verdicts only: nothing is executed.
"""

import shlex

import pytest

from conftest import assert_allowed, assert_denied
from polyglot import polyglot_project

READ_FILES = [
    "src/app.py", "README.md", "package.json", "pyproject.toml", "Cargo.toml", "go.mod", "pom.xml", "build.gradle",
    "Gemfile", "composer.json", "src/App.csproj", "CMakeLists.txt", "Makefile", "infra/main.tf", "Dockerfile",
    "compose.yaml", ".env.example", ".env.sample", ".env.template", ".env.local.example", "tsconfig.json",
    "src/index.ts", "src/main.rs", "main.go", "core/src/main/java/App.java", "lib/foo.rb", "src/index.php",
    "include/x.h", "src/x.c", "tests/test_app.py", "spec/foo_spec.rb", "docs/index.md", ".gitignore",
    "pnpm-lock.yaml", "Cargo.lock", "requirements.txt", "tox.ini", "k8s/deployment.yaml", "charts/app/Chart.yaml",
    "AGENTS.md", "CLAUDE.md", "notebooks/a.ipynb", "mix.exs", "Package.swift", "justfile", "Taskfile.yml",
    "turbo.json", "nx.json", "pnpm-workspace.yaml", "packages/web/package.json", "scripts/build.js", "scripts/test.sh",
    ".github/workflows/ci.yml", "lib/app.ex", "Sources/App/main.swift",
]
WRITE_FILES = [
    "src/app.py", "src/new_module.py", "tests/test_new.py", "src/index.ts", "src/components/Button.tsx",
    "src/main.rs", "src/lib.rs", "main.go", "internal/server/server.go", "core/src/main/java/App.java",
    "lib/foo.rb", "spec/foo_spec.rb", "src/index.php", "src/x.c", "include/x.h", "CMakeLists.txt", "Makefile",
    "infra/main.tf", "Dockerfile", "compose.yaml", "package.json", "pyproject.toml", "Cargo.toml", "go.mod",
    "README.md", "docs/guide.md", ".env.example", ".env.sample", ".gitignore", ".github/workflows/ci.yml",
    "k8s/deployment.yaml", "src/App.csproj", "lib/app.ex", "Sources/App/main.swift", "tsconfig.json",
    ".eslintrc.json", ".prettierrc", "vite.config.ts", "jest.config.js", "CHANGELOG.md", "AGENTS.md", "CLAUDE.md",
    "packages/web/src/index.ts", "scripts/build.js", "scripts/test.sh", "build/out.txt", "data/fixtures.json",
    "migrations/001_init.sql", "src/styles.css", "public/index.html",
]
GLOBS = ["**/*.py", "**/*.ts", "**/*.{ts,tsx}", "src/**/*.rs", "**/*.go", "**/*.java", "**/test_*.py", "**/*.md",
         "**/package.json", "**/*.tf", "**/Dockerfile", "*.json", "**/*.csproj", "**/*_spec.rb", "**/*.php", "**/*.c",
         "**/*.h", "**/.env.example", "**/*.yaml", "**/*.yml", "**/*", "*"]
# (pattern, Claude Code's Grep options); opencode's grep takes the glob as `include`
GREPS = [("def main", {}), ("TODO", {"output_mode": "files_with_matches"}), ("import React", {"glob": "*.tsx"}),
         ("fn \\w+", {"type": "rust", "output_mode": "content", "-n": True}), ("class ", {"type": "py", "-C": 2}),
         ("func Test", {"glob": "**/*_test.go"}), ("API_KEY", {"glob": ".env.example"}),
         ("version", {"path": "{p}/package.json"}), ("describe\\(", {"path": "{p}/spec"}),
         ("public class", {"type": "java", "head_limit": 20}), ("FIXME|XXX", {"-i": True, "output_mode": "count"}),
         ("useState", {"path": "{p}/src", "glob": "*.{ts,tsx}"})]
CODEX_READS = ["sed -n '1,200p' {f}", "cat {f}", "nl -ba {f} | sed -n '1,160p'", "head -n 80 {f}", "wc -l {f}"]
URLS = ["https://docs.python.org/3/library/ast.html", "https://developer.mozilla.org/en-US/docs/Web/API/fetch",
        "https://doc.rust-lang.org/std/vec/struct.Vec.html", "https://pkg.go.dev/net/http",
        "https://github.com/astral-sh/uv", "https://registry.npmjs.org/react", "https://pypi.org/pypi/requests/json"]
MORE_FILES = ("mix.exs", "Package.swift", "justfile", "Taskfile.yml", "Sources/App/main.swift", "lib/app.ex",
              ".github/workflows/ci.yml", "assets/logo.png")


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return polyglot_project(tmp_path_factory.mktemp("mustallow11_tools"), agents=True, extra=MORE_FILES)


def _fill(value, s):
    if isinstance(value, str):
        return value.replace("{p}", s.project)
    if isinstance(value, dict):
        return {k: _fill(v, s) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, s) for v in value]
    return value


def _refused(s, calls, role):
    """The calls (agent, tool, input) a role refuses, with the reasons."""
    out = []
    for agent, tool, tool_input in calls:
        extra = {"turn_id": "t1"} if agent == "codex" else {}
        proc = s.check(tool, _fill(tool_input, s), role=role, agent=agent, **extra)
        if proc.returncode != 0:
            out.append(f"{agent or 'claude'} {tool} {tool_input}: {proc.stderr.strip()}")
    return out


def _reads(f):
    calls = [(None, "Read", {"file_path": "{p}/" + f}), (None, "Read", {"file_path": "{p}/" + f, "offset": 1, "limit": 200}),
             ("opencode", "read", {"filePath": "{p}/" + f}), ("opencode", "read", {"filePath": f})]
    for line in CODEX_READS:
        command = line.format(f=f)
        calls += [("codex", "Bash", {"command": command}), ("codex", "Bash", {"command": "bash -lc " + shlex.quote(command)})]
    return calls


def _writes(f):
    return [(None, "Write", {"file_path": "{p}/" + f, "content": "x = 1\n"}),
            (None, "Edit", {"file_path": "{p}/" + f, "old_string": "x", "new_string": "y"}),
            (None, "Edit", {"file_path": "{p}/" + f, "old_string": "x", "new_string": "y", "replace_all": True}),
            (None, "MultiEdit", {"file_path": "{p}/" + f, "edits": [{"old_string": "x", "new_string": "y"},
                                                                  {"old_string": "a", "new_string": "b", "replace_all": True}]}),
            ("opencode", "write", {"filePath": "{p}/" + f, "content": "x\n"}),
            ("opencode", "edit", {"filePath": f, "oldString": "x", "newString": "y", "replaceAll": False}),
            ("codex", "apply_patch", {"command": f"*** Begin Patch\n*** Update File: {f}\n@@\n-x\n+y\n*** End Patch\n"}),
            ("codex", "apply_patch", {"command": f"*** Begin Patch\n*** Add File: {f}\n+hello\n*** End Patch\n"}),
            ("opencode", "patch", {"patchText": f"*** Begin Patch\n*** Update File: {f}\n@@\n-x\n+y\n*** End Patch"}),
            ("codex", "Bash", {"command": f"apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: {f}\n@@\n-x\n+y\n"
                                          "*** End Patch\nEOF"})]


def _searches():
    calls = []
    for g in GLOBS:
        calls += [(None, "Glob", {"pattern": g}), (None, "Glob", {"pattern": g, "path": "{p}"}),
                  ("opencode", "glob", {"pattern": g}), ("opencode", "glob", {"pattern": g, "path": "{p}/src"})]
    for pattern, options in GREPS:
        calls.append((None, "Grep", dict(options, pattern=pattern)))
        theirs = {"pattern": pattern, **({"include": options["glob"]} if "glob" in options else {}),
                  **({"path": options["path"]} if "path" in options else {})}
        calls.append(("opencode", "grep", theirs))
    for folder in ("{p}", "{p}/src", "{p}/packages"):
        calls += [(None, "LS", {"path": folder}), ("opencode", "list", {"path": folder})]
    calls += [(None, "LS", {"path": "{p}", "ignore": ["node_modules", "*.pyc"]}), ("opencode", "list", {}),
              (None, "Read", {"file_path": "{p}/assets/logo.png"}), ("codex", "view_image", {"path": "{p}/assets/logo.png"}),
              (None, "TodoWrite", {"todos": [{"content": "Run tests", "status": "pending", "activeForm": "Running tests"}]}),
              ("opencode", "todowrite", {"todos": [{"content": "x", "status": "pending", "priority": "high", "id": "1"}]}),
              ("opencode", "todoread", {}), ("codex", "update_plan", {"plan": [{"step": "x", "status": "in_progress"}]})]
    return calls


def test_the_corpus_is_large():
    calls = [c for f in READ_FILES for c in _reads(f)] + [c for f in WRITE_FILES for c in _writes(f)] + _searches()
    assert len(calls) >= 1000


@pytest.mark.parametrize("role", ["reviewer", "builder", "open"])
def test_reads_of_everyday_files_in_every_agents_shape(s, role):
    assert not _refused(s, [c for f in READ_FILES for c in _reads(f)], role)


@pytest.mark.parametrize("role", ["builder", "open"])
def test_writes_of_everyday_files_in_every_agents_shape(s, role):
    assert not _refused(s, [c for f in WRITE_FILES for c in _writes(f)], role)


@pytest.mark.parametrize("role", ["reviewer", "builder", "open"])
def test_searches_listings_and_plans(s, role):
    assert not _refused(s, _searches(), role)


@pytest.mark.parametrize("role", ["builder", "open"])
def test_notebook_edits(s, role):
    assert not _refused(s, [
        (None, "NotebookEdit", {"notebook_path": "{p}/notebooks/a.ipynb", "new_source": "print(1)", "cell_id": "abc",
                                "edit_mode": "replace"}),
        (None, "NotebookEdit", {"notebook_path": "{p}/notebooks/explore.ipynb", "new_source": "import pandas as pd",
                                "edit_mode": "insert", "cell_type": "code"})], role)


def test_web_tools_under_open(s):
    calls = [(None, "WebSearch", {"query": "pytest fixtures scope"}), ("codex", "web_search", {"query": "cargo workspace"})]
    for url in URLS:
        calls += [(None, "WebFetch", {"url": url, "prompt": "Summarize"}), ("opencode", "webfetch", {"url": url, "format": "markdown"})]
    assert not _refused(s, calls, "open")


@pytest.mark.parametrize("role", ["reviewer", "builder", "open"])
@pytest.mark.parametrize("agent, tool, tool_input, reason", [
    (None, "Read", {"file_path": "{p}/.env"}, "denied by deny-path"),
    ("opencode", "read", {"filePath": ".env"}, "denied by deny-path"),
    ("codex", "Bash", {"command": "bash -lc 'sed -n 1,200p .env'"}, "denied by deny-path"),
    (None, "Read", {"file_path": "{p}/opencode.json"}, "is protected"),
    (None, "Grep", {"pattern": "KEY", "glob": ".env*"}, ".env"),
    (None, "Grep", {"pattern": "KEY", "path": "{p}/.env"}, "denied by deny-path"),
])
def test_the_secret_and_the_hook_config_beside_them_stay_unreadable(s, agent, tool, tool_input, reason, role):
    extra = {"turn_id": "t1"} if agent == "codex" else {}
    assert_denied(s.check(tool, _fill(tool_input, s), role=role, agent=agent, **extra), reason)


@pytest.mark.parametrize("agent, tool, tool_input, reason", [
    (None, "Write", {"file_path": "{p}/.env", "content": "K=1\n"}, "denied by deny-path"),
    (None, "Edit", {"file_path": "{p}/.claude/settings.json", "old_string": "x", "new_string": "y"}, "is protected"),
    ("opencode", "write", {"filePath": "opencode.json", "content": "{}"}, "is protected"),
    ("codex", "apply_patch", {"command": "*** Begin Patch\n*** Add File: .env.local\n+K=1\n*** End Patch\n"},
     "denied by deny-path"),
    ("codex", "apply_patch", {"command": "*** Begin Patch\n*** Update File: opencode.json\n@@\n-x\n+y\n*** End Patch\n"},
     "is protected"),
    (None, "Write", {"file_path": "{p}/../outside.txt", "content": "x"}, "outside the allowed paths"),
])
def test_writes_that_stay_denied(s, agent, tool, tool_input, reason):
    extra = {"turn_id": "t1"} if agent == "codex" else {}
    assert_denied(s.check(tool, _fill(tool_input, s), agent=agent, **extra), reason)


def test_web_tools_are_not_the_builders(s):
    assert_denied(s.check("WebFetch", {"url": URLS[0], "prompt": "x"}), "needs capability net.fetch")
    assert_denied(s.check("WebFetch", {"url": "http://169.254.169.254/latest/meta-data/", "prompt": "x"}, role="open"),
                  "169.254.169.254")
