"""Red team 38 (issue 9, class 5): state the shell keeps within one command that runs code later.

- PS4 is expanded as a prompt before every command `set -x` traces: `${x@P}` expands x's value
  as a prompt in turn (its `$(cmd)` runs), and `${!x}`, a subscript that is not a plain number
  and a substring's offset are arithmetic that evaluates a variable's `a[$(cmd)]`. Only `$(`
  and backticks were looked for: `PS4='${x@P}' x='$(cat .env)'; set -x; ls` read .env under
  builder (shell/envsinks.prompt_runs_code).
- A builtin that takes a variable name evaluates its subscript as arithmetic, and a variable
  named there is evaluated with its own subscripts: `x='a[$(cat .env)]'; printf -v 'b[x]' %s 1`,
  `read 'b[x]'`, and with b an array `unset 'b[x]'`, `test -v 'b[x]'`. Only a substitution
  written in the subscript itself was looked for (shell/arith.subscript_payloads).
- `${x#}`, `${x%%}`, `${x//}` (an empty pattern) are x itself; the parser took `${x#}` for
  `${#x}`, x's length: `x=.env; cat ${x#}` was judged as `cat 4`, `cat ${HOME#}/.netrc` as
  `cat 2/.netrc` (shell/parse.py).
- `${x:=WORD}` with x empty (and `${x=WORD}` with x unset) assigns WORD to x: `z=; : ${z:=.env};
  cat $z` was judged as a bare `cat` (shell/expansion._assign_default).
- `$"…"` is translated by gettext from the catalogue TEXTDOMAINDIR/TEXTDOMAIN name, which bash
  reads when a later line is parsed (`TEXTDOMAINDIR=loc TEXTDOMAIN=t` then `cat $"README.md"`
  reads whatever a planted `loc/C.UTF-8/LC_MESSAGES/t.mo` maps README.md to, `.env`): both
  variables are now ones that load settings the guard never sees (rules/exec_sinks.json).
- Brace expansion comes first: `$x{a,b}` is `$xa $xb` (a name goes on through name characters),
  not x's value followed by a and b: `x=foo; xa=.env; cat $x{a,b}` read .env (expansion.py:
  such a word is not known).
- In an assignment a `:` ends the first tilde prefix too: `x=~:` holds `$HOME:`, so `x=~:; cat
  ${x%:}/.netrc` read ~/.netrc (judged as `./~/.netrc`); so it does in any word (`echo hi >
  ~:x` writes `$HOME:x`, outside the project), and bash expands the tildes of `NAME+=` and
  `NAME[SUB]=` arguments as of `NAME=` ones.
"""

import pytest

from conftest import assert_allowed, assert_denied

PROMPT = "bash expands this prompt, running its command substitutions"
ARITH = "bash evaluates"


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    from conftest import GuardSetup

    return GuardSetup(tmp_path_factory.mktemp("rt38s"), files={".env": "K=1\n", "README.md": "x\n"})


@pytest.mark.parametrize("command", [
    "PS4='${x@P}' x='$(cat .env)'; set -x; ls",
    "x='$(cat .env)'; PS4='${x@P}'; set -x; ls",
    "PS4='${x@P}'; set -x; x='$(cat .env)'; ls",
    "PS4='${!y}'; set -x; y='a[$(cat .env)]'; ls",
    "PS4='${a[x]}'; x='b[$(cat .env)]'; set -x; ls",
    "PS4='${y:x}'; y=abc; x='a[$(cat .env)]'; set -x; ls",
    "PS4='$[x]'; x='a[$(cat .env)]'; set -x; ls",
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_a_prompt_that_runs_a_variables_text_is_code(setup, command, role):
    assert_denied(setup.bash(command, role=role), "what `$PS4` runs", PROMPT)


@pytest.mark.parametrize("command", [
    "PS4='+ ${BASH_SOURCE}:${LINENO}: ${FUNCNAME[0]:+${FUNCNAME[0]}(): }'; set -x; ls",
    "PS4='+ '; set -x; ls",
    "PS4='$y'; y='$(cat .env)'; set -x; ls",  # (a value is not expanded again)
    "PS4='${x:1:2} ${x:-d}'; set -x; ls",
])
def test_everyday_trace_prompts_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))


