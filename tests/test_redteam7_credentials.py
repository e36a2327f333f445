"""Red team 7 (issue 9): programs that print a credential store's secrets for the agent.

`git credential fill` printed the password of ~/.git-credentials under builder, `gh auth token`,
`gcloud auth print-access-token`, `kubectl config view --raw`, `gpg --export-secret-keys` ... under
open: the command names no file, so the deny-path on the store never met it. rules/secret_readers.json
lists them; each is judged as a read of its store against the deny side."""

import json
import os

import pytest

from conftest import assert_allowed, assert_denied


@pytest.mark.parametrize("role, command, store", [
    ("builder", "git credential fill", "~/.git-credentials"),
    ("builder", "printf 'protocol=https\\nhost=github.com\\n\\n' | git credential fill", "~/.git-credentials"),
    ("builder", "git -C src credential fill", "~/.git-credentials"),
    ("builder", "git credential-store get", "~/.git-credentials"),
    ("open", "git credential-netrc get", "~/.netrc"),
    ("open", "gh auth token", "~/.config/gh"),
    ("open", "gh auth status --show-token", "~/.config/gh"),
    ("open", "gcloud auth print-access-token", "~/.config/gcloud"),
    ("open", "aws configure get aws_secret_access_key", "~/.aws"),
    ("open", "aws ecr get-login-password", "~/.aws"),
    ("open", "kubectl config view --raw", "~/.kube"),
    ("open", "docker-credential-desktop get", "~/.docker/config.json"),
    ("open", "gpg --export-secret-keys", "~/.gnupg"),
    ("open", "pass show github", "~/.password-store"),
    ("open", "npm token list", "~/.npmrc"),
    ("open", "sh -c 'gh auth token'", "~/.config/gh"),
])
def test_a_command_that_prints_a_stored_secret(guard_setup, role, command, store):
    assert_denied(guard_setup.bash(command, role=role), "prints the credentials stored in " + store, "deny-path")


@pytest.mark.parametrize("command", ["git status", "gh auth status", "kubectl config view", "gpg --armor --export x",
                                     "git credential-cache exit", "aws s3 ls"])
def test_commands_that_print_no_secret_stay_allowed(guard_setup, command):
    assert_allowed(guard_setup.bash(command, role="open"))


def test_operator_is_not_affected(guard_setup):
    assert_allowed(guard_setup.bash("git credential fill", role="operator"))


def test_the_engines_quick_list_names_every_program_of_the_catalogue():
    from legant_guard.hook.engine import _SECRET_READER_NAMES
    from legant_guard.resources import data_dir

    with open(os.path.join(data_dir("rules"), "secret_readers.json")) as f:
        programs = {e["program"] for e in json.load(f)["readers"]}
    assert {p for p in programs if "*" not in p} == set(_SECRET_READER_NAMES)
    assert {p for p in programs if "*" in p} == {"docker-credential-*"}


@pytest.fixture(scope="module")
def with_token(tmp_path_factory):
    from conftest import GuardSetup

    return GuardSetup(tmp_path_factory.mktemp("remote"), files={
        ".git/HEAD": "ref: refs/heads/main\n",
        ".git/config": '[remote "origin"]\n\turl = https://x-access-token:ghp_SECRET@github.com/o/r.git\n'})


@pytest.mark.parametrize("command", [
    "git remote -v", "git remote get-url origin", "git remote show origin", "git config -l", "git config --list",
    "git config --get remote.origin.url", "git config --get-regexp remote", "git ls-remote --get-url",
    "git -C . remote -v",
])
def test_a_command_that_prints_a_remote_url_with_a_token(with_token, command):
    assert_denied(with_token.bash(command), "prints the credentials stored in", ".git/config", "deny-path")


@pytest.mark.parametrize("command", ["git status", "git remote", "git config --get user.name"])
def test_commands_that_print_no_url_stay_allowed(with_token, command):
    assert_allowed(with_token.bash(command))


def test_a_remote_url_without_a_token_stays_printable(tmp_path):
    from conftest import GuardSetup

    setup = GuardSetup(tmp_path, files={".git/HEAD": "ref: refs/heads/main\n",
                                        ".git/config": '[remote "origin"]\n\turl = https://github.com/o/r.git\n'})
    assert_allowed(setup.bash("git remote -v"))
    assert_allowed(setup.bash("git config --get remote.origin.url"))


@pytest.mark.parametrize("command", ["git remote -v", "git remote --verbose"])
def test_the_read_only_shell_of_a_reviewer_prints_no_token(with_token, command):
    """Codex's reviewer reads through the shell (plainly read-only commands): the same check."""
    assert_denied(with_token.bash(command, role="reviewer", agent="codex"), "prints the credentials stored in")
