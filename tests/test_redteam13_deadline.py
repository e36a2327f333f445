"""Red team 13: inputs whose cost grew faster than their size now stop early with their own
reason instead of running into the deadline (or past it): nested brace alternatives were cut at
every level (cubic), a value doubled thirty times is 4 GiB, and the words of a brace expansion
were read back character by character. The timings are in bench/bench_sizes.py; these tests
hold the verdicts and reasons."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("deadline"), files={"a.txt": "x\n"})


@pytest.mark.parametrize("command", [
    "echo " + "{a," * 2000 + "b" + "}" * 2000,
    "echo " + "{a,{1..3}" * 1000 + "}" * 1000,
    "echo " + ("{" + "A" * 100 + ",") * 300 + "b" + "}" * 300,
])
def test_nested_braces_stop_at_the_word_bound(s, command):
    assert_denied(s.bash(command), "brace expansion produces more than 256 words")


@pytest.mark.parametrize("command", [
    "x=aaaa; " + "x=$x$x; " * 30 + "cat $x",
    "x=aaaa; " + "x=${x//a/aaaa}; " * 20 + "cat $x",
    "x=" + "a" * 60000 + "; y=" + "$x" * 2000 + "; cat $y",
])
def test_a_value_grown_past_the_bound_is_unknown(s, command):
    assert_denied(s.bash(command), "could not determine operand", "$")


@pytest.mark.parametrize("command,words", [
    ("echo {a,b}{c,d}", ["ac", "ad", "bc", "bd"]), ("echo a,{b,c},d", ["a,b,d", "a,c,d"]),
    ("echo }{a,b}", ["}a", "}b"]), ("echo {x{a,b}}", ["{xa}", "{xb}"]), ("echo {a,{b,c}}d", ["ad", "bd", "cd"]),
    ('x=Q; echo {a,"$x"}y', ["ay", "Qy"]), ("echo {1..1}{1..1}", ["11"]),
])
def test_brace_words_stay_the_same(command, words):
    from legant_guard.shell import analyze

    cmds = analyze(command, "/tmp", "/tmp").commands
    assert cmds[-1].argv[1:] == words


def test_many_small_brace_words_are_decided(s):
    assert_allowed(s.bash("echo " + " ".join(["{a,b}"] * 2000)))
