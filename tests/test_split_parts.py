"""The shell modules split into a core and parts that load when a command needs them
(shell/words.py + expansion.py, state.py + scope.py, sinks.py + its topics, operands.py + its
programs): a plain command loads none of the parts, and every moved name is still reachable
from the module it left, as the very object of its part."""

import importlib
import json
import subprocess
import sys

import pytest

from legant_guard.agents import common
from legant_guard.hook import commandrules
from legant_guard.shell import operands, sinks, words

from conftest import GuardSetup

PARTS = ["legant_guard.shell." + p for p in (
    "state", "expansion", "gitsinks", "envsinks", "interpsinks", "operandsinks", "findxargs", "programoperands",
    "versions", "arith", "codetripwires", "packagerunners", "pidlists")] + [
    "legant_guard.agents.toolarguments", "legant_guard.agents.patchfiles", "legant_guard.hook.sedscripts",
    "legant_guard.hook.copytargets", "legant_guard.hook.searchtools", "legant_guard.hook.patchtext",
    "legant_guard.hook.linkedtwins", "legant_guard.hook.sessionenv", "legant_guard.hook.unnamedwrites",
    "legant_guard.hook.shellwrites", "legant_guard.hook.configwrites", "legant_guard.hook.findlisting",
    "legant_guard.hook.numericvalues",
    "legant_guard.hook.worktrees",
    "legant_guard.hook.containermounts", "legant_guard.hook.startupcommands", "legant_guard.hook.searchlisting",
    "legant_guard.hook.outershell", "legant_guard.hook.startuptext", "legant_guard.hook.agentflags",
    "legant_guard.hook.readscope", "legant_guard.hook.toolpaths", "legant_guard.hook.globrules",
    "legant_guard.hook.resolvedwords", "legant_guard.hook.hostrules", "legant_guard.hook.timewindow",
    "legant_guard.shell.zshcode", "legant_guard.hook.formhints", "legant_guard.hook.projectmodules",
    "legant_guard.hook.credshapes", "legant_guard.shell.railstasks", "legant_guard.hook.includedirs",
    "legant_guard.agents.batchcalls", "legant_guard.shell.giteditors", "legant_guard.hook.netsends",
    "legant_guard.hook.loopnames", "legant_guard.hook.gitstaging"]


@pytest.mark.parametrize("module", [sinks, operands, common, commandrules])
def test_every_moved_name_is_its_parts_object(module):
    for part, names in module._PARTS.items():
        loaded = importlib.import_module(module.__name__.rpartition(".")[0] + "." + part)
        for name in names:
            assert name not in vars(module), name  # (moved, not copied)
            assert getattr(module, name) is getattr(loaded, name), name


def test_the_expansion_names_are_reachable_from_words():
    from legant_guard.shell import expansion
    from legant_guard.shell.words import brace_expand, unescape_printf

    assert brace_expand is expansion.brace_expand and unescape_printf is expansion.unescape_printf
    assert [e for e in brace_expand("a{b,c}")] == ["ab", "ac"]


@pytest.mark.parametrize("module", [sinks, operands, words, common, commandrules])
def test_a_name_no_part_holds_is_an_attribute_error(module):
    with pytest.raises(AttributeError):
        module.no_such_name
    assert not hasattr(module, "__wrapped__")


_HOOK_IN_A_PROCESS = """
import io, json, os, sys
from legant_guard.hook.check import run_check
env, project, event, args = json.loads(sys.argv[1])
err = io.StringIO()
code = run_check(args, stdin=io.BytesIO(json.dumps(event).encode()), stdout=io.StringIO(), stderr=err, env=env,
                 cwd=project)
print(code, err.getvalue().replace(chr(10), " "))
print(" ".join(m for m in %r if m in sys.modules))
""" % (PARTS,)


def _loaded_parts(tmp_path, tool, tool_input, role="builder", agent=None):
    """The parts the whole hook loads deciding one event, in a fresh process; and its verdict."""
    setup = GuardSetup(tmp_path, files={"src/main.go": "package main\n", "Makefile": "test:\n\ttrue\n"})
    arg = json.dumps([setup.env(role), setup.project, setup.event(tool, tool_input), ["--agent", agent] if agent else []])
    out = subprocess.run([sys.executable, "-I", "-c", _HOOK_IN_A_PROCESS, arg], capture_output=True, text=True,
                         timeout=60, cwd=setup.project)
    assert out.returncode == 0, out.stderr
    verdict, loaded = (out.stdout.split("\n") + [""])[:2]
    return verdict, loaded.split()


@pytest.mark.parametrize("tool, tool_input", [
    ("Bash", {"command": "ls -la src && make test | tail -n 5 > out.txt"}),
    ("Read", {"file_path": "src/main.go"}),
    ("Write", {"file_path": "src/new.go", "content": "package main\n"}),
    ("Bash", {"command": "curl http://127.0.0.1:9/"}),
])
def test_an_everyday_call_loads_none_of_the_parts(tmp_path, tool, tool_input):
    verdict, loaded = _loaded_parts(tmp_path, tool, tool_input)
    assert verdict.startswith("2 Legant: ") if "curl" in str(tool_input) else verdict == "0 "
    assert loaded == [], verdict


