"""Must-allow: the calls the three agents really make in ordinary sessions, in their own idioms.

Taken from the agents' own instructions and tool definitions: Claude Code's Bash tool prompt
(`git commit -m "$(cat <<'EOF' … EOF)"`, `gh pr create --body "$(cat <<'EOF' …)"`, the parallel
`git status` / `git diff` / `git log` before a commit, `cd /abs/project && …`) and its file tools;
Codex's (`rg --files`, `sed -n '1,200p'`, `nl -ba`, apply_patch with Add/Update/Move/Delete, as
its tool and as `apply_patch <<'EOF'` through its shell); opencode's tool inputs (bash with
`workdir`, read, edit, write, list, glob, grep, patch). They run in the polyglot project as
the agents keep it (its opencode.json and .claude/settings.json in place), under the builder,
and the reviewer for reads. Next to them, the everyday-looking calls denied on purpose, each
with the reason that tells the agent what to do instead. Verdicts only: nothing is executed.
"""

import os

import pytest

from conftest import assert_allowed, assert_denied
from polyglot import polyglot_project

COMMIT = """git commit -m "$(cat <<'EOF'
Fix the parser's off-by-one on empty input

Co-Authored-By: Claude <noreply@anthropic.com>
EOF
)\""""
PR = """gh pr create --title "Fix parser" --body "$(cat <<'EOF'
## Summary
- fix off-by-one

## Test plan
- [ ] run pytest
EOF
)\""""


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return polyglot_project(tmp_path_factory.mktemp("mustallow_agentidioms"), agents=True)


def claude(s, command, role="builder"):
    return s.check("Bash", {"command": command, "description": "Run it"}, role=role)


def codex(s, command, role="builder"):
    return s.check("Bash", {"command": command}, role=role, agent="codex", turn_id="t1")


