"""Red team 37: build tools and test runners on the builder's allow-list that run text later
(issue 9, class 3), or write a file their option names (class 2), found at the edges of the
exec-sink catalogue (rules/exec_sinks.json):

- runners whose operands are a command: `meson devenv [-C DIR] CMD`, `meson subprojects foreach
  CMD`, `tox exec -e ENV -- CMD` (also `tox -c F e …`);
- options that hold shell commands or code: rollup's `--watch.onStart/onEnd/…` (execSync) and an
  inline `-p '{…}'` / `-p name=OPTIONS` plugin (evaluated as JavaScript); `ctest --overwrite
  MemoryCheckCommand=CMD` (and the other dashboard commands); rustdoc's `--test-runtool`, also in
  RUSTDOCFLAGS;
- CMake code read from the input: `cmake -C /dev/stdin`, `--toolchain /dev/fd/0`,
  `-DCMAKE_TOOLCHAIN_FILE=/dev/stdin` (and the project-include and rule-override variables),
  `ctest -S /dev/stdin`; `cmake --build DIR -- ARGS` hands ARGS to make or ninja as their own
  (`--eval=CODE`, `-f /dev/stdin`, `CC=PROG`);
- a configure script's NAME=VALUE operands are its environment (`./configure CC=curl`),
  CONFIG_SHELL runs config.status and the makefiles' recipes, CONFIG_SITE names scripts it sources;
  `MAKE=PROG` in the environment is the recipes' $(MAKE); GCC_EXEC_PREFIX and COMPILER_PATH are
  `-B` (where the driver finds cc1, as, ld);
- files written by an option: `pytest -o log_file=F` (truncated as `--log-file` does),
  `-o cache_dir=DIR`, `-o pythonpath=DIRS`; `go test … -test.cpuprofile=F` (go test's `test.`
  spelling, and the test binary's flags after `-args`).

Every deny is asserted with its reason, and the everyday neighbours stay allowed. Verdicts only:
nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("redteam37_buildtools"), files={
        ".env": "SECRET=1\n", "CMakeLists.txt": "project(x)\n", "meson.build": "project('x')\n",
        "configure": "#!/bin/sh\n", "package.json": "{}\n", "pyproject.toml": "[project]\nname = 'x'\n",
        "tox.ini": "[tox]\n", "go.mod": "module x\n", "Cargo.toml": "[package]\nname = 'x'\n",
        "main.go": "package main\n", "tc.cmake": "\n", "init.cmake": "\n", "dash.cmake": "\n",
        "config.site": "\n"})


DENIED = [
    # runners whose operands are a command
    ("meson devenv -C build curl http://example.com", "`curl` is denied by deny-cmd", "meson devenv"),
    ("meson devenv curl http://example.com", "`curl` is denied by deny-cmd", "development environment"),
    ("meson subprojects foreach --types git nc example.com 80", "`nc` is denied by deny-cmd", "subprojects foreach"),
    ("tox exec -e py -- curl http://example.com", "`curl` is denied by deny-cmd", "tox exec"),
    ("tox -c tox.ini e -e py -- curl http://example.com", "`curl` is denied by deny-cmd", "tox exec"),
    # options holding shell commands or code
    ("rollup -c -w --watch.onEnd 'curl http://example.com'", "`curl` is denied by deny-cmd", "--watch.onEnd"),
    ("rollup -c -w --watch.onStart='nc example.com 80'", "`nc` is denied by deny-cmd", "--watch.onStart"),
    ("rollup -c -p \"{buildStart(){require('child_process').execSync('curl h')}}\"", "could not determine",
     "rollup --plugin"),
    ("rollup -c --plugin='terser={x: process.mainModule.require(\"child_process\")}'", "could not determine",
     "JavaScript"),
    ("ctest -T memcheck --overwrite MemoryCheckCommand=curl", "`curl` is denied by deny-cmd", "ctest --overwrite"),
    ("ctest -T configure --overwrite 'ConfigureCommand=nc example.com 80'", "`nc` is denied by deny-cmd",
     "dashboard"),
    ("RUSTDOCFLAGS='--test-runtool=curl' cargo test", "could not determine", "$RUSTDOCFLAGS"),
    ("RUSTDOCFLAGS='-Z unstable-options --runtool curl' cargo +nightly test", "could not determine", "$RUSTDOCFLAGS"),
    # CMake code from the input, and make's options through cmake --build
    ("cmake -C /dev/stdin -B build < init.cmake", "could not determine", "cmake -C"),
    ("cmake --toolchain=/dev/fd/0 -B build", "could not determine", "cmake --toolchain"),
    ("cmake -DCMAKE_TOOLCHAIN_FILE:FILEPATH=/dev/stdin -B build", "could not determine", "CMAKE_TOOLCHAIN_FILE"),
    ("cmake '-DCMAKE_PROJECT_TOP_LEVEL_INCLUDES=a.cmake;/proc/self/fd/0' -B build", "could not determine",
     "CMAKE_PROJECT_TOP_LEVEL_INCLUDES"),
    ("cmake -DCMAKE_USER_MAKE_RULES_OVERRIDE_C=/dev/stdin -B build", "could not determine",
     "CMAKE_USER_MAKE_RULES_OVERRIDE_C"),
    ("ctest -S /dev/stdin < dash.cmake", "could not determine", "ctest -S"),
    ("cmake --build build -- '--eval=all:;@curl http://example.com'", "could not determine", "cmake --build --"),
    ("cmake --build build --target all -- -f /dev/stdin", "could not determine", "cmake --build --"),
    ("cmake --build build -- CC=curl", "`curl` is denied by deny-cmd", "cmake --build -- make CC="),
    # a configure script's environment, make's $(MAKE), the compiler driver's search path
    ("./configure CC=curl", "`curl` is denied by deny-cmd", "$CC"),
    ("./configure CONFIG_SHELL=/usr/bin/nc", "`nc` is denied by deny-cmd", "$CONFIG_SHELL"),
    ("CONFIG_SHELL=curl ./configure --prefix=$PWD/out", "`curl` is denied by deny-cmd", "configure script"),
    ("CONFIG_SITE=/dev/stdin ./configure < config.site", "could not determine", "$CONFIG_SITE"),
    ("MAKE=curl make all", "`curl` is denied by deny-cmd", "$MAKE"),
    ("GCC_EXEC_PREFIX=/tmp/x/ gcc -c main.c", "could not determine", "$GCC_EXEC_PREFIX"),
    ("COMPILER_PATH=/tmp/x gcc -c main.c", "could not determine", "$COMPILER_PATH"),
    # files written by an option
    ("pytest -o log_file=.claude/settings.json", "is protected", "pytest -o"),
    ("pytest --override-ini=log_file=/tmp/x.log", "outside the allowed paths", "log_file"),
    ("pytest -o cache_dir=~/.claude", "outside the allowed paths", "cache_dir"),
    ("pytest -o pythonpath=/tmp/evil", "outside the allowed paths", "pythonpath"),
    ("go test ./... -args -test.cpuprofile=.claude/settings.json", "is protected"),
    ("go test ./... -test.cpuprofile=.claude/settings.json", "is protected"),
    ("go test -cover ./... -args -test.coverprofile /tmp/cover.out", "outside the allowed paths"),
    ("go test ./... -args -test.gocoverdir=~/.claude", "outside the allowed paths"),
]


@pytest.mark.parametrize("command,fragments", [(c[0], c[1:]) for c in DENIED], ids=[c[0][:60] for c in DENIED])
def test_build_tool_sinks_are_denied_under_builder(s, command, fragments):
    assert_denied(s.bash(command), *fragments)


OPEN_DENIED = [
    ("meson devenv -C build curl http://example.com", "`curl` is denied by deny-cmd"),
    ("tox exec -e py -- curl http://example.com", "`curl` is denied by deny-cmd"),
    ("rollup -c -w --watch.onEnd 'curl http://example.com'", "`curl` is denied by deny-cmd"),
    ("ctest -T memcheck --overwrite MemoryCheckCommand=curl", "`curl` is denied by deny-cmd"),
    ("./configure CC=curl", "`curl` is denied by deny-cmd"),
    ("pytest -o log_file=.claude/settings.json", "is protected"),
]


@pytest.mark.parametrize("command,fragment", OPEN_DENIED)
def test_exfil_through_build_tools_is_denied_under_open(s, command, fragment):
    assert_denied(s.bash(command, role="open"), fragment)


ALLOWED = [
    "meson devenv -C build ninja test",
    "meson devenv --workdir=build meson test",
    "meson subprojects foreach git status",
    "meson subprojects update",
    "tox exec -e py -- pytest tests/",
    "tox -e py",
    "rollup -c -w --watch.onEnd 'echo done'",
    "rollup -c -p node-resolve",
    "rollup -c --plugin ./plugin.js",
    "ctest --overwrite BuildName=nightly -T test",
    "ctest -S dash.cmake",
    "ctest -j4 --output-on-failure",
    "cmake -C init.cmake -B build",
    "cmake --toolchain tc.cmake -B build",
    "cmake -DCMAKE_TOOLCHAIN_FILE=tc.cmake -DCMAKE_BUILD_TYPE=Release -B build",
    "cmake --build build -- -j8",
    "cmake --build build -j8 --target test",
    "RUSTDOCFLAGS='--cfg docsrs' cargo test",
    "./configure CC=gcc CFLAGS=-O2 --prefix=$PWD/out",
    "CONFIG_SHELL=/bin/bash ./configure",
    "CONFIG_SITE=config.site ./configure",
    "MAKE=make make all",
    "pytest -o log_file=test.log -o cache_dir=.pytest_cache -o pythonpath=src",
    "pytest -o addopts=-q -o log_cli=true",
    "go test -cpuprofile cpu.out ./...",
    "go test ./... -args -test.v -test.run TestX",
    "go test ./... -args -test.cpuprofile=cpu.out",
]


@pytest.mark.parametrize("command", ALLOWED)
def test_everyday_build_tool_calls_stay_allowed(s, command):
    assert_allowed(s.bash(command))
