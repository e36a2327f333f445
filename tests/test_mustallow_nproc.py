"""Must-allow: a wrapper's count option glued to the number of processors (`xargs -P$(nproc)`,
`parallel -j"$(nproc)"`) is an option, as `-j$(nproc)` already was for make.

shell/wrappers.py stopped at the first word built at run time and took `-P$(nproc)` for the
program xargs runs: "could not determine the command". A short option that takes a value,
glued to a substitution that prints only the processor count, is now read as that option; the
program after it is judged as before (curl stays refused), and a listing piped into it is
judged file by file (precision.py). Anything else glued to an option stays the command word.
Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, git


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("mustallow_nproc"), files={
        "pyproject.toml": "[project]\nname='p'\n", "src/a.py": "x = 1\n", ".env": "K=1\n"})
    git(setup.project, "init", "-q")
    git(setup.project, "add", "src/a.py", "pyproject.toml")
    return setup


ALLOWED = [
    "ls src | xargs -P$(nproc) -n1 echo",
    'ls src | xargs -P"$(nproc)" -n1 echo',
    "find src -name '*.py' | xargs -n1 -P$(nproc) wc -l",
    "git ls-files '*.py' | xargs -P$(nproc) -n 10 ruff check",
]


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", ALLOWED)
def test_a_processor_count_glued_to_a_wrapper_option_is_allowed(s, command, role):
    assert_allowed(s.bash(command, role=role))


def test_parallel_with_a_processor_count_is_allowed_under_open(s):
    assert_allowed(s.bash("parallel -j$(nproc) echo ::: a b", role="open"))


@pytest.mark.parametrize("command, reason", [
    ("ls src | xargs -P$(nproc) curl", "`curl` is denied by deny-cmd"),
    ("parallel -j$(nproc) curl ::: a b", "`curl` is denied by deny-cmd"),
    ("ls src | xargs -P$(cat .env) echo", "deny-path"),
    ("ls src | xargs -P$(nproc)x echo", "could not determine the command"),
    ("ls src | xargs -$(nproc) echo", "could not determine the command"),
    # a replace string is no count: each input line would replace it in `sh -c`'s code
    ("ls src | xargs -I$(nproc) sh -c 2", "could not determine the command"),
    ("ls src | xargs -I$(nproc) -n1 sh -c 2", "could not determine the command"),
    ("parallel -S$(nproc) echo ::: a", "could not determine the command"),
    ("git ls-files '*.py' | xargs -P$(nproc) -n 10 cat .env", "deny-path"),
])
def test_the_neighbours_stay_denied(s, command, reason):
    assert_denied(s.bash(command, role="open"), reason)
