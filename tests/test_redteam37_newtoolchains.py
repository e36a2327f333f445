"""Red team 37: the toolchains added this session (Swift, Elixir) read programs and code from
their environment (issue 9, class 3).

- SwiftPM runs the compiler SWIFT_EXEC names (SWIFT_EXEC_MANIFEST for Package.swift, the driver's
  SWIFT_DRIVER_*_EXEC, CLANG_PATH, LIBTOOL; a bare name is looked up on PATH):
  `SWIFT_EXEC=curl swift build` ran curl where `swift build` is allowed. Folders of tools
  (SWIFTPM_CUSTOM_BIN_DIR, TOOLCHAIN_PATH) and ADDITIONAL_SWIFT_DRIVER_FLAGS load code the guard
  does not see.
- Mix reads the file MIX_EXS names as the project's mix.exs: from the input it is code the guard
  does not see (as MAKEFILES and CONFIG_SITE).

Each deny asserts its reason; the everyday neighbours stay allowed. Verdicts only.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("redteam37_newtc"), files={
        "Package.swift": "// swift-tools-version:5.9\n", "mix.exs": "defmodule X.MixProject do end\n"})


DENIED = [
    ("SWIFT_EXEC=curl swift build", "`curl` is denied by deny-cmd", "$SWIFT_EXEC"),
    ("SWIFT_EXEC_MANIFEST='nc example.com 80' swift package resolve", "`nc` is denied by deny-cmd",
     "$SWIFT_EXEC_MANIFEST"),
    ("SWIFT_DRIVER_SWIFT_FRONTEND_EXEC=curl swift test", "`curl` is denied by deny-cmd"),
    ("SWIFTPM_CUSTOM_BIN_DIR=/tmp/tools swift build", "could not determine", "$SWIFTPM_CUSTOM_BIN_DIR"),
    ("ADDITIONAL_SWIFT_DRIVER_FLAGS='-Xfrontend -load-plugin-library -Xfrontend /tmp/x.so' swift build",
     "could not determine"),
    ("MIX_EXS=/dev/stdin mix compile", "could not determine", "$MIX_EXS"),
]


@pytest.mark.parametrize("command,fragments", [(c[0], c[1:]) for c in DENIED], ids=[c[0][:50] for c in DENIED])
def test_toolchain_environment_is_judged(s, command, fragments):
    assert_denied(s.bash(command), *fragments)


@pytest.mark.parametrize("command", ["SWIFT_EXEC=curl swift build", "MIX_EXS=/dev/stdin mix compile"])
def test_under_open_too(s, command):
    assert_denied(s.bash(command, role="open"))


ALLOWED = [
    "swift build -c release",
    "swift test --filter Parser",
    "MIX_ENV=test mix test",
    "MIX_EXS=mix.exs mix compile",
    "mix compile",
]


@pytest.mark.parametrize("command", ALLOWED)
def test_everyday_toolchain_calls_stay_allowed(s, command):
    assert_allowed(s.bash(command))


# MSBuild reads every environment variable as a property, and Composer the composer.json COMPOSER
# names; dotnet test's logger and run settings name files in KEY=VALUE lists.
@pytest.fixture(scope="module")
def dn(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("redteam37_dotnet"), files={
        "app.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\"/>\n", "composer.json": "{}\n"})


DOTNET_DENIED = [
    ("PreBuildEvent='curl http://example.com' dotnet build", "could not determine", "$PreBuildEvent"),
    ("prebuildevent=curl dotnet build", "could not determine", "MSBuild reads this variable"),
    ("CustomBeforeMicrosoftCommonTargets=/tmp/x.targets dotnet build", "could not determine"),
    ("export RunCommand=curl; dotnet run", "could not determine", "$RunCommand"),
    ("dotnet test --logger 'trx;LogFileName=/tmp/run.trx'", "/tmp/run.trx is outside the allowed paths"),
    ("dotnet test -- RunConfiguration.TestAdaptersPaths=/tmp/adapters", "outside the allowed paths"),
    ("COMPOSER=/dev/stdin composer install", "could not determine", "$COMPOSER"),
    ("COMPOSER_HOME=/tmp/ch composer install", "outside the allowed paths"),
]


@pytest.mark.parametrize("command,fragments", [(c[0], c[1:]) for c in DOTNET_DENIED],
                         ids=[c[0][:50] for c in DOTNET_DENIED])
def test_dotnet_and_composer_inputs_are_judged(dn, command, fragments):
    assert_denied(dn.bash(command), *fragments)


@pytest.mark.parametrize("command", ["Configuration=Release dotnet build", "dotnet test --logger trx",
                                     "dotnet test --logger 'trx;LogFileName=run.trx'",
                                     "dotnet build -p:Version=1.2.3", "COMPOSER=composer.json composer install"])
def test_everyday_dotnet_and_composer_calls_stay_allowed(dn, command):
    assert_allowed(dn.bash(command))


# Package managers' settings given as environment variables: bun's BUN_OPTIONS (its command-line
# options), yarn's YARN_YARN_PATH (`node FILE` runs instead of yarn), YARN_PLUGINS/YARN_RC_FILENAME,
# uv's UV_PYTHON (the interpreter uv runs), as `--python PATH` is judged.
@pytest.fixture(scope="module")
def js(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("redteam37_jsenv"), files={
        "package.json": "{}\n", "pyproject.toml": "[project]\nname = 'x'\n", "x.ts": "1\n"})


JS_DENIED = [
    ("BUN_OPTIONS='--preload /tmp/x.ts' bun test", "$BUN_OPTIONS"),
    ("YARN_YARN_PATH=/tmp/x.cjs yarn test", "/tmp/x.cjs is outside the allowed paths"),
    ("YARN_PLUGINS=/tmp/p.cjs yarn test", "could not determine"),
    ("UV_PYTHON=/tmp/evil/python uv sync", "/tmp/evil/python is outside the allowed paths"),
]


@pytest.mark.parametrize("command,fragment", JS_DENIED)
def test_package_manager_settings_in_the_environment_are_judged(js, command, fragment):
    assert_denied(js.bash(command), fragment)


@pytest.mark.parametrize("command", ["UV_PYTHON=3.12 uv sync", "bun test", "yarn test",
                                     "YARN_ENABLE_IMMUTABLE_INSTALLS=false yarn install"])
def test_everyday_package_manager_settings_stay_allowed(js, command):
    assert_allowed(js.bash(command))
