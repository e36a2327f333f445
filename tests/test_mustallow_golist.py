"""Must-allow: `go test $(go list ./... | grep -v /vendor/)` (the CI idiom that leaves packages
out) is judged as `go test ./...` (hook/precision.py): `go list ./PATTERN/...` without options
prints import paths of the module's own packages, never a file, and grep only drops lines.

It was refused as an undetermined operand under path rules. The neighbours stay refused: a
listing that prints folders (`-f '{{.Dir}}'`), rewrites names (sed), reaches above the project,
hides another command in the substitution, or feeds a program that is not a go package user.
Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("mustallow_golist"), files={
        "go.mod": "module example.com/app\n\ngo 1.22\n", "main.go": "package main\n", ".env": "K=1\n",
        "internal/server/server.go": "package server\n", "vendor/x/x.go": "package x\n"})


ALLOWED = [
    "go test $(go list ./... | grep -v /vendor/)",
    "go test $(go list ./...)",
    "go test -race -count=1 $(go list ./... | grep -v integration)",
    "go vet $(go list ./internal/... | grep -v -e mock)",
    "go build $(go list ./...)",
]


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", ALLOWED)
def test_the_module_packages_go_list_prints_are_allowed(s, command, role):
    assert_allowed(s.bash(command, role=role))


DENIED = [
    ("go test $(go list -f '{{.Dir}}' ./...)", "could not determine"),
    ("go test $(go list ./... | sed s/a/b/)", "could not determine"),
    ("go test $(go list ./... | grep -v x; cat .env)", "deny-path"),
    ("go test $(go list ./... | grep -v $(cat .env))", "deny-path"),
    ("cat $(go list ./...)", "could not determine"),
]


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command, reason", DENIED)
def test_other_listings_stay_denied(s, command, reason, role):
    assert_denied(s.bash(command, role=role), reason)


def test_a_listing_above_the_project_stays_denied(s):
    assert_denied(s.bash("go test $(go list ../...)", role="open"), "could not determine")
    assert_denied(s.bash("go test $(go list ../...)"), "outside the allowed paths")
    assert_denied(s.bash("go run $(go list ./...)", role="open"), "could not determine")
