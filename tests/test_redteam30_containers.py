"""Red team #30 (issue 10, classes 1-4 through a container): a bind mount gives the container's
command a host folder the guard cannot map back to. `docker run -v "$PWD/.claude:/c" … sh -c 'echo …
> /c/settings.local.json'`, `--mount type=bind,src=GUARD_DIR,…` (then `cat /g/key.pem`), `-v
"$HOME:/h"`, `-v /:/host` were allowed for every role that may run docker. A bind source is judged
as a tree read below and, unless read-only, as a tree of unknown names written below; a container
given the whole host (`--privileged`, `--cap-add SYS_ADMIN`, the engine's socket) is refused.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt30ctr"), files={".claude/settings.local.json": "{}\n", "build/": ""})


@pytest.mark.parametrize("role", ["operator", "open"])
@pytest.mark.parametrize("command,why", [
    ("docker run -v {p}/.claude:/c alpine true", "writable"),
    ("podman run -v {home}:/h:Z alpine true", "writable"),
    ("docker container run --volume={p}/.claude:/c alpine true", "writable"),
    ("docker run --mount type=bind,src={guard},dst=/g alpine cat /g/key.pem", "reads every file below it"),
    ("docker run -v /:/host:ro alpine true", "reads every file below it"),
    ("docker run --privileged alpine true", "every file of the host"),
    ("docker run -v /var/run/docker.sock:/var/run/docker.sock alpine true", "every file of the host"),
])
def test_a_container_given_a_protected_host_folder_is_denied(s, role, command, why):
    command = command.format(p=s.project, home=s.home, guard=s.dir)
    assert_denied(s.bash(command, role=role), why)


@pytest.mark.parametrize("command", [
    "docker run -v {p}/build:/out alpine true",
    "docker run -v {p}:/w:ro alpine make",
    "docker run --rm -v {p}:/app -w /app node:20 npm test",
    "docker run --rm -v .:/w alpine make",
    "docker run --mount type=bind,src={p},dst=/w,readonly alpine true",
    "docker run -v cache:/c alpine true",
    "docker run --rm alpine echo hi",
    "docker build -t x .",
])
def test_named_volumes_read_only_mounts_and_ordinary_folders_stay_allowed(s, command):
    assert_allowed(s.bash(command.format(p=s.project), role="operator"))
