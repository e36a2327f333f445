"""Must-allow: files chosen by `find` and compiled or counted. `javac $(find src -name '*.java')`
is followed since residuals 8 (hook/findlisting.py); a substitution it cannot list surely stays
undetermined, and its reason says what the guard does follow: find's names through a pipe (`find src -name '*.java' | xargs javac ...`),
which is allowed, while the same pipe selecting a secret stays refused. Verdicts only.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("mustallow_find"), files={
        "pom.xml": "<project/>\n", "src/main/java/App.java": "class App {}\n", ".env": "K=1\n", "src/a.go": "package a\n"})


def test_the_substitution_reason_names_the_pipe_the_guard_follows(s):
    # (a substitution the guard cannot list surely: a filter after find, residuals 8's hook/findlisting.py)
    assert_denied(s.bash("javac -d build/classes $(find src -name '*.java' | sort)"), "could not determine",
                  "through a pipe", "| xargs")


def test_a_selecting_substitution_is_followed_since_residuals8(s):
    assert_allowed(s.bash("javac -d build/classes $(find src -name '*.java')"))


@pytest.mark.parametrize("command", [
    "find src -name '*.java' | xargs javac -d build/classes",
    "find . -name '*.go' | xargs wc -l",
    "find . -name '*.go' -print0 | xargs -0 wc -l",
])
def test_the_pipe_is_allowed(s, command):
    assert_allowed(s.bash(command))


def test_the_pipe_selecting_a_secret_stays_denied(s):
    assert_denied(s.bash("find . -name '.env*' | xargs cat"), "could select", ".env", "deny-path")
