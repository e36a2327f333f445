"""Red team 23 (issue 9, class 5): state changed by code that runs in this very shell, out of line.

- an alias runs its text in the shell itself: `alias c='cd ~'` then `c` then `cat .netrc` read
  ~/.netrc (the alias text was analysed in a copy of the state, so the cd was lost); bash expands
  it only with expand_aliases, so what it changes is unknown afterwards;
- `trap CODE DEBUG` (ERR, RETURN, any signal) runs CODE between the later commands: `trap 'cd'
  DEBUG; true; cat .netrc`, `trap 'x=.env' DEBUG; x=README.md; cat $x`, a function the trap
  names defined after it;
- `shopt -s lastpipe`: a pipeline's last command runs in this shell (`echo | cd; cat .netrc`);
- `source /dev/stdin <<< 'cd ~'` runs the here-string in this shell.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("st"), files={
        ".env": "SECRET=1\n", "README.md": "r\n", "~/.netrc": "machine h password p\n"})
    os.symlink(s.home, s.path("hl"))  # (hl/.. is the folder holding the home folder and the guard dir)
    return s


ALIASES = [
    "shopt -s expand_aliases\nalias c='cd ~'\nc\ncat .netrc",
    "shopt -s expand_aliases\nalias cd='cd ~;'\ncd x\ncat .netrc",
    "shopt -s expand_aliases\nalias c='cd '\nalias d='~'\nc d\ncat .netrc",
    "shopt -s expand_aliases\nalias c='HOME=/tmp; cd'\nc\ncat .netrc",
    "shopt -s expand_aliases\nalias c='x=.env'\nc\ncat $x",
    "shopt -s expand_aliases\nalias c='f(){ cat .env; }'\nc\nf",
]


@pytest.mark.parametrize("command", ALIASES)
def test_state_an_alias_changes_holds_afterwards(setup, command):
    assert_denied(setup.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    "trap 'cd' DEBUG; true; cat .netrc",
    "trap -- 'cd ~' DEBUG; cat .netrc",
    "trap 'cd ~' ERR; false; cat .netrc",
    "trap 'x=.env' DEBUG; x=README.md; cat $x",
    "trap f DEBUG; f(){ cd; }; true; cat .netrc",
    "f(){ cd; }; trap f DEBUG; true; cat .netrc",
    "set -T; trap 'cd ~' RETURN; f(){ :; }; f; cat .netrc",
    "f(){ trap 'cd ~' RETURN; }; f; cat .netrc",
    "trap 'source x.sh' DEBUG; cat README.md",
    "t=DEBUG; trap 'cd' $t; cat .netrc",
    "trap 'cd ~' USR1; kill -USR1 $$; cat .netrc",
])
def test_a_trap_that_changes_the_shell_leaves_the_later_commands_undetermined(setup, command):
    assert_denied(setup.bash(command, role="open"), "trap")


@pytest.mark.parametrize("command", [
    "shopt -s lastpipe; echo | cd; cat .netrc",
    "shopt -s lastpipe; echo x | HOME=/tmp; cd; cat .netrc",
    "shopt -s lastpipe\necho .env | read x\ncat $x",
    "source /dev/stdin <<< 'cd ~'; cat .netrc",
    ". /dev/stdin <<< 'cd'; cat .netrc",
])
def test_pipelines_and_stdin_code_that_run_in_this_shell(setup, command):
    assert_denied(setup.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    "alias ll='ls -l'\nll",
    "shopt -s expand_aliases\nalias ll='ls -la'\nll\ncat README.md",
    "trap 'rm -f /tmp/x' EXIT; cat README.md",
    "trap 'rm -f /tmp/x' EXIT INT TERM; cat README.md",
    "cleanup(){ rm -f /tmp/x; }; trap cleanup EXIT INT TERM; cat README.md",
    "trap 'echo interrupted; exit 1' INT; cat README.md",
    "trap 'cd' EXIT; cat README.md",
    "trap - INT; cat README.md",
    "cd | cat; cat README.md",
    "shopt -s lastpipe; git log --oneline | head -3; cat README.md",
    "source /dev/stdin <<< 'echo hi'; cat README.md",
])
def test_everyday_neighbours_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))


def test_an_alias_without_state_keeps_the_folder(setup):
    assert_denied(setup.bash("shopt -s expand_aliases\nalias ll='ls -l'\nll\ncat .env", role="open"), ".env", "deny-path")


# Expansions the analysis computed differently from bash:
# - the word of `${x:+WORD}`, `${x:-WORD}` and the pattern and replacement of `${x/P/R}`,
#   `${x#P}`, `${x%P}` go through quote removal (`${x:+".env"}` is .env, `${x/x/"e"}` of .xnv is
#   .env); bash 5.2 puts the match where an unquoted `&` stands in a replacement
#   (`${x/./&e}` of .nv is .env);
# - an assignment expands `~` after each unquoted `:` (`x=a:~/.netrc`);
# - `pushd -n DIR` changes only the stack, not the folder.
@pytest.mark.parametrize("command", [
    "x=1; cat ${x:+\".env\"}",
    "x=1; cat ${x+'.env'}",
    "x=1; cat \"${x:+.e\"n\"v}\"",
    "x=; cat ${x:-\".env\"}",
    "x=; cat ${x:-~/.netrc}",
    "x=.xnv; cat ${x/x/\"e\"}",
    "x=.xnv; cat ${x//x/'e'}",
    "x=.xnv; cat ${x/\"x\"/e}",
    "x=.xnv; cat ${x/x/\\e}",
    "x=abc.env; cat ${x#\"abc\"}",
    "x=.envabc; cat \"${x%'abc'}\"",
    "x=.nv; cat ${x/./&e}",
    "x=.nv; cat ${x//./&e}",
    "x=a:~/.netrc; cat ${x#a:}",
    "x=a:~; cat ${x#a:}/.netrc",
    "cd ~; pushd -n /tmp; cat .netrc",
    "pushd -n /tmp; cat .env",
])
def test_expansions_and_folders_as_bash_computes_them(setup, command):
    assert_denied(setup.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    "x=1; cat ${x:+\"README.md\"}",
    "x=x.md; cat ${x/x/\"README\"}",
    "x=./README.md; cat ${x#\"./\"}",
    "x=1; cat ${x:+\"~/.netrc\"}",  # (a quoted tilde stays a name in this folder)
    "x=\"a:~/.netrc\"; echo ${x#a:}",
    "PATH=$PATH:~/bin; ls",
    "pushd -n /tmp; cat README.md",
])
def test_expansion_neighbours_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    "bash -O lastpipe -c 'echo | cd; cat .netrc'",
    "bash -e -O lastpipe -c 'echo | cd; cat .netrc'",
    "BASHOPTS=lastpipe bash -c 'echo | cd; cat .netrc'",
    "env BASHOPTS=lastpipe bash -c 'echo | cd; cat .netrc'",
    "bash -O lastpipe <<< 'echo | cd; cat .netrc'",
])
def test_a_shell_started_with_lastpipe(setup, command):
    assert_denied(setup.bash(command, role="open"), "undetermined directory")


@pytest.mark.parametrize("command", [
    "bash -c 'echo | cd; cat .netrc'",  # (the pipeline's cd runs in a subshell)
    "bash -O extglob -c 'echo | cd; cat README.md'",
])
def test_a_shell_without_lastpipe(setup, command):
    assert_allowed(setup.bash(command, role="open"))


# `~+` is $PWD as the shell holds it, not the folder: `PWD=~; cat ~+/.netrc` reads ~/.netrc.
@pytest.mark.parametrize("command", [
    "PWD=~; cat ~+/.netrc",
    "PWD=$HOME; cd ~+; cat .netrc",
    "unset PWD; cat ~+/.env",
])
def test_tilde_plus_follows_the_pwd_variable(setup, command):
    assert_denied(setup.bash(command, role="open"))


@pytest.mark.parametrize("command", ["cat ~+/README.md", "cd src 2>/dev/null; cd ~+ && cat README.md", "PWD=x cat ~+/README.md"])
def test_tilde_plus_in_the_folder(setup, command):
    assert_allowed(setup.bash(command, role="open"))


# `mapfile -C CODE -c N` (readarray) runs CODE in the shell itself for every N lines it reads.
@pytest.mark.parametrize("command, fragment", [
    ("mapfile -C 'cat ~/.netrc;:' -c 1 a <<< x", ".netrc"),
    ("readarray -C 'curl h;:' -c 1 a <<< x", "curl"),
    ("mapfile -tC 'curl h;:' a <<< x", "curl"),
    ("mapfile -C 'cd ~;:' -c 1 a <<< x; cat .netrc", "undetermined directory"),
])
def test_a_mapfile_callback_is_code_run_here(setup, command, fragment):
    assert_denied(setup.bash(command, role="open"), fragment)


@pytest.mark.parametrize("command", ["mapfile -t lines < README.md; echo \"${lines[0]}\"",
                                     "readarray -t a <<< x; echo ${#a[@]}"])
def test_a_plain_mapfile(setup, command):
    assert_allowed(setup.bash(command, role="open"))


# The shell's history is a file reader, a file writer and a command runner: `history -r F;
# history` prints F, `history -s TEXT; history -w F` writes TEXT to F (also through $HISTFILE),
# `fc -s` runs the last history entry.
@pytest.mark.parametrize("command, fragment", [
    ("history -s 'curl h'; fc -s", "`fc`"),
    ("history -s 'cat ~/.netrc'; fc -s", "`fc`"),
    ("history -s x; fc -e -", "`fc`"),
    ("history -r ~/.netrc; history", ".netrc"),
    ("history -r .env; fc -l", ".env"),
    ("HISTFILE=~/.netrc; history -r; history", ".netrc"),
    ("history -s '{}'; history -w ~/.claude/settings.json", "protected"),
    ("HISTFILE=~/.claude/settings.json; history -s '{}'; history -w", "protected"),
    ("HISTFILE=~/.bashrc; history -s 'curl h'; history -w", "start-up file"),
])
def test_the_history_reads_writes_and_runs(setup, command, fragment):
    assert_denied(setup.bash(command, role="open"), fragment)


@pytest.mark.parametrize("command", ["fc -l", "fc -ln -5", "history 5", "history -c", "history -w /tmp/h.txt"])
def test_listing_the_history(setup, command):
    assert_allowed(setup.bash(command, role="open"))


# compgen runs code in a non-interactive shell too: `-C CMD`, `-F FUNC` (in the shell itself) and
# the command substitutions of `-W WORDS`, which it expands itself.
@pytest.mark.parametrize("command, fragment", [
    ("compgen -C 'curl h' x", "curl"),
    ("compgen -C 'cat ~/.netrc' x", ".netrc"),
    ("f(){ curl h; }; compgen -F f x", "curl"),
    ("compgen -W '$(curl h)' x", "curl"),
    ("f(){ cd ~; }; compgen -F f x; cat .netrc", "undetermined directory"),
])
def test_compgen_runs_code(setup, command, fragment):
    assert_denied(setup.bash(command, role="open"), fragment)


@pytest.mark.parametrize("command", ["compgen -W 'a b c' a", "compgen -f src/", "compgen -c git", "compgen -A function"])
def test_compgen_lists(setup, command):
    assert_allowed(setup.bash(command, role="open"))


# `${!r}` evaluates the subscript of the name r holds: `r='a[$(curl h)]'; echo ${!r}` runs curl.
@pytest.mark.parametrize("command, fragment", [
    ("r='a[$(curl h)]'; echo ${!r}", "curl"),
    ("read r <<< 'a[$(curl h)]'; echo ${!r}", "curl"),
    ("r='a[`curl h`]'; echo \"${!r}\"", "curl"),
    ("r=$(cat f); echo ${!r}", "subscript"),
])
def test_indirect_expansion_evaluates_a_subscript(setup, command, fragment):
    assert_denied(setup.bash(command, role="open"), fragment)


@pytest.mark.parametrize("command", ["x=1; r=x; echo ${!r}", "a=(1 2); r='a[1]'; echo ${!r}", "echo ${!PATH*}"])
def test_plain_indirect_expansion(setup, command):
    assert_allowed(setup.bash(command, role="open"))


# A function defined where the definition may not run (inside `if`, a loop or a case branch,
# after && or ||) may not exist when its name is called: bash then runs the program of that
# name (`if false; then curl(){ :; }; fi; curl h` runs curl). A background job and a coprocess
# run in a subshell: what they define, set or cd to is not this shell's (`cd /tmp & cat .env`
# reads ./.env).
@pytest.mark.parametrize("command, fragment", [
    ("if false; then curl(){ :; }; fi; curl h", "curl"),
    ("false && curl(){ :; }; curl h", "curl"),
    ("true || curl(){ :; }; curl h", "curl"),
    ("[ -n \"$X\" ] && curl(){ :; }; curl h", "curl"),
    ("case x in y) curl(){ :; };; esac; curl h", "curl"),
    ("while false; do curl(){ :; }; done; curl h", "curl"),
    ("for i in; do curl(){ :; }; done; curl h", "curl"),
    ("if false; then eval 'curl(){ :; }'; fi; curl h", "curl"),
    ("curl(){ :; } & curl h", "curl"),
    ("if false; then cat(){ :; }; fi; cat ~/.netrc", ".netrc"),
    ("false && cd(){ :; }; cd ~; cat .netrc", ".netrc"),
    ("cd /tmp & cat .env", ".env"),
    ("cd /tmp && true & cat .env", ".env"),
    ("{ cd /tmp; } & cat .env", ".env"),
    ("HOME=/tmp & cat ~/.netrc", ".netrc"),
    ("coproc { cd /tmp; }; cat .env", ".env"),
    ("coproc cd /tmp; cat .env", ".env"),
])
def test_definitions_and_changes_that_may_not_hold(setup, command, fragment):
    assert_denied(setup.bash(command, role="open"), fragment)


@pytest.mark.parametrize("command", [
    "curl(){ :; }; curl h",  # (the function runs, not curl)
    "log(){ echo \"$@\"; }; log hi",
    "if [ -f x ]; then log(){ echo \"$@\"; }; fi; log hi",
    "cd src & wait; cat README.md",
    "make build > /dev/null 2>&1 & cat README.md",
])
def test_definitions_and_background_jobs_that_hold(setup, command):
    assert_allowed(setup.bash(command, role="open"))


# A shell started physical (`bash -P`, `-o physical`, SHELLOPTS=physical in its environment)
# takes a cd's `..` after a link to the link target's parent, as `set -P` does.
@pytest.mark.parametrize("command", [
    "bash -P -c 'cd hl/..; cat guard/key.pem'",
    "bash -o physical -c 'cd hl/..; cat guard/key.pem'",
    "env SHELLOPTS=physical bash -c 'cd hl/..; cat guard/key.pem'",
    "SHELLOPTS=braceexpand:physical bash -c 'cd hl/..; cat guard/key.pem'",
])
def test_a_shell_started_physical(setup, command):
    assert_denied(setup.bash(command, role="open"), "protected")


def test_a_shell_started_with_keyword_from_shellopts(setup):
    assert_denied(setup.bash("env SHELLOPTS=keyword bash -c 'git log GIT_PAGER=curl'", role="open"), "curl")


@pytest.mark.parametrize("command", ["bash -c 'cd hl/..; cat README.md'", "bash -e -o pipefail -c 'cd hl/..; ls'"])
def test_a_shell_started_logical(setup, command):
    assert_allowed(setup.bash(command, role="open"))
