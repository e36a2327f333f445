"""Red team, third round (issue 9 class 4): content searches whose filters read a secret.

ripgrep's -g/--glob (and so Claude's Grep `glob`, which becomes rg --glob) are overrides: a file
whose last matching glob includes it is searched even when it is hidden or .gitignore names it,
so `rg -g .env KEY` prints the git-ignored .env. Claude's Grep splits its glob at whitespace and
commas (`*.py,.env` is two globs) and `!x` excludes. `git grep --no-index` does not honour
.gitignore, and a glob pathspec (`.e*`, `:(glob)**/.env`) selects files anywhere below the
working directory. All of these were allowed before. Verdicts only: nothing is executed.
"""

import os
import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt3search"), files={
        "src/a.py": "x = 1\n", ".env": "SECRET=1\n", ".gitignore": ".env\n", "config/.env": "SECRET=2\n",
        "~/.ssh/id_rsa": "key\n"})
    subprocess.run(["git", "init", "-q", setup.project], check=True)
    # a link outside the project to the home folder (`ln -s ~ /tmp/h` under open, /proc/PID/cwd)
    os.symlink(setup.home, os.path.join(setup.root, "homelink"))
    return setup


@pytest.mark.parametrize("cmd", [
    "rg -g '.env' SECRET",
    "rg --glob=.e* SECRET",
    "rg --iglob '*ENV' SECRET",
    "rg -g '*' SECRET",
    "rg --hidden -g '.env' SECRET",
])
def test_rg_override_glob_reads_ignored_secret(g, cmd):
    assert_denied(g.bash(cmd), "`rg` would read", ".env")


@pytest.mark.parametrize("glob", [".e*", "{*.py,.env}", "*.{py,env}", "[.]env", "*.py,.env", "*.py .env", "*"])
def test_grep_tool_glob_reads_ignored_secret(g, glob):
    assert_denied(g.check("Grep", {"pattern": "SECRET", "glob": glob}), "`Grep` would read", ".env")


@pytest.fixture(scope="module")
def npmrc(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt3npmrc"))
    with open(os.path.join(setup.project, ".npmrc"), "w") as f:
        f.write("//registry.npmjs.org/:_authToken=x\n")
    with open(os.path.join(setup.project, "a.py"), "w") as f:
        f.write("x = 1\n")
    return setup


def test_grep_tool_negated_glob_excludes_only(npmrc):
    # `!*.py` leaves every other file in (.npmrc, not ignored): not "only files named !*.py"
    assert_denied(npmrc.check("Grep", {"pattern": "x", "glob": "!*.py"}), "`Grep` would read", ".npmrc")


@pytest.mark.parametrize("cmd", [
    "git grep --no-index SECRET -- '*.py' '.e*'",
    "git grep --no-index SECRET -- '*.env'",
    "git grep --no-index SECRET -- src ':(glob)**/.env'",
])
def test_git_grep_no_index_glob_pathspec(g, cmd):
    assert_denied(g.bash(cmd), "`git grep` would read", ".env")


@pytest.mark.parametrize("tool, inp", [
    ("Bash", {"command": "rg x"}),
    ("Bash", {"command": "rg -g '*.py' x"}),
    ("Bash", {"command": "rg -t py x"}),
    ("Bash", {"command": "git grep --no-index x -- '*.py'"}),
    ("Bash", {"command": "git grep --no-index x -- src"}),
    ("Bash", {"command": "git grep --no-index x -- '*.py' ':!.env'"}),
    ("Bash", {"command": "git grep x -- '*.py'"}),
    ("Grep", {"pattern": "x", "glob": "*.py"}),
    ("Grep", {"pattern": "x", "type": "py"}),
])
def test_everyday_searches_allowed(g, tool, inp):
    assert_allowed(g.check(tool, inp))


# ---- MAKEFLAGS in the environment or on make's command line ----------------------------------
@pytest.mark.parametrize("cmd, fragment", [
    ("MAKEFLAGS='-E x:;curl y' make x", "could not determine the command"),
    ("MAKEFLAGS='kE x:;curl y' make x", "`curl` is denied by deny-cmd"),
    ("make MAKEFLAGS='--eval=x:;curl y' x", "could not determine the command"),
])
def test_makeflags_eval(g, cmd, fragment):
    assert_denied(g.bash(cmd), fragment)


@pytest.mark.parametrize("cmd", ["MAKEFLAGS=-j4 make", "make MAKEFLAGS=-j4 test", "make CFLAGS=-O2"])
def test_makeflags_everyday(g, cmd):
    assert_allowed(g.bash(cmd))


# ---- search roots that are glob operands or links ---------------------------------------------
@pytest.mark.parametrize("cmd, program", [
    ("grep -r SECRET conf*", "grep"),
    ("grep -r SECRET c?nfig", "grep"),
    ("grep -R SECRET [c]onfig/", "grep"),
    ("rg --hidden --no-ignore SECRET conf*", "rg"),
    ("rg -uu SECRET c*", "rg"),
    ("cp -r conf* out", "cp"),
    ("git grep --no-index SECRET -- conf*", "git grep"),
])
def test_glob_search_roots_are_expanded(g, cmd, program):
    assert_denied(g.bash(cmd), "`%s` would read" % program, "config/.env")


def test_find_glob_root_handed_to_reader(g):
    assert_denied(g.bash("find conf* -type f -exec cat {} +"), "could select", "config/.env")


@pytest.mark.parametrize("cmd", ["grep -r KEY {root}/homelink/", "rg --hidden KEY {root}/homelink/",
                                 "grep -r KEY {root}/homelink"])
def test_search_root_that_is_a_link_is_followed(g, cmd):
    assert_denied(g.bash(cmd.format(root=g.root), role="open"), ".ssh", "denied by deny-path ~/.ssh")


@pytest.mark.parametrize("cmd", ["grep -r x s*", "rg x src*", "find s* -name '*.py' -exec cat {} +", "grep -rn x src/"])
def test_glob_roots_without_secrets_allowed(g, cmd):
    assert_allowed(g.bash(cmd))


# ---- find handing its matches to a program that writes them -----------------------------------
@pytest.fixture(scope="module")
def hooked(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt3findw"))
    os.makedirs(os.path.join(setup.project, ".claude"))
    os.makedirs(os.path.join(setup.project, "src"))
    with open(os.path.join(setup.project, ".claude", "settings.json"), "w") as f:
        f.write("{}\n")
    with open(os.path.join(setup.project, "src", "a.py"), "w") as f:
        f.write("x = 1\n")
    return setup


@pytest.mark.parametrize("cmd", [
    "find . -name settings.json -exec cp src/a.py {} \\;",  # overwrites the project's hook config
    "find . -name settings.json -exec sed -i s/a/b/ {} +",
    "find . -name '*.json' | xargs sed -i s/a/b/",
    "find . -name 'settings.json' | xargs sed -i s/a/b/",
    "find . -name settings.json -exec touch {} +",
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_find_writers_meet_self_protection(hooked, cmd, role):
    assert_denied(hooked.bash(cmd, role=role), "could select", ".claude/settings.json, which is protected")


@pytest.mark.parametrize("cmd", [
    "find . -name '*.py' -exec sed -i s/a/b/ {} +",
    "find src -name '*.py' | xargs sed -i s/a/b/",
    "find . -name '*.py' -exec cat {} +",
])
def test_find_writers_elsewhere_allowed(hooked, cmd):
    assert_allowed(hooked.bash(cmd))
