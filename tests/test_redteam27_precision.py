"""Red team 27 (issue 9, class 8): precision. A realistic must-allow corpus of everyday commands
of Python, Node, Rust, Go, Java and C projects, under `builder` and `open`, in a git project
whose .env is ignored (with .env.example beside it), and the false denies found on the way:

- `tmp=$(mktemp) && sort data.txt > "$tmp" && mv "$tmp" data.txt`: the move's source, known only
  at run time, was read as the working folder (an empty operand), so the guard judged a move of
  the whole project and refused it for the .env inside (hook/reach._roots).

Each false deny is fixed beside the neighbour that stays denied. Nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, git


FILES = {".env": "SECRET=1\n", ".env.example": "A=\n", ".gitignore": ".env\n", "~/.ssh/id_rsa": "KEY\n",
         "~/.netrc": "machine x\n", "src/a.py": "x = 1\n", "README.md": "hi\n", "Makefile": "all:\n\ttrue\n",
         "pyproject.toml": "[project]\nname = 'x'\n", "package.json": "{}\n", "Cargo.toml": "[package]\nname = 'x'\n",
         "go.mod": "module x\n"}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt27precision"), files=FILES)
    git(setup.project, "init", "-q")
    git(setup.project, "add", "-A")
    git(setup.project, "commit", "-qm", "one")
    with open(setup.path("src/b.ts"), "w") as f:
        f.write("y\n")
    git(setup.project, "add", "-A")
    git(setup.project, "commit", "-qm", "two")
    git(setup.project, "tag", "v1")
    git(setup.project, "branch", "feature")
    return setup


BUILDER = [
    'python3 -m pytest -q tests/',
    'python3 -m pytest -x -k test_foo --maxfail=1',
    'pytest -n auto tests/unit',
    "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]'",
    '.venv/bin/python -m pip install -r requirements.txt',
    'pip install -r requirements-dev.txt',
    'python3 -m mypy src/',
    'ruff check . --fix',
    'ruff format src tests',
    'black --check .',
    'python3 -m coverage run -m pytest && python3 -m coverage report -m',
    'uv sync && uv run pytest',
    'uv pip install -e .',
    'poetry install && poetry run pytest',
    'python3 setup.py build_ext --inplace',
    'tox -e py311',
    "python3 -c 'import sys; print(sys.version)'",
    "find . -name '*.pyc' -delete",
    'python3 -m build',
    'pre-commit run --all-files',
    'npm ci',
    'npm install',
    'npm run build',
    'npm test -- --watch=false',
    'npm run lint -- --fix',
    'npx tsc --noEmit',
    'npx jest --coverage',
    'npx eslint src --ext .ts,.tsx',
    "npx prettier --write 'src/**/*.ts'",
    'yarn install --frozen-lockfile',
    'pnpm install && pnpm -r build',
    'node scripts/build.js',
    'npx vitest run',
    'cargo build --release',
    'cargo test --all-features',
    'cargo clippy -- -D warnings',
    'cargo fmt --all -- --check',
    'cargo check --workspace',
    'cargo run --bin app -- --help',
    'cargo doc --no-deps',
    'RUST_BACKTRACE=1 cargo test -- --nocapture',
    'go build ./...',
    'go test ./... -race -count=1',
    'go vet ./...',
    'go mod tidy',
    'gofmt -l -w .',
    'go test -run TestFoo -v ./pkg/...',
    'go generate ./...',
    'CGO_ENABLED=0 go build -o bin/app ./cmd/app',
    'mvn -q -DskipTests package',
    'mvn test -Dtest=FooTest',
    './gradlew build',
    "./gradlew test --tests 'com.example.*'",
    'java -jar target/app.jar --version',
    'make -j$(nproc)',
    'make clean && make',
    'cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j',
    'gcc -O2 -Wall -o app main.c util.c',
    'clang++ -std=c++17 -Iinclude -o app src/*.cpp',
    'ctest --test-dir build --output-on-failure',
    'git status',
    'git diff --stat',
    'git log --oneline -20',
    "git add -A && git commit -m 'fix: handle empty input'",
    'git checkout -b feature/x',
    'git rm --cached .env',
    "git ls-files '*.py' | xargs ruff check",
    "git diff --name-only HEAD~1 -- '*.ts' | xargs npx eslint",
    'cp .env.example .env.local.example',
    'cat .env.example',
    'diff .env.example .env.sample',
    'grep -rn TODO src/',
    "rg -n 'fn main' --type rust",
    "sed -i 's/foo/bar/g' src/a.py",
    'head -n 50 README.md',
    'wc -l src/*.py',
    'mkdir -p build/out && cp README.md build/out/',
    'tree -L 2 src',
    'du -sh node_modules',
    "jq '.version' package.json",
    'echo "export const VERSION = \'1.0\';" > src/version.ts',
    'ls -la && pwd',
    'test -f .venv/bin/activate && source .venv/bin/activate && pytest',
    'for f in src/*.py; do python3 -m py_compile "$f"; done',
    'timeout 60 npm test',
    'docker build -t app .',
]

OPEN = [
    'source .venv/bin/activate && python -m pytest -q',
    '. .venv/bin/activate; pip list --outdated',
    'python3 - <<\'EOF2\'\nimport json\nprint(json.dumps({"a": 1}))\nEOF2',
    "cat > config.yaml <<'EOF2'\nname: x\nEOF2",
    'printf \'%s\n\' "DEBUG=1" "PORT=8080" > .env.example',
    'cp .env.example .env.test.example',
    "grep -v '^#' .env.example | sort",
    "git add .env.example && git commit -m 'add env template'",
    'git rm --cached .env && echo .env >> .gitignore',
    'git check-ignore -v .env',
    '[ -e .env ] && echo exists',
    'env | grep -i path',
    "echo $PATH | tr ':' '\n'",
    'which python3 node cargo go',
    'node -v && npm -v',
    'npm ls --depth=0',
    'npm outdated',
    'npm run dev > /tmp/dev.log 2>&1 &',
    'tail -n 100 /tmp/dev.log',
    'kill %1',
    'lsof -i :3000',
    'ps aux | grep node',
    'docker compose up -d',
    "docker ps --format '{{.Names}}'",
    'docker logs -f app --tail 50',
    'kubectl get pods -n default',
    'make test 2>&1 | tee test.log',
    "cargo test 2>&1 | grep -E 'test result|FAILED'",
    'go test ./... 2>&1 | tail -20',
    "find . -name '*.go' -not -path './vendor/*' | xargs gofmt -l",
    "find src -type f -name '*.py' | xargs wc -l | sort -n | tail",
    "git ls-files '*.py' | xargs grep -n 'import os'",
    "git diff --name-only -- '*.py' | xargs ruff check",
    "rg --files -g '*.rs' | head",
    'while read -r line; do echo "$line"; done < README.md',
    'xargs -n1 echo < README.md',
    'sort -u <(cut -d, -f1 data.csv)',
    'diff <(sort a.txt) <(sort b.txt)',
    "jq -r '.dependencies | keys[]' package.json",
    "sed -n '1,20p' src/a.py",
    "awk -F, '{print $1}' data.csv | uniq -c",
    'tar -xzf archive.tgz -C build/',
    'unzip -o dist.zip -d build/',
    "zip -r out.zip src -x '*.pyc'",
    'cp -r src /tmp/srccopy',
    'mv build/app dist/app',
    'rm -rf build dist *.egg-info',
    'rm -f /tmp/dev.log',
    'mkdir -p ~/.cache/myapp && touch ~/.cache/myapp/x',
    'ln -sf ../shared/config.json config.json',
    'chmod 755 scripts/*.sh',
    'gh pr list',
    'git push origin HEAD',
    'git push -u origin feature/x',
    'git fetch --all --prune',
    'git log -p -- src/a.py | head -100',
    'git blame src/a.py',
    'git show HEAD:README.md',
    'git stash list',
    'git worktree add ../wt feature',
    'git submodule update --init --recursive',
    "git tag -a v1.2.0 -m 'release'",
    "git config user.email 'me@example.com'",
    "sqlite3 app.db '.tables'",
    "psql -h 127.0.0.1 -U postgres -c 'select 1'",
    'redis-cli -h 127.0.0.1 ping',
    'openssl rand -hex 32',
    'base64 -d <<< aGVsbG8=',
    'sha256sum dist/*.tar.gz',
    'time make -j4',
    'nohup ./server > server.log 2>&1 &',
    'history | tail',
    'code .',
    'cat ~/.gitconfig',
]


@pytest.mark.parametrize("command", BUILDER)
def test_everyday_builder_commands_are_allowed(project, command):
    assert_allowed(project.bash(command, role="builder"))


@pytest.mark.parametrize("command", OPEN)
def test_everyday_commands_under_open_are_allowed(project, command):
    assert_allowed(project.bash(command, role="open"))


def test_the_corpus_is_large_enough():
    assert len(BUILDER) >= 60 and len(OPEN) >= 60


# ---- the false denies found, each beside its neighbour that stays denied ----------------------
@pytest.mark.parametrize("command", [
    'tmp=$(mktemp) && sort README.md > "$tmp" && mv "$tmp" README.md',
    't=$(mktemp); cp README.md "$t"; mv "$t" README.md',
])
def test_a_move_of_a_mktemp_file_is_not_a_move_of_the_project(project, command):
    assert_allowed(project.bash(command, role="open"))


@pytest.mark.parametrize("command,fragment", [
    ('mv "$X" /tmp/out', "`mv`"),
    ("mv . /tmp/out", ".env"),
    ('tmp=$(mktemp) && mv .env "$tmp"', ".env"),
    ('cp -r "$SRC" /tmp/out', "`cp`"),
])
def test_a_move_of_a_folder_known_only_at_run_time_stays_denied(project, command, fragment):
    assert_denied(project.bash(command, role="open"), fragment)


@pytest.mark.parametrize("command", [
    'd=$(mktemp -d) && cp -r src "$d" && ls "$d"',
    't=$(mktemp -d); cp -r README.md src "$t"',
])
def test_a_copy_after_mktemp_is_judged_on_the_disk(project, command):
    # mktemp makes a new name of its own (never over a file): a copy after it can trust the disk
    assert_allowed(project.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    'd=$(mktemp -d); cp -r stage/. "$d"',
    "mktemp -d .claude/xXXXX; cp -r stage/. .claude",
])
def test_a_copy_after_mktemp_of_what_is_not_there_stays_undetermined(project, command):
    assert_denied(project.bash(command, role="operator"))


# ---- xargs fed with known, plain text ----------------------------------------------------------
@pytest.mark.parametrize("command", [
    "echo src/a.py | xargs cat",
    "echo src/a.py README.md | xargs wc -l",
    "printf '%s\\n' src/a.py README.md | xargs head -n 1",
    "xargs cat <<< src/a.py",
])
def test_xargs_of_plain_known_text_is_judged_word_by_word(project, command):
    assert_allowed(project.bash(command, role="builder"))


@pytest.mark.parametrize("command,fragment", [
    ("echo .env | xargs cat", "deny-path"),
    ("echo .e* | xargs cat", "deny-path"),
    ("printf '.e\"\"nv\\n' | xargs cat", "could not determine"),
    ("printf \".e''nv\\n\" | xargs cat", "could not determine"),
    ("printf '.e\\\\\\nnv\\n' | xargs cat", "could not determine"),
    ("echo src | xargs -I{} cat {}/a.py", "could not determine"),
    ("echo ../x | xargs cat", "outside the allowed paths"),
])
def test_xargs_input_that_names_a_secret_or_quotes_it_stays_denied(project, command, fragment):
    assert_denied(project.bash(command, role="builder"), fragment)
