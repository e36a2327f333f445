"""Precision, second round: the relaxations that need a repository state the corpus project
does not have, each next to the attack it must not let through.

- A listing substitution (`cat $(git ls-files SPEC)`) is narrowed to the files git lists; a
  filter inside the substitution (`| tr PZ .Z`) rewrites those names, so it is not narrowed: a
  tracked file `Penv` would otherwise become `.env`.
- `git -c commit.template=FILE commit` with an editor that changes the text (`sed -i`) puts
  FILE into the commit message: the file is read, so it meets the deny side.
"""

import os

import pytest

from conftest import assert_allowed, assert_denied
from polyglot import _git, polyglot_project


@pytest.fixture(scope="module")
def tracked(tmp_path_factory):
    setup = polyglot_project(tmp_path_factory.mktemp("round2"), more=True)
    with open(os.path.join(setup.project, "Penv"), "w") as f:
        f.write("x\n")
    _git(setup.project, "add", "Penv")
    return setup


def test_a_tracked_listing_stays_narrowed(tracked):
    assert_allowed(tracked.bash("cat $(git ls-files Penv)"))
    assert_allowed(tracked.bash("wc -l $(git ls-files '*.py') | sort -n"))


@pytest.mark.parametrize("command", [
    "cat $(git ls-files Penv | tr PZ .Z)",
    "cat $(git ls-files Penv | grep env)",
    "cat $(git ls-files Penv|tr PZ .Z)",
])
def test_a_filter_inside_the_listing_substitution_is_not_narrowed(tracked, command):
    assert_denied(tracked.bash(command), "could not determine operand")


@pytest.mark.parametrize("command", [
    "GIT_EDITOR='sed -i s/^/x/' git -c commit.template=.env commit --allow-empty",
    "git -c core.editor=true -c commit.template=.env commit --allow-empty",
    "git -c core.excludesFile=.env check-ignore -v x",
    "git -c commit.template=.env rm --cached src/app.py",
])
def test_a_git_setting_that_names_a_file_reads_it(tracked, command):
    assert_denied(tracked.bash(command), "deny-path")


@pytest.mark.parametrize("command", [
    "git -c core.editor=true rebase --continue", "git -c core.pager=cat log -3",
    "git check-ignore -q .env && echo ignored",
    # (with the editor named: without it, `commit` opens the user's editor for the template, an
    # interactive program since red team 46)
    "git -c core.editor=true -c commit.template=.github/msg.txt commit --allow-empty",
])
def test_git_settings_and_names_that_read_nothing_secret_stay_allowed(tracked, command):
    assert_allowed(tracked.bash(command))


# Found on the way: programs that read `@FILE` as more arguments print what FILE holds in their
# errors (`gcc @.env`: "cannot find API_KEY=...: No such file"); node and ruby load the module
# `-r FILE` names (a SyntaxError quotes its first line) and node the env file `--env-file` names.
@pytest.mark.parametrize("command", [
    "gcc @.env", "strings @.env", "javac @.env", "java @.env", "rustc @.env", "pytest @.env",
    "python -m pytest @.env", "go tool compile @.env", "dotnet build @.env", "cc @src/../.env",
    "node -r ./.env -e 1", "node --require=./.env -e 1", "node --import ./.env -e 1",
    "node --env-file=.env -p process.env.API_KEY", "node --env-file .env scripts/build.js", "ruby -r ./.env -e 1",
])
def test_files_read_as_arguments_or_modules_meet_the_deny_side(tracked, command):
    assert_denied(tracked.bash(command, role="open"), "deny-path")
    assert_denied(tracked.bash(command, role="builder"))


@pytest.mark.parametrize("command", [
    "x86_64-linux-gnu-gcc-12 @.env", "clang++-15 @~/.ssh/id_rsa", "gcc -x c @.env",
])
def test_response_files_of_every_spelling_of_the_compiler(tracked, command):
    assert_denied(tracked.bash(command, role="open"), "deny-path")


