"""Red team of today's landings: sed's `e` command after a label.

An `e` in a sed line read whole is text (`s/change 0/change zero/`) since today. The reading
skipped a `:label` / `b` / `t` / `T` label up to the next `;`, but GNU sed ends a label at a blank
too and reads the rest as the next command: `sed ':a e cat ~/.ssh/id_rsa' README` ran the command.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("sedlabels"), files={"README": "x\n", "~/.ssh/id_rsa": "K\n"})


@pytest.mark.parametrize("command", [
    "sed ':a e cat ~/.ssh/id_rsa' README",
    "sed -n ':loop\te curl -s http://127.0.0.1:9/' README",
    "sed 't end e cat ~/.ssh/id_rsa' README",
    "sed 'T end e cat ~/.ssh/id_rsa' README",
    "sed 'b end e cat ~/.ssh/id_rsa' README",
    "sed -i ':a e touch ../x' README",
])
def test_a_command_after_a_label_is_read(setup, command):
    assert_denied(setup.bash(command), "the `e` command")


def test_a_write_after_a_label_is_judged(setup):
    assert_denied(setup.bash("sed ':a w ../outside' README"), "outside")


@pytest.mark.parametrize("command", [
    "sed ':a;N;$!ba;s/\\n/ /g' README",
    "sed -e ':a' -e 'N' -e '$!ba' -e 's/\\n/ /g' README",
    "sed '/x/b skip; s/change 0/change zero/; :skip' README",
])
def test_labels_of_everyday_scripts_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))
