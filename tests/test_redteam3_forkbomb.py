"""Red team, third round (issue 9 class 6): fork bombs in shapes the lexical check missed.

The fork-bomb tripwire looked for a function whose body names itself literally in a pipeline or
in the background. Bash calls what the words become: `$a`, `$FUNCNAME`, `eval f`, or a second
function that calls the first (mutual recursion) are the same bomb; the walker now notices a
function called again from its own call in a pipeline or in the background. Inline interpreter
code that forks in an endless loop (`perl -e 'fork while 1'`) is catastrophic too. All were
allowed under every role before. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt3fork"))


@pytest.mark.parametrize("cmd", [
    "a=f; f(){ $a | $a & }; f",
    "f(){ $FUNCNAME | $FUNCNAME & }; f",
    "f(){ eval f \\& f; }; f",
    "f(){ g|g& }; g(){ f|f& }; f",
    "f(){ g & g; }; g(){ f; }; f",
])
@pytest.mark.parametrize("role", ["operator", "open"])
def test_shell_fork_bombs(g, cmd, role):
    assert_denied(g.bash(cmd, role=role), "tripwire fork-bomb")


@pytest.mark.parametrize("cmd, exe", [
    ("perl -e 'fork while 1'", "perl"),
    ("perl -e 'while(1){fork}'", "perl"),
    ("python3 -c 'import os\nwhile True: os.fork()'", "python3"),
    ("ruby -e 'loop { fork }'", "ruby"),
    ("node -e 'while(1) require(\"child_process\").fork(__filename)'", "node"),
    ("php -r 'while(1) pcntl_fork();'", "php"),
])
def test_interpreter_fork_loops(g, cmd, exe):
    assert_denied(g.bash(cmd, role="operator"), "tripwire interpreter-fork-loop", "`%s`" % exe)


@pytest.mark.parametrize("cmd", [
    "f(){ echo hi; }; f | cat",
    "f(){ g; }; g(){ echo x; }; f & wait",
    "f(){ echo $FUNCNAME; }; f",
    "fib(){ [ $1 -lt 2 ] && echo 1 || fib $(($1-1)); }; fib 5",
    "python3 -c 'import os; print(os.getpid())'",
    "python3 -c 'import os\nfor i in range(3): os.fork()'",
    "perl -e 'print 1 while 0'",
])
def test_ordinary_functions_and_code_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="operator"))
