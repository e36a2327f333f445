"""Red team #33 (issue 9 classes 5 and 8): numbers known only at run time.

precision.py checked `cat .env$(nproc)` as `.env0`, but a command substitution prints nothing
when its program is not found: `printf -v PATH %s /x; cat .env$(nproc)` reads `.env` (bash finds
no nproc; printf and cat-by-path are allowed). A function `nproc ( ) { :; }` (blanks between the
parentheses) or `hash -p` changes what the name runs without the `()` the old test looked for, and
`mktemp() { echo .env; }` made the mktemp narrowing name `.env` under `open`. The other way round,
variables that can only hold numbers (`n=$(nproc); make -j$n`, `for i in $(seq 3)`, a C-style loop's
counter) were denied as undetermined (hook/numericvalues.py)."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt33n"), files={
        ".env": "S=1\n", "src/a.go": "package a\n", "go.mod": "module x\n", "build/": "", "~/.netrc": "m\n"})


@pytest.mark.parametrize("command", [
    "cat .env`nproc`",
    "cat .env$(nproc)",
    "x=$(nproc); cat .env$x",
    "n=$((1/0)); cat .env$n",
])
def test_a_number_that_may_be_empty_is_checked_empty(g, command):
    assert_denied(g.bash(command), ".env is denied by deny-path")


@pytest.mark.parametrize("command", [
    "nproc ( ) { :; }; cat .env$(nproc)",
    "printf -v PATH %s /nonexistent; /usr/bin/cat .env$(nproc)",
    "read -r PATH <<< /nonexistent; /bin/cat .env$(nproc)",
    "printf -v PATH %s /x; read -r l < .env$(nproc); echo \"$l\"",
])
def test_a_command_that_may_change_what_nproc_runs_is_not_narrowed(g, command):
    assert_denied(g.bash(command), "could not determine", "`.env$(nproc)`")


@pytest.mark.parametrize("command,reason", [
    ("hash -p /bin/true nproc; cat .env$(nproc)", "could not determine operand `.env$(nproc)`"),
    ("hash -p /bin/pwd nproc; cd ~; cat $(nproc)/.netrc", ".netrc is denied by deny-path"),
])
def test_hash_p_under_open(g, command, reason):
    assert_denied(g.bash(command, role="open"), reason)


def test_a_mktemp_function_is_not_mktemp(g):
    assert_denied(g.bash("mktemp ( ) { echo .env; }; t=$(mktemp); cat \"$t\"", role="open"),
                  "could not determine operand `\"$t\"`")
    assert_denied(g.bash("mktemp() { echo .env; }; t=$(mktemp); cat \"$t\"", role="open"),
                  "could not determine operand `\"$t\"`")


def test_a_negative_number_is_a_stand_in(g):
    assert_denied(g.bash("cat .env$(( $(nproc) - 100 ))"), "denied by deny-path")


@pytest.mark.parametrize("command", [
    "for ((i=0;i<3;i++)); do cat .env$i; done",
    "((0 && X++)); cat .env$X",
])
def test_numbers_that_still_name_a_secret(g, command):
    assert_denied(g.bash(command), ".env is denied by deny-path")


@pytest.mark.parametrize("command", [
    "for i in $(seq -f '%g' 3); do touch build/f$i; done",  # (-f: any text)
    "for i in $(seq 3) x; do touch build/f$i; done",
    "n=$(nproc); read n < src/a.go; cat build/$n",
])
def test_variables_that_may_hold_text_stay_undetermined(g, command):
    assert_denied(g.bash(command), "could not determine operand")


@pytest.mark.parametrize("command", [
    "make -j$(nproc)",
    "n=$(nproc); make -j$n",
    "x=$(( $(nproc) * 2 )); make -j\"$x\"",
    "n=$(nproc); make -j$((n+1))",
    "for i in $(seq 3); do touch build/f$i; done",
    "for i in {1..3}; do cp src/a.go build/a$i.go; done",
    "for ((i=1;i<=3;i++)); do cp src/a.go build/a$i.go; done",
    "i=0; i=$((i+1)); cp src/a.go build/v$i.go",
    "head -n \"$(nproc)\" src/a.go",
    "t=$(mktemp); echo hi > \"$t\"; cat \"$t\"; rm -f \"$t\"",
])
def test_everyday_numbers_stay_allowed(g, command):
    role = "open" if "mktemp" in command else "builder"
    assert_allowed(g.bash(command, role=role))


def test_a_long_line_of_numbers_is_read_in_one_pass(g):
    # every variable is one of the command's numbers: the last is narrowed as the first is (the
    # variables are read with one pass per pattern, not one pass per variable)
    line = "; ".join("a%d=$((%d * 2))" % (i, i) for i in range(900)) + "; n=0; for k in $(seq 2); do n=$((n + a899)); done;"
    assert_allowed(g.bash(line + " make -j$n"))
    assert_denied(g.bash(line + " cat .env$n"), ".env is denied by deny-path")
