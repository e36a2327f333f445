"""Red team rt9 (issue 9): calls judged the way the system executes them."""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt9"))
    os.makedirs(os.path.join(setup.project, "src"))
    with open(os.path.join(setup.project, ".env"), "w") as f:
        f.write("SECRET=1\n")
    with open(os.path.join(setup.project, "src", "a.go"), "w") as f:
        f.write("package a\n")
    os.makedirs(os.path.join(setup.home, ".ssh"))
    with open(os.path.join(setup.home, ".ssh", "id_rsa"), "w") as f:
        f.write("k\n")
    return setup


# sed's `r FILE` / `R FILE` reads a file the operands never show.
@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("script", ["1r .env", "$R .env", "/x/r ~/.ssh/id_rsa"])
def test_sed_read_command_meets_the_deny_side(g, role, script):
    assert_denied(g.bash(f"sed -n '{script}' src/a.go", role=role), "is denied by deny-path")


def test_sed_read_of_a_project_file_stays_allowed(g):
    assert_allowed(g.bash("sed -n '1r src/a.go' src/a.go"))
    assert_allowed(g.bash("sed -n 's/err/rrr/p' src/a.go"))


# HOME changed earlier in the command changes what `~` and `cd` mean (class 5).
@pytest.mark.parametrize("command", [
    "HOME={P} && cat ~/.env",
    "export HOME={P}; cat ~/.env",
    "export HOME={P}; cat $HOME/.env",
    "declare -x HOME={P}; cat ~/.env",
    "HOME={P}; cd; cat .env",
])
def test_home_assigned_earlier_is_followed(g, command):
    assert_denied(g.bash(command.format(P=g.project), role="open"), "/.env is denied by deny-path")


@pytest.mark.parametrize("command", [
    "read HOME <<< {P}; cat ~/.env",
    "printf -v HOME %s {P}; cat ~/.env",
    "unset HOME; cat ~/.env",
])
def test_home_changed_to_an_unknown_value_is_undetermined(g, command):
    assert_denied(g.bash(command.format(P=g.project), role="open"), "could not determine")


def test_everyday_exports_stay_allowed_under_open(g):
    assert_allowed(g.bash("export GOFLAGS=-count=1 && go test ./...", role="open"))
    assert_allowed(g.bash("read -r x < src/a.go; echo $x", role="open"))


# /proc/self is the process that opens the path, not the guard (class 1).
@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("path", [
    "/proc/self/cwd/.env",
    "/proc/thread-self/cwd/.env",
    "/proc/self/task/1/cwd/.env",
    "/proc/self/cwd/../proj/.env",
    "/dev/fd/../cwd/.env",
    "/proc/self/root/proc/self/cwd/.env",
])
def test_proc_self_links_are_the_readers_not_the_guards(g, role, path):
    assert_denied(g.bash(f"cat {path}", role=role), "reading process's own")


def test_proc_self_fd_walked_through_is_denied(g):
    assert_denied(g.bash("cat /dev/fd/3/.env 3<.", role="open"), "reading process's own `fd` link")


@pytest.mark.parametrize("command", ["echo hi | cat /dev/stdin", "echo x >/dev/fd/2", "echo x > /proc/self/fd/2",
                                     "go test ./... 2>/dev/stdout"])
def test_standard_streams_stay_allowed(g, command):
    assert_allowed(g.bash(command))
