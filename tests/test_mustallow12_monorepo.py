"""Must-allow round 12: a monorepo's services two folders down get their toolchains.

The builder's toolchains are chosen from the files the project holds (toolchains.detect), which
looked in the root and one folder below it. A monorepo keeps its services one level deeper
(`services/api/Cargo.toml`, `apps/worker/go.mod`, `packages/web/package.json` beside a Python
root): `cargo test` and `cd services/api && cargo build` were refused as off the allow-list in
a repository that is plainly a Rust one. Detection now goes two folders down, breadth first,
within the same entry budget and never into node_modules, vendor, target, build, dist, venv or
a dot-folder. It runs when the token is minted, never on the hook's path.

The neighbours: a manifest three folders down, or inside a skipped folder (a dependency's own
Cargo.toml in node_modules), grants nothing; a toolchain the project does not show stays off
the list. Verdicts only: nothing is executed.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


def _project(root, files):
    from legant_guard import guarddir

    setup = GuardSetup(root, files=files)
    guarddir.init_guard_dir(setup.dir, setup.project, 8 * 3600)  # tokens minted after the files exist
    return setup


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return _project(tmp_path_factory.mktemp("mustallow12_mono"), {
        "pyproject.toml": "[project]\nname='root'\n", "services/api/Cargo.toml": "[package]\nname='api'\n",
        "services/api/src/main.rs": "fn main(){}\n", "apps/worker/go.mod": "module w\n",
        "node_modules/dep/mix.exs": "", "a/b/c/Gemfile": ""})


def test_detection_reaches_two_folders_down_but_not_three_nor_into_dependencies(tmp_path):
    from legant_guard import toolchains

    for name in ("services/api/Cargo.toml", "node_modules/x/go.mod", "vendor/y/pom.xml", ".cache/z/mix.exs",
                 "a/b/c/Gemfile"):
        os.makedirs(os.path.dirname(tmp_path / name), exist_ok=True)
        (tmp_path / name).write_text("")
    assert toolchains.detect(str(tmp_path)) == [("rust", os.path.join("services", "api", "Cargo.toml"))]


@pytest.mark.parametrize("command", [
    "cargo test", "cd {p}/services/api && cargo build --release 2>&1 | tail -20",
    "cargo clippy --manifest-path services/api/Cargo.toml -- -D warnings",
    "cd {p}/apps/worker && go test ./... -count=1", "go vet ./apps/worker/...",
    "cd {p} && uv run pytest -q",
])
def test_the_services_toolchains_are_granted(s, command):
    assert_allowed(s.bash(command.replace("{p}", s.project)))


@pytest.mark.parametrize("command, reason", [
    # shown only three folders down, or inside a dependency: not granted
    ("bundle exec rspec", "`rspec` is not on the command allow-list"),
    ("mix test", "`mix` is not on the command allow-list"),
    # a granted toolchain's forms still hold: a package named on the command line
    ("cargo install ripgrep", "`cargo install ripgrep` is not on the command allow-list"),
    ("go install ./apps/worker", "not on the command allow-list"),
])
def test_the_neighbours_stay_denied(s, command, reason):
    assert_denied(s.bash(command), reason)
