"""Red team of today's landings: a loop's later rounds run in the state the earlier ones left.

The walk followed a loop's body once, so a variable (or folder) the body changes for the next
round was never seen at its new value: `f=src; while :; do cat "$f"; f=~/.ssh/id_rsa; done` read
the key under builder in its second round. The walk now follows the next round too, and what
still changes after it is unknown for a third.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rounds"), files={
        "src/": "", "packages/a/": "", "packages/b/": "", "README": "x\n", ".env": "S=1\n", "~/.ssh/id_rsa": "K\n"})


@pytest.mark.parametrize("command, fragment", [
    ('f=src; while :; do cat "$f"; f=~/.ssh/id_rsa; done', "deny-path ~/.ssh"),
    ('f=src; for i in 1 2; do cat "$f"; f=~/.ssh/id_rsa; done', "deny-path ~/.ssh"),
    ('f=src; until false; do cat "$f"; f=~/.ssh/id_rsa; done', "deny-path ~/.ssh"),
    ('d=src; while true; do (cd "$d" && cat id_rsa); d=~/.ssh; done', "deny-path ~/.ssh"),
    ('a=src; b=README; while :; do cat "$a"; a=$b; b=~/.ssh/id_rsa; done', "could not determine"),
    ('f=src; while read x; do cat "$f"; f=$x; done < README', "could not determine"),
    ('f=README; for i in 1 2 3; do cat "$f"; f=$f/..; done', "could not determine"),
])
def test_a_later_round_is_judged(setup, command, fragment):
    assert_denied(setup.bash(command), fragment)


@pytest.mark.parametrize("command", [
    'for d in packages/*/; do (cd "$d" && ls); done',
    'for d in packages/*/ src; do (cd "$d" && ls); done',
    'for f in src/*.py; do cp "$f" "$f.bak"; done',
    'n=0; for f in *.txt; do n=$((n+1)); cat "$f" >> all.txt; done',
    'while read line; do echo "$line"; done < README',
    'for i in 1 2 3; do for j in a b; do echo $i$j; done; done',
    'cd src && for f in *; do wc -l "$f"; done',
])
def test_everyday_loops_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))


def test_deeply_nested_loops_decide_quickly(setup):
    import time

    command = "for a in 1 2; do " * 14 + "x=$x/..; echo hi; " + "done; " * 14
    started = time.monotonic()
    setup.bash(command)
    assert time.monotonic() - started < 2.0


@pytest.mark.parametrize("command", [
    'f=src; for i in 1 2; { cat "$f"; f=~/.ssh/id_rsa; }',
    'f=src; for ((i=0;i<2;i++)) { cat "$f"; f=~/.ssh/id_rsa; }',
    'f=src; for ((i=0;i<3;i++)); do cat "$f"; f=~/.ssh/id_rsa; done',
])
def test_a_for_loop_with_a_brace_body_has_later_rounds_too(setup, command):
    # (bash takes a `{ …; }` right after a for loop's header for its body)
    assert_denied(setup.bash(command), "deny-path ~/.ssh")


@pytest.mark.parametrize("command", ['for i in 1 2; { echo $i; }', 'for d in packages/*/; { (cd "$d" && ls); }'])
def test_brace_bodies_of_everyday_loops_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))
