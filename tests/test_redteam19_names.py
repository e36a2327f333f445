"""Red team 19 (issue 9, class 4): names that reach a command by a way the guard did not follow.

- `find -name .fnv | tr f e | xargs cat` read .env: find's selection was judged, though the names
  were changed on their way to xargs (tr, sed, `grep -o`, `head -c`); now only programs that pass
  lines through unchanged (sort, grep without -o, head/tail by lines ...) keep find's selection;
- `ls -a | xargs -I{} bash -c 'cat "$1"' _ {}` and `xargs bash -c 'cat "$@"' _`: the shell's
  positional parameters are what xargs reads from its input, not the words on the line.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("n"), files={".env": "SECRET=1\n", ".fnv": "x\n", "x.env.y": "x\n",
                                                          "src/a.py": "x\n", "src/test_a.py": "x\n"})


@pytest.mark.parametrize("command", [
    "find . -name '.fnv' | tr f e | xargs cat",
    "find . -name '.fnv' | sed s/f/e/ | xargs cat",
    "find . -name 'x.env.y' | grep -o '.env' | xargs cat",
    "find . -name '.envX' | head -c 6 | xargs cat",
    "find . -name '.fnv' | sort | tr f e | xargs -I{} cat {}",
    "ls -1a | xargs -I{} bash -c 'cat \"$1\"' _ {}",
    "ls -1a | xargs -I{} sh -c 'cat \"$0\"' {}",
    "ls -1a | xargs bash -c 'cat \"$@\"' _",
    "ls -1a | xargs -n1 sh -c 'head -c 99 \"$1\"' sh",
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_names_changed_or_handed_on_are_undetermined(setup, command, role):
    assert_denied(setup.bash(command, role=role), "could not determine operand")


@pytest.mark.parametrize("command", [
    "find . -name '*.py' | sort | xargs wc -l",
    "find . -name '*.py' | grep -v test | xargs wc -l",
    "find . -name '*.py' -print0 | sort -z | xargs -0 wc -l",
    "find . -name '*.py' | head -5 | xargs wc -l",
    "find src -name '*.py' | xargs wc -l",
    "bash -c 'cat \"$1\"' _ src/a.py",
])
def test_names_find_selected_and_passed_through_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="builder"))
