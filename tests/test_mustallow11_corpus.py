"""Must-allow corpus: everyday shell lines of the three agents across ecosystems, under the builder.

About 700 command lines an agent really runs in an ordinary project (Python with pip/uv/poetry,
Node with npm/pnpm/yarn/bun and monorepo runners, Rust, Go, Java with Gradle and Maven, Ruby,
PHP, .NET, C/C++ with CMake/make/meson, Terraform, Docker, make/just, git, the Unix tools an
agent reads and edits with, and the agents' own long lines: heredocs, `cd X && …`, `2>&1 |
tail`, env prefixes, `timeout`, `for` loops, subshells), each sent in every shape the agents
emit it: Claude Code's Bash tool (`command`, `description`, `timeout`), Codex's shell as the
hook sees it (the bare command, and the model's own `bash -lc 'CMD'` wrapping), and opencode's
bash tool with `workdir`. They run in the polyglot monorepo as the agents keep it
(tests/polyglot.py: opencode.json and .claude/settings.json in place, a `.gitignore`d `.env`,
`.env.example` templates). Every line must be allowed in all four shapes.

Beside them, the everyday-looking lines left denied on purpose, each with the reason that
tells the agent what to do instead. Verdicts only: nothing is executed.
"""

import shlex

import pytest

from conftest import assert_allowed, assert_denied
from polyglot import polyglot_project

EXTRA_FILES = ("data2.txt", "notes.md", "assets/logo.png", "src/main.cpp", ".github/workflows/ci.yml", "build/server",
               "public/index.html")

