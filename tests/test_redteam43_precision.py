"""Red team 43, issue 9 class 8 (precision): a git listing piped through filters that only select
whole lines or reorder them (`git ls-files '*.py' | grep -v test | xargs wc -l`, `| head -n 20`,
`| sort -u`, `wc -l $(git ls-files '*.py' | grep -v test)`) hands the reader some of the names
the listing prints, unchanged: they are narrowed as the bare listing is (each tracked file the
pathspec selects meets the deny side). A listing with no pathspec filtered by an anchored
ending (`git ls-files | grep '\\.py$'`) is the listing of `'*.py'`. A stage that rewrites names
(`tr`, `grep -o`, `sort -o`), reads a file (`grep -f`), or a grep that keeps other names (`-v`,
`-F`, `-i`, an unanchored pattern) leaves them undetermined; a tracked .env the listing selects
is still refused.
"""

import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt43prec"), files={
        "README.md": "hi\n", "src/app.py": "print(1)\n", "tests/test_app.py": "x\n", ".env": "SECRET=1\n"})
    subprocess.run("git init -q && git add -A && git -c user.email=a@b -c user.name=a commit -qm init", shell=True,
                   cwd=setup.project, check=True, capture_output=True)
    return setup


@pytest.mark.parametrize("command", [
    "git ls-files '*.py' | grep -v test | xargs wc -l",
    "git ls-files '*.py' | head -n 2 | xargs wc -l",
    "git ls-files '*.py' | tail -1 | xargs wc -l",
    "git ls-files '*.py' | sort -u | xargs wc -l",
    "git ls-files '*.py' | grep -v test | sort | xargs wc -l",
    "git ls-files | grep '\\.py$' | xargs wc -l",
    "git ls-files | grep -E '[.]py$' | xargs wc -l",
    "wc -l $(git ls-files '*.py' | grep -v test)",
])
def test_selecting_filters_keep_the_listing_narrowed(g, command):
    assert_allowed(g.bash(command))


@pytest.mark.parametrize("command", [
    "git ls-files '.e*' | grep -v x | xargs cat",
    "git ls-files | grep '\\.env$' | xargs cat",
    "cat $(git ls-files '.e*' | grep -v x)",
])
def test_a_tracked_secret_the_listing_selects_is_still_refused(g, command):
    assert_denied(g.bash(command), ".env is denied by deny-path")


@pytest.mark.parametrize("command", [
    "git ls-files | grep env | xargs cat",
    "git ls-files | grep -v '\\.py$' | xargs cat",
    "git ls-files | grep -F '\\.py$' | xargs cat",
    "git ls-files | grep -i '\\.py$' | xargs cat",
    "git ls-files '*.py' | tr a b | xargs cat",
    "git ls-files '*.py' | grep -o x | xargs cat",
    "git ls-files '*.py' | sort -o x | xargs cat",
    "cat $(git ls-files | grep -v '\\.py$')",
])
def test_stages_that_may_rewrite_or_widen_the_names_stay_undetermined(g, command):
    assert_denied(g.bash(command), "could not determine operand")


def test_a_filter_reading_a_file_is_judged_as_that_read(g):
    assert_denied(g.bash("git ls-files '*.py' | grep -f .env | xargs cat"), ".env is denied by deny-path")
