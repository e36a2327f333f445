"""Red team 11 (issue 10, item 3): downloaders that name the file after the URL or the server.

`cd .claude && wget http://host/settings.json`, `curl -O http://host/settings.json --output-dir
.claude`, `wget -P .claude …` wrote the hook config without naming it (operator); `curl -J`,
`aria2c`, `http --download` let the server choose the name and `wget -r/-m/-i` write a tree.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("downloads"), files={".claude/": ""})


@pytest.mark.parametrize("command, fragment", [
    ("cd .claude && wget http://127.0.0.1/settings.json", "`wget` of http://127.0.0.1/settings.json"),
    ("wget -P .claude http://127.0.0.1/settings.json", "`wget` of http://127.0.0.1/settings.json"),
    ("wget --directory-prefix=.claude http://127.0.0.1/settings.json?x=1", ".claude/settings.json"),
    ("curl -O http://127.0.0.1/settings.json --output-dir .claude", "`curl` of http://127.0.0.1/settings.json"),
    ("cd .claude && curl -fsSLO http://127.0.0.1/settings.json", ".claude/settings.json"),
    ("cd .claude && curl --remote-name-all http://127.0.0.1/settings.json", ".claude/settings.json"),
    ("cd .claude && curl -OJ http://127.0.0.1/x", "`curl -J` takes the file's name from the server"),
    ("wget -r -nH http://127.0.0.1/", "`wget -r/-m/-i/-p`"),
    ("wget -m http://127.0.0.1/", "`wget -r/-m/-i/-p`"),
    ("cd .claude && wget -i /tmp/urls.txt", "`wget -r/-m/-i/-p`"),
    ("aria2c -d .claude http://127.0.0.1/settings.json", "`aria2c` may take the name from the server"),
    ("cd .claude && http --download http://127.0.0.1/x", "takes the file's name from the server"),
])
def test_downloads_landing_on_a_hook_config_are_denied(setup, command, fragment):
    assert_denied(setup.bash(command, role="operator"), fragment)


@pytest.mark.parametrize("command", [
    "wget http://127.0.0.1/tool.tar.gz",
    "curl -fsSLO http://127.0.0.1/tool.tar.gz",
    "curl -o out.json http://127.0.0.1/settings.json",
    "curl -s http://127.0.0.1/settings.json",
    "wget -q -O - http://127.0.0.1/x",
    "wget -r -nH -P /tmp/out http://127.0.0.1/",
    "aria2c -d /tmp/out http://127.0.0.1/big.iso",
    "http GET http://127.0.0.1/x",
])
def test_ordinary_downloads_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="operator"))
