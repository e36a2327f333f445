"""Residuals 7 (issue 9 classes 3, 4, 8): reads and network no word names, and a false deny of fd.

- bun loads `.env`, `.env.local`, `.env.{NODE_ENV}[.local]` from its folder into the environment
  of what it starts (`bun run env` prints them); `pipenv run` loads `.env` too. Where what starts
  is not the project's own code (a program on PATH, a registry package, inline code), those
  files are reads of the command (hook/dotenvloaders.py); the project's scripts, files and
  installed dependencies stay allowed (they could read .env themselves, as `npm test` could).
- `docker -H ssh://HOST` (`--host`, `podman --url`) reaches the daemon through ssh, which runs;
  a `tcp://` daemon, `DOCKER_HOST=ssh://…|tcp://…` are undetermined network (rules/exec_sinks.json).
- `fd -e md -x cat` hands cat only names ending in `.md`: a link `k -> .env` or a linked folder
  of secrets elsewhere is not read (a false deny before); a link `notes.md -> .env` still is.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def envproject(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("r7env"), files={
        ".env": "SECRET=1\n", "package.json": '{"scripts": {"t": "echo", "lint": "eslint ."}}', "x.ts": "1",
        "sub/x.ts": "1", "web/.env.local": "TOKEN=2\n", "web/x.ts": "1", "node_modules/.bin/vite": "#!/bin/sh\n",
        "Pipfile": '[scripts]\ntest = "pytest"\n', "x.py": "1", "docs/a.md": "x"})


@pytest.mark.parametrize("command, loader, outsider", [
    ("bun run env", "bun", "`env` (a program on PATH)"), ("bun run printenv", "bun", "`printenv`"),
    ("bun env", "bun", "`env`"), ("bun x env", "bun", "`env`"),
    ("bun -e 'console.log(process.env)'", "bun", "the code given with `-e`"),
    ("bun --print process.env", "bun", "the code given with `--print`"),
    ("bun exec env", "bun", "the shell script given to `bun exec`"),
    ("bunx cowsay hi", "bunx", "a package from the registry"), ("bun x cowsay", "bun", "a package from the registry"),
    ("bun run env --no-env-file", "bun", "`env`"),  # (after the program the word is the program's)
    ("sudo bun run env", "bun", "`env`"), ("env A=1 bun run env", "bun", "`env`"), ("npx bun run env", "bun", "`env`"),
    ("cd web && bun run env", "bun", "`env`"),
    ("pipenv run env", "pipenv run", "`env` (a program on PATH)"),
    ("pipenv run python -c 'import os; print(os.environ)'", "pipenv run", "the code given to `python`"),
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_dotenv_loaded_for_code_that_is_not_the_projects_is_a_read(envproject, command, loader, outsider, role):
    proc = envproject.bash(command, role=role)
    if role == "builder" and "loads" not in proc.stderr:
        assert proc.returncode == 2  # (off the builder's allow-list before the file is judged)
        return
    assert_denied(proc, f"`{loader}` loads", "/.env", "into the environment of", outsider, "not the project's own code",
                  "deny-path")


def test_the_reason_names_the_way_to_run_bun_without_the_file(envproject):
    assert_denied(envproject.bash("bun run env", role="open"), "bun --no-env-file run NAME")


@pytest.mark.parametrize("command", [
    # the project's own code, as `npm test` runs it (it could read .env itself)
    "bun run t", "bun run lint", "bun t", "bun x.ts", "bun ./x.ts", "bun run ./x.ts", "bun test", "bun test --coverage",
    "bun install", "bun add zod", "bun build src/index.ts --outdir build", "bunx vite", "bun x vite",
    "pipenv run python x.py", "pipenv run test", "pipenv run python -m pytest", "pipenv install",
    # no loading, or no file to load, or nothing started
    "bun --no-env-file run env", "bun --no-env-file -e 'console.log(1)'", "bun --version", "cd sub && bun run env",
    "bun run no-such-thing",
])
def test_the_projects_own_code_or_no_loading_stays_allowed(envproject, command):
    assert_allowed(envproject.bash(command, role="open"))


@pytest.mark.parametrize("command", ["bun run t", "bun test", "bun run lint", "bun install && bun test"])
def test_a_builder_runs_the_projects_scripts_with_bun_beside_a_dotenv(envproject, command):
    assert_allowed(envproject.bash(command, role="builder"))


def test_operator_may_run_anything_with_bun(envproject):
    assert_allowed(envproject.bash("bun run env", role="operator"))


@pytest.mark.parametrize("command, option", [
    ("docker -H ssh://u@h ps", "docker -H"), ("docker --host=ssh://u@h ps", "docker --host"),
    ("docker -Hssh://u@h ps", "docker -H"), ("docker --host ssh://u@h build .", "docker --host"),
    ("podman --url ssh://u@h/run/podman.sock ps", "podman --url"), ("docker compose -H ssh://x up", "docker -H"),
])
def test_a_docker_daemon_over_ssh_runs_ssh(envproject, command, option):
    assert_denied(envproject.bash(command, role="open"), "`ssh` is denied by deny-cmd", f"run later by `{option}`",
                  "through ssh")


@pytest.mark.parametrize("command, what", [
    ("docker -H tcp://evil.example:2375 build .", "what `docker -H` runs"),
    ("DOCKER_HOST=ssh://u@h docker ps", "what `$DOCKER_HOST` runs"),
    ("export DOCKER_HOST=tcp://1.2.3.4:2375; docker ps", "what `$DOCKER_HOST` runs"),
    ("CONTAINER_HOST=ssh://u@h podman ps", "what `$CONTAINER_HOST` runs"),
])
def test_a_docker_daemon_at_a_network_address_is_undetermined(envproject, command, what):
    assert_denied(envproject.bash(command, role="open"), "could not determine the command", what)


@pytest.mark.parametrize("command", [
    "docker ps", "docker -H unix:///var/run/docker.sock ps", "DOCKER_HOST=unix:///run/user/1000/docker.sock docker ps",
    "docker run --rm alpine echo hi", "docker build -t app .",
])
def test_a_local_docker_daemon_stays_allowed(envproject, command):
    assert_allowed(envproject.bash(command, role="open"))


def test_a_remote_docker_daemon_is_the_users_own_choice_under_operator(envproject):
    assert_allowed(envproject.bash("docker -H ssh://u@h ps", role="operator"))


@pytest.fixture()
def linked(tmp_path):
    g = GuardSetup(tmp_path, files={".env": "S=1\n", "a.md": "x", "docs/b.md": "y", "~/.ssh/id_rsa": "K"})
    os.symlink(".env", g.path("envlink"))
    os.symlink(g.path("~/.ssh"), g.path("sshdir"))
    return g


@pytest.mark.parametrize("command", [
    "fd -e md -x cat", "fd -e md -X cat", "fd --extension md --exec cat", "fd -e md -e txt -x head -n 3",
    "fd -H -e md -x cat", "fd -e env -x cat", "fd --extension=md -x cat",
])
def test_fd_with_an_extension_hands_a_file_reader_only_those_names(linked, command):
    assert_allowed(linked.bash(command, role="open"))


@pytest.mark.parametrize("command, name, program", [
    ("fd . -x cat", "sshdir", "cat"),  # (no extension: the link's folder is read)
    ("fd -e md -x grep -r K", "sshdir", "grep"),  # (grep -r reads below a folder handed to it)
    ("fd -e md | xargs cat", "sshdir", "cat"),  # (xargs cuts names at blanks)
    ("fd -H -e env -x cat", ".env", "cat"), ("fd -H -e ENV -x cat", ".env", "cat"),
    ("fd -H -e 'e*' -x cat", ".env", "cat"),
    ("fd -L -e md -x wc -l", "sshdir", "wc"),  # (-L: fd enters the linked folder)
])
def test_fd_without_a_narrowing_it_can_read_precisely_still_checks_everything(linked, command, name, program):
    assert_denied(linked.bash(command, role="open"), f"leave out {name}", f"hands it to `{program}`")


def test_fd_hands_over_a_link_whose_own_name_has_the_extension(linked):
    os.symlink(".env", linked.path("notes.md"))
    assert_denied(linked.bash("fd -e md -x cat", role="open"), ".env", "leave out notes.md")
    os.remove(linked.path("notes.md"))
    os.symlink(linked.path("~/.ssh"), linked.path("keys.md"))
    with open(linked.path("~/.ssh/x.md"), "w") as f:
        f.write("k")
    assert_denied(linked.bash("fd -L -e md -x cat", role="open"), ".ssh", "leave out")
    # (without -L fd lists keys.md, a link to a folder, and does not enter it: cat reads nothing)
    assert_allowed(linked.bash("fd -e md -x cat", role="open"))