# {p}: the project's absolute path.
CORPUS = {
    'python': [
        'python -m pytest -q', 'python3 -m pytest tests/ -x -q 2>&1 | tail -30',
        "pytest -k 'test_parse and not slow' -q", 'pytest tests/test_app.py::test_main -vv', 'pytest --lf -x',
        'pytest -q --tb=short 2>&1 | head -100', 'pytest --cov=src --cov-report=term-missing', 'uv sync',
        'uv sync --all-extras --dev', 'uv run pytest -q', 'uv run python -m pytest -x', 'uv run ruff check .',
        'uv lock --upgrade-package requests', 'uv run mypy src', "uv pip install -e '.[dev]'",
        'uv venv && uv pip install -r requirements.txt', 'uvx ruff check --fix .', 'poetry install',
        'poetry run pytest', 'poetry lock --no-update', 'poetry show --tree', 'pip install -e .',
        'pip install -r requirements-dev.txt', 'pip list | grep -i requests', 'pip show pytest',
        'pip freeze > /dev/null', "python -c 'import sys; print(sys.version)'", 'python3 --version', 'which python3',
        'python -m venv .venv', 'source .venv/bin/activate && pytest -q', '. .venv/bin/activate && pip list',
        '.venv/bin/python -m pytest -q', '.venv/bin/pytest -x tests/test_app.py', 'ruff check src tests',
        'ruff format --check .', 'ruff check --fix src/app.py', 'black --check src', 'isort src tests',
        'mypy --strict src/app.py', 'pyright src', 'flake8 src', 'pylint src/app.py', 'tox -e py312', 'nox -s tests',
        'coverage run -m pytest && coverage report -m', 'python -m build', 'python -m json.tool package.json',
        'python -m compileall -q src',
        "python - <<'EOF'\nimport ast, sys\nsrc = open('src/app.py').read()\nprint(len(src.splitlines()))\nEOF",
        'python3 -c "import json; print(json.load(open(\'package.json\'))[\'name\'])"',
        "python -c 'import app' 2>&1 | head -5", "PYTHONPATH=src python -c 'import app; print(app.__file__)'",
        'pre-commit run --all-files', "python -m pip install -e '.[test]'", 'pipenv install --dev',
        'pipenv run pytest', 'pdm install', 'pdm run pytest', 'hatch run test', 'hatch build',
        'python src/app.py --help', 'timeout 60 pytest -q', 'timeout 300 python -m pytest -x -q 2>&1 | tail -40',
        'python -m unittest discover -s tests', 'sphinx-build -b html docs build/docs', 'mkdocs build --strict',
        'python -m doctest -v src/util.py', "cd src && python -c 'import app'", 'pytest -n auto -q',
        'pytest -q -p no:cacheprovider',
    ],
    'node': [
        'npm install', 'npm ci', 'npm i', 'npm test', 'npm run build', 'npm run lint -- --fix', 'npm run dev',
        'npm run test -- --watch=false', 'npm run typecheck', 'npm ls --depth=0', 'npm outdated', 'npm audit',
        'npm run build 2>&1 | tail -20', 'npx tsc --noEmit', 'npx tsc -p tsconfig.json --noEmit',
        'npx eslint src --ext .ts,.tsx', 'npx eslint . --fix', "npx prettier --write 'src/**/*.{ts,tsx}'",
        'npx prettier --check .', 'npx jest', "npx jest src/index.test.ts -t 'parses'", 'npx vitest run',
        'npx vitest run src/index.test.ts', 'npx playwright test', 'npx tsx scripts/build.js',
        'node scripts/build.js', 'node --version', 'node -e "console.log(require(\'./package.json\').version)"',
        "node -p 'process.versions.node'", 'pnpm install', 'pnpm i --frozen-lockfile', 'pnpm test', 'pnpm run build',
        'pnpm -r build', 'pnpm --filter web test', 'pnpm -F api run lint', 'pnpm lint', 'pnpm exec tsc --noEmit',
        'yarn', 'yarn install --frozen-lockfile', 'yarn test', 'yarn build', 'yarn lint', 'yarn workspace web test',
        'bun install', 'bun test', 'bun run build', 'bun run dev', 'npm run build --workspace=packages/web',
        'npm test --workspaces', 'npx turbo run build', 'npx nx run-many -t test', 'turbo run test --filter=web',
        'nx affected -t lint', "cat package.json | jq '.scripts'", "jq -r '.dependencies | keys[]' package.json",
        'npm pkg get scripts', 'npm run format', 'npx next build', 'npx vite build', 'npx webpack --mode production',
        'CI=true npm test', 'NODE_ENV=test npx jest --ci', 'NODE_OPTIONS=--max-old-space-size=4096 npm run build',
        'npx --no-install tsc --version', 'ls node_modules/.bin | head', 'cat tsconfig.json',
        'npm run build && npm test',
    ],
    'rust': [
        'cargo build', 'cargo build --release', 'cargo test', 'cargo test -- --nocapture', 'cargo test parser::tests',
        'cargo check', 'cargo check --all-targets', 'cargo clippy',
        'cargo clippy --all-targets --all-features -- -D warnings', 'cargo fmt', 'cargo fmt --all -- --check',
        'cargo run', 'cargo run -- --help', 'cargo run --bin server', 'cargo doc --no-deps', 'cargo bench',
        'cargo tree', 'cargo tree -d', 'cargo update', 'cargo update -p serde',
        "cargo metadata --format-version 1 | jq '.packages | length'", 'cargo test 2>&1 | tail -30',
        "cargo build 2>&1 | grep -E '^(error|warning)' | head -20", 'RUST_BACKTRACE=1 cargo test',
        'RUST_LOG=debug cargo run', 'cargo nextest run', 'cargo +nightly fmt', 'rustc --version', 'rustup show',
        'cargo --version', 'cargo clean', 'cargo test --workspace', 'cargo build -p core', 'cargo fix --allow-dirty',
        'cargo llvm-cov --html', 'cargo test --release -- --test-threads=1',
        'cargo check --message-format=short 2>&1 | head -50',
    ],
    'go': [
        'go build ./...', 'go test ./...', 'go test -v ./pkg/...', 'go test -run TestParse ./...',
        'go test -race -count=1 ./...', 'go vet ./...', 'go fmt ./...', 'gofmt -l .', 'gofmt -w main.go',
        'go mod tidy', 'go mod download', 'go mod verify', 'go run .', 'go run ./cmd/server', 'go run main.go',
        'go generate ./...', 'go list ./...', 'go list -m all', 'go env GOPATH', 'go version', 'golangci-lint run',
        'golangci-lint run ./...', 'staticcheck ./...', 'go test ./... 2>&1 | tail -20',
        'go test -coverprofile=cover.out ./... && go tool cover -func=cover.out', 'go get ./...',
        'CGO_ENABLED=0 go build -o bin/server ./cmd/server', 'GOOS=linux GOARCH=amd64 go build -o build/app .',
        'go test -bench=. -benchmem ./...', 'go doc fmt.Println', 'goimports -w .', 'go work sync',
        'go clean -testcache',
    ],
    'java': [
        './gradlew build', './gradlew test', "./gradlew test --tests 'com.example.AppTest'",
        './gradlew clean build -x test', './gradlew assemble', './gradlew check', './gradlew dependencies',
        './gradlew :core:test', './gradlew spotlessApply', 'gradle build', './gradlew bootRun',
        './gradlew test --info 2>&1 | tail -50', 'mvn test', 'mvn -q test', 'mvn clean install', 'mvn clean verify',
        'mvn -B package -DskipTests', 'mvn -pl core test', 'mvn test -Dtest=AppTest', 'mvn compile', './mvnw test',
        './mvnw clean package', 'java -version', 'javac -d build core/src/main/java/App.java', 'java -cp build App',
        'mvn -v',
    ],
    'ruby': [
        'bundle install', 'bundle exec rspec', 'bundle exec rspec spec/foo_spec.rb',
        'bundle exec rspec spec/foo_spec.rb:12', 'bundle exec rake', 'bundle exec rake test', 'bundle exec rubocop',
        'bundle exec rubocop -a', 'rspec', 'rake', 'rubocop lib', 'ruby -v', 'ruby lib/foo.rb',
        "ruby -e 'puts RUBY_VERSION'", 'bundle exec rails test', 'bin/rails test', 'bundle check', 'bundle outdated',
        'gem list', 'bundle exec rspec 2>&1 | tail -20', 'bundle exec ruby -Ilib -e \'require "foo"\'',
    ],
    'php': [
        'composer install', 'composer update', 'composer dump-autoload', 'composer validate', 'composer show',
        'composer test', 'composer run-script lint', 'vendor/bin/phpunit', './vendor/bin/phpunit --filter testIndex',
        'php vendor/bin/phpunit', 'php artisan test', 'php artisan migrate', 'php artisan route:list',
        'php -l src/index.php', 'php src/index.php', 'vendor/bin/phpstan analyse',
        'vendor/bin/php-cs-fixer fix --dry-run', 'php -v', 'vendor/bin/pest', 'php artisan make:model Post -m',
        'php artisan cache:clear',
    ],
    'dotnet': [
        'dotnet build', 'dotnet test', 'dotnet run', 'dotnet restore', 'dotnet format',
        'dotnet format --verify-no-changes', 'dotnet clean', 'dotnet build -c Release',
        'dotnet test --filter FullyQualifiedName~AppTests', 'dotnet --version', 'dotnet list package',
        'dotnet publish -c Release -o build/publish', 'dotnet test src/App.csproj --no-build', 'dotnet tool restore',
        'dotnet new xunit -o tests/App.Tests', 'dotnet build 2>&1 | grep -i error | head', 'dotnet --info',
    ],
    'c': [
        'make', 'make -j4', 'make -j$(nproc)', 'make clean', 'make test', 'make check',
        'make install DESTDIR=build/stage', 'cmake -S . -B build', 'cmake -B build -DCMAKE_BUILD_TYPE=Release',
        'cmake --build build', 'cmake --build build -j 8', 'cmake --build build --target install',
        'ctest --test-dir build --output-on-failure', 'cd build && ctest -V', 'cd build && make -j8',
        'mkdir -p build && cd build && cmake .. && make', 'gcc -Wall -O2 -o build/x src/x.c',
        'gcc -Iinclude -c src/x.c -o build/x.o', 'clang -fsyntax-only src/x.c', 'clang-format -i src/x.c include/x.h',
        'clang-tidy src/x.c -- -Iinclude', 'ninja -C build', 'meson setup build', 'meson compile -C build',
        './configure --prefix=$PWD/build', 'nm build/x.o | head', 'objdump -d build/x.o | head -50',
        'pkg-config --cflags zlib', 'make 2>&1 | tail -20', 'make V=1', 'make -C src', 'cc --version', 'make -n',
    ],
    'terraform': [
        'terraform fmt', 'terraform fmt -recursive', 'terraform validate', 'terraform -chdir=infra validate',
        'terraform -chdir=infra fmt -check', 'terraform version', 'cd infra && terraform fmt -check',
    ],
    'docker': [
        'docker build -t app .', 'docker build -t app:dev -f Dockerfile .', 'docker compose up -d',
        'docker compose build', 'docker compose down', 'docker compose ps', 'docker compose logs --tail=100 web',
        'docker compose logs -f api', 'docker ps', 'docker images', 'docker compose config', 'docker-compose up -d',
        'docker compose up --build -d', 'docker logs app', 'hadolint Dockerfile',
        'docker buildx build --platform linux/amd64 -t app .',
    ],
    'make': [
        'make lint', 'make fmt', 'make build', 'make help', 'make -C docs html', 'just test', 'just build',
        'just lint', 'make test 2>&1 | tail -5', 'make -k test', 'make ci',
    ],
    'git': [
        'git status', 'git status --short', 'git diff', 'git diff --cached', 'git diff HEAD~1',
        'git diff --stat HEAD~3..HEAD', 'git log --oneline -20', 'git log --graph --oneline --all | head -30',
        'git log -p -1 src/app.py', 'git show HEAD', 'git show HEAD:src/app.py', 'git blame src/app.py',
        'git blame -L 1,20 src/app.py', 'git branch -a', 'git branch -vv', 'git remote -v', 'git tag',
        "git tag -l 'v*'", 'git stash', 'git stash list', 'git stash show -p stash@{0}', 'git add -A', 'git add .',
        'git add src/', 'git add -u', "git commit -m 'Fix typo'", "git commit -am 'wip'",
        'git commit -m "feat: add parser" -m "Long body"', 'git checkout main', 'git checkout -b feature/parser',
        'git checkout -- src/app.py', 'git switch main', 'git switch -c fix/bug', 'git restore src/app.py',
        'git restore --staged src/app.py', 'git merge feature/x', 'git rebase main', 'git cherry-pick HEAD~1',
        'git revert --no-edit HEAD', 'git reset HEAD~1', 'git reset --soft HEAD~1', 'git mv src/util.py src/utils.py',
        'git rm src/util.py', 'git fetch', 'git fetch origin main',
        "git log --since='2 weeks ago' --author=dev --oneline", 'git shortlog -sn', 'git rev-parse HEAD',
        'git rev-parse --show-toplevel', 'git rev-parse --abbrev-ref HEAD', 'git ls-files', 'git ls-files | wc -l',
        "git ls-files '*.py' | xargs wc -l", 'git grep -n TODO', "git grep -n 'def main' -- '*.py'",
        "git log --format='%h %s' -n 10", 'git describe --tags --always', 'git config user.name',
        'git config --get remote.origin.url', 'git worktree list', 'git submodule status', 'git clean -n', 'git push',
        'git push -u origin feature/parser', 'git diff main --stat', "git log -S 'old_name' --oneline",
        'git reflog | head -20', 'git -C src log --oneline -3', 'git --no-pager diff',
        'git --no-pager log --oneline -5', 'GIT_PAGER=cat git log -3', "git diff -- . ':(exclude)pnpm-lock.yaml'",
        'git show --stat HEAD~2', 'git format-patch -1 HEAD -o build/', 'git apply --check build/0001.patch',
        "git stash push -m 'wip' src/app.py", "git commit --amend -m 'Better message'",
        'git log --oneline main..feature/x', 'git merge-base main feature/x', 'git branch -d feature/x',
        'git tag v1.2.3', 'git status --porcelain | wc -l', 'git diff --check',
    ],
    'unix': [
        'ls', 'ls -la', 'ls -la src/', 'ls -R src | head -50', 'tree -L 2', 'tree -I node_modules -L 3', 'pwd',
        "find . -name '*.py'", "find . -type f -name '*.ts' -not -path './node_modules/*' | head -50",
        "find src -name '*.rs' | xargs wc -l", 'find . -maxdepth 1', "find . -name '__pycache__' -type d",
        'find . -newer package.json -type f | head', 'cat README.md', 'cat src/app.py', 'head -40 src/app.py',
        'tail -n 20 src/app.py', 'wc -l src/*.py', 'wc -c README.md', "grep -rn 'import' src/",
        'grep -rn TODO src tests', "grep -n 'def ' src/app.py", 'grep -c x src/app.py',
        "grep -rl 'old_name' src | head", "grep -r --include='*.py' 'def main' .", 'rg TODO', "rg -n 'fn main' src",
        "rg -t py 'import os'", 'rg -l foo src tests', 'rg --files src | sort', 'rg -uu TODO src',
        "rg 'class \\w+' -g '*.py' -n", "sed -n '10,40p' src/app.py", "sed -i 's/foo/bar/g' src/app.py",
        "sed -i.bak 's/a/b/' src/app.py", "awk '{print $1}' data.txt",
        "awk -F, 'NR>1 {s+=$2} END {print s}' data.txt", 'sort data.txt | uniq -c | sort -rn | head',
        'cut -d: -f1 data.txt', 'diff src/app.py src/util.py', 'diff -u src/app.py src/util.py | head -50',
        'mkdir -p src/components', 'touch src/__init__.py', 'cp src/app.py src/app_backup.py',
        'mv src/util.py src/helpers.py', 'cp -r src build/src', "cat > notes.md <<'EOF'\n# Notes\n- one\nEOF",
        "echo 'hello' > build/out.txt", 'echo "export const x = 1;" >> src/index.ts',
        "printf '%s\\n' a b c > data2.txt", 'tee build/log.txt < data.txt > /dev/null', 'du -sh src',
        'du -sh * | sort -h', 'df -h .', 'file src/app.py', 'stat src/app.py', 'which node', 'command -v cargo',
        'type python3', 'date', 'date -u +%Y-%m-%dT%H:%M:%SZ', 'uname -a', 'nproc', 'whoami', 'echo $PATH',
        'echo $HOME', 'basename $(pwd)', 'realpath src/app.py', 'readlink -f src', 'sha256sum README.md',
        'md5sum data.txt', 'base64 data.txt | head -2', 'xxd data.txt | head', 'od -c data.txt | head',
        'tar czf build/src.tgz src', 'tar tzf build/src.tgz | head', 'zip -r build/src.zip src',
        'unzip -l build/src.zip', 'gzip -k data.txt', 'jq . package.json', "jq '.name' package.json",
        'cat package.json | python -m json.tool', 'sleep 2', 'true', 'echo done', 'column -t data.txt',
        "nl -ba src/app.py | sed -n '1,50p'", 'tac data.txt | head', 'cat -A src/app.py | head',
        'ls -la .env.example', 'cat .env.example', 'cat .env.sample', 'diff .env.example .env.sample',
        "grep -v '^#' .env.example", 'head -n 20 .env.template', 'kill %1', 'bash scripts/test.sh',
        'sh scripts/test.sh', 'mkdir -p tmp && cd tmp && ls', 'echo $?', 'set -euo pipefail; make test',
        'export NODE_ENV=test && npm test', 'for f in src/*.py; do wc -l "$f"; done',
        'for d in packages/*/; do (cd "$d" && ls); done', 'while read -r l; do echo "$l"; done < data.txt',
        'if [ -f package.json ]; then npm test; fi', '[ -d .venv ] || python3 -m venv .venv',
        'test -f Cargo.toml && cargo check', 'xargs -n1 echo < data.txt', 'seq 1 5 | xargs -I{} echo item {}',
        'cd src && ls -la && cd ..', 'cat src/app.py | grep -n x | head -5', "echo '{}' | jq .", 'yes | head -3',
        'shuf -n 3 data.txt', 'sort -u data.txt -o data.sorted.txt', 'free -h', 'uptime', 'tail -f build/log.txt',
        'git --help', 'hostname',
    ],
    'agent_lines': [
        'cd {p} && npm test 2>&1 | tail -50', 'cd {p}/packages/web && npm test -- --run 2>&1 | head -100',
        'cd {p} && timeout 120 cargo test 2>&1 | tail -40', 'timeout 600 ./gradlew test 2>&1 | tail -80',
        'source .venv/bin/activate && python -m pytest tests/ -v --tb=short 2>&1 | head -200',
        'cd {p} && source .venv/bin/activate && pytest -x -q',
        'python3 -c "\nimport json\nwith open(\'package.json\') as f:\n    data = json.load(f)\nprint(data.get(\'scripts\', {}))\n"',
        "python3 - <<'PY'\nimport pathlib\nfor p in sorted(pathlib.Path('src').rglob('*.py')):\n    print(p, len(p.read_text().splitlines()))\nPY",
        "cat > src/config.py <<'EOF'\nimport os\n\nDEBUG = os.environ.get('DEBUG', '0') == '1'\nEOF",
        "cat <<'EOF' > tests/test_config.py\nfrom src.config import DEBUG\n\ndef test_debug():\n    assert DEBUG in (True, False)\nEOF",
        'mkdir -p src/utils && cat > src/utils/__init__.py << \'EOF\'\n"""Utilities."""\nEOF',
        'git add -A && git commit -m "$(cat <<\'EOF\'\nAdd config module\n\n- DEBUG from the environment\n\nCo-Authored-By: Claude <noreply@anthropic.com>\nEOF\n)"',
        'git status && git diff --stat && git log --oneline -5', "ls -la {p}/src/ 2>/dev/null || echo 'no src'",
        "find {p} -type f -name '*.py' | grep -v __pycache__ | head -50",
        "grep -rn 'useState' {p}/src --include='*.ts' | head -30",
        "echo '--- app.py ---' && cat src/app.py && echo '--- util.py ---' && cat src/util.py",
        'for f in src/*.py; do echo "== $f"; head -5 "$f"; done', 'npm run build 2>&1; echo "exit: $?"',
        "wc -l $(git ls-files '*.py') | tail -1", '(cd packages/web && npm test)',
        '(cd packages/api && pnpm test) && (cd packages/web && pnpm test)',
        'ls packages/ && cat packages/web/package.json | jq .scripts', 'git diff HEAD --stat; git status --short',
        'git log --oneline -10 && git diff main...HEAD --stat',
        'git branch --show-current && git log origin/main..HEAD --oneline 2>/dev/null',
        "npm run lint 2>&1 | grep -E 'error|warning' | head -40", 'npx tsc --noEmit 2>&1 | head -50',
        'npx tsc --noEmit -p . 2>&1 | grep -c error',
        "cargo clippy --all-targets 2>&1 | grep -A5 '^warning' | head -60",
        "go test ./... 2>&1 | grep -v '^ok' | head -40", 'go build ./... && go vet ./... && echo OK',
        'make test 2>&1 | tail -n 5', 'git status && make test | tail -n 5',
        'DEBUG=1 pytest -x -q tests/test_app.py -k test_main',
        'PYTHONDONTWRITEBYTECODE=1 python -m pytest -q -p no:cacheprovider',
        'RUST_LOG=info cargo run -- --port 8080 &\nsleep 3\nkill %1', 'export CI=1 && npm ci && npm test',
        'uv run pytest -q 2>&1 | tail -20', "uv run python -c 'import app; print(app.__version__)'",
        'poetry run pytest -q --no-header -rN', 'bundle exec rspec --format documentation 2>&1 | tail -40',
        "dotnet test --logger 'console;verbosity=normal' 2>&1 | tail -30",
        'cmake -S . -B build -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON && cmake --build build && ctest --test-dir build',
        'mvn -q -DskipTests package && ls -la target/*.jar',
        "./gradlew :core:test --tests '*AppTest*' --console=plain 2>&1 | tail -60",
        'composer install --no-interaction && vendor/bin/phpunit --testdox',
        'terraform fmt -check -recursive && terraform -chdir=infra validate',
        'docker build -t app:test . 2>&1 | tail -20', 'docker compose up -d --build && docker compose ps',
        "sed -i 's/old_name/new_name/g' src/app.py src/util.py && git diff --stat",
        "sed -i '' 's/foo/bar/' src/app.py", "awk 'NR>=10 && NR<=30' src/app.py",
        "grep -n 'def ' src/*.py | sort -t: -k3", "rg -n 'TODO|FIXME' --glob '!node_modules' | head -30",
        "find . -name '*.ts' -not -path '*/node_modules/*' -exec grep -l 'any' {} +",
        "find src -name '*.py' -exec wc -l {} + | sort -n | tail -5", "find . -name '*.orig' -delete",
        "find . -type d -name node_modules -prune -o -type f -name '*.json' -print | head",
        "git ls-files | grep -E '\\.(ts|tsx)$' | head -40", 'git diff --name-only HEAD~1 | head',
        "git log --pretty=format:'%h %ad %s' --date=short -15", 'cat package.json | grep -A10 \'"scripts"\'',
        'head -c 2000 README.md', 'tail -n +20 src/app.py | head -40',
        'jq -r \'.scripts | to_entries[] | "\\(.key): \\(.value)"\' package.json',
        'node -e "const p=require(\'./package.json\'); console.log(Object.keys(p.dependencies||{}).join(\'\\n\'))"',
        'echo "$(date): build ok" >> build/build.log',
        'mkdir -p build && go build -o build/server ./cmd/server && ls -la build', 'test -d node_modules || npm ci',
        '[ -f .env.example ] && cat .env.example', 'diff <(sort data.txt) <(sort data2.txt)',
        'sort data.txt > build/sorted.txt && wc -l build/sorted.txt', 'cat src/app.py | head -50 | tail -20',
        'python -m pytest --collect-only -q | head -30', 'pytest --co -q 2>/dev/null | wc -l',
        'git --no-pager log -p -n 3 -- src/app.py', 'git --no-pager diff --color=never',
        'git show HEAD~1:src/app.py | head -40', 'git diff --cached --name-status', 'ls -1 src | wc -l',
        'du -sh node_modules 2>/dev/null', "stat -c '%s %n' src/*.py", "tree -a -I '.git|node_modules' -L 2",
        'which -a python3 pip3 node npm', 'python3 --version && node --version && go version',
        'echo $SHELL; echo $TERM', 'uname -s && nproc && free -h | head -2', 'make -j$(nproc) && make test',
        'cmake --build build -j$(nproc) 2>&1 | tail -30', 'sleep 5 && docker compose logs --tail=50 web',
        'tar -czf build/release.tgz -C build server', 'zip -qr build/site.zip public', 'sha256sum build/release.tgz',
        'base64 -w0 assets/logo.png | head -c 100', 'xargs -a data.txt -n1 echo',
        'seq 1 3 | while read i; do echo run $i; done', "printf '%s\\n' 'line one' 'line two' >> notes.md",
        "tee -a build/log.txt <<< 'done'", 'true && echo ok || echo fail', 'set -e; npm ci; npm run build; npm test',
        'set -euo pipefail\ncd packages/web\npnpm install --frozen-lockfile\npnpm test',
        'cd src && ls && cd - > /dev/null', 'pwd && ls', 'ls -la .github/workflows && cat .github/workflows/ci.yml',
        "grep -c '' src/app.py", 'cut -c1-120 src/app.py | head', 'git log --all --oneline -- src/app.py | head',
        'git checkout feature/x -- src/app.py', 'git restore --source=HEAD~1 src/app.py', 'git rebase --continue',
        'git merge --abort', 'git cherry-pick --abort',
        "git add src/app.py tests/test_app.py && git commit -m 'Add tests' && git log --oneline -1",
        'npm run build --if-present', 'pnpm --filter ./packages/web build', 'pnpm -r --parallel run lint',
        'yarn workspaces foreach -A run build', 'npx jest --coverage --coverageReporters=text-summary',
        'npx vitest run --reporter=verbose 2>&1 | tail -40', "npx eslint 'src/**/*.{ts,tsx}' --max-warnings=0",
        'npx prettier --write src/index.ts', 'cargo test --doc', 'cargo build --target-dir build/target',
        'cargo run --example demo', 'cargo test -p core -- --ignored',
        "go test -count=1 -run 'TestServer/.*' ./internal/...", 'go mod why -m github.com/pkg/errors',
        "go list -f '{{.ImportPath}}' ./...", 'gofmt -s -d .', 'mvn -B -ntp verify', './mvnw -q -pl core -am test',
        './gradlew build --scan=false -q', 'gradle test --offline', 'bundle exec rake spec',
        'bundle exec rubocop --autocorrect lib', 'ruby -Ilib -e \'require "foo"; puts Foo::VERSION\'',
        'vendor/bin/phpunit tests/', 'dotnet build src/App.csproj -c Debug',
        'dotnet run --project src/App.csproj -- --help', 'clang-format --dry-run --Werror src/x.c',
        'g++ -std=c++17 -O2 -o build/app src/main.cpp', 'ninja -C build -t targets | head', 'meson test -C build',
    ],
}


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return polyglot_project(tmp_path_factory.mktemp("mustallow11_corpus"), agents=True, extra=EXTRA_FILES)