@pytest.mark.parametrize("tool, tool_input, part", [
    ("Bash", {"command": "cd src && ls"}, "legant_guard.shell.state"),
    ("Bash", {"command": "ls ~/x"}, "legant_guard.shell.expansion"),
    ("Bash", {"command": "git -c core.pager=less log"}, "legant_guard.shell.gitsinks"),
    ("Bash", {"command": "GIT_PAGER=less git log"}, "legant_guard.shell.envsinks"),
    ("Bash", {"command": "python -c 'print(1)'"}, "legant_guard.shell.interpsinks"),
    ("Bash", {"command": "find . -name x -exec cat {} +"}, "legant_guard.shell.findxargs"),
    ("Bash", {"command": "chmod 600 src/main.go"}, "legant_guard.shell.programoperands"),
    ("Bash", {"command": "cp src/main.go src/b.go"}, "legant_guard.hook.copytargets"),
    ("Bash", {"command": "sed -i s/a/b/ src/main.go"}, "legant_guard.hook.sedscripts"),
    ("Bash", {"command": "pnpm cowsay"}, "legant_guard.shell.packagerunners"),
    ("Bash", {"command": "rails db:migrate"}, "legant_guard.shell.railstasks"),
    ("Grep", {"pattern": "x", "path": "src"}, "legant_guard.hook.searchtools"),
    ("mcp__fs__read_file", {"path": "src/main.go"}, "legant_guard.agents.toolarguments"),
    ("mcp__fs__write_file", {"path": ".cargo/config.toml", "text": "[build]\n"}, "legant_guard.hook.patchtext"),
    ("Bash", {"command": "rg -l x src | xargs sed -i s/x/y/"}, "legant_guard.hook.searchlisting"),
    ("Bash", {"command": "for f in $(git ls-files '*.go'); do wc -l \"$f\"; done"}, "legant_guard.hook.loopnames"),
    ("Bash", {"command": "echo 'alias ll=\"ls -la\"' >> ~/.bashrc"}, "legant_guard.hook.startuptext"),
    ("Bash", {"command": "claude -p hello"}, "legant_guard.hook.agentflags"),
    ("Bash", {"command": "git commit -m wip"}, "legant_guard.shell.giteditors"),
    ("Bash", {"command": "npm publish --registry http://127.0.0.1:9/"}, "legant_guard.hook.netsends"),
])
def test_a_call_that_needs_a_part_loads_it(tmp_path, tool, tool_input, part):
    assert part in _loaded_parts(tmp_path, tool, tool_input, role="open")[1]


@pytest.mark.parametrize("role, agent, tool, tool_input, part", [
    ("reviewer", "codex", "Bash", {"command": "cat src/main.go"}, "legant_guard.hook.readscope"),
    ("open", None, "mcp__fs__read_file", {"path": "src/main.go"}, "legant_guard.hook.toolpaths"),
    ("builder", None, "Bash", {"command": "cat src/*.go"}, "legant_guard.hook.globrules"),
    ("operator", None, "Bash", {"command": "cat $(cat list.txt)"}, "legant_guard.hook.resolvedwords"),
    ("open", None, "WebFetch", {"url": "http://127.0.0.1:9/", "prompt": "x"}, "legant_guard.hook.hostrules"),
    ("builder", "opencode", "batch", {"tool_calls": [{"tool": "read", "parameters": {"filePath": "src/main.go"}}]},
     "legant_guard.agents.batchcalls"),
])
def test_a_call_of_a_role_that_needs_an_engine_part_loads_it(tmp_path, role, agent, tool, tool_input, part):
    verdict, loaded = _loaded_parts(tmp_path, tool, tool_input, role=role, agent=agent)
    assert part in loaded, verdict


def test_the_trust_base_is_derived_only_when_its_memo_does_not_hold(tmp_path):
    """hook/trustderivation.py (the installation, the start-up files: realpath and stat calls)
    loads on the first write of a setup, whose guard dir keeps the derivation; a later write,
    in a new process, takes it from the memo and never loads the module."""
    setup = GuardSetup(tmp_path, files={"src/main.go": "package main\n"})
    arg = json.dumps([setup.env("builder"), setup.project, setup.event("Write", {"file_path": "src/new.go",
                                                                               "content": "package main\n"}), []])
    program = _HOOK_IN_A_PROCESS.replace("for m in %r" % (PARTS,), "for m in ['legant_guard.hook.trustderivation']")
    runs = [subprocess.run([sys.executable, "-I", "-c", program, arg], capture_output=True, text=True, timeout=60,
                           cwd=setup.project).stdout.split("\n") for _ in range(2)]
    assert [r[0] for r in runs] == ["0 ", "0 "]
    assert [r[1] for r in runs] == ["legant_guard.hook.trustderivation", ""]
