"""Red team 7 (issue 9, class 3): compiler drivers and the Go linker run programs named in flags.

`go build -ldflags=-extld=PROG` links with PROG; `gcc -wrapper PROG`, `--ld-path=PROG`, `-B DIR`,
`-fplugin=`, `-specs=` run programs (or load code) the flags name, and the same flags reach the
driver through CFLAGS/LDFLAGS/CGO_*FLAGS (environment or make variables) and go's
`-extldflags`. PKG_CONFIG and GCCGO name programs go runs. Each is an exec sink: a named program
meets the allow-list and deny-cmd, a folder or plugin is undetermined."""

import pytest

from conftest import assert_allowed, assert_denied


@pytest.mark.parametrize("command, sink", [
    ("go build -ldflags=-extld=curl ./...", "go -ldflags -extld"),
    ("go build -ldflags \"-extld=curl\" ./...", "go -ldflags -extld"),
    ("go build -ldflags \"-extld curl\" ./...", "go -ldflags -extld"),
    ("go build -ldflags='-linkmode external -extld \"curl -x\"' ./...", "go -ldflags -extld"),
    ("GOFLAGS=-ldflags=-extld=curl go build ./...", "go -ldflags -extld"),
    ("gcc -wrapper curl,-x a.c", "gcc -wrapper"),
    ("gcc --ld-path=/usr/bin/curl a.c", "gcc --ld-path"),
    ("PKG_CONFIG=curl go build", "$PKG_CONFIG"),
    ("GCCGO=curl go build -compiler gccgo", "$GCCGO"),
])
def test_a_program_named_in_a_flag_meets_deny_cmd(guard_setup, command, sink):
    assert_denied(guard_setup.bash(command), "`curl", f"run later by `{sink}`")


@pytest.mark.parametrize("command, sink", [
    ("go build -ldflags='-extldflags \"-wrapper curl\"' ./...", "go -ldflags -extldflags"),
    ("go build -ldflags='-extldflags=-B/tmp/x' ./...", "go -ldflags -extldflags"),
    ("go build -ldflags=@flags.txt ./...", "go -ldflags"),
    ("go build -gccgoflags='-wrapper curl' ./...", "go -gccgoflags"),
    ("cc -B/tmp/x a.c", "cc -B"),
    ("clang -B /tmp/x a.c", "clang -B"),
    ("gcc -fplugin=./x.so a.c", "gcc -fplugin"),
    ("gcc -specs=x a.c", "gcc -specs"),
    ("gcc -fuse-ld=/tmp/x a.c", "gcc -fuse-ld"),
    ("CFLAGS=\"-wrapper curl\" make", "$CFLAGS"),
    ("make CFLAGS=\"-wrapper curl\"", "$CFLAGS"),
    ("CGO_LDFLAGS=\"-wrapper curl\" go build", "$CGO_LDFLAGS"),
    ("export LDFLAGS=-B/tmp/x; make", "$LDFLAGS"),
])
def test_flags_that_run_code_are_undetermined(guard_setup, command, sink):
    assert_denied(guard_setup.bash(command), "could not determine the command", f"`{sink}`")


@pytest.mark.parametrize("command", [
    "go build -ldflags '-extldflags \"-static\"' ./...",
    "go build -ldflags=\"-s -w -X main.v=1\" ./...",
    "gcc -fuse-ld=lld a.c",
    "gcc -O2 -DBUILD=1 -Wall a.c -o a",
    "gcc -I include -L lib a.c -lm",
    "CFLAGS=\"-O2 -g\" make",
    "make CFLAGS=-O2",
    "CGO_ENABLED=0 go build ./...",
])
def test_everyday_build_flags_stay_allowed(guard_setup, command):
    assert_allowed(guard_setup.bash(command))
