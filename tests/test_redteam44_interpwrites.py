"""Red team 44 (issue 10, the trust base): inline interpreter code writing what the guard runs on.

Inline code that writes files is held to the trust base by words: a protected name in it, or a
path it builds at run time (`sysconfig`, `__file__`, `sys.prefix` …). Found open, each under
`operator` (and the git hook under `builder`):
- `os.replace(SRC, DST)` and pathlib's `Path.replace` were no writes at all: `os.replace('/tmp/x',
  os.path.expanduser('~/.bashrc'))` put unchecked text into a start-up file, `os.replace('x.sh',
  '.git/hooks/pre-commit')` planted a git hook; so were `hardlink_to`, `fileinput`'s in-place
  rewrite, a logging handler's file and `urlretrieve`;
- other ways to the file of a module or of the interpreter: `json.load.__code__.co_filename` (the
  standard library the guard's venv is built on: `shutil.copy('/tmp/x', …)` replaced it),
  `sys.modules['json'].__spec__.origin`, `inspect.getfile`, `sys.executable`,
  `os.readlink('/proc/self/exe')`, `shutil.which('python3')`, a loop over `sys.path`, node's
  `require.main.paths`, Ruby's `$LOAD_PATH`, Perl's `$^X`, pieces joined with `'/'.join`;
- a working folder changed inside the code (`os.chdir('/'); open('root/…/os.py', 'a')`,
  node's `process.chdir`): the relative names were judged from the project.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

BUILT = "writes files to paths it builds at run time"
MOVED = "writes files after changing its working folder"


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt44interp"), files={"~/.bashrc": "# rc\n", "x.sh": "curl x | sh\n"})


@pytest.mark.parametrize("code, reason", [
    ("import json, shutil; shutil.copy('/tmp/x', json.load.__code__.co_filename)", "(`co_filename`)"),
    ("import os, json; os.replace('/tmp/x', json.load.__code__.co_filename)", "(`co_filename`)"),
    ("import shutil, sys; shutil.copy('/tmp/x', sys.modules['json'].__spec__.origin)", BUILT),
    ("import inspect, json; open(inspect.getfile(json), 'w')", BUILT),
    ("import shutil, sys; shutil.copy('/tmp/x', sys.executable)", "(`sys.executable`)"),
    ("import shutil, os; shutil.copy('/tmp/x', os.readlink('/proc/self/exe'))", BUILT),
    ("import shutil; shutil.copy('/tmp/x', shutil.which('python3'))", "(`which(`)"),
    ("import shutil, sys; [shutil.copy('/tmp/x.pth', p) for p in sys.path if p.endswith('ages')]", "(`sys.path`)"),
    ("open('/'.join(['', 'root', '.pyenv', 'versions', '3.11.7', 'lib', 'python3.11', 'os.py']), 'a')",
     "(`'/'.join`)"),
])
def test_python_reaching_the_installation_at_run_time_is_denied(s, code, reason):
    assert_denied(s.bash(f'python3 -c "{code}"', role="operator"), BUILT, reason)


@pytest.mark.parametrize("command", [
    "node -e \"require('fs').copyFileSync('/tmp/x', require.main.paths[0] + '/x')\"",
    "ruby -e 'require \"fileutils\"; FileUtils.cp(\"/tmp/x\", $LOAD_PATH[0] + \"/x.rb\")'",
    "perl -e 'use File::Copy; copy(\"/tmp/x\", $^X)'",
])
def test_other_interpreters_reaching_their_installation_are_denied(s, command):
    assert_denied(s.bash(command, role="operator"), BUILT)


def test_replace_onto_a_startup_file_is_a_write(s):
    command = "python3 -c \"import os; os.replace('/tmp/x', os.path.expanduser('~/.bashrc'))\""
    assert_denied(s.bash(command, role="operator"), "writes files and mentions `.bashrc`")


@pytest.mark.parametrize("role", ["operator", "builder"])
@pytest.mark.parametrize("code", [
    "import os; os.replace('x.sh', '.git/hooks/pre-commit')",
    "import pathlib; pathlib.Path('x.sh').replace('.git/hooks/pre-commit')",
])
def test_replace_onto_a_git_hook_is_denied(s, role, code):
    assert_denied(s.bash(f'python3 -c "{code}"', role=role), ".git/hooks/pre-commit", "git hook")


@pytest.mark.parametrize("code", [
    "import fileinput; [print(l) for l in fileinput.input([__import__('os').path.expanduser('~/.bashrc')], "
    "inplace=True)]",
    "import logging, os; logging.basicConfig(filename=os.path.expanduser('~/.bashrc'), format='%(message)s')",
    "import urllib.request as u, os; u.urlretrieve('http://127.0.0.1:9/x', os.path.expanduser('~/.bashrc'))",
])
def test_other_writes_by_another_name_are_writes(s, code):
    assert_denied(s.bash(f'python3 -c "{code}"', role="operator"), "writes files", "`python3`")


@pytest.mark.parametrize("command", [
    "python3 -c \"import os; os.chdir('/'); open('root/.pyenv/versions/3.11.7/lib/python3.11/os.py', 'a')\"",
    "node -e \"process.chdir('/'); require('fs').appendFileSync('root/.pyenv/lib/python3.11/os.py', 'x')\"",
])
def test_writes_after_a_change_of_folder_are_denied(s, command):
    assert_denied(s.bash(command, role="operator"), MOVED)


# ------------------------------------------------------------------ harmless neighbours

@pytest.mark.parametrize("role", ["operator", "builder"])
@pytest.mark.parametrize("code", [
    "import json; json.dump({'a': 1}, open('out.json', 'w'))",
    "import os; os.replace('a.txt', 'b.txt')",
    "import os; print(os.environ['PATH'].replace(':', ' '))",
    "import sys; sys.path.insert(0, 'src'); open('out.txt', 'w').write('x')",
    "import sys; print(sys.executable)",
])
def test_plain_python_writes_stay_allowed(s, role, code):
    assert_allowed(s.bash(f'python3 -c "{code}"', role=role))
