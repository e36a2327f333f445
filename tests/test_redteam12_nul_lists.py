"""Red team 12: names printf ends with a NUL, and file lists read from standard input.

The shell model turned printf's `\\0` into `%` (its placeholder for `%%` was a NUL too), so
`printf 'F\\0' | xargs -0 rm` and `rm "$(printf 'F\\0')"` were judged at `F%`, a file nobody
protects, while xargs and bash's command substitution (which drops NULs) work on F: the operator
deleted or read a hook config. And `printf 'F\\0' | sort --files0-from=-` printed F although the
same list in a file was checked. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("rt12nul"))
    with open(s.path("notes.txt"), "w") as f:
        f.write("hello\n")
    return s


REACH_HOOK_CONFIG = [
    "printf '{f}\\0' | xargs -0 rm",
    "printf '{f}\\0' | xargs -0 cat",
    "printf '%s\\0' {f} | xargs -0 rm",
    "printf 'x\\0{f}\\0' | xargs -0 rm -f",
    "rm \"$(printf '{f}\\0')\"",
    "rm $(printf '{f}\\0\\n')",
    "cat \"$(printf '{f}\\0')\"",
    "printf '{f}\\0' | sort --files0-from=-",
    "printf '{f}\\0' | sort --files0-from -",
    "echo {f} | sort --files0-from=/dev/stdin",
    "sort --files0-from=- <<< {f}",
    "printf '{f}\\0' | tar -cf /tmp/out.tar -T -",
]


@pytest.mark.parametrize("template", REACH_HOOK_CONFIG)
@pytest.mark.parametrize("target", ["~/.claude/settings.json", ".claude/settings.json"])
def test_a_nul_ended_or_piped_name_is_the_protected_file(setup, template, target):
    command = template.format(f=setup.path(target))
    assert_denied(setup.bash(command, role="operator"), "protected")


def test_the_guards_key_through_a_piped_list_is_refused(setup):
    command = "printf '%s\\0' | sort --files0-from=-" % setup.path("../guard/key.pem")
    assert_denied(setup.bash(command, role="operator"), "protected")


@pytest.mark.parametrize("command", [
    "printf 'notes.txt\\0' | xargs -0 cat",
    "printf '50%%\\n'",
    "cat \"$(printf 'notes.txt\\0')\"",
    "printf '%%s\\0' ~/.claude/settings.json | xargs -0 cat",  # prints `%s` and a NUL: no conversion
])
def test_ordinary_uses_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="operator"))


STOPPED_OUTPUT = [
    "printf '%b' '{f}\\cjunk' | xargs rm",
    "echo -e '{f}\\cjunk' | xargs rm",
    "echo -e 'a' '{f}\\cjunk' x | xargs rm",
    "rm \"$(printf '%b' '{f}\\cjunk')\"",
]


@pytest.mark.parametrize("template", STOPPED_OUTPUT)
def test_output_stopped_by_backslash_c_is_the_protected_file(setup, template):
    """`\\c` in echo -e or a %b argument ends the output: the name is F, not `F` and what follows."""
    command = template.format(f=setup.path("~/.claude/settings.json"))
    assert_denied(setup.bash(command, role="operator"), "protected")


def test_backslash_c_in_printfs_format_is_printed_as_is(setup):
    # (bash prints `\c` of the format itself: the name is not the hook config)
    command = "printf '%s\\cjunk' | xargs cat" % setup.path("notes.txt")
    proc = setup.bash(command, role="operator")
    assert_allowed(proc)
