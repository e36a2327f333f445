"""Red team 41: what the toolchains that landed today (Rails tasks, Prisma, mix, Swift) let run.

- `rails TASK ...` is rake's command line (Rails' RakeCommand: `rake.init("rails", [task, *args])`):
  `rails db:migrate -e CODE` (`-p`, `-E`, `--execute...`) evaluates Ruby code as `rake -e` does,
  and the ruby toolchain allowed it as `rails db:migrate ...` (shell/railstasks.py). Rails' own
  commands read `-e` as the environment (`rails server -e production`): allowed.
- Variables naming the code or program these tools load: Prisma's engine library and binaries
  (PRISMA_QUERY_ENGINE_LIBRARY ...), mix's MIX_EXS (the mix.exs it evaluates: a path), MIX_ARCHIVES,
  MIX_PATH, SwiftPM's SWIFT_EXEC/SWIFT_EXEC_MANIFEST (the compiler it runs).
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt41t"), files={
        "Gemfile": "source 'https://rubygems.org'\n", "Rakefile": "", "mix.exs": "defmodule X do end\n",
        "Package.swift": "// swift-tools-version:5.9\n", "package.json": '{"name": "x"}\n', ".env": "S=1\n"})


@pytest.mark.parametrize("command, option", [
    ("rails db:migrate -e 'puts File.read(\".env\")'", "rails -e"),
    ("rails db:migrate -E 'system(\"id\")'", "rails -E"),
    ("rails db:seed --execute-print 'x'", "rails --execute-print"),
    ("rails db:migrate --exec 'x'", "rails --execute"),
    ("rails db:seed -eputs", "rails -e"),
    ("bin/rails db:migrate -p 'x'", "rails -p"),
    ("bundle exec rails db:rollback -e 'x'", "rails -e"),
    ("rails db:migrate RAILS_ENV=test -e 'x'", "rails -e"),
])
def test_rails_task_hands_rake_its_code_options(g, command, option):
    assert_denied(g.bash(command), "could not determine the command", option, "runs this Ruby code")


@pytest.mark.parametrize("command", [
    "rails db:migrate",
    "rails db:migrate RAILS_ENV=test --trace",
    "rails db:rollback STEP=2",
    "rails db:migrate VERSION=20240101000000",
    "rails s -e production",
    "rails server -e production -p 3001",
    "rails test -e test",
    "rails g model User name:string",
    "rails routes -g users",
    "rails about",
])
def test_rails_everyday_stays_allowed(g, command):
    assert_allowed(g.bash(command))


@pytest.mark.parametrize("command, name", [
    ("PRISMA_SCHEMA_ENGINE_BINARY=/tmp/x npx prisma migrate dev", "PRISMA_SCHEMA_ENGINE_BINARY"),
    ("PRISMA_QUERY_ENGINE_LIBRARY=./x.so npx prisma generate", "PRISMA_QUERY_ENGINE_LIBRARY"),
    ("PRISMA_QUERY_ENGINE_BINARY=./qe npx prisma generate", "PRISMA_QUERY_ENGINE_BINARY"),
    ("MIX_ARCHIVES=/tmp/a mix test", "MIX_ARCHIVES"),
    ("export MIX_PATH=/tmp/p; mix compile", "MIX_PATH"),
])
def test_variables_naming_code_these_tools_load(g, command, name):
    assert_denied(g.bash(command), "$" + name, "load code or settings")


def test_mix_exs_of_another_folder(g):
    """MIX_EXS names the mix.exs mix evaluates: a file of another folder is judged as a path."""
    assert_denied(g.bash("MIX_EXS=/tmp/x.exs mix test"), "MIX_EXS=/tmp/x.exs", "outside the allowed paths")
    assert_allowed(g.bash("MIX_EXS=mix.exs mix compile"))


@pytest.mark.parametrize("command, name", [
    ("SWIFT_EXEC=./evilcc swift build", "SWIFT_EXEC"),
    ("SWIFT_EXEC_MANIFEST=/tmp/x swift build", "SWIFT_EXEC_MANIFEST"),
])
def test_swift_compiler_variables_name_a_program(g, command, name):
    assert_denied(g.bash(command), "not on the command allow-list", "$" + name)


@pytest.mark.parametrize("command", [
    "npx prisma generate", "npx prisma migrate dev --name init", "MIX_ENV=test mix test", "mix test --cover",
    "swift build -c release", "swift test --filter T",
])
def test_toolchain_neighbours_stay_allowed(g, command):
    assert_allowed(g.bash(command))
