"""Red team 7 (issue 9): secret files under the spellings the secret set missed.

`.env-prod`, `.env_prod` and an editor's `.env~` are secrets like `.env`; templates stay
readable. (direnv's `.envrc` and a nested clone's `.git/config` are not: docs/THREAT_MODEL.md.)"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

NAMES = [".env-prod", ".env_prod", ".env~", "app/.env-staging", ".env.local.bak"]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    files = {name: "TOKEN=1\n" for name in NAMES}
    files.update({".env.example": "TOKEN=\n", "src/a.py": "x\n", "sub/.git/HEAD": "ref: refs/heads/main\n"})
    return GuardSetup(tmp_path_factory.mktemp("secrets"), files=files)


@pytest.mark.parametrize("name", NAMES)
def test_the_file_is_a_secret(setup, name):
    assert_denied(setup.bash(f"cat {name}"), "denied by deny-path")
    assert_denied(setup.check("Read", {"file_path": setup.path(name)}), "denied by deny-path")


def test_a_search_meets_the_new_names(setup):
    assert_denied(setup.bash("grep -r TOKEN app"), "app/.env-staging")


@pytest.mark.parametrize("command", ["cat .env.example", "cat .environment.md", "grep -r x src"])
def test_everyday_reads_stay_allowed(setup, command):
    if command == "cat .environment.md":
        with open(setup.path(".environment.md"), "w") as f:
            f.write("notes\n")
    assert_allowed(setup.bash(command))