def _shapes(s, command):
    """The command as each agent sends it: (tool, input, agent, extra event fields)."""
    return [("Bash", {"command": command, "description": "Run it", "timeout": 120000}, None, {}),
            ("Bash", {"command": command}, "codex", {"turn_id": "t1"}),
            ("Bash", {"command": "bash -lc " + shlex.quote(command)}, "codex", {"turn_id": "t1"}),
            ("bash", {"command": command, "description": "Runs it", "workdir": s.project, "timeout": 120000},
             "opencode", {})]


def test_the_corpus_is_large_and_unique():
    lines = [c for cmds in CORPUS.values() for c in cmds]
    assert len(lines) >= 650 and len(set(lines)) == len(lines)


# Codex's bare command goes through the same shell analysis as Claude Code's: one group is
# enough to show its adapter agrees (the whole corpus costs about 4 ms a line and shape).
SHAPES = ["claude", "codex", "codex bash -lc", "opencode"]


@pytest.mark.parametrize("ecosystem, shape", [(e, sh) for e in sorted(CORPUS) for sh in SHAPES
                                              if sh != "codex" or e == "agent_lines"])
def test_everyday_lines_are_allowed_in_every_agents_shape(s, ecosystem, shape):
    index = SHAPES.index(shape)
    refused = []
    for command in CORPUS[ecosystem]:
        command = command.replace("{p}", s.project)
        tool, tool_input, agent, extra = _shapes(s, command)[index]
        proc = s.check(tool, tool_input, agent=agent, **extra)
        if proc.returncode != 0:
            refused.append(f"{command!r}: {proc.stderr.strip()}")
    assert not refused, "\n".join(refused)


