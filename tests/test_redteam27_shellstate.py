"""Red team 27 (issue 9, class 5): state the shell changes, and changes it refuses to make.

The guard followed assignments, cd's and function bodies that bash does not carry out:
- a read-only variable or function (`readonly x=.env` then, on the next line, `x=README.md`:
  bash refuses the assignment and `cat $x` reads .env; `readonly -f f` keeps f's first body);
- a builtin turned off by `enable -n` (`enable -n cd; cd /tmp; cat .env` reads the project's .env:
  `cd` is then a program lookup that changes no folder; the same for export, read, printf -v,
  declare, shift, pushd, eval, source);
- a function that returns before its last commands (`f(){ return; cd /tmp; }; f; cat .env`);
- a command whose redirection fails (`cd /tmp < /missing`, `cd /tmp 0<&7`, `{ cd /tmp; } < /x`,
  `export HOME=/tmp 2>/no/dir/f`): bash reports the redirection and skips the command.
What they may change is unknown afterwards (denied where a rule depends on it); each case sits
beside the everyday neighbour that stays allowed. Nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


def assert_unknown(proc):
    """Denied because the state is not known: the operand is undetermined, or judged in every
    folder it may be in (the project's .env among them)."""
    reason = assert_denied(proc)
    assert "could not determine" in reason or "deny-path" in reason, reason


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt27state"),
                      files={".env": "S=1\n", "README.md": "hi\n", "src/a.py": "x\n", "~/.netrc": "machine x\n"})


# ---- read-only variables and functions --------------------------------------------------------
@pytest.mark.parametrize("command", [
    "readonly x=.env\nx=README.md\ncat $x",
    "declare -r x=.env\nx=README.md\ncat $x",
    "typeset -r x=.env\nx=README.md\ncat $x",
    "x=.env; readonly x\nx=README.md\ncat $x",
    "x=.env; readonly x\nread x <<< README.md\ncat $x",
    "x=.env; readonly x\nprintf -v x README.md\ncat $x",
    "x=.env; readonly x\nexport x=README.md\ncat $x",
    "v=x; x=.env; readonly \"$v\"\nx=README.md\ncat $x",
    "x=README.md; f(){ local x; readonly x; }; f; x=.env; cat $x",
])
def test_an_assignment_to_a_read_only_variable_is_not_followed(setup, command):
    assert_unknown(setup.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    "readonly HOME\nHOME=/tmp\ncat ~/.netrc",
    "readonly HOME\nexport HOME=/tmp\ncat ~/.netrc",
])
def test_a_read_only_home_is_not_moved(setup, command):
    assert_denied(setup.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    "readonly x=README.md; cat $x",
    "x=README.md; readonly y; cat $x",
    "readonly VERSION=1.2; echo $VERSION",
])
def test_read_only_variables_keep_their_own_value(setup, command):
    assert_allowed(setup.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    "f(){ cd ~; }; readonly -f f; f(){ :; }; f; cat .netrc",
    "f(){ cd ~; }\nreadonly -f f\nf(){ :; }\nf\ncat .netrc",
    "f(){ cd ~; }; declare -rf f; f(){ :; }; f; cat .netrc",
])
def test_a_read_only_function_keeps_its_first_body(setup, command):
    assert_denied(setup.bash(command, role="open"), "read-only")


def test_the_refused_body_of_a_read_only_function_is_still_judged(setup):
    assert_denied(setup.bash("f(){ :; }\nreadonly -f f\nf(){ rm -rf ~; }", role="operator"),
                  "recursive-delete-critical")


# ---- builtins turned off ----------------------------------------------------------------------
@pytest.mark.parametrize("command", [
    "enable -n cd; cd /tmp; cat .env",
    "enable -n -- cd; cd /tmp; cat .env",
    "enable -ns cd; cd /tmp; cat .env",
    "x=cd; enable -n $x; cd /tmp; cat .env",
    "enable -n cd; builtin cd /tmp; cat .env",
    "enable -n pushd; pushd /tmp; cat .env",
    "enable -n cd; if true; then enable cd; fi; cd /tmp; cat .env",
])
def test_a_cd_whose_builtin_is_off_leaves_the_folder_unknown(setup, command):
    assert_unknown(setup.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    "enable -n export; export HOME=/tmp; cat ~/.netrc",
    "enable -n read; read HOME <<< /tmp; cat ~/.netrc",
    "enable -n printf; printf -v HOME /tmp; cat ~/.netrc",
    "enable -n declare; declare HOME=/tmp; cat ~/.netrc",
    "enable -n shift; set -- .env README.md; shift; cat $1",
    "set -- .env; enable -n set; set -- README.md; cat $1",
    "enable -n eval; eval cd /tmp; cat .env",
])
def test_a_state_builtin_that_is_off_changes_nothing_the_guard_follows(setup, command):
    assert_unknown(setup.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    "enable -a; cd src; cat a.py",
    "enable -n echo; cd src; cat a.py",
    "enable -n kill; export X=1; cat README.md",
])
def test_listing_builtins_or_turning_off_others_stays_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))


# ---- functions that return early --------------------------------------------------------------
@pytest.mark.parametrize("command", [
    "f(){ return; cd /tmp; }; f; cat .env",
    "f(){ { return; }; cd /tmp; }; f; cat .env",
    "f(){ if true; then return; fi; cd /tmp; }; f; cat .env",
    "f(){ false || return; cd /tmp; }; f; cat .env",
    "f(){ return; HOME=/tmp; }; f; cat ~/.netrc",
    "x=.env; f(){ return 0; x=README.md; }; f; cat $x",
    "x=.env; f(){ [ 1 ] && return; x=README.md; }; f; cat $x",
])
def test_what_a_function_does_after_a_return_may_not_happen(setup, command):
    assert_unknown(setup.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    "f(){ cd src; }; f; cat a.py",
    "f(){ cd src; return; }; f; cat a.py",
    "x=.env; f(){ x=README.md; }; f; cat $x",
    "f(){ [ -n \"$1\" ] || return 1; echo \"$1\"; }; f hello",
])
def test_functions_without_an_early_return_are_followed(setup, command):
    assert_allowed(setup.bash(command, role="open"))


