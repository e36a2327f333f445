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