# Network work, under the open role (the builder has no network client).
OPEN = [
    "npm install lodash", "npm i -D @types/node", "pnpm add zod", "yarn add react", "bun add hono", "pip install requests",
    "uv add httpx", "poetry add fastapi", "cargo add serde --features derive", "go get github.com/stretchr/testify@latest",
    "bundle add rspec", "composer require guzzlehttp/guzzle", "dotnet add package Newtonsoft.Json", "gh pr view 12",
    "gh pr create --fill", "gh issue list", "git clone https://github.com/octocat/Hello-World.git build/hello",
    "git push -u origin HEAD", "docker pull python:3.12-slim", "terraform init", "terraform plan",
    "npx create-vite@latest build/demo -- --template react-ts", "rm -rf build node_modules", "rm -f src/old.py",
    "chmod +x scripts/test.sh", "mix deps.get && mix test", "swift build", "pip install -U pip", "ps aux | grep node",
    "lsof -i :3000", "npm install && npm run build", "cargo install cargo-watch", "mvn dependency:tree",
    "docker compose exec web pytest", "./scripts/test.sh", "just --list", "task test",
]


@pytest.mark.parametrize("shape", ["claude", "codex bash -lc", "opencode"])
def test_network_and_install_work_is_allowed_under_open(s, shape):
    refused = []
    for command in OPEN:
        tool, tool_input, agent, extra = _shapes(s, command)[SHAPES.index(shape)]
        proc = s.check(tool, tool_input, role="open", agent=agent, **extra)
        if proc.returncode != 0:
            refused.append(f"{command!r}: {proc.stderr.strip()}")
    assert not refused, "\n".join(refused)


