"""Red team 7 (issue 9, class 5): what printf and echo -e print is what the shell then uses.

`cat "$(printf '\\x2eenv')"` read .env: the output emulation decoded only \\n, \\t and \\\\, so the
operand read as the file `x2eenv`. Hex, octal and unicode escapes are decoded now
(words.unescape_printf)."""

import pytest

from conftest import assert_allowed, assert_denied


@pytest.fixture(autouse=True)
def env_file(guard_setup):
    with open(guard_setup.path(".env"), "w") as f:
        f.write("K=1\n")


@pytest.mark.parametrize("command", [
    "cat \"$(printf '\\x2eenv')\"",
    "f=$(printf '\\x2eenv'); cat $f",
    "cat \"$(printf '%benv' '\\x2e')\"",
    "cat \"$(echo -e '\\x2eenv')\"",
    "cat \"$(echo -e '\\x2e\\x65nv')\"",
    "echo -e '\\x2eenv' | xargs cat",
])
def test_a_hex_escape_that_spells_a_secret(guard_setup, command):
    assert_denied(guard_setup.bash(command), ".env is denied by deny-path")


@pytest.mark.parametrize("command", [
    "cat \"$(printf '\\056env')\"",
    "cat \"$(echo -e '\\0056env')\"",
    "cat \"$(printf '\\u002eenv')\"",
])
def test_octal_and_unicode_escapes_that_spell_a_secret(guard_setup, command):
    assert_denied(guard_setup.bash(command), ".env is denied by deny-path")


@pytest.mark.parametrize("command", [
    "printf 'a\\tb\\n'",
    "echo -e 'line\\nline'",
    "cat \"$(printf '%s' README.md)\"",
    "printf '\\033[1mbold\\033[0m\\n'",
])
def test_everyday_printing_stays_allowed(guard_setup, command):
    with open(guard_setup.path("README.md"), "w") as f:
        f.write("r\n")
    assert_allowed(guard_setup.bash(command))
