"""The pathspecs of a narrowed git listing (hook/precision.py) are read as the shell hands them
to git: a word quoted whole (`'*.py'`, `"*.py"`) is its text, and a quoted pathspec holding a
blank (`'.en[ v]'`, which git matches against `.env`) is not split into pieces that match
nothing: the listing is then undetermined, never narrowed to the pieces.

A real git repository in tmp where `.env` is tracked (committed by mistake)."""

import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


def _git(project, *args):
    subprocess.run(["git", "-C", project, "-c", "user.email=dev@example.com", "-c", "user.name=dev",
                    "-c", "commit.gpgsign=false", *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("quotes"), files={
        ".env": "TOKEN=s3cret\n", "src/app.py": "print(1)\n", "src/util.py": "x = 1\n", "main.go": "package main\n",
        "notes b.txt": "a name with a blank\n"})
    _git(setup.project, "init", "-q")
    _git(setup.project, "add", "-f", ".env", "src", "main.go", "notes b.txt")
    _git(setup.project, "commit", "-qm", "init")
    return setup


@pytest.mark.parametrize("command", [
    "cat $(git ls-files '.en[ v]')",
    'cat $(git ls-files ".en[ v]")',
    "git ls-files '.en[ v]' | xargs cat",
    'git ls-files ".en[ v]" | xargs cat',
    "cat $(git ls-files '*.py' '.en[ v]')",
    "cat $(git ls-files '.e[n ]v')",
    "git diff --name-only HEAD -- '.en[ v]' | xargs cat",
    "cat $(git ls-files '.en'v)",
    "cat $(git ls-files \".en\"v)",
    "cat $(git ls-files '.en\"v')",
    "cat $(git ls-files \".env\")",
])
def test_a_pathspec_that_reaches_the_tracked_env_stays_denied(repo, command):
    proc = repo.bash(command)
    assert proc.returncode == 2, (command, proc.stderr)
    assert ".env" in proc.stderr or "could not determine" in proc.stderr, proc.stderr


def test_the_split_pathspec_is_undetermined_not_narrowed(repo):
    assert_denied(repo.bash("cat $(git ls-files '.en[ v]')"), "could not determine operand")


@pytest.mark.parametrize("command", [
    "wc -l $(git ls-files '*.py')",
    'wc -l $(git ls-files "*.py")',
    'wc -l $(git ls-files -- "*.py")',
    'grep -c "def " $(git ls-files "src/*.py")',
    'wc -l $(git diff --name-only HEAD -- "*.go")',
    'git ls-files "*.py" | xargs wc -l',
    "git ls-files 'src/*.py' | xargs wc -l",
])
def test_a_whole_quoted_pathspec_is_its_text(repo, command):
    assert_allowed(repo.bash(command))
