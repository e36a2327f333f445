"""`guard explain` decides exactly as `guard check`: overlay entries, self-protection, the
installed token (with its toolchains) and the deny reasons agree on many commands.

check runs in-process on the same setup; explain in-process for the bulk (the function the
CLI verb prints) and through the CLI for a few.
"""

import json
import os

import pytest

from conftest import GuardSetup, clean_env, run_legant

ROLES = ("builder", "reviewer", "open", "operator")
COMMANDS = [
    "ls", "git status", "make test", "terraform plan", "cat docs/notes.md", "cat src/a.py", "cat .env",
    "pytest -q", "npm ci", "npm install left-pad", "pip install -e .", "pip install requests",
    "curl http://127.0.0.1:9/", "python3 -m pytest", "echo hi > out.txt", "rm -rf /", "git push --force origin main",
    "cat ~/.ssh/id_rsa", "sed -n 1,5p src/a.py", "find . -name '*.py'", "npx cowsay", "go build ./...",
    "cat $(which ls)", "bash -c 'cat .env'", "cargo build", "docker run -v /:/h alpine",
]


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("agree"), files={"src/a.py": "x\n", "docs/notes.md": "x\n", ".env": "x\n"})
    r = run_legant(["guard", "deny", "--dir", setup.dir, "--project", setup.project, "--cmd", "terraform",
                    "--cmd", "make", "--path", "docs/**"], env=clean_env(home=setup.home))
    assert r.returncode == 0, r.stderr
    return setup


def _explain_cli(s, role, command):
    r = run_legant(["guard", "explain", command, "--role", role, "--project", s.project, "--dir", s.dir, "--json"],
                   env=clean_env(home=s.home))
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _explain(s, role, command, agent="claude-code"):
    from legant_guard.commands.explain import explain

    return explain(command, role, s.project, s.project, s.dir, s.home, agent=agent)


@pytest.mark.parametrize("role", ROLES)
def test_explain_and_check_agree_on_every_command(s, role):
    for command in COMMANDS:
        info = _explain(s, role, command)
        proc = s.bash(command, role=role)
        verdict = "allow" if proc.returncode == 0 else "deny"
        assert info["verdict"] == verdict, (role, command, info["reason"], proc.stderr)
        if verdict == "deny":
            assert proc.stderr.strip() == "Legant: " + info["reason"], (role, command)
        assert info["judged_by"].startswith("the installed token")


def test_explain_sees_overlay_entries_and_self_protection(s):
    make, docs, key = [_explain_cli(s, "builder", c) for c in ("make test", "cat docs/notes.md", f"cat {s.dir}/key.pem")]
    assert make["verdict"] == "deny" and make["rule"] == "deny-cmd"
    assert docs["verdict"] == "deny" and "denied by deny-path" in docs["reason"]
    assert key["verdict"] == "deny" and key["rule"] == "protected"


def test_a_role_file_without_a_token_is_judged_compiled_and_says_so(s, tmp_path):
    role = tmp_path / "tight.yaml"
    role.write_text("name: tight\nscope: [fs.read, shell.exec]\npaths: ['.']\ncmds: [ls, make]\n")
    make, ls = _explain(s, str(role), "make test"), _explain(s, str(role), "ls")
    assert "compiled now" in make["judged_by"]
    assert make["verdict"] == "deny" and make["rule"] == "deny-cmd"  # the overlay still applies
    assert ls["verdict"] == "allow"


@pytest.mark.parametrize("agent", ["codex", "opencode"])
def test_explain_judges_the_shell_call_of_the_agent_asked_for(s, agent):
    # A Codex reviewer's read-only commands count as reads; opencode's reviewer shell stays denied.
    tool, extra = ("Bash", {"turn_id": "t"}) if agent == "codex" else ("bash", {})
    for command in ("cat src/a.py", "cat .env", "ls", "touch x", "git log"):
        info = _explain(s, "reviewer", command, agent=agent)
        proc = s.check(tool, {"command": command}, role="reviewer", agent=agent, **extra)
        assert info["verdict"] == ("allow" if proc.returncode == 0 else "deny"), (agent, command, info["reason"])
        if proc.returncode:
            assert proc.stderr.strip() == "Legant: " + info["reason"]
    cli = run_legant(["guard", "explain", "cat src/a.py", "--role", "reviewer", "--agent", agent, "--project",
                      s.project, "--dir", s.dir, "--json"], env=clean_env(home=s.home))
    assert json.loads(cli.stdout)["verdict"] == ("allow" if agent == "codex" else "deny")
