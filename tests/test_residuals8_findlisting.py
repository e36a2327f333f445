"""Residuals 8 (f): `javac $(find . -name '*.java')` is judged on the names find prints.

An operand built from a substitution was undetermined, and denied under every token with path
rules, although find's selection was already held to the deny side. A `$(find ROOT… EXPR)` whose
expression only selects is listed now (hook/findlisting.py) and each match judged as the operand
it becomes; a selection that reaches a secret is still denied with find's reason, and what cannot
be listed surely stays undetermined: a match whose name splits into other words, a folder (a
recursive reader reads below it), a substitution after a command that could change the tree,
find words that print other text (`-printf`), or a filter after find.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    g = GuardSetup(tmp_path_factory.mktemp("r8find"), files={
        ".env": "KEY=1\n", "pom.xml": "<project/>\n", "src/main/A.java": "class A {}\n", "src/main/B.java": "class B {}\n",
        "lib/C.java": "class C {}\n", "spaced/a .env b.java": "x\n", "folders/pkg.java/": ""})
    os.makedirs(g.path("linked"))
    os.symlink(g.path(".env"), g.path("linked/K.java"))
    os.makedirs(g.path("home_link"))
    os.symlink(g.home, g.path("home_link/H.java"))
    return g


@pytest.mark.parametrize("command", [
    "javac $(find src -name '*.java')",
    "javac -d out $(find src lib -name '*.java')",
    "javac `find src -name \"*.java\"`",
    "wc -l $(find src -type f -name '*.java')",
    "grep -n class $(find src -name '*.java' -not -path '*/test/*')",
    "javac -d out $(find src -name '*.java') && ls out",
])
def test_a_find_substitution_that_selects_no_secret_is_allowed(g, command):
    assert_allowed(g.bash(command))


@pytest.mark.parametrize("command,reason", [
    ("cat $(find . -name '.env*')", "could select"),
    ("cat $(find . -name '*.java' -o -name .env)", "could select"),
    ("cat $(find linked -name '*.java')", "could select"),  # a link named like a source, to the secret
    ("cat $(find .. -name '*.java')", "outside the allowed paths"),
    ("cat $(find ~ -name '*.java')", "outside the allowed paths"),
    ("javac $(find . -name '*.java')", "could select"),  # (linked/K.java is a link to .env)
])
def test_a_find_substitution_reaching_a_secret_or_outside(g, command, reason):
    assert_denied(g.bash(command), reason)


@pytest.mark.parametrize("command", [
    "javac $(find spaced -name '*.java')",  # `a .env b.java` splits into three operands, `.env` among them
    "cat $(find home_link -name '*.java')",  # a link to a folder
    "cat $(find folders -name '*.java')",  # a folder named like a source
    "echo x > src/x.java; cat $(find src -name '*.java')",
    "cat $(find src -name '*.java' -printf '%h/.env\\n')",
    "cat $(find src -name '*.java' | sed s/java/env/)",
])
def test_what_cannot_be_listed_surely_stays_undetermined(g, command):
    assert_denied(g.bash(command), "could not determine", "$(find", "the token has path rules")
