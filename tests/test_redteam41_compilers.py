"""Red team 41 on red team 37's include folders (hook/includedirs.py): the options a compiler
driver hands on by other ways than its own words.

- `-Wl,A,B`, `-Wp,A,B`, `-Wa,A,B` split at the commas reach the linker, preprocessor and
  assembler: `gcc -Wl,-Map=opencode.json x.c`, `-Wl,-o,opencode.json`, `-Wp,-MD,.claude/settings.json`,
  `-Wa,-adhln=opencode.json` wrote an agent's hook config, and `-Wp,-include,~/.netrc -E`,
  `-Wp,-I,~` read past the deny rules (shell/programoperands.passed_on, includedirs);
- a response file (`gcc @flags.rsp x.c`: its words stand in place of `@flags.rsp`) holding
  `-include ~/.netrc -E` or `-I ~ -include .netrc` printed the file: its include folders, the
  files it includes and its sources are judged as on the command line, and an option there that
  names a file the compiler writes (`-o`, `-MF`, `-Wl,…`) is undetermined.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt41c"), files={
        "Makefile": "all:\n", "x.c": "int x;\n", "inc/a.h": "\n", "~/.netrc": "machine h password p\n",
        "ok.rsp": "-Iinc -DX=1 -O2 -Wall -Wextra x.c\n", "w.rsp": "-o opencode.json x.c\n",
        "w2.rsp": "-c x.c -Wl,-Map=out.map\n", "r4.rsp": "-E .env\n", ".env": "S=1\n"})
    for name, text in (("r.rsp", "-E -include %s/.netrc x.c\n"), ("r2.rsp", "-E -I%s -include .netrc x.c\n"),
                       ("r3.rsp", "-E '%s/.netrc'\n")):
        with open(setup.path(name), "w") as f:
            f.write(text % setup.home)
    return setup


@pytest.mark.parametrize("command, fragment", [
    ("gcc -Wl,-Map=opencode.json x.c", "opencode.json is protected"),
    ("gcc -Wl,-o,opencode.json x.c", "opencode.json is protected"),
    ("gcc -Wp,-MD,opencode.json -c x.c", "opencode.json is protected"),
    ("gcc -Wp,-MF,opencode.json -M x.c", "opencode.json is protected"),
    ("gcc -c x.c -Wp,-MD,.claude/settings.json", ".claude/settings.json"),
    ("gcc -Wa,-adhln=opencode.json -c x.c", "opencode.json is protected"),
    ("clang -Wl,-Map=opencode.json x.c", "opencode.json is protected"),
])
def test_words_handed_on_that_write(g, command, fragment):
    assert_denied(g.bash(command), fragment)


@pytest.mark.parametrize("command, fragment", [
    ("gcc -E -Wp,-include,$HOME/.netrc x.c", "named by the preprocessor"),
    ("gcc -E -Wp,-imacros,~/.netrc x.c", "named by the preprocessor"),
    ("clang -E -Wp,-include,.env x.c", "named by the preprocessor"),
    ("gcc -E -Xpreprocessor -include -Xpreprocessor .env x.c", ".env"),
    ("gcc -E -Wp,-I,~ x.c", "looks for the files its sources and `-include` name in"),
    ("gcc @r.rsp", "named by the preprocessor"),
    ("gcc @r2.rsp", "looks for the files its sources and `-include` name in"),
    ("gcc @r3.rsp", "named by its response file r3.rsp"),
    ("gcc @r4.rsp", "named by its response file r4.rsp"),
])
def test_reads_named_by_other_ways(g, command, fragment):
    assert_denied(g.bash(command), fragment, "deny-path")


@pytest.mark.parametrize("command, fragment", [
    ("gcc @w.rsp", "holds `-o`"),
    ("gcc @w2.rsp", "holds `-Wl,-Map=out.map`"),
])
def test_response_file_that_names_a_written_file(g, command, fragment):
    assert_denied(g.bash(command), "could not determine the command", fragment)


@pytest.mark.parametrize("command", [
    "gcc @ok.rsp -o app", "clang @ok.rsp -c", "gcc @missing.rsp x.c", "gcc -Wl,--as-needed x.c -o app",
    "gcc -Wl,-Map=out.map x.c -o app", "gcc -Wp,-MD,deps.d -c x.c", "gcc -Iinc -include inc/a.h -c x.c",
    "gcc -Xpreprocessor -DX=1 -c x.c", "gcc x.c -lm -o app",
])
def test_everyday_compiler_lines_stay_allowed(g, command):
    assert_allowed(g.bash(command))