CLAUDE_BASH = [
    "git status", "git diff", "git diff --staged", "git log --oneline -10", "git log -1 --format='%an %ae'",
    "git status && git diff HEAD && git log --oneline -5", "git diff main...HEAD", "git log main..HEAD --oneline",
    "git branch --show-current", "git status -sb", "git add src/app.py src/util.py", COMMIT,
    "git add src/app.py && " + COMMIT, COMMIT + " && git status", "git checkout -b fix/parser", "git switch -c fix/x",
    "git commit --amend --no-edit", "git stash list", "git stash pop", "git merge --no-ff feature/x",
    "git rebase main", "git fetch origin", "git rm --cached .env", "git diff --name-only main...HEAD",
    "{cd} && pytest -q", "{cd} && git status", "{cd}/src && ls -la",
    "find . -name '*.py' -not -path './.venv/*' | head -20", "pytest -x 2>&1 | head -50", "npm test 2>&1 | tail -20",
    "cat package.json | jq .scripts", "mkdir -p build && cp -r src/ build/", "tar xzf build.tgz -C build/",
]
CLAUDE_TOOLS = [
    ("Read", {"file_path": "{p}/src/app.py"}), ("Read", {"file_path": "{p}/README.md", "offset": 1, "limit": 100}),
    ("Read", {"file_path": "{p}/.env.example"}), ("Glob", {"pattern": "**/*.py"}),
    ("Glob", {"pattern": "src/**/*.ts", "path": "{p}"}), ("Grep", {"pattern": "def ", "output_mode": "content", "-n": True}),
    ("Grep", {"pattern": "TODO", "path": "{p}", "glob": "*.py", "output_mode": "files_with_matches"}),
    ("Grep", {"pattern": "import", "type": "py"}), ("LS", {"path": "{p}"}), ("TodoWrite", {"todos": []}),
]
CLAUDE_WRITES = [
    ("Edit", {"file_path": "{p}/src/app.py", "old_string": "x", "new_string": "y"}),
    ("Write", {"file_path": "{p}/src/new.py", "content": "y = 2\n"}),
    ("MultiEdit", {"file_path": "{p}/src/app.py", "edits": [{"old_string": "x", "new_string": "y"}]}),
    ("Write", {"file_path": "{p}/.github/workflows/ci.yml", "content": "on: push\n"}),
    ("Write", {"file_path": "{p}/tests/conftest.py", "content": "import pytest\n"}),
    ("Write", {"file_path": "{p}/.env.example", "content": "API_KEY=\n"}),
]
CODEX_READS = [
    "rg --files", "rg --files | head -200", "rg --files -g '*.py'", "rg -n 'def ' src", "rg -n \"TODO|FIXME\" -S",
    "sed -n '1,200p' src/app.py", "sed -n '200,400p' README.md", "nl -ba src/app.py | sed -n '1,120p'",
    "cat -n src/app.py", "ls -la", "git status --porcelain", "git diff --stat", "git log --oneline -n 20",
    "head -n 50 README.md", "wc -l src/*.py", "find . -maxdepth 2 -type f | head -100", "git show HEAD --stat",
    "bash -lc 'rg --files'", "bash -lc \"sed -n '1,200p' src/app.py\"", "bash -lc 'nl -ba src/app.py | sed -n 1,80p'",
]
CODEX_RUNS = [
    "pytest -q", "python -m pytest -q tests/test_app.py", "ruff check .", "cargo test", "go test ./...", "npm test",
    "make", "git add -A && git commit -m 'Fix f'", "bash -lc 'pytest -q'",
    "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: hello.txt\n+Hello\n*** End Patch\nEOF",
]
PATCHES = [
    "*** Begin Patch\n*** Add File: hello.txt\n+Hello, world!\n*** End Patch\n",
    "*** Begin Patch\n*** Update File: src/app.py\n@@\n-x\n+y\n*** End Patch\n",
    "*** Begin Patch\n*** Update File: src/app.py\n*** Move to: src/main.py\n@@\n-x\n+y\n*** End Patch\n",
    "*** Begin Patch\n*** Delete File: docs/index.md\n*** End Patch\n",
    "*** Begin Patch\n*** Add File: tests/test_new.py\n+def test_x():\n+    assert True\n*** End Patch",
]
OPENCODE = [
    ("read", {"filePath": "{p}/src/app.py"}), ("read", {"filePath": "src/app.py", "offset": 0, "limit": 2000}),
    ("list", {"path": "{p}"}), ("list", {}), ("list", {"path": "{p}", "ignore": ["node_modules/", "dist/"]}),
    ("glob", {"pattern": "**/*.py"}), ("glob", {"pattern": "**/*.ts", "path": "{p}"}), ("grep", {"pattern": "def "}),
    ("grep", {"pattern": "import", "path": "{p}", "include": "*.py"}), ("grep", {"pattern": "TODO", "include": "*.{ts,tsx}"}),
]
OPENCODE_WRITES = [
    ("edit", {"filePath": "{p}/src/app.py", "oldString": "x", "newString": "y"}),
    ("write", {"filePath": "{p}/src/new.py", "content": "x=1\n"}),
    ("patch", {"patchText": "*** Begin Patch\n*** Update File: src/app.py\n@@\n-x\n+y\n*** End Patch"}),
    ("bash", {"command": "npm test", "description": "Runs the tests", "workdir": "{p}"}),
    ("bash", {"command": "ls", "description": "Lists", "workdir": "src"}),
    ("bash", {"command": "git add . && git commit -m 'wip'", "description": "Commits"}),
    ("bash", {"command": "npx tsc --noEmit", "description": "Type-checks"}),
]
ECOSYSTEMS = [
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]'", ". .venv/bin/activate && python -m pytest -x -q",
    "pip install -r requirements.txt", "ruff check --fix . && ruff format src", "mypy src --ignore-missing-imports",
    "python - <<'EOF'\nimport json\nprint(json.dumps({'a': 1}))\nEOF", "PYTHONPATH=src python -m pytest -q",
    "npm ci", "npm run build && npm test", "npx eslint . --ext .ts", "npx prettier --check .", "npx vitest run",
    "cargo build --release", "cargo clippy --all-targets -- -D warnings", "cargo fmt --check", "cargo test -- --nocapture",
    "go vet ./...", "gofmt -l .", "go test -race ./...", "go mod tidy",
    "make -j$(nproc)", "cmake -S . -B build && cmake --build build -j", "ctest --test-dir build",
    "./gradlew test", "mvn -B verify", "./gradlew clean build",
    "rg -l old_name src | xargs sed -i 's/old_name/new_name/g'", "grep -rl old_name src | xargs sed -i 's/old_name/new_name/g'",
    "cat > src/gen.py <<'EOF'\ndef g():\n    return 1\nEOF", "tar czf build/src.tgz src", "cp .env.example .env.test.example",
]


def _fill(value, s):
    if isinstance(value, str):
        return value.replace("{p}", s.project).replace("{cd}", "cd " + s.project)
    if isinstance(value, dict):
        return {k: _fill(v, s) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, s) for v in value]
    return value


