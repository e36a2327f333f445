"""A credential helper's write and erase actions change a store the deny side covers:
`git credential approve` writes ~/.git-credentials (through the `store` helper), `reject`
erases from it, `docker-credential-* store/erase` change ~/.docker/config.json's helper. They
are judged like `git credential fill`, which prints it (rules/secret_readers.json, `does`), so a
role that denies the store refuses them with the store named; a role without that deny-path
(operator) is unaffected, and everyday git stays allowed."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("credstore"))


@pytest.mark.parametrize("command", [
    "git credential approve <<< 'url=https://x:y@github.com'",
    "printf 'protocol=https\\nhost=github.com\\n\\n' | git credential reject",
    "git credential approve < creds.txt",
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_git_credential_approve_and_reject_change_the_store(g, command, role):
    assert_denied(g.bash(command, role=role), "changes the credentials stored in ~/.git-credentials", "deny-path")


def test_a_helper_named_on_the_command_line_is_a_program_the_guard_never_sees(g):
    assert_denied(g.bash("git -c credential.helper=store credential approve < creds.txt", role="open"),
                  "credential.helper", "a program the guard never sees")


def test_fill_still_prints(g):
    assert_denied(g.bash("git credential fill <<< 'url=https://github.com'", role="open"),
                  "prints the credentials stored in ~/.git-credentials")


@pytest.mark.parametrize("command", ["docker-credential-pass store < c.json", "docker-credential-osxkeychain erase"])
def test_docker_credential_helpers_store_and_erase(g, command):
    assert_denied(g.bash(command, role="open"), "changes the credentials stored in ~/.docker/config.json")


@pytest.mark.parametrize("command", ["git credential approve <<< 'url=https://x:y@github.com'",
                                     "git status", "git config --get credential.helper"])
def test_operator_and_everyday_git_are_unaffected(g, command):
    assert_allowed(g.bash(command, role="operator"))
    if "credential approve" not in command:
        assert_allowed(g.bash(command, role="builder"))
