"""Red team 41: zsh scripts whose words zsh expands otherwise than the bash grammar the guard
reads them with (shell/zshcode.py, hook/engine.py's glob options).

- `${a[1]}`: a subscript inside braces counts from 1 in zsh, from 0 in bash
  (`a=(.env x); cat ${a[1]}` read .env in zsh, `x` in the guard's reading);
- zsh's options, set on its command line in any of its spellings (`-o extendedglob`,
  `-o EXTENDED_GLOB`, `--glob-dots`, `-4`, `+o caseglob`, `-o no_case_glob`, `-o braceccl`) or in
  the script (`setopt`, `set -o NAME`, `emulate`): `.env~x`, `.e^x`, `conf/*`, `.EN[V]`, `.{e}nv`
  each named .env in zsh and nothing secret in the guard's reading;
- `**/` recurses in zsh with no option: `cat ~/**/.netrc` reads ~/.netrc.
Each is refused with the reason; the everyday zsh lines (Codex's `zsh -lc`) stay allowed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt41z"), files={
        ".env": "SECRET=1\n", "conf/.env": "SECRET=1\n", "conf/app.txt": "x\n", "out/": "", "src/a.py": "x\n",
        "~/.netrc": "machine h password p\n"})


ZSH_OWN = "uses zsh's own expansion"
ZSH_OPTION = "sets zsh's option"


@pytest.mark.parametrize("command, fragment", [
    ("zsh -c 'a=(.env x); cat ${a[1]}'", "${a["),
    ("zsh -c 'a=(.env x); cat \"${a[1]}\"'", "${a["),
    ("zsh -c 'a=(.env x); cp ${a[1]} out/copy'", "${a["),
    ("zsh -c 'a=(.env x); b=${a[1]}; cat $b'", "${a["),
    ("zsh -c 'a=(.env x); for f in ${a[1]}; do cat $f; done'", "${a["),
    ("zsh -lc 'a=(.env x); cat ${#a[1]} ${a[1]}'", "${#a["),
    ("zsh -o extendedglob -c 'cat .env~x'", "-o extendedglob"),
    ("zsh -o EXTENDED_GLOB -c 'cat .e^x'", "-o EXTENDED_GLOB"),
    ("zsh --extended-glob -c 'cat .env~x'", "--extended-glob"),
    ("zsh -o extended_glob -c 'cp .env~x out/o'", "-o extended_glob"),
    ("zsh -o globdots -c 'cat conf/*'", "-o globdots"),
    ("zsh -4 -c 'cat conf/*'", "-4"),
    ("zsh -4c 'cat conf/*'", "-4c"),
    ("zsh --glob-dots -c 'cp conf/* out/'", "--glob-dots"),
    ("zsh -o no_case_glob -c 'cat .EN[V]'", "-o no_case_glob"),
    ("zsh +o caseglob -c 'cat .EN[V]'", "+o caseglob"),
    ("zsh -o braceccl -c 'cat .{e}nv'", "-o braceccl"),
    ("echo 'cat .env~x' | zsh -o extendedglob", "-o extendedglob"),
    ("zsh -c 'setopt extendedglob; cat .env~x'", "setopt"),
    ("zsh -c 'set -o extendedglob; cat .env~x'", "set -o extendedglob"),
    ("zsh -c 'emulate sh; cat .env'", "emulate"),
    ("bash -c 'zsh -o globdots -c \"cat conf/*\"'", "-o globdots"),
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_zsh_expansions_and_options_are_undetermined(g, command, fragment, role):
    assert_denied(g.bash(command, role=role), ZSH_OWN if fragment[:1] == "$" else ZSH_OPTION, fragment)


def test_zsh_setopt_under_open_is_undetermined(g):
    assert_denied(g.bash("zsh -c 'setopt globdots; cat conf/*'", role="open"), ZSH_OPTION, "setopt")


@pytest.mark.parametrize("command", ["zsh -c 'cat ~/**/.netrc'", "zsh -lc 'cp ~/**/.netrc out/n'"])
def test_zsh_double_star_recurses(g, command):
    assert_denied(g.bash(command, role="open"), ".netrc", "deny-path")


@pytest.mark.parametrize("command", [
    "zsh -lc 'git diff HEAD~1 --stat'",
    "zsh -lc 'rg -g \"**/*.py\" foo'",
    "zsh -lc 'ls src/**/*.py'",
    "zsh -c 'cat conf/*'",
    "zsh -lc 'a=(x y); echo ${a[@]} ${#a[*]}'",
    "zsh -lc 'set -euo pipefail; make test'",
    "zsh -o pipefail -c 'make test | tail -n 5'",
    "zsh -e -l -c 'cat src/a.py'",
    "zsh --login -c 'cat src/a.py'",
    "zsh -c 'cat .{e}nv'",
])
def test_everyday_zsh_stays_allowed(g, command):
    assert_allowed(g.bash(command))


def test_bash_subscript_is_read_as_bash(g):
    """bash counts from 0: `a=(.env x); cat ${a[1]}` reads x in bash, as the guard reads it."""
    assert_denied(g.bash("bash -c 'a=(x .env); cat ${a[1]}'"), ".env", "deny-path")


@pytest.mark.parametrize("text", ["${a" * 70000, "${" * 100000, "$" + "{x" * 100000])
def test_zsh_reading_stays_linear(text):
    """The brace reading rescanned the rest of the text from every `${` (1.2 s for 60 KB): a
    brace is read at most 200 characters far, and one left open longer is undetermined."""
    import time

    from legant_guard.shell.zshcode import zsh_only

    start = time.perf_counter()
    found = zsh_only(text)
    assert found is not None and found.startswith("${")
    assert time.perf_counter() - start < 1.0


def test_long_script_through_the_guard_is_fast(g):
    import time

    start = time.perf_counter()
    assert_denied(g.bash("zsh -c 'echo " + "${a" * 20000 + "'"), ZSH_OWN)
    assert time.perf_counter() - start < 4.0


def test_long_closed_braces_stay_allowed(g):
    assert_allowed(g.bash("zsh -lc 'echo ${HOME}/x ${PATH} ${" + "x" * 150 + "}'"))
