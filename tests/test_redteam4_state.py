"""Red team rt9c, issue 9 class 5: what a function call or `sh -c SCRIPT NAME ARGS` hands its
body as "$@", "$1", "$*", "$0". The body was analysed with those unknown, which a token without
path rules (operator) let through: `f() { rm -rf "$@"; }; f /` deleted /."""

import pytest

from conftest import assert_allowed, assert_denied


@pytest.mark.parametrize("command, role, fragment", [
    ('f() { rm -rf "$@"; }; f /', "operator", "tripwire recursive-delete-critical"),
    ('f() { rm -rf "$1"; }; f /', "operator", "tripwire recursive-delete-critical"),
    ('f() { rm -rf $*; }; f /', "operator", "tripwire recursive-delete-critical"),
    ('g() { rm -rf "$@"; }; f() { g "$@"; }; f /', "operator", "tripwire recursive-delete-critical"),
    ('f() { git "$@"; }; f reset --hard', "builder", "tripwire git-reset-hard"),
    ('f() { git "$1" "$2"; }; f reset --hard', "builder", "tripwire git-reset-hard"),
    ('f() { git reset "$@"; }; f --hard', "builder", "tripwire git-reset-hard"),
    ('f() { "$@"; }; f git reset --hard', "builder", "tripwire git-reset-hard"),
    ('f() { cat "$@"; }; f .env', "builder", ".env"),
    ("sh -c 'rm -rf \"$1\"' sh /", "operator", "tripwire recursive-delete-critical"),
    ("bash -c 'rm -rf \"$@\"' x /", "operator", "tripwire recursive-delete-critical"),
    ("bash -c 'rm -rf $0' /", "operator", "tripwire recursive-delete-critical"),
    ("sh -c 'cd /tmp/x.d && rm -rf \"$1\"' sh /", "operator", "tripwire recursive-delete-critical"),
    # a git subcommand known only at run time may be any of them
    ('git "$X" --hard', "builder", "git subcommand"),
])
def test_positional_parameters_are_the_call_words(guard_setup, command, role, fragment):
    assert_denied(guard_setup.bash(command, role=role), fragment)


@pytest.mark.parametrize("command", [
    'f() { cat "$@"; }; f README.md', 'f() { git status "$@"; }; f', 'f() { git "$@"; }; f status',
    'f() { echo "$#" "$1"; }; f a b', "sh -c 'echo \"$1\"' sh hello",
])
def test_everyday_functions_stay_allowed(guard_setup, command):
    assert_allowed(guard_setup.bash(command, role="builder"))