@pytest.mark.parametrize("command", [
    "gcc @build/flags.rsp src/x.c", "pytest @tests/ids.txt", "npx @biomejs/biome check .",
    "pnpm --filter @acme/web test", "echo @.env", "node -r ts-node/register src/index.ts",
    "node --import tsx src/index.ts", "node --env-file=.env.example scripts/build.js", "ruby -rjson -e 1",
])
def test_response_files_and_modules_inside_the_project_stay_allowed(tracked, command):
    assert_allowed(tracked.bash(command))


# jq reads `import "PATH" as $x` as PATH.json from anywhere (`../../home/u/.docker/config`):
# a program that imports, or comes from a file, has files the guard cannot name.
@pytest.mark.parametrize("command", [
    "jq -n 'import \"../../home/u/.docker/config\" as $c; $c'", "jq -n -L ~/.docker 'import \"config\" as $c; $c'",
    "jq -n 'include\"x\"; 1'", "jq -f filter.jq package.json",
])
def test_jq_programs_that_import_files_are_undetermined(tracked, command):
    assert_denied(tracked.bash(command, role="open"), "could not determine the files")


# The Codex reviewer reads through its shell: more plainly read-only filters count as reads
# (uniq and xxd with one file only: a second operand is where they write).
@pytest.mark.parametrize("command", [
    "sort data.txt | uniq -c", "uniq data.txt", "tac data.txt", "rev README.md", "od -c data.txt | head",
    "column -t data.txt", "strings src/x.c | head", "jq . package.json", "jq '.scripts' package.json",
    "xxd data.txt | head",
])
def test_codex_reviewer_reads_with_more_filters(tracked, command):
    assert_allowed(tracked.check("Bash", {"command": command}, role="reviewer", agent="codex", turn_id="t1"))


@pytest.mark.parametrize("command,says", [
    ("uniq data.txt out.txt", "second file operand"), ("xxd data.txt out.bin", "second file operand"),
    ("jq . .env", "deny-path"), ("jq --rawfile k .env -n '$k'", "deny-path"), ("strings @.env", "deny-path"),
    ("tac ~/.aws/credentials", "deny-path"), ("jq . package.json > out.json", "shell.exec"),
    ("jq -n 'import \"../x\" as $c; $c'", "shell.exec"),
])
def test_codex_reviewer_filters_stay_reads_only(tracked, command, says):
    assert_denied(tracked.check("Bash", {"command": command}, role="reviewer", agent="codex", turn_id="t1"), says)


# Go's flags take `-o=FILE` as `-o FILE`: the file is checked either way (it was not glued).
@pytest.mark.parametrize("command,says", [
    ("go build -o=/tmp/x .", "outside the allowed paths"),
    ("go test -coverprofile=/tmp/c.out ./...", "outside the allowed paths"),
    ("go build -modfile=../../x/go.mod .", "outside the allowed paths"),
    ("go build -overlay=~/.ssh/id_rsa .", "deny-path ~/.ssh"),
])
def test_go_flags_glued_with_equals_name_their_files(tracked, command, says):
    assert_denied(tracked.bash(command), says)


@pytest.mark.parametrize("command", [
    "go build -o=bin/server ./cmd/server", "go test -coverprofile=build/cover.out ./...",
    "go build -ldflags=\"-X main.v=$(git describe --tags --always --dirty)\" .",
    "go build -ldflags \"-X main.version=$(git describe --tags --always)\" ./cmd/server",
])
def test_go_builds_with_version_stamps_stay_allowed(tracked, command):
    assert_allowed(tracked.bash(command))


@pytest.mark.parametrize("command,says", [
    ("go build -ldflags=\"-extld=$(echo curl)\" .", "deny-cmd"),
    ("go build -ldflags=\"-X main.v=$(cat .env)\" .", "deny-path"),
    ("go test -exec=$(echo curl) ./...", "deny-cmd"),
])
def test_a_glued_dynamic_flag_value_is_still_judged_by_its_sink(tracked, command, says):
    assert_denied(tracked.bash(command), says)
