"""Wrappers that run the command in another folder: its relative operands are that folder's
(`unshare --wd DIR`, `systemd-run --working-directory=DIR`, `nsenter -wDIR`; sudo -D has its own
tests). They were judged from the working folder, so `unshare --wd ~/.local/bin cp x claude`
wrote a shadowing `claude` unjudged. nsenter's bare -w is the target process's folder: unknown."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("wrapdirs"), files={"sub/a.txt": "x"})


@pytest.mark.parametrize("command", [
    "systemd-run --user --working-directory=$HOME/.local/bin cp /tmp/x claude",
    "systemd-run --user --working-directory $HOME/.local/bin cp /tmp/x claude",
    "nsenter -w$HOME/.local/bin cp /tmp/x claude",
    "nsenter --wd=$HOME/.local/bin cp /tmp/x claude",
    "unshare --wd=$HOME/.local/bin cp /tmp/x claude",
    "unshare --wd $HOME/.local/bin cp /tmp/x claude",
    "unshare -w ~/.local/bin cp /tmp/x claude",
    "unshare -w /tmp -w ~/.local/bin cp /tmp/x claude",
    # getopt_long's abbreviations, and nsenter's folder inside the namespace
    "systemd-run --user --working=$HOME/.local/bin cp /tmp/x claude",
    "sudo --chd $HOME/.local/bin cp /tmp/x claude",
    "nsenter -W $HOME/.local/bin cp /tmp/x claude",
    "nsenter --wdns=$HOME/.local/bin cp /tmp/x claude",
])
def test_a_wrappers_working_folder_is_where_relative_operands_lie(s, command):
    assert_denied(s.bash(command, role="open"), "protected")


def test_nsenters_bare_w_is_another_process_folder(s):
    assert_denied(s.bash("nsenter -t 1 -w cp /tmp/x claude", role="open"), "could not determine", "working folder")


@pytest.mark.parametrize("command", ["unshare -r --wd sub cat a.txt", "systemd-run --user -d make", "nsenter -t 1 -m ls",
                                     "systemd-run --user --working-directory=sub ls"])
def test_wrappers_in_the_project_stay_allowed(s, command):
    assert_allowed(s.bash(command, role="open"))
