"""Red team 18 (issue 9, class 1): `..` after a link made earlier in the same command.

The analysis resolves `..` against the disk as it is before the command runs; a link the
command makes first is not there yet, so `ln -s ../kl z/k && cat z/k/../id_rsa` was read as
`z/id_rsa` while the kernel goes to the parent of kl's target (~/.ssh) and reads the key."""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("rt18links"), files={"~/.ssh/id_rsa": "KEY\n", "~/.ssh/keys/k": "K\n",
                                                                  "src/a.py": "x\n"})
    os.symlink(s.path("~/.ssh/keys"), s.path("kl"))
    os.makedirs(os.path.join(s.dir, "sub"), exist_ok=True)
    os.symlink(os.path.join(s.dir, "sub"), s.path("gl"))
    return s


@pytest.mark.parametrize("command", [
    "mkdir -p z && ln -s ../kl z/k && cat z/k/../id_rsa",
    "mkdir -p a/b && ln -s ../../kl a/b/k; head -1 a/b/k/../id_rsa",
    "mkdir -p y && ln -s ../kl y/k && cp y/k/../id_rsa out.txt",
    "mkdir -p w && ln -sf ../kl w/k; wc -c ./w/k/../id_rsa",
    # a redirect target: the analysis keeps its spelling for this
    "mkdir -p v && ln -s ../kl v/k; echo KEY >> v/k/../authorized_keys",
    "mkdir -p u && ln -s ../kl u/k; cat < u/k/../id_rsa",
])
def test_dotdot_after_a_link_made_earlier_reads_the_secret(setup, command):
    assert_denied(setup.bash(command, role="open"), ".ssh")


@pytest.mark.parametrize("command", [
    "mkdir -p z && ln -s ../gl z/g && cat z/g/../key.pem",
    "mkdir -p z && ln -s ../gl z/g && head -c 64 z/g/../builder.jwt",
])
def test_dotdot_after_a_link_into_the_guard_dir(setup, command):
    assert_denied(setup.bash(command, role="operator"), "protected")


@pytest.mark.parametrize("command", [
    "ln -s src s && cat s/../README.md",
    "mkdir -p z && ln -s ../src z/k && cat z/k/../src/a.py",
    "ln -s src s; cat s/a.py",
])
def test_links_inside_the_project_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))


@pytest.mark.parametrize("role", ["open", "operator"])
@pytest.mark.parametrize("workdir", ["gl/..", "{project}/gl/.."])
def test_a_shell_workdir_with_dotdot_after_a_link(setup, role, workdir):
    # path.resolve reads gl/.. as the project, chdir as the guard dir: `cat key.pem` may print the key
    tool_input = {"command": "cat key.pem", "workdir": workdir.replace("{project}", setup.project)}
    assert_denied(setup.check("bash", tool_input, role=role, agent="opencode"), "goes through a symlink before `..`")


def test_a_shell_workdir_with_dotdot_and_no_link_stays_allowed(setup):
    assert_allowed(setup.check("bash", {"command": "ls", "workdir": "src/.."}, role="open", agent="opencode"))
