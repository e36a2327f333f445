"""Red team 7 (issue 9, class 3): code read from the session's own input, for every role.

`python3 /dev/stdin` is `python3 -`; `sh -c "$(cat)"`, `eval "$(head -c 999)"` and `python3 -c
"$(cat)"` run whatever is typed into the session (Codex's write_stdin) after the guard has
decided: like an interactive shell, they are refused even under operator."""

import pytest

from conftest import assert_allowed, assert_denied


@pytest.mark.parametrize("command, exe", [
    ("python3 /dev/stdin", "python3"),
    ("python3 /dev/fd/0", "python3"),
    ("python3 /proc/self/fd/0", "python3"),
    ("python3 /proc/thread-self/fd/0", "python3"),
    ("perl /dev/stdin", "perl"),
    ("node /dev/stdin", "node"),
    ("bash /dev/tty", "bash"),
    ("python3 -c \"$(cat)\"", "python3"),
    ("node -e \"$(head -n 5)\"", "node"),
])
def test_an_interpreter_reading_the_session_is_interactive(guard_setup, command, exe):
    assert_denied(guard_setup.bash(command, role="operator"), f"`{exe}` would start an interactive session")


@pytest.mark.parametrize("command, runner", [
    ("sh -c \"$(cat)\"", "sh -c"),
    ("sh -c \"$(cat -)\"", "sh -c"),
    ("bash -c \"$(cat /dev/stdin)\"", "bash -c"),
    ("sh -c \"$(head -c 999)\"", "sh -c"),
    ("eval \"$(cat)\"", "eval"),
    ("eval \"$(cat | tr a b)\"", "eval"),
])
def test_code_built_from_the_session_input_is_interactive(guard_setup, command, runner):
    assert_denied(guard_setup.bash(command, role="operator"), f"`{runner}` would run code read from the session's input")


@pytest.mark.parametrize("command", [
    "echo 'print(1)' | python3 /dev/stdin",
    "sh -c \"$(echo ls | cat)\"",
    "python3 -c \"$(printf 'print(1)')\"",
    "cat README.md",
    "sort < README.md",
])
def test_known_input_stays_allowed(guard_setup, command):
    with open(guard_setup.path("README.md"), "w") as f:
        f.write("x\n")
    assert_allowed(guard_setup.bash(command, role="operator"))


@pytest.mark.parametrize("command", [
    "python3 -c 'print(open(\".e\" + \"nv\").read())'",
    "python3 -c 'print(open(\".e\" \"nv\").read())'",
    "node -e 'console.log(require(\"fs\").readFileSync(\".e\"+\"nv\",\"utf8\"))'",
])
def test_inline_code_that_joins_a_secret_name_reads_it(guard_setup, command):
    with open(guard_setup.path(".env"), "w") as f:
        f.write("K=1\n")
    assert_denied(guard_setup.bash(command), "names '.env'", "denied by deny-path")
