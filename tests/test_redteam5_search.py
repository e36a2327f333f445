"""Red team 5 (issue 9, class 4): files reached by search, as the searching program selects them.

Each case plants a secret where an everyday search reaches it and spells the command the way
an attacker would to slip it past the guard's model of the program's own filters; the
verdicts run the real hook in-process and execute nothing.
"""

import os
import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


def _write(path, text="x\n"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def _git(*args):
    subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def nested(tmp_path_factory):
    """A project with a nested work tree vendor/lib that tracks (and commits) its own .env,
    and a deep services/api/.env, with no .env at the project root."""
    setup = GuardSetup(tmp_path_factory.mktemp("nested"))
    p = setup.project
    _write(os.path.join(p, "src", "a.py"))
    _write(os.path.join(p, "services", "api", ".env"), "API_KEY=1\n")
    lib = os.path.join(p, "vendor", "lib")
    _write(os.path.join(lib, ".env"), "LIB_KEY=1\n")
    _write(os.path.join(lib, "lib.py"))
    _git("init", "-q", lib)
    _git("-C", lib, "add", "-f", ".env", "lib.py")
    _git("-C", lib, "commit", "-qm", "lib")
    return setup


# ---- git -C: the working directory moves once, not twice -----------------------------------

def test_git_dash_c_grep_reads_the_nested_tracked_secret(nested):
    # The walker already moved the command's cwd to vendor/lib; applying -C again looked in
    # vendor/lib/vendor/lib and found nothing tracked below it.
    for cmd in ("git -C vendor/lib grep KEY", "git -C vendor -C lib grep -e KEY", "git -C ./vendor/lib/ grep KEY",
                "git -C vendor/lib grep KEY HEAD"):
        assert_denied(nested.bash(cmd), "vendor/lib/.env", "git grep")


def test_git_dash_c_hint_names_the_path_git_reads(nested):
    reason = assert_denied(nested.bash("git -C vendor/lib log -p"), "vendor/lib/.env")
    assert "':!.env'" in reason and "../" not in reason


def test_git_dash_c_grep_of_clean_files_allowed(nested):
    assert_allowed(nested.bash("git -C vendor/lib grep KEY -- lib.py"))
    assert_allowed(nested.bash("git -C vendor/lib grep KEY -- ':!.env'"))
