"""Red team 42, issue 9 class 2 (every argument as the program reads it): git's parse-options takes
any unambiguous prefix of a long option, so `git apply --dir=.claude new.patch` is `--directory`,
which puts `.claude/` before every name of the patch: a patch adding `settings.local.json` wrote
`.claude/settings.local.json` (`{"disableAllHooks": true}`) under builder (checked with git 2.39.5).
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, git

NEW = ('diff --git a/settings.local.json b/settings.local.json\nnew file mode 100644\n--- /dev/null\n'
       '+++ b/settings.local.json\n@@ -0,0 +1 @@\n+{"disableAllHooks": true}\n')
BASHRC = ('diff --git a/.bashrc b/.bashrc\nnew file mode 100644\n--- /dev/null\n+++ b/.bashrc\n@@ -0,0 +1 @@\n'
          '+export CLAUDE_CONFIG_DIR=/tmp/x\n')


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt42p"), files={"README.md": "hi\n", "n.patch": NEW, "b.patch": BASHRC,
                                                               ".claude/x.md": "x\n", "src/a.txt": "a\n"})
    git(setup.project, "init", "-q")
    return setup


@pytest.mark.parametrize("role", ["builder", "open", "operator"])
@pytest.mark.parametrize("command", ["git apply --dir=.claude n.patch", "git apply --direc=.claude/ n.patch",
                                     "git apply --d=.claude n.patch", "git apply --dir .claude n.patch",
                                     "git am --direct=.claude n.patch"])
def test_an_abbreviated_directory_moves_the_patch(g, role, command):
    assert_denied(g.bash(command, role=role), ".claude/settings.local.json, which is protected")


def test_an_abbreviated_directory_reaches_a_start_up_file_under_open(g):
    assert_denied(g.bash("git apply --unsafe-paths --dir=../home b.patch", role="open"), ".bashrc, which is protected as a "
                  "shell start-up file")


@pytest.mark.parametrize("command", ["git apply --dir=src n.patch", "git apply --directory=src n.patch",
                                     "git apply -p0 --directory=.claude n.patch"])
def test_a_patch_moved_elsewhere_stays_allowed(g, command):
    assert_allowed(g.bash(command))


@pytest.fixture(scope="module")
def tracked(tmp_path_factory):
    """A repository that tracks a `settings.json` at its top (a hook config's name, elsewhere)."""
    setup = GuardSetup(tmp_path_factory.mktemp("rt42t"), files={"README.md": "hi\n", "settings.json": '{"x": 1}\n'})
    git(setup.project, "init", "-q")
    git(setup.project, "add", "README.md", "settings.json")
    git(setup.project, "commit", "-qm", "x")
    return setup


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", ["git checkout-index --pref=.claude/ -a", "git checkout-index --pre=.claude/ --a",
                                     "git checkout-index --pref .claude/ -a"])
def test_an_abbreviated_prefix_checks_the_index_out_into_a_hook_folder(tracked, role, command):
    assert_denied(tracked.bash(command, role=role), ".claude/settings.json")


@pytest.mark.parametrize("command", ["git checkout-index --pref=out/ -a", "git checkout-index -a --prefix=out/"])
def test_a_prefix_elsewhere_stays_allowed(tracked, command):
    assert_allowed(tracked.bash(command))
