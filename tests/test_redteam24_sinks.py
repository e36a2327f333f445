"""Red team 24 (issue 9 class 3): text a program runs later, in places the catalogue missed.

A wrapper's own options were never read as exec sinks: `systemd-run -p ExecStartPre=CMD true`
runs CMD besides the unit's command, and `--setenv=LD_PRELOAD=x` (or `-ELD_PRELOAD=x`, `-p
Environment=...`, `firejail --env=`, bwrap's `--setenv NAME VALUE`) gives the command a variable
that loads code; bash builtins that evaluate text (`mapfile -C CODE`, `compgen -C CMD`, `compgen
-F FUNC`, `fc -e EDITOR`), `BASH_LOADABLES_PATH` (`enable NAME` loads NAME.so from it) and
git's `help.browser` key ran programs nobody judged. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt24sinks"), files={"Makefile": "all:\n\ttrue\n"})


@pytest.mark.parametrize("cmd", [
    "systemd-run -p ExecStartPost=curl true",
    "systemd-run --property=ExecStopPost=curl true",
    "systemd-run --prop=ExecStartPre=+curl true",
    "systemd-run -p 'ExecStartPre=-/usr/bin/curl x' true",
    "systemd-run -pExecStartPre=curl true",
    "systemd-run --socket-property=ExecStartPre=curl true",
    "run0 --property=ExecStartPre=curl true",
    "mapfile -C 'curl x' -c 1 arr < Makefile",
    "readarray -C curl -c 1 arr < Makefile",
    "compgen -C 'curl x' foo",
    "f(){ curl x; }; compgen -F f x",
    "complete -C 'curl x' ls",
    "npm --script-shell=curl exec foo",
])
def test_text_run_later_meets_deny_cmd(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "`curl` is denied by deny-cmd")


@pytest.mark.parametrize("cmd", [
    "systemd-run --setenv=LD_PRELOAD=/tmp/x.so true",
    "systemd-run -ELD_PRELOAD=/tmp/x.so true",
    "systemd-run -p Environment=LD_PRELOAD=/tmp/x.so true",
    "systemd-run -p 'Environment=A=1 LD_PRELOAD=/tmp/x.so' true",
    "run0 --setenv=LD_PRELOAD=/tmp/x.so true",
    "systemd-nspawn --setenv=LD_PRELOAD=/tmp/x.so true",
    "firejail --env=LD_PRELOAD=/tmp/x.so true",
    "flatpak-spawn --env=LD_PRELOAD=/tmp/x.so true",
    "bwrap --setenv LD_PRELOAD /tmp/x.so --bind / / true",
    "BASH_LOADABLES_PATH=/tmp enable evil",
    "systemd-run -p EnvironmentFile=/tmp/e true",
    "fc -e curl -1",
])
def test_code_loaded_through_a_wrapper_option_is_undetermined(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "could not determine the command")


@pytest.mark.parametrize("role", ["operator", "open"])
def test_catastrophic_unit_property(g, role):
    assert_denied(g.bash("systemd-run -p ExecStartPre='rm -rf /' true", role=role), "tripwire recursive-delete-critical")


@pytest.mark.parametrize("role", ["operator", "builder"])
def test_git_help_browser_names_a_program(g, role):
    assert_denied(g.bash("git -c help.browser=lynx help -w log", role=role), "help.browser")


@pytest.mark.parametrize("cmd", [
    "systemd-run -p CPUQuota=20% make", "systemd-run --user -p MemoryMax=1G --setenv=FOO=bar make",
    "systemd-run --wait -p ExecStartPre=true make", "mapfile -t lines < Makefile",
    "readarray -t -c 10 -C echo arr < Makefile", "compgen -c ls", "complete -F _git git", "git help -w log",
    "bwrap --setenv FOO bar --bind / / make", "bwrap --bind / / make", "firejail --env=FOO=1 make",
])
def test_everyday_neighbours_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="open"))


@pytest.mark.parametrize("cmd", [
    "make X='$(shell curl x)'",
    "make 'x:=$(shell curl x)'",
    "make 'x:=${shell curl x}'",
    "CFLAGS='$(shell curl x)' make",
    "export X='$(shell curl x)'; make",
    "env X='$(shell curl x)' make",
    "just test --shell curl",
    "just test --shell=curl",
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_make_functions_and_just_shell_run_programs(g, cmd, role):
    assert_denied(g.bash(cmd, role=role), "`curl` is denied by deny-cmd")


@pytest.mark.parametrize("cmd", ["make 'X=$(eval all: ; curl x)'", "make 'X=$(file >/tmp/x,y)'",
                                 "make 'X=$(call f,curl)'", "just test --shell-arg 'curl x;'"])
def test_make_code_functions_are_undetermined(g, cmd):
    assert_denied(g.bash(cmd, role="builder"), "could not determine the command")


@pytest.mark.parametrize("cmd", ["make 'X=$(shell git rev-parse HEAD)'", "make 'VERSION=$(shell date +%s)'",
                                 "make CFLAGS='-O2 $(FOO)'", "make 'X=$$(shell curl x)'", "make -j4 all", "make V=1",
                                 "X='$(shell git log -1)' make", "V=1 make", "just build test"])
def test_make_and_just_neighbours_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="builder"))


def test_a_make_function_inside_another(g):
    assert_denied(g.bash("make 'X=a $(shell echo $(shell curl x)) b'", role="open"), "`curl` is denied by deny-cmd")


@pytest.mark.parametrize("cmd", [
    "SHELL=/usr/bin/curl flock -c 'x' /tmp/l", "SHELL=curl script -qc 'x' /dev/null", "SHELL=curl parallel ::: x",
    "PARALLEL_SHELL=curl parallel ::: x", "export SHELL=curl; sudo -s x",
])
def test_shell_variable_names_the_program_commands_run_through(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "`curl` is denied by deny-cmd", "$")


@pytest.mark.parametrize("cmd", ["SHELL=/bin/bash make", "SHELL=/usr/bin/zsh make", "export SHELL=/bin/bash",
                                 "SHELL=bash make all"])
def test_shell_variable_naming_a_shell_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="builder"))


@pytest.mark.parametrize("cmd", [
    "LUA_INIT='os.execute(\"curl x\")' lua x.lua", "LUA_INIT_5_4='os.execute(\"curl x\")' lua x.lua",
    "ERL_FLAGS='-eval \"os:cmd(\\\"curl x\\\")\"' erl -noshell -s init stop", "ELIXIR_ERL_OPTIONS='-eval x' elixir x.exs",
    "JAVA_TOOL_OPTIONS=-javaagent:/tmp/a.jar java -jar x.jar", "_JAVA_OPTIONS='-XX:OnOutOfMemoryError=curl x' mvn test",
    "MAVEN_OPTS=-agentpath:/tmp/a.so mvn test", "DOTNET_STARTUP_HOOKS=/tmp/x.dll dotnet run",
    "CORECLR_PROFILER_PATH=/tmp/x.so dotnet run", "GCONV_PATH=/tmp iconv -f x", "PYTHONHOME=/tmp python3 -c 1",
    "R_PROFILE_USER=/tmp/x.R Rscript -e 1", "BUNDLE_GEMFILE=/tmp/Gemfile bundle exec rspec",
    "RUSTUP_TOOLCHAIN=/tmp/tc cargo build", "RUSTUP_HOME=/tmp/rh cargo build", "GOENV=/tmp/goenv go build",
    "IPYTHONDIR=/tmp/x ipython -c 1", "GROFF_BIN_PATH=/tmp man ls", "ERL_FLAGS='-s mod fun' erl -noshell",
])
def test_variables_that_load_code(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "could not determine the command", "$")


@pytest.mark.parametrize("cmd", [
    "JAVA_TOOL_OPTIONS=-Xmx2g mvn test", "MAVEN_OPTS='-Xmx1g -Dfoo=bar' mvn test", "ERL_FLAGS='+S 4' erl -noshell",
    "ERL_AFLAGS='-kernel shell_history enabled' erl -noshell -s init stop", "ERL_FLAGS='-sname foo' erl -noshell",
    "RUSTUP_TOOLCHAIN=nightly cargo build", "GOENV=off go build", "LUA_INIT= lua x.lua",
    "JAVA_TOOL_OPTIONS='-Dhttp.agent=x' mvn test",
])
def test_variables_with_harmless_values_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="open"))
