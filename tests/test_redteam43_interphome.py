"""Red team 43 (found on the way, issue 9 class 3's interpreter code): inline code that joins a
secret's dot-name to the home folder it reads at run time read the secret under open: the code
named `/.netrc` or `.netrc`, which the guard held against the working folder only
(`os.environ['HOME'] + '/.netrc'`, `os.path.join(os.environ['HOME'], '.netrc')`,
`pathlib.Path.home() / '.netrc'`, Node's `os.homedir() + '/.netrc'`, Perl's `"$ENV{HOME}/.netrc"`,
Ruby's `Dir.home + "/.netrc"`, PHP's `getenv("HOME")."/.netrc"`; `process.cwd() + '/.env'` the
project's .env). A dot-name in a string is now also taken below the home folder and the working
folder. Code naming other dot-files (`.venv`, `.gitconfig`, `.vscode/settings.json`) stays allowed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt43interp"), files={
        "README.md": "hi\n", ".env": "S=1\n", "~/.netrc": "machine x\n", ".vscode/settings.json": "{}\n"})


@pytest.mark.parametrize("command,name", [
    ("python3 -c \"import os; print(open(os.environ['HOME']+'/.netrc').read())\"", "'/.netrc'"),
    ("python3 -c \"import os; print(open(os.path.join(os.environ['HOME'], '.netrc')).read())\"", "'.netrc'"),
    ("python3 -c \"import pathlib; print((pathlib.Path.home() / '.netrc').read_text())\"", "'.netrc'"),
    ("node -e \"console.log(require('fs').readFileSync(require('os').homedir()+'/.netrc','utf8'))\"", "'/.netrc'"),
    ("perl -e 'open F, \"$ENV{HOME}/.netrc\"; print <F>;'", "'$ENV{HOME}/.netrc'"),
    ("ruby -e 'puts File.read(Dir.home + \"/.netrc\")'", "'/.netrc'"),
    ("php -r 'echo file_get_contents(getenv(\"HOME\").\"/.netrc\");'", "'/.netrc'"),
])
def test_a_secret_joined_to_the_home_folder_is_named(g, command, name):
    assert_denied(g.bash(command, role="open"), "runs names %s" % name, "denied by deny-path ~/.netrc")


def test_a_secret_joined_to_the_working_folder_is_named(g):
    assert_denied(g.bash("node -e \"console.log(require('fs').readFileSync(process.cwd()+'/.env','utf8'))\"",
                         role="open"), "runs names '/.env'", ".env is denied by deny-path")


@pytest.mark.parametrize("command,role", [
    ("python3 -c \"import os; print(os.path.exists('.venv'))\"", "builder"),
    ("python3 -c \"print('hello. world /.x')\"", "builder"),
    ("python3 -c \"import json; print(json.load(open('.vscode/settings.json')))\"", "builder"),
    ("python3 -c \"import os; print(os.path.join(os.environ['HOME'], '.config', 'app.toml'))\"", "open"),
    ("ruby -e 'puts File.read(File.join(Dir.home, \".gitconfig\"))'", "open"),
])
def test_other_dot_files_stay_allowed(g, command, role):
    assert_allowed(g.bash(command, role=role))
