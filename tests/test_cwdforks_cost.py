"""The cost of a command whose cd's may fail (shell/cwdforks.py) stays bounded: the engine
analyses the command again per choice of folder, up to MAX_COMBINATIONS, and a line of
hundreds of cd's reaches folders hundreds deep. Red team #33 timed 80 forks at 2 s and 200 at
the 4 s deadline. These tests pin the two causes without timing anything: no analysis is run
again once the forks are known to be too many, and a cd looks at the commands before it with
string comparisons, not by listing its folder's ancestors."""

import pytest

from conftest import assert_denied
from legant_guard.shell import cwdforks


class _Analysis:
    def __init__(self, forks):
        self.cwd_forks = [cwdforks.Fork(folders, f"`cd f{k}`") for k, folders in enumerate(forks)]


def test_too_many_forks_are_known_before_any_analysis_is_run_again():
    root = _Analysis([["/p", f"/p/d{k}"] for k in range(cwdforks.MAX_COMBINATIONS)])
    again = []
    seen = list(cwdforks.variants(root, lambda choice: again.append(choice) or _Analysis([])))
    assert seen == [(root, None), (None, None)]
    assert again == []


def test_forks_within_the_bound_are_each_analysed_once():
    root = _Analysis([["/p", "/p/a"], ["/p", "/p/b"], ["/p", "/p/c", "/p/d"]])
    again = []
    seen = list(cwdforks.variants(root, lambda choice: again.append(choice) or _Analysis([])))
    assert len(again) == 4 and (None, None) not in seen
    assert sorted(map(sorted, (c.items() for c in again))) == sorted(map(sorted, (
        {0: 0}.items(), {0: 1, 1: 0}.items(), {0: 1, 1: 1, 2: 0}.items(), {0: 1, 1: 1, 2: 1}.items())))


@pytest.mark.parametrize("earlier, path, above", [
    ("/a", "/a/b", True),
    ("/a/", "/a/b", True),
    ("/a/b", "/a/b", True),
    ("/", "/a/b", True),
    ("/ab", "/a/b", False),
    ("/a/bc", "/a/b", False),
    ("/a/b/c", "/a/b", False),  # below the folder: cd still finds it
    ("a", "/a/b", False),       # a relative operand never names an absolute folder
    (None, "/a/b", False),
])
def test_a_folder_the_line_changed_is_found_at_or_above_the_cd(earlier, path, above):
    assert cwdforks._is_at_or_above(earlier, path) is above


def test_a_line_of_hundreds_of_forks_is_refused_with_the_reason(guard_setup):
    command = " ; ".join(f"cd a{i} || cd b{i}" for i in range(499)) + " ; cat x"
    assert_denied(guard_setup.bash(command), "could not determine the working directory",
                  "may fail or not run in over 16 ways")


def test_a_deleted_folder_above_the_target_still_makes_the_cd_a_fork(guard_setup):
    guard_setup_dir = guard_setup.path("sub/dir")
    import os

    os.makedirs(guard_setup_dir, exist_ok=True)
    # `rm -rf sub/` removes the folder cd goes to: the cd may fail, and cat then reads ~/.netrc
    assert_denied(guard_setup.bash("cd ~ && rm -rf " + guard_setup.path("sub") + "/ ; cd "
                                   + guard_setup_dir + " ; cat .netrc", role="open"), ".netrc")
