"""Red team 14 (issue 9, class 4): files reached by name, found by rt9h.

With globstar and dotglob on, a last `**` matches every file below the folder, dotfiles
included: `cat **` read .env. Verdicts only: nothing here is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt14n"), files={".env": "SECRET=1\n", "src/a.py": "x = 1\n"})


@pytest.mark.parametrize("command", ["shopt -s globstar dotglob; cat **", "shopt -s globstar dotglob; cat ./**",
                                     "shopt -s dotglob globstar; head **"])
def test_a_last_double_star_matches_the_files_too(setup, command):
    assert_denied(setup.bash(command), ".env is denied by deny-path")


@pytest.mark.parametrize("command", ["shopt -s globstar; cat **", "shopt -s globstar dotglob; cat src/**",
                                     "shopt -s globstar; wc -l **/*.py"])
def test_double_star_without_a_secret_stays_allowed(setup, command):
    assert_allowed(setup.bash(command))
