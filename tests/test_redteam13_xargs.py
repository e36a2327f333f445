"""Red team 13: names handed to xargs after a program changed them. Known text that a selection
(sort, head, grep) passes on is judged word by word as before; a program that makes other names
of it (tr, sed, rev, cut, awk) in front of a command that changes files is a deny for every role
(the operator role allowed these unknown operands: `echo GUARD/x | sed s/x/d/ | xargs rm -rf`)."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("xargs"), files={"a.txt": "x\n", ".env": "K=1\n"})


def _guard(s, text):
    return text.replace("GUARD", s.dir).replace("HOME", s.home)


@pytest.mark.parametrize("command,maker", [
    ("echo HOME/.claudX/settings.json | sed s/X/e/ | xargs rm", "`sed`"),
    ("echo GUAR | tr R D | xargs rm -rf", "`tr`"),
    ("echo HOME/.claude/settings.jsoX | tr X n | xargs rm", "`tr`"),
    ("echo HOME/.claude/settings.jsoX | tr X n | xargs -I{} sh -c 'echo > {}'", "`tr`"),
    ("echo xHOME/.claude/settings.json | cut -c2-500 | xargs mv -t out", "`cut`"),
    ("echo x | awk '{print $0}' | xargs chmod 777", "`awk`"),
])
def test_names_a_program_makes_are_not_handed_to_a_changer(s, command, maker):
    assert_denied(s.bash(_guard(s, command), role="operator"), "made at run time by " + maker, "protected file")


@pytest.mark.parametrize("command", [
    "printf 'GUARD/builder.jwt\\n' | tr '\\n' '\\0' | xargs -0 rm",
    "printf 'a\\nGUARD\\n' | sort | xargs rm -rf",
    "printf 'GUARD\\n' | head -1 | xargs rm -rf",
])
def test_known_text_passed_on_is_judged(s, command):
    assert_denied(s.bash(_guard(s, command), role="operator"), "is protected")


def test_a_secret_passed_on_by_sort_under_builder(s):
    assert_denied(s.bash("printf 'a.txt\\n.env\\n' | sort | xargs cat"), ".env is denied by deny-path")


@pytest.mark.parametrize("command", [
    "echo a.txt | xargs cat", "echo a.txt | tr a b | xargs cat", "ls | xargs rm", "echo a.txt | xargs rm",
    "echo a.txt | xargs -I{} sh -c 'cat {}'", "printf 'x\\n' | sort | xargs rm",
])
def test_the_operator_keeps_plain_pipes(s, command):
    assert_allowed(s.bash(command, role="operator"))


@pytest.mark.parametrize("command,maker", [
    ("rm -rf $(echo GUARD/x | tr x d)", "`tr`"),
    ('rm -rf "$(echo HOME/.claudX | sed s/X/e/)"', "`sed`"),
    ('mv "$(echo a | tr a b)" c', "`tr`"),
])
def test_names_a_substitution_makes_are_not_handed_to_a_changer(s, command, maker):
    assert_denied(s.bash(_guard(s, command), role="operator"), "made at run time by " + maker)


@pytest.mark.parametrize("command", ["rm $(ls)", "cat $(echo a.txt | tr a b)", "rm -rf $(mktemp -d)"])
def test_other_substitutions_stay_allowed_for_the_operator(s, command):
    assert_allowed(s.bash(command, role="operator"))
