"""Red team 16: bash expansions the guard read differently (after today's list expansions and
linear brace expansion).

- `${a/#/.}` and `${a/%/v}`: an empty pattern anchored at the start or end matches there, so the
  replacement is added (`a=(env); cat "${a[@]/#/.}"` reads .env); the guard left the value as it was.
- `{v..w..1}`: letters take an increment too; the guard expanded only `{v..w}`.
- A sequence brace longer than 64 characters was never expanded, though bash reads any number of
  leading zeros (`.en{v..w..000...1}`); Python's int() also took `1_0`, spaces and other
  scripts' digits, which bash leaves as written.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

LONG_STEP = "0" * 5000 + "1"


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt16e"), files={".env": "KEY=1\n", "src/a.py": "x\n", "src/b.py": "y\n"})


@pytest.mark.parametrize("command", [
    'a=(env); cat "${a[@]/#/.}"',
    'a=env; cat "${a/#/.}"',
    'a=(.en); cat "${a[@]/%/v}"',
    'a=.en; cat "${a/%/v}"',
    'a=(env); cat "${a[*]/#/.}"',
    'a=(env); b=.; cat "${a[@]/#/$b}"',
    "cat .en{v..w..1}",
    "cat .en{t..x..2}",
    "cat .en{z..a..4}",
    "cat .en{v..w..0000000000000000000000000000000000000000000000000000000000000000000001}",
    "cat .en{v..w..%s}" % LONG_STEP,
])
def test_the_expansion_bash_makes_is_judged(setup, command):
    assert_denied(setup.bash(command), ".env is denied by deny-path")


@pytest.mark.parametrize("command", [
    'a=src/a.py; cat "${a/#/./}"',
    'a=env; cat "${a/#}"',
    "cat src/{a..b..1}.py",
    "echo {1_0..1_1}",
    "echo {%s..3}" % LONG_STEP,
])
def test_neighbours_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))
