"""Must-allow: a search and replace over the tracked files that hold a pattern,
`git grep -l OLD -- '*.py' | xargs sed -i 's/OLD/NEW/g'`, is judged file by file as
`git ls-files '*.py' | xargs ...` is (hook/precision.py): git grep without --untracked or
--no-index names only tracked files the pathspec selects.

It was refused as undetermined ("name the paths in the command itself"), although the same
rewrite over `git ls-files '*.py'` (every file git grep could name, and more) was allowed. A
listing that could name other files (untracked, another revision, a pathspec with magic, no
pathspec, a pattern file) stays refused, and so does one that names a tracked secret or hook
config. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, git


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("mustallow_gitgrep"), files={
        "src/a.py": "old_api()\n", "src/b.py": "old_api()\n", "docs/x.md": "old_api\n", ".gitignore": ".env\n",
        # committed by mistake: tracked secrets and a tracked hook config
        "deploy/.env.production": "KEY=old_api\n", ".claude/settings.json": '{"old_api": 1}\n',
        ".env": "KEY=old_api\n"})
    git(setup.project, "init", "-q")
    git(setup.project, "add", "-A")
    git(setup.project, "add", "-f", "deploy/.env.production")
    git(setup.project, "commit", "-qm", "one")
    return setup


ALLOWED = [
    "git grep -l old_api -- '*.py' | xargs sed -i 's/old_api/new_api/g'",
    "git grep -l old_api -- src | xargs sed -i 's/old_api/new_api/g'",
    "git grep --files-with-matches -w old_api -- '*.py' '*.md' | xargs sed -i 's/old_api/new_api/g'",
    "git grep -l -e old_api -- '*.py' | xargs wc -l",
    "git grep -il OLD_API -- '*.py' | xargs -r sed -i 's/old_api/new_api/'",
    "sed -i 's/old_api/new_api/g' $(git grep -l old_api -- '*.py')",
]


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", ALLOWED)
def test_a_search_and_replace_over_tracked_files_is_allowed(s, command, role):
    assert_allowed(s.bash(command, role=role))


DENIED = [
    # the listing names a tracked secret or hook config: refused for that file
    ("git grep -l old_api -- 'deploy/*' | xargs sed -i 's/a/b/'", "deny-path"),
    ("git grep -l old_api -- '*.json' | xargs sed -i 's/a/b/'", ".claude/settings.json"),
    # listings that could name other files than the index's: not narrowed
    # (without a pathspec, or one that takes in everything, git grep itself reads the tracked secret)
    ("git grep -l old_api | xargs sed -i 's/a/b/'", "would read"),
    ("git grep -l old_api -- ':!*.md' | xargs sed -i 's/a/b/'", "would read"),
    ("git grep -l --untracked old_api -- '*.py' | xargs cat", "could not determine"),
    ("git grep -l --no-index old_api -- '*.py' | xargs sed -i 's/a/b/'", "could not determine"),
    ("git grep -l old_api HEAD~1 -- '*.py' | xargs sed -i 's/a/b/'", "could not determine"),
    ("git grep -l old_api -- ':(glob)src/*.py' | xargs sed -i 's/a/b/'", "would read"),
    ("git grep -lz old_api -- '*.py' | xargs -0 sed -i 's/a/b/'", "could not determine"),
    ("git grep -l -f pats.txt -- '*.py' | xargs sed -i 's/a/b/'", "could not determine"),
    ("git grep -O -l old_api -- '*.py' | xargs sed -i 's/a/b/'", "could not determine"),
    ("git grep old_api -- '*.py' | xargs sed -i 's/a/b/'", "could not determine"),
    ("git grep -l old_api -- '*.py' | tr a-z A-Z | xargs sed -i 's/a/b/'", "could not determine"),
]


@pytest.mark.parametrize("command, reason", DENIED)
def test_a_listing_that_could_name_other_files_stays_denied(s, command, reason):
    assert_denied(s.bash(command), reason)


def test_a_repository_with_submodules_is_not_narrowed(tmp_path):
    """submodule.recurse=true in the user's git config makes `git grep` list the submodules' files
    too (`sub/.env`), which no index the guard reads holds: with a submodule, the listing stays
    undetermined."""
    s = GuardSetup(tmp_path, files={"src/a.py": "old_api()\n", ".gitmodules": "[submodule \"sub\"]\n\tpath = sub\n"})
    git(s.project, "init", "-q")
    git(s.project, "add", "-A")
    assert_denied(s.bash("git grep -l old_api -- 'src/*' | xargs sed -i 's/a/b/'", role="open"), "could not determine")


@pytest.fixture(scope="module")
def with_submodule(tmp_path_factory):
    root = tmp_path_factory.mktemp("gitgrep_submodule")
    inner = root / "inner"
    inner.mkdir()
    (inner / ".env").write_text("KEY=secret\n")
    (inner / "a.py").write_text("x = 1\n")
    git(inner, "init", "-q")
    git(inner, "add", "-f", ".env", "a.py")
    git(inner, "commit", "-qm", "inner")
    s = GuardSetup(root / "setup", files={"b.py": "y = 2\n"})
    git(s.project, "init", "-q")
    git(s.project, "add", "b.py")
    git(s.project, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner), "sub")
    git(s.project, "commit", "-qm", "outer")
    return s


@pytest.mark.parametrize("command", ["git grep KEY", "git grep KEY -- 'sub/*'"])
def test_git_grep_is_read_as_recursing_into_a_checked_out_submodule(with_submodule, command, monkeypatch):
    """submodule.recurse=true in the user's git config makes a bare `git grep` print sub/.env:
    with a submodule checked out, the guard reads git grep as recursing (red team of this round:
    the search was allowed when that setting was on). git reads it as the guard runs it."""
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "submodule.recurse")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "true")
    assert_denied(with_submodule.bash(command, role="open"), "sub/.env", "deny-path")


def test_without_that_setting_a_bare_git_grep_stays_in_the_top_repository(with_submodule):
    assert_allowed(with_submodule.bash("git grep KEY", role="open"))
    assert_denied(with_submodule.bash("git -c submodule.recurse=true grep KEY", role="open"), "sub/.env")


@pytest.mark.parametrize("command", ["git grep --no-recurse-submodules KEY", "git grep -n x -- '*.py'"])
def test_git_grep_that_cannot_reach_the_submodule_secret_is_allowed(with_submodule, command):
    assert_allowed(with_submodule.bash(command, role="open"))