@pytest.mark.parametrize("command, reason", [
    # new dependencies are declared in the manifest, then the project is installed
    ("npm install lodash", "add it to package.json"), ("npm i -D @types/node", "then run `npm install`"),
    ("pnpm add -D typescript", "then run `pnpm install`"), ("yarn add react", "then run `yarn install`"),
    ("pip install requests", "add it to pyproject.toml or a requirements*.txt"),
    ("uv add httpx", "`uv sync`"), ("poetry add fastapi", "`poetry install`"),
    ("cargo add serde --features derive", "under [dependencies] in Cargo.toml"),
    ("go get github.com/stretchr/testify@latest", "`go mod tidy`"), ("bundle add rspec", "`bundle install`"),
    ("composer require guzzlehttp/guzzle", "`composer update`"), ("dotnet add package Newtonsoft.Json", "`dotnet restore`"),
    # a package's program is the user's to install
    ("cargo install cargo-watch", "the user's to install"), ("go install golang.org/x/tools/cmd/goimports@latest", "the user's to install"),
    # deleting goes through the build tool or git
    ("rm -rf build", "`make clean`"), ("rm src/util.py", "`git rm FILE`"),
    # scratch files stay in the project
    ("mktemp -d", "keep scratch files in the project"),
    # the project's scripts run through the shell the allow-list names
    ("./scripts/test.sh", "run the project's script as `bash PATH`"),
    # the environment holds the token
    ("env | grep -i path", "print one variable with `echo \"$NAME\"`"), ("printenv PATH", "print one variable"),
    # a merge of commits not on disk yet: fetch, then merge
    ("git pull", "run `git fetch` as a command of its own"),
    # network clients are not the builder's
    ("curl -s http://localhost:3000/health", "`curl` is denied by deny-cmd"),
    # a secret written from its template
    ("cp .env.example .env", "denied by deny-path"),
    # the hook configs are off limits, also to a reader of every name
    ("wc -l *", "opencode.json, which is protected"),
    # a listing without a pathspec: which files it hands on is not known
    ("git diff --name-only | xargs ruff check", "pass a listing with a pathspec"),
])
def test_denied_on_purpose_with_a_reason_that_says_what_to_do(s, command, reason):
    for tool, tool_input, agent, extra in _shapes(s, command):
        assert_denied(s.check(tool, tool_input, agent=agent, **extra), reason)