@pytest.mark.parametrize("command", CLAUDE_BASH)
def test_claude_codes_shell_idioms(s, command):
    if "build.tgz" in command and not os.path.exists(s.path("build.tgz")):
        import io
        import tarfile

        with tarfile.open(s.path("build.tgz"), "w:gz") as t:
            info = tarfile.TarInfo("pkg/hello.txt")
            info.size = 6
            t.addfile(info, io.BytesIO(b"hello\n"))
    assert_allowed(claude(s, _fill(command, s)))


def test_claude_codes_pull_request_under_open(s):
    assert_allowed(claude(s, PR, role="open"))
    assert_allowed(claude(s, "gh api repos/foo/bar/pulls/123/comments", role="open"))


@pytest.mark.parametrize("role", ["builder", "reviewer", "open"])
@pytest.mark.parametrize("tool, tool_input", CLAUDE_TOOLS)
def test_claude_codes_file_tools_read(s, tool, tool_input, role):
    assert_allowed(s.check(tool, _fill(tool_input, s), role=role))


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("tool, tool_input", CLAUDE_WRITES)
def test_claude_codes_file_tools_write(s, tool, tool_input, role):
    assert_allowed(s.check(tool, _fill(tool_input, s), role=role))


@pytest.mark.parametrize("role", ["reviewer", "builder", "open"])
@pytest.mark.parametrize("command", CODEX_READS)
def test_codexs_shell_reads(s, command, role):
    assert_allowed(codex(s, command, role=role))


@pytest.mark.parametrize("command", CODEX_RUNS)
def test_codexs_shell_runs(s, command):
    assert_allowed(codex(s, command))


@pytest.mark.parametrize("absolute", [False, True])
@pytest.mark.parametrize("patch", PATCHES)
def test_codexs_patches(s, patch, absolute):
    if absolute:
        patch = patch.replace("File: ", "File: " + s.project + "/").replace("Move to: ", "Move to: " + s.project + "/")
    assert_allowed(s.check("apply_patch", {"command": patch}, agent="codex", turn_id="t1"))


@pytest.mark.parametrize("role", ["reviewer", "builder"])
@pytest.mark.parametrize("tool, tool_input", OPENCODE)
def test_opencodes_read_tools(s, tool, tool_input, role):
    assert_allowed(s.check(tool, _fill(tool_input, s), role=role, agent="opencode"))


@pytest.mark.parametrize("tool, tool_input", OPENCODE_WRITES)
def test_opencodes_write_and_shell_tools(s, tool, tool_input):
    assert_allowed(s.check(tool, _fill(tool_input, s), agent="opencode"))


@pytest.mark.parametrize("command", ECOSYSTEMS)
def test_everyday_work_by_ecosystem(s, command):
    assert_allowed(claude(s, command))


@pytest.mark.parametrize("command, reason", [
    # the builder has no network client: a pull request is the open role's (or the user's)
    (PR, "`gh` is not on the command allow-list"),
    # what a pull merges is not on disk when the hook runs; a fetch, then a merge, is
    ("git pull --rebase", "run `git fetch` as a command of its own"),
    ("git fetch && git rebase origin/main", "run it as a command of its own"),
    # interactive git: what is typed never reaches the guard
    ("git add -p", "`git add FILE`"),
    ("git rebase -i main", "`git rebase BRANCH` without -i"),
    # destructive git (Claude Code's own prompt says so too)
    ("git restore .", "discards uncommitted changes"),
    ("git reset --hard HEAD", "discards uncommitted work"),
    # the builder deletes through its build tool or git
    ("rm -rf build", "`make clean`"),
    ("rm src/util.py", "`git rm FILE`"),
    # a search that would read the secret says which exclusion to add
    ("grep -rn TODO .", "add --exclude=.env"),
    ("rg --hidden TODO", "add -g '!.git'"),
    # a patch inside `bash -lc` is not one Codex intercepts: the apply_patch program would run
    ("bash -lc \"apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: x.txt\n+x\n*** End Patch\nEOF\"",
     "not inside `bash -lc`"),
    ("mktemp -d", "keep scratch files in the project"),
    ("./scripts/test.sh", "run the project's script as `bash PATH`"),
])
def test_denied_on_purpose_with_a_reason_that_says_what_to_do(s, command, reason):
    assert_denied(claude(s, command), reason)
