"""Red team 42, issue 9 classes 1 and 4: files a program opens under a name it builds, and
secrets copied into git's objects.

- gzip (zcat, gunzip, pigz) opens OPERAND+SUFFIX under `-S SUFFIX` when OPERAND lacks it, and
  with -f passes data that is not compressed through: `zcat -f -S v .en` prints `.env`
  (checked with GNU gzip 1.12: `gzip -dcf -S .txt foo` prints foo.txt).
- `git config --blob REV:PATH -l` prints an INI file of another revision (`.aws/credentials`).
- `git add -A`/`git add .` over an unignored secret, `git add --pathspec-from-file=-`,
  `git update-index --add --stdin` and `git hash-object -w --stdin-paths` store a secret in
  `.git/objects/`, where any program that inflates zlib reads it back.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, git


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt42s"), files={
        ".env": "SECRET=1\n", "README.md": "hi\n", "src/a.py": "x = 1\n", "conf/.env.prod": "S=2\n",
        "~/.netrc": "machine x\n", ".claude/settings.json": "{}\n"})
    git(setup.project, "init", "-q")
    git(setup.project, "add", "README.md")
    git(setup.project, "commit", "-qm", "x")
    return setup


@pytest.fixture(scope="module")
def ignored(tmp_path_factory):
    """A project whose .gitignore leaves its secrets out, as most do."""
    setup = GuardSetup(tmp_path_factory.mktemp("rt42i"), files={
        ".env": "SECRET=1\n", "README.md": "hi\n", "src/a.py": "x = 1\n", ".gitignore": ".env\n.env.*\n"})
    git(setup.project, "init", "-q")
    git(setup.project, "add", "README.md", ".gitignore")
    git(setup.project, "commit", "-qm", "x")
    return setup


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", ["zcat -f -S v .en", "gzip -dcf -S v .en", "gunzip -cf -S v .en",
                                     "gzip -dcf --suffix=v .en", "gzip -dcf --su v .en", "gzip -dcfSv .en"])
def test_a_suffix_makes_gzip_open_the_secret(g, role, command):
    assert_denied(g.bash(command, role=role), "/.env is denied by deny-path")


@pytest.mark.parametrize("command", ["zcat -f -S rc ~/.net", "pigz -dcf -S rc ~/.net"])
def test_a_suffix_reaches_the_home_folder_under_open(g, command):
    assert_denied(g.bash(command, role="open"), ".netrc is denied by deny-path ~/.netrc")


@pytest.mark.parametrize("command", ["gzip -S .json -d .claude/settings", "gunzip -cf -S .json .claude/settings"])
def test_a_suffix_reaching_a_hook_config_is_protected(g, command):
    assert_denied(g.bash(command), "settings.json is protected")


@pytest.mark.parametrize("command", ["zcat -f README.md", "gzip -dcf -S .gz README.md", "gzip -k -S .gz src/a.py"])
def test_suffix_neighbours_stay_allowed(g, command):
    assert_allowed(g.bash(command))


@pytest.mark.parametrize("command", ["git config --blob HEAD:.env -l", "git config --blob=:.env --list",
                                     "git config --bl=HEAD:conf/.env.prod -l"])
def test_git_config_blob_reads_the_revision_file(g, command):
    assert_denied(g.bash(command), "is denied by deny-path")


@pytest.mark.parametrize("command", ["git config --blob HEAD:README.md -l", "git config user.name a:b", "git config -l"])
def test_git_config_neighbours_stay_allowed(g, command):
    assert_allowed(g.bash(command))


@pytest.mark.parametrize("command, fragment", [
    ("git add --pathspec-from-file=- <<< .env", "`git add --pathspec-from-file` stages the files named in a list"),
    ("git add --pathspec-fr=list.txt", "`git add --pathspec-from-file`"),
    ("echo .env | git update-index --add --stdin", "`git update-index --stdin` stages the files named on its input"),
    # (test_git_revisions.py held this one for the read after it; the staging itself is refused first now)
    ("git update-index --add --stdin < l && git diff --cached", "`git update-index --stdin` stages the files named"),
    ("git hash-object -w --stdin-paths <<< ~/.netrc", "`git hash-object --stdin-paths` reads the files named"),
    ("git hash-object -w --stdin-p < list.txt", "`git hash-object --stdin-paths`"),
])
def test_git_stages_names_read_from_input(g, command, fragment):
    assert_denied(g.bash(command), fragment)


@pytest.mark.parametrize("command, fragment", [
    ("git add -A", ".env, which is denied by deny-path"),
    ("git add .", ".env, which is denied by deny-path"),
    ("git add conf", "conf/.env.prod, which is denied by deny-path"),
    ("cd conf && git add .", "conf/.env.prod"),
    ("git add '*.prod'", "conf/.env.prod"),
    ("git stage -- .", "`git stage` would copy into the repository's objects"),
    ("git add -N .", "into the repository's objects"),
    ("git add -A && git commit -m x", "leave it out with the pathspec ':!.env'"),
])
def test_git_add_of_a_tree_holding_an_unignored_secret(g, command, fragment):
    assert_denied(g.bash(command), "`git ", fragment)


@pytest.mark.parametrize("command", ["git add src", "git add src/a.py README.md", "git add -u", "git add -n .",
                                     "git add -A ':!.env' ':!conf'", "git add . ':!**/.env*'", "git hash-object src/a.py",
                                     "git commit -am x"])
def test_git_add_neighbours_stay_allowed(g, command):
    assert_allowed(g.bash(command))


@pytest.mark.parametrize("command", ["git add -A", "git add .", "git add -A && git commit -m x"])
def test_git_add_where_gitignore_leaves_the_secret_out(ignored, command):
    assert_allowed(ignored.bash(command))


@pytest.mark.parametrize("command", ["git add -f .", "git add -Af"])
def test_git_add_force_takes_the_ignored_secret(ignored, command):
    assert_denied(ignored.bash(command), ".env, which is denied by deny-path")


def test_the_walker_knows_the_same_suffix_readers():
    import importlib

    from legant_guard.shell import programoperands

    assert importlib.import_module("legant_guard.shell.analyze")._SUFFIX_READERS == programoperands.SUFFIX_READERS


# GNU make reads the makefiles MAKEFILES lists before the others, its command-line value too (main.c
# expands $(MAKEFILES)): `.env` is a valid makefile (`KEY=value`), and a project's common `print-%`
# rule (`@echo $($*)`) printed it.
@pytest.mark.parametrize("command", ["make MAKEFILES=.env print-SECRET", "make 'MAKEFILES=src/a.py .env' all",
                                     "make -C src MAKEFILES=../.env all"])
def test_make_reads_the_makefiles_its_variable_names(g, command):
    assert_denied(g.bash(command), ".env is denied by deny-path")


def test_make_with_another_makefile_of_the_project_stays_allowed(g):
    assert_allowed(g.bash("make MAKEFILES=src/a.py all"))
