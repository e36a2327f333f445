"""The shell corpus: every family of ways to hide a command, through the real `legant guard check`.

Cases are data in tests/shell_corpus/<family>.json: role, command, expected verdict and a
fragment the denial reason must contain ("" = any reason), and "xfail" with the reason when
the case shows a known gap outside the shell analysis (strict: it fails loudly once fixed). `{dir}` in a command is replaced by
the guard directory. Each case pipes one Claude Code Bash event into `legant guard check`
in-process (run_check; nothing is executed: the guard only reads the command).

A family may say `"project": "polyglot"`: its cases run in a git repository holding the files
of every ecosystem (Python, Node, Rust, Go, Java, C/C++, Ruby), so the builder gets every
toolchain, as in a real multi-language project (the must-allow families); `"polyglot+"` adds a
monorepo's workspaces and Docker, .NET, PHP and Terraform files (tests/polyglot.py MORE_FILES);
`"polyglot+agents"` also the agents' own files (`opencode.json`, `.claude/settings.json`: AGENT_FILES);
`"polyglot+trust"` that project as a developer keeps it next to the trust base: the project's own
`.venv`, `node_modules`, real archives, patches and trees, the agents' user configs in the home
(tests/trustproject.py). A case may name
another tool than Bash (`"tool"` and its `"input"`, where `{project}` is the project folder)
and another agent (`"agent": "codex"`), and add to the agent's environment (`"env"`; `$PATH` in a
value is the agent's PATH). `{project}`, `{venv}` (the environment the guard is installed in) and
`{pkg}` (its `legant_guard` package) are replaced in commands, inputs and values.
"""

import glob
import json
import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

HERE = os.path.dirname(os.path.abspath(__file__))
ENGINE = os.path.join(os.path.dirname(HERE), "src", "legant_guard", "hook", "engine.py")

pytestmark = pytest.mark.skipif(not os.path.exists(ENGINE), reason="needs the engine (guard check) from main")


def load_cases():
    cases = []
    for path in sorted(glob.glob(os.path.join(HERE, "shell_corpus", "*.json"))):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        for k, case in enumerate(data["cases"]):
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            case = dict(case, project=data.get("project", "go"))
            cases.append(pytest.param(data["family"], case, id="%s-%d-%s" % (data["family"], k, case["role"]), marks=marks))
    return cases


CASES = load_cases()


@pytest.fixture(scope="module")
def corpus_setup(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("corpus"))
    os.makedirs(os.path.join(setup.project, "src"))
    for name in ("README.md", "src/main.go", "go.mod"):
        with open(os.path.join(setup.project, name), "w") as f:
            f.write("x\n")
    # A Go project: the builder token gets the Go toolchain only (rules/toolchains/), so the
    # cases that use `python3` as "a program the builder may not run" keep meaning that.
    from legant_guard import guarddir

    guarddir.init_guard_dir(setup.dir, setup.project, 8 * 3600)
    return setup


@pytest.fixture(scope="module")
def polyglot_setup(tmp_path_factory):
    from polyglot import polyglot_project

    return polyglot_project(tmp_path_factory.mktemp("polyglot"))


@pytest.fixture(scope="module")
def polyglot_plus_setup(tmp_path_factory):
    from polyglot import polyglot_project

    return polyglot_project(tmp_path_factory.mktemp("polyglotplus"), more=True)


@pytest.fixture(scope="module")
def polyglot_agents_setup(tmp_path_factory):
    from polyglot import polyglot_project

    return polyglot_project(tmp_path_factory.mktemp("polyglotagents"), agents=True)


@pytest.fixture(scope="module")
def trust_setup(tmp_path_factory):
    from trustproject import trust_project

    return trust_project(tmp_path_factory.mktemp("polyglottrust"))


_PROJECTS = {"polyglot": "polyglot_setup", "polyglot+": "polyglot_plus_setup", "polyglot+agents": "polyglot_agents_setup",
             "polyglot+trust": "trust_setup"}


def _fill(text, setup):
    """A case's text with its placeholders replaced (see the module docstring)."""
    if "{" not in text:
        return text
    import legant_guard

    from legant_guard.hook.trustderivation import installation_prefix

    return text.replace("{project}", setup.project).replace("{dir}", setup.dir) \
        .replace("{venv}", installation_prefix()).replace("{pkg}", os.path.dirname(legant_guard.__file__))


def _agent(case):
    """The agent a case's event comes from (Claude Code unless it says), with what its events carry."""
    agent = case.get("agent")
    return {"agent": agent, "turn_id": "t1"} if agent == "codex" else {"agent": agent} if agent else {}


@pytest.mark.parametrize("family,case", CASES)
def test_corpus_case(request, family, case):
    setup = request.getfixturevalue(_PROJECTS.get(case["project"], "corpus_setup"))
    env = None
    if case.get("env"):
        env = setup.env(case["role"])
        env.update({k: _fill(v, setup).replace("$PATH", env.get("PATH", "")) for k, v in case["env"].items()})
    if case.get("tool"):
        text = _fill(json.dumps(case["input"]), setup)
        proc = setup.check(case["tool"], json.loads(text), role=case["role"], env=env, **_agent(case))
    else:
        command = _fill(case["command"], setup)
        shell_tool = "bash" if case.get("agent") == "opencode" else "Bash"  # opencode names its tools in lower case
        proc = setup.check(shell_tool, {"command": command}, role=case["role"], env=env, **_agent(case))
    if case["verdict"] == "allow":
        assert_allowed(proc)
    else:
        assert_denied(proc, *([case["reason"]] if case["reason"] else []))


def test_corpus_is_large_enough_and_covers_every_family():
    families = {p.values[0] for p in CASES}
    assert len(CASES) >= 300
    for fam in ("quoting", "wrappers", "nested_shells", "substitutions", "grouping_control_flow", "fan_out",
                "target_spellings", "redirects", "secrets", "containment", "git", "benign_builder", "benign_open",
                "quoted_data", "exec_sinks", "shell_state", "catalogue_gaps", "interpreter_code"):
        assert fam in families, fam
    benign = {p.values[1]["command"] for p in CASES if p.values[0].startswith("benign")}
    assert len(benign) >= 60
