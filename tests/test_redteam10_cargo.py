"""Red team 10: `cargo --config` after the subcommand.

`cargo build --config build.rustc-wrapper=curl` and `cargo run --config 'target.<triple>.runner="curl"'`
run curl; the builder's rust toolchain allows `cargo build ...`/`cargo run ...` with any words, so
both were allowed (only `cargo --config ... build` before the subcommand missed the forms). A
`--config` value is cargo configuration (runner, wrappers, linker, aliases, build scripts'
environment, or a whole file): code, except a few settings that run nothing. Verdicts only.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt10cargo"), files={"Cargo.toml": "[package]\nname='x'\n"})


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", [
    "cargo build --config build.rustc-wrapper=curl",
    "cargo run --config 'target.x86_64-unknown-linux-gnu.runner=\"curl\"'",
    "cargo test --config=alias.t=x",
    "cargo build --config .cargo/other.toml",
    "cargo --config build.rustc-wrapper=curl build",
])
def test_cargo_config_values_are_code(setup, command, role):
    assert_denied(setup.bash(command, role=role), "cargo --config")


@pytest.mark.parametrize("command", ["cargo build --config build.jobs=4", "cargo build", "cargo test --release"])
def test_cargo_without_program_settings_stays_allowed(setup, command):
    assert_allowed(setup.bash(command, role="builder"))