@pytest.mark.parametrize("command", [
    "x='a[$(cat .env)]'; printf -v 'b[x]' %s 1",
    "x='a[$(cat .env)]'; read 'b[x]' <<< 1",
    "b=(1); x='a[$(cat .env)]'; unset 'b[x]'",
    "b=(1); x='a[$(cat .env)]'; test -v 'b[x]'",
    "b=(1); x='a[$(cat .env)]'; [ -v 'b[x]' ]",
    "y='a[$(cat .env)]'; x=y; printf -v 'b[x+1]' %s 1",
])
def test_a_subscript_naming_a_variable_that_holds_code_runs_it(setup, command):
    assert_denied(setup.bash(command), ARITH, "$(cat .env)")


def test_a_subscript_variable_read_at_run_time_is_undetermined(setup):
    assert_denied(setup.bash("read i < README.md; read 'arr[i]' <<< x"), "what `i` holds when bash evaluates it")


@pytest.mark.parametrize("command", [
    "printf '%s[%d]\\n' a 1",
    "n=3; printf -v 'b[n]' %s 1; echo ${b[3]}",
    "i=0; read -r 'arr[i]' <<< x",
    "read -r 'arr[0]' <<< x",
    "read n < README.md; printf '%s[%d]\\n' x $n",
    "test -v 'arr[0]'",
])
def test_subscripts_of_plain_numbers_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))


@pytest.mark.parametrize("command, path", [
    ("x=.env; cat ${x#}", "/.env is denied"),
    ("x=.env; cat \"${x%%}\"", "/.env is denied"),
    ("x=.env; cat ${x//}", "/.env is denied"),
    ("a=(.env); cat ${a[0]#}", "/.env is denied"),
    ("cat ${HOME#}/.netrc", "/.netrc is denied"),
    ("cd ${HOME%}; cat .netrc", "is outside the allowed paths"),
])
def test_an_empty_pattern_leaves_the_value_as_it_is(setup, command, path):
    assert_denied(setup.bash(command), path)


def test_a_length_is_still_a_length(setup):
    assert_allowed(setup.bash("x=README.md; echo ${#x}; head -c ${#x} README.md"))


@pytest.mark.parametrize("command", [
    "z=; : ${z:=.env}; cat $z",
    "z=; : \"${z:=.env}\"; cat \"$z\"",
    "z=; echo ${z:=.env} >/dev/null; cat $z",
    "z=; x=${z:=.env}; cat $z",
    "z=; true ${z:=.en}v; cat ${z}v",
])
def test_a_default_assigned_by_expansion_is_the_variables_value(setup, command):
    assert_denied(setup.bash(command), "/.env is denied")


@pytest.mark.parametrize("command", [
    "z=; : ${z:=README.md}; cat \"$z\"",
    "z=README.md; : ${z:=.env}; cat $z",
])
def test_default_assignments_of_plain_files_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))


@pytest.mark.parametrize("command", [
    "TEXTDOMAINDIR=loc TEXTDOMAIN=t\ncat $\"README.md\"",
    "export TEXTDOMAINDIR=loc TEXTDOMAIN=t\ncat $\"README.md\"",
    "printf -v TEXTDOMAINDIR %s loc\ncat $\"README.md\"",
    "read TEXTDOMAIN <<< t\ncat $\"README.md\"",
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_a_translation_catalogue_of_the_agents_is_refused(setup, command, role):
    assert_denied(setup.bash(command, role=role), "$TEXTDOMAIN", "load code or settings the guard never sees")


def test_a_locale_string_with_the_systems_catalogues_stays_allowed(setup):
    assert_allowed(setup.bash("echo $\"hello\"; cat $\"README.md\""))


@pytest.mark.parametrize("command", [
    "x=foo; xa=.env; cat $x{a,b}",
    "xa=.env; cat $x{a,}",
    "x=foo; xa=.env; cat \"$x\"{a,b} $x{a,}",
])
def test_a_name_that_runs_into_a_brace_is_not_known(setup, command):
    assert_denied(setup.bash(command), "could not determine operand", "{a,")


@pytest.mark.parametrize("command", [
    "x=src; cat ${x}{a,b}.py",
    "x=README; cat $x.{md,txt}",
    "x=.; ls $x/{a,b}",
])
def test_names_that_end_before_a_brace_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))


