"""Residuals 6 (issue 9, class 1/5): options that move a program to another folder before it reads
its operands, left open by the lead after `make -C`.

`go -C DIR build -o OUT` writes DIR/OUT (go changes to DIR first; -C only as its first flag), and
`ninja -C DIR TARGET` builds DIR/TARGET; both were judged from the working folder, so `go -C
~/.local/bin build -o claude` planted a shadowing `claude` that the guard saw as ./claude. Their
siblings (cargo -C, pnpm --dir, yarn/bun --cwd, uv --directory, poetry -C, scons -C, meson -C,
task -d, gradle -p) are read the same way (shell/operands.directory_operands).
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("dirs"), files={"sub/": "", "build/": "", "cmd/main.go": "package main\n",
                                                               "~/.local/bin/": ""})


@pytest.mark.parametrize("command", [
    "go -C ~/.local/bin build -o claude ./cmd",
    "go -C=~/.local/bin build -o claude",
    "go --C ~/.local/bin build -o codex .",
    "go -C sub build -o ../../home/.local/bin/claude",
    "go -C \"sub\" build -o '../../home/.local/bin/'claude",
    "cd sub && go -C ../build build -o ../../home/.local/bin/claude",
    "env -C sub go -C ../build build -o ../../home/.local/bin/claude",
    "bash -c 'go -C ~/.local/bin build -o claude'",
    "ninja -C ~/.local/bin claude",
    "ninja -C~/.local/bin claude",
    "ninja -j 4 -C sub ../../home/.local/bin/claude",
    "sudo ninja -C ~/.local/bin claude",
    "scons -C ~/.local/bin claude",
])
def test_the_output_is_judged_in_the_folder_the_program_moves_to(setup, command):
    assert_denied(setup.bash(command, role="open"), "claude" if "codex" not in command else "codex",
                  "guard's own installation")


@pytest.mark.parametrize("command", [
    "go -C sub build -o ../.claude/settings.json",
    "ninja -C sub ../.claude/settings.json",
    "ninja -C build -f ../.claude/settings.json",
    "pnpm --dir sub exec cp x ../.claude/settings.json",
])
def test_a_hook_config_reached_from_the_moved_folder_is_protected(setup, command):
    assert_denied(setup.bash(command, role="open"), "protected")


@pytest.mark.parametrize("command", ["go -C \"$D\" build -o claude", "ninja -C \"$D\" all", "go -C $(cat dir.txt) build -o claude"])
def test_a_folder_built_at_run_time_is_undetermined(setup, command):
    assert_denied(setup.bash(command, role="open"), "could not determine")


@pytest.mark.parametrize("command", [
    "go -C sub build -o out ./...", "go -C sub test ./...", "go -C build version", "go build -o bin/app ./cmd",
    "ninja -C build", "ninja -C build -t clean", "ninja -j 4 -C build all", "ninja -C build -f build.ninja",
    "yarn --cwd sub build", "pnpm --dir sub install", "uv --directory=sub sync", "poetry -C sub install",
    "gradle -p sub build", "meson -C build", "cargo -C sub build",
])
def test_everyday_folder_options_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))


@pytest.mark.parametrize("command", ["ninja -C build", "ninja -C build all", "go build ./..."])
def test_builder_keeps_its_everyday_builds(setup, command):
    assert_allowed(setup.bash(command, role="builder"))
