"""Deny reasons that tell the agent what to do instead (must-allow round 11).

The corpus's everyday-looking denials were read for what they tell the agent. Two said only
that the form was not allowed: a package manager naming a new package (`npm install lodash`,
`pip install requests`, `cargo add serde`: the builder installs only what the project declares)
now says to declare it in the manifest and install the project (hook/formhints.py), and a
revision computed at run time (`git diff $(git merge-base main HEAD)`: git would print the files
of a tree the guard cannot list) says to run the merge-base first and name the commit. The
verdicts do not change. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    from legant_guard import guarddir

    setup = GuardSetup(tmp_path_factory.mktemp("mustallow11_hints"), files={
        "package.json": "{}\n", "pyproject.toml": "[project]\nname = 'x'\n", "Cargo.toml": "[package]\n",
        "go.mod": "module x\n", "Gemfile": "source 'https://rubygems.org'\n", "composer.json": "{}\n",
        "App.csproj": "<Project/>\n", ".env": "K=1\n"})
    guarddir.init_guard_dir(setup.dir, setup.project, 8 * 3600)
    return setup


@pytest.mark.parametrize("command, hint", [
    ("npm install lodash", "add it to package.json (`dependencies` or `devDependencies`), then run `npm install`"),
    ("npm i -D @types/node", "then run `npm install`"),
    ("npm install --save-dev vitest", "then run `npm install`"),
    ("pnpm add -D typescript", "then run `pnpm install`"),
    ("yarn add react", "then run `yarn install`"),
    ("bun add hono", "then run `bun install`"),
    ("pip install requests", "add it to pyproject.toml or a requirements*.txt"),
    ("python3 -m pip install requests", "add it to pyproject.toml or a requirements*.txt"),
    ("uv add httpx", "`uv sync`"),
    ("uv pip install httpx", "`uv sync`"),
    ("poetry add fastapi", "`poetry install`"),
    ("cargo add serde --features derive", "under [dependencies] in Cargo.toml"),
    ("cargo install ripgrep", "the user's to install"),
    ("go get github.com/stretchr/testify@latest", "`go mod tidy`"),
    ("go install golang.org/x/tools/cmd/goimports@latest", "the user's to install"),
    ("bundle add rspec", "add a `gem` line to the Gemfile, then run `bundle install`"),
    ("gem install rails", "then run `bundle install`"),
    ("composer require guzzlehttp/guzzle", "add it to `require` in composer.json, then run `composer update`"),
    ("dotnet add package Newtonsoft.Json", "`<PackageReference"),
])
def test_a_named_package_is_refused_with_the_way_to_declare_it(s, command, hint):
    assert_denied(s.bash(command), "is not on the command allow-list", hint)


@pytest.mark.parametrize("command, reason", [
    ("npm publish", "forms of `npm`"), ("npm config get registry", "forms of `npm`"), ("cargo publish", "forms of `cargo`"),
    ("pnpm dlx create-vite", "a package.json script runs as `pnpm run NAME`"), ("go env -w GOFLAGS=-x", "forms of `go`"),
])
def test_other_refused_forms_get_no_declaration_hint(s, command, reason):
    assert "declared" not in assert_denied(s.bash(command), reason)


@pytest.mark.parametrize("command", ["npm install", "npm ci", "pip install -e .", "cargo build", "go mod tidy",
                                     "bundle install", "composer update", "dotnet restore", "uv sync"])
def test_installing_what_the_project_declares_stays_allowed(s, command):
    assert_allowed(s.bash(command))


@pytest.mark.parametrize("command", ["git diff $(git merge-base main HEAD)", "git log --oneline $(git merge-base main HEAD)..HEAD",
                                     "git show $(git rev-parse HEAD)"])
def test_a_revision_computed_at_run_time_says_to_name_the_commit(s, command):
    assert_denied(s.bash(command), "could not determine operand", "as a command of its own and name the commit it prints",
                  "`git diff main...HEAD`")


@pytest.mark.parametrize("tool, tool_input, agent, role, hint", [
    ("Bash", {"command": "ls -la"}, None, "reviewer", "use the Read, Grep, Glob and LS tools"),
    ("bash", {"command": "ls -la"}, "opencode", "reviewer", "use the read, grep, glob and list tools"),
    ("Write", {"file_path": "{p}/x.py", "content": "x"}, None, "reviewer", "describe the change in your answer"),
    ("apply_patch", {"command": "*** Begin Patch\n*** Add File: x.txt\n+x\n*** End Patch\n"}, "codex", "reviewer",
     "describe the change in your answer"),
    ("WebFetch", {"url": "https://docs.python.org/3/", "prompt": "x"}, None, "builder", "this role has no network"),
    ("Task", {"description": "d", "prompt": "p", "subagent_type": "Explore"}, None, "builder",
     "`legant guard install --subagents ROLE`"),
])
def test_a_tool_the_role_lacks_is_refused_with_what_the_role_grants_instead(s, tool, tool_input, agent, role, hint):
    tool_input = {k: v.replace("{p}", s.project) if isinstance(v, str) else v for k, v in tool_input.items()}
    extra = {"turn_id": "t1"} if agent == "codex" else {}
    assert_denied(s.check(tool, tool_input, role=role, agent=agent, **extra), "needs capability", hint)


def test_codexs_shell_under_the_reviewer_keeps_its_own_reason(s):
    # (Codex has no file-reading tool: its plainly read-only commands are reads, anything else is not)
    reason = assert_denied(s.check("Bash", {"command": "touch x"}, role="reviewer", agent="codex", turn_id="t1"),
                           "`touch` is not one of the read-only commands")
    assert "Read, Grep" not in reason


@pytest.mark.parametrize("command, role, hint", [
    ("chmod +x scripts/test.sh", "builder", "run a script through its interpreter (`bash scripts/x.sh`"),
    ("less README.md", "builder", "read a file with `cat`, `head`, `sed -n '1,200p' FILE`"),
    ("more README.md", "builder", "read a file with `cat`"),
    ("ps aux | grep node", "builder", "a job of this command is `jobs`, `kill %1`"),
])
def test_everyday_programs_left_out_say_what_to_use(s, command, role, hint):
    assert_denied(s.bash(command, role=role), hint)



def test_a_denied_program_keeps_its_exact_reason(s):
    # (deny-cmd reasons are quoted elsewhere, `guard allow` and the hook's own tests: no hint is added)
    assert assert_denied(s.bash("curl -s https://example.com/x", role="open"), "denied by deny-cmd") == \
        "Legant: `curl` is denied by deny-cmd"
