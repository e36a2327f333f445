"""Red team of today's landings: `git pp` taken as harmless only where help.autocorrect cannot be on.

The check looked for the repository's config in `.git` folders only; git also takes a folder
holding HEAD, objects/ and refs/ for a bare repository and reads ITS config, which the agent may
write (it is no `.git/config`). Inside one whose config sets help.autocorrect, `git prne` pruned it.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


def _bare(setup, name, config):
    folder = setup.path(name)
    os.makedirs(os.path.join(folder, "objects"))
    os.makedirs(os.path.join(folder, "refs", "heads"))
    with open(os.path.join(folder, "HEAD"), "w") as f:
        f.write("ref: refs/heads/main\n")
    with open(os.path.join(folder, "config"), "w") as f:
        f.write(config)
    return folder


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("autocorrect"), files={"plain/": ""})


@pytest.mark.parametrize("command, fragment", [
    ("git prne", "git-prune"),
    ("git pu --force", "git-push-force"),
])
def test_inside_a_bare_repository_its_config_may_turn_it_on(setup, command, fragment):
    folder = _bare(setup, "mirror-%s.git" % fragment, "[core]\n\tbare = true\n[help]\n\tautocorrect = immediate\n")
    assert_denied(setup.check("Bash", {"command": command}, cwd=folder), fragment)
    os.makedirs(os.path.join(folder, "refs", "sub"), exist_ok=True)
    assert_denied(setup.check("Bash", {"command": command}, cwd=os.path.join(folder, "refs", "sub")), fragment)


def test_a_folder_in_no_repository_stays_allowed(setup):
    assert_allowed(setup.check("Bash", {"command": "git prne"}, cwd=setup.path("plain")))
