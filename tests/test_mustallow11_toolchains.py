"""Must-allow: Elixir, Swift and Task projects get their everyday commands, and just's listings.

The corpus ran `mix test`, `swift build` and `task test` in projects of those ecosystems: every
one was refused (`mix` is not on the command allow-list), as no toolchain file named them. They
get one each (rules/toolchains/elixir.yaml, swift.yaml, taskfile.yaml), in the same discipline as
the others: the project's own code and declared dependencies; forms that run code the command
line gives, install from a URL, open a REPL or reach another folder's files stay refused.
`just --list` reads only the justfile (a bare `just` stays refused: an entry without arguments
would allow any, `--choose` and `--edit` among them). Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

PROJECTS = {
    "elixir": {"mix.exs": "defmodule App.MixProject do\nend\n", "lib/app.ex": "x\n", "test/app_test.exs": "x\n",
               ".env": "K=1\n"},
    "swift": {"Package.swift": "// swift-tools-version:5.9\n", "Sources/App/main.swift": "x\n", ".env": "K=1\n"},
    "taskfile": {"Taskfile.yml": "version: '3'\n", "main.go": "x\n", ".env": "K=1\n"},
    "just": {"justfile": "test:\n\techo ok\n", "README.md": "x\n"},
}
ALLOWED = {
    "elixir": ["mix deps.get", "mix compile", "mix test", "mix test test/app_test.exs:12", "mix test --trace",
               "mix format", "mix format --check-formatted", "mix credo --strict", "mix dialyzer", "mix docs",
               "mix deps.tree", "mix phx.server", "mix ecto.create", "mix ecto.migrate", "elixir --version",
               "mix --version", "mix test 2>&1 | tail -30", "MIX_ENV=test mix compile --warnings-as-errors"],
    "swift": ["swift build", "swift build -c release", "swift test", "swift test --filter AppTests",
              "swift test --parallel", "swift package resolve", "swift package update", "swift package describe",
              "swift package show-dependencies", "swift package clean", "swift --version", "swiftlint",
              "swift-format -i -r Sources", "swift build 2>&1 | grep error | head"],
    "taskfile": ["task test", "task build", "task lint test", "task --list", "task -a", "task build --force",
                 "task test:unit"],
    "just": ["just test", "just --list", "just -l", "just --summary"],
}
DENIED = {
    "elixir": [("mix cmd cat .env", "forms of `mix`"), ("mix run -e 'IO.puts 1'", "forms of `mix`"),
               ("mix eval 'File.read!(\".env\")'", "forms of `mix`"),
               ("mix archive.install https://example.com/a.ez", "forms of `mix`"),
               ("mix escript.install hex x", "forms of `mix`"), ("iex -S mix", "`iex` is not on the command allow-list"),
               ("mix test && cat .env", "denied by deny-path")],
    "swift": [("swift", "forms of `swift`"), ("swift run", "forms of `swift`"),
              ("swift build --toolchain /tmp/evil", "forms of `swift`"),
              ("swift build -Xswiftc -load-plugin-library -Xswiftc /tmp/x.dylib", "forms of `swift`"),
              ("swift package plugin --allow-writing-to-package-directory format", "forms of `swift`"),
              ("swift package init --type executable --name x", "forms of `swift`")],
    "taskfile": [("task", "forms of `task`"), ("task test -d /tmp/x", "forms of `task`"),
                 ("task build --taskfile=/tmp/x.yml", "forms of `task`"), ("task --dir /tmp test", "forms of `task`")],
    "just": [("just", "forms of `just`"), ("just --choose", "forms of `just`"), ("just --edit", "forms of `just`"),
             ("just -c 'cat .env'", "forms of `just`")],
}


@pytest.fixture(scope="module")
def setups(tmp_path_factory):
    from legant_guard import guarddir

    out = {}
    for name, files in PROJECTS.items():
        setup = out[name] = GuardSetup(tmp_path_factory.mktemp("mustallow11_" + name), files=files)
        guarddir.init_guard_dir(setup.dir, setup.project, 8 * 3600)  # (tokens minted after the files exist)
    return out


@pytest.mark.parametrize("ecosystem, command", [(e, c) for e, cmds in ALLOWED.items() for c in cmds])
def test_everyday_commands_of_the_ecosystem_are_allowed(setups, ecosystem, command):
    assert_allowed(setups[ecosystem].bash(command))


@pytest.mark.parametrize("ecosystem, command, reason", [(e, c, r) for e, cases in DENIED.items() for c, r in cases])
def test_their_dangerous_forms_stay_denied(setups, ecosystem, command, reason):
    assert_denied(setups[ecosystem].bash(command), reason)


@pytest.mark.parametrize("ecosystem, command", [("elixir", "swift build"), ("swift", "mix test"), ("swift", "task test"),
                                                 ("elixir", "task test")])
def test_a_toolchain_is_granted_only_where_its_files_are(setups, ecosystem, command):
    assert_denied(setups[ecosystem].bash(command), "not on the command allow-list")


def test_the_new_toolchains_are_detected_from_their_files(tmp_path):
    from legant_guard import toolchains

    for filename, name in (("mix.exs", "elixir"), ("Package.swift", "swift"), ("Taskfile.yml", "taskfile")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / filename).write_text("")
        assert [n for n, _ in toolchains.detect(str(folder))] == [name]