@pytest.mark.parametrize("command", [
    "x=~:; cat ${x%:}/.netrc",
    "x=~:y; cat ${x%:y}/.netrc",
])
def test_a_colon_ends_an_assignments_first_tilde(setup, command):
    assert_denied(setup.bash(command, role="open"), "/.netrc is denied by deny-path")


def test_a_path_list_with_tildes_stays_allowed(setup):
    assert_allowed(setup.bash("PATH=~/bin:$PATH; x=~:~; echo $x", role="open"))


@pytest.mark.parametrize("command", ["echo hi > ~:x", "cat ~:x"])
def test_a_colon_ends_a_words_tilde_prefix(setup, command):
    assert_denied(setup.bash(command), "home:x is outside the allowed paths")


def test_a_subscripted_assignment_argument_has_its_tilde_expanded(setup):
    assert_denied(setup.bash("declare x[0]=~/.netrc; cat ${x[0]}", role="open"), "could not determine operand")


@pytest.mark.parametrize("command", [
    "CDPATH=~/.ssh; cd ''; cat id_rsa",
    "e=; CDPATH=~/.ssh; cd \"$e\"; cat id_rsa",
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_an_empty_folder_name_is_looked_up_in_cdpath(setup, command, role):
    assert_denied(setup.bash(command, role=role), "/.ssh")


def test_an_empty_folder_name_without_cdpath_stays(setup):
    assert_allowed(setup.bash("cd ''; cat README.md"))


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    import os

    from conftest import GuardSetup

    s = GuardSetup(tmp_path_factory.mktemp("rt38l"), files={"~/.netrc": "m\n", "~/sub/x": "x\n", "d/x": "x\n"})
    os.symlink(os.path.join(s.home, "sub"), s.path("lnk"))
    return s


@pytest.mark.parametrize("command", [
    "cd -P lnk; cd ..; cat .netrc",
    "cd -P lnk && cd .. && cat .netrc",
    "cd -LP lnk; cd ..; cat .netrc",
    "cd -P lnk; cd ../.; cat .netrc",
    "cd -P lnk; pushd .. >/dev/null; cat .netrc",
    "cd -P lnk; cd ~+/..; cat .netrc",
])
def test_a_physical_cd_leaves_the_folder_the_link_leads_to(linked, command):
    assert_denied(linked.bash(command, role="open"), "/.netrc is denied by deny-path")


@pytest.mark.parametrize("command", [
    "cd lnk; cd ..; cat README.md",  # (logical: `..` of proj/lnk is proj)
    "cd -P d; cd ..; cat README.md",
    "cd -PL lnk; cd ..; ls",
])
def test_logical_cds_and_plain_folders_stay_allowed(linked, command):
    assert_allowed(linked.bash(command, role="open"))


@pytest.mark.parametrize("role", ["builder", "open"])
def test_reads_timeout_takes_a_value(setup, role):
    # `read -t 1 f` set f (the timeout is -t's value); the guard took `1` for the variable and
    # judged a bare `cat`
    assert_denied(setup.bash("read -t 1 f <<< .env; cat $f", role=role), "could not determine operand `$f`")


def test_a_plain_read_of_a_plain_file_name_stays_allowed(setup):
    assert_allowed(setup.bash("read -r f <<< README.md; cat $f"))