# ---- redirections that fail -------------------------------------------------------------------
@pytest.mark.parametrize("command", [
    "cd /tmp 0<&7; cat .env",
    "cd /tmp 3<&9; cat .env",
    "cd /tmp > /; cat .env",
    "cd /tmp < /nonexistent; cat .env",
    "cd /tmp 2>/nonexistent/x; cat .env",
    "cd /tmp >&7; cat .env",
    "cd /tmp <<< x 0<&9; cat .env",
    "pushd /tmp < /no; cat .env",
    "set -C; cd /tmp > README.md; cat .env",
    "{ cd /tmp; } < /nonexistent; cat .env",
    "{ cd /tmp; } 0<&7; cat .env",
    "f(){ cd /tmp; }; f < /nonexistent; cat .env",
    "export HOME=/tmp 2>/nonexistent/x; cat ~/.netrc",
    "x=.env; read x <<< README.md 0<&8; cat $x",
    "x=.env; printf -v x README.md < /no; cat $x",
    "x=.env; declare x=README.md < /no; cat $x",
    "set -- .env; set -- README.md < /no; cat $1",
    "set -- .env; shift 0<&9; cat $1",
])
def test_a_command_whose_redirection_may_fail_may_not_change_the_shell(setup, command):
    assert_unknown(setup.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    "cd src 2>/dev/null && cat a.py",
    "cd src > /dev/null; cat a.py",
    "cd src 2>&1; cat a.py",
    "cd src >&2; cat a.py",
    "cd src 7>&-; cat a.py",
    "pushd src > /dev/null && cat a.py",
    "cd src 2>\"/dev/null\" || exit 1; cat a.py",
    "x=README.md; read x <<< README.md; cat $x",
    "make > build.log 2>&1; cat README.md",
    "{ cd src; } 2>/dev/null; cat a.py",
])
def test_redirections_that_cannot_fail_keep_the_state(setup, command):
    assert_allowed(setup.bash(command, role="open"))


# ---- text typed into the session, copied into a file the guard content-checks ------------------
@pytest.mark.parametrize("command", [
    "tee -a ~/.bashrc",
    "cat >> ~/.bashrc",
    "cat - >> ~/.profile",
    "tee .git/config",
    "cat > .envrc",
    "dd of=.envrc",
    "head -n 5 >> ~/.zshrc",
])
def test_the_sessions_input_copied_into_a_checked_file_is_text_the_guard_cannot_read(setup, command):
    assert_denied(setup.bash(command, role="operator"), "the text written cannot be determined")


@pytest.mark.parametrize("command", [
    "echo 'export A=1' | tee -a ~/.bashrc",
    "cat >> ~/.bashrc <<EOF\nexport A=1\nEOF",
    "tee -a ~/.bashrc <<< 'export B=2'",
    "cat - >> ~/.bashrc <<< 'alias ll=ls'",
    "tee -a build.log",
    "cat > notes.txt",
])
def test_known_text_into_a_checked_file_and_typed_text_elsewhere_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="operator"))


# ---- parallel with no command and no input of its own -----------------------------------------
@pytest.mark.parametrize("command", ["parallel", "parallel -j1", "parallel --jobs 4"])
def test_parallel_without_a_command_runs_what_is_typed(setup, command):
    assert_denied(setup.bash(command, role="operator"), "session's input")


@pytest.mark.parametrize("command", ["echo ls | parallel", "parallel echo ::: a b", "parallel ::: ls pwd"])
def test_parallel_with_its_commands_given_stays_allowed(setup, command):
    assert_allowed(setup.bash(command, role="operator"))


# ---- arrays ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [
    "a=(.env); a+=(README.md); cat ${a[0]}",
    "a=(.env); a+=(README.md); cat $a",
    "a=(x); a+=(.env); cat ${a[1]}",
    "declare -a a=(.env x); cat ${a[0]}",
    "declare -A m=([k]=.env); cat ${m[k]}",
    "readonly -a a=(.env)\na=(README.md)\ncat ${a[0]}",
    "declare -a a=($(cat .env))",
    "x=.env; declare -a a=(x=README.md); cat $x",
])
def test_an_append_keeps_the_first_elements_and_declared_arrays_are_read(setup, command):
    assert_unknown(setup.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    "b+=(README.md); cat ${b[0]}",
    "a=(README.md); a+=(src/a.py); cat \"${a[@]}\"",
    "local -a files=(src/*.py) 2>/dev/null; echo ok",
    "declare -A m=([k]=README.md); echo ${m[k]}",
    "declare -a list=(one two three); echo \"${list[@]}\"",
])
def test_arrays_that_name_no_secret_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))


# ---- shell options the agent's shell takes from its environment --------------------------------
@pytest.mark.parametrize("bashopts,command", [
    ("dotglob", "cat *"),
    ("checkwinsize:dotglob", "cat src/../*"),
    ("nocaseglob", "cat .EN?"),
])
def test_bashopts_in_the_agents_environment_turns_its_glob_options_on(setup, bashopts, command):
    env = setup.env("open", BASHOPTS=bashopts)
    assert_denied(setup.bash(command, role="open", env=env), ".env")


def test_without_bashopts_a_star_skips_dotfiles(setup):
    assert_allowed(setup.bash("cat *", role="open"))
