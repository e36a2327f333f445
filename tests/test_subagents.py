"""Sub-agents get less, automatically: `install --subagents ROLE` / `--subagent TYPE=ROLE`.

The real CLI installs into a temp project and HOME; the hook command it wrote is then run
in-process (its environment parsed from the agent's config) on events as each agent sends
them for its main agent and for a sub-agent (Claude Code and Codex: `agent_id`/`agent_type`).
"""

import json
import os
import shlex

import pytest

from conftest import assert_allowed, assert_denied, check_in_process, clean_env, run_legant


@pytest.fixture
def project(tmp_path):
    proj, home, gd = tmp_path / "proj", tmp_path / "home", tmp_path / "gd"
    proj.mkdir()
    home.mkdir()
    (proj / "README.md").write_text("hello\n")
    env = clean_env({"PATH": "/usr/bin:/bin"}, home=home)

    class Project:
        root, guard_dir = str(proj), str(gd)

        @staticmethod
        def legant(*args):
            return run_legant(list(args), env=env, cwd=str(proj))

        @staticmethod
        def install(*args):
            return run_legant(["guard", "install", "--dir", str(gd), "--tool", "claude-code", *args], env=env,
                              cwd=str(proj))

        @staticmethod
        def hook_env():
            """The environment of the hook command install wrote into Claude Code's settings."""
            settings = json.load(open(proj / ".claude" / "settings.local.json"))
            command = settings["hooks"]["PreToolUse"][-1]["hooks"][0]["command"]
            words = shlex.split(command)
            hook = dict(clean_env(home=home))
            hook.update(w.split("=", 1) for w in words if "=" in w and w.split("=", 1)[0].startswith("LEGANT_GUARD_"))
            return hook

        @staticmethod
        def check(tool, tool_input, agent_type=None, agent="claude-code", env=None):
            event = {"hook_event_name": "PreToolUse", "session_id": "s1", "cwd": str(proj), "tool_name": tool,
                     "tool_input": tool_input, "tool_use_id": "t1"}
            if agent_type is not None:
                event.update(agent_id="a2899dc0d3937ba55", agent_type=agent_type)
            return check_in_process(["--agent", agent], event, env or Project.hook_env(), cwd=str(proj))

    return Project


WRITE = ("Write", {"file_path": "notes.md", "content": "x"})
READ = ("Read", {"file_path": "README.md"})


def test_every_subagent_is_held_to_the_subagent_role_while_the_main_agent_keeps_its_own(project):
    r = project.install("--role", "builder", "--subagents", "reviewer")
    assert r.returncode == 0, r.stderr
    assert "every sub-agent: role reviewer" in r.stdout
    assert "LEGANT_GUARD_SUBAGENTS" in project.hook_env()
    assert_allowed(project.check(*WRITE))
    assert_allowed(project.check(*READ, agent_type="general-purpose"))
    assert_denied(project.check(*WRITE, agent_type="general-purpose"), "fs.write")
    assert_denied(project.check("Bash", {"command": "ls"}, agent_type="Explore"), "shell.exec")
    # A sub-agent call with an agent_id but no type is still a sub-agent's.
    assert_denied(project.check(*WRITE, agent_type=""), "fs.write")


SPAWNS = {"claude-code": ("Agent", {"description": "d", "prompt": "p", "subagent_type": "general-purpose"}),
          "codex": ("collaborationspawn_agent", {"task_name": "t", "message": "m", "fork_turns": "none"}),
          "opencode": ("task", {"description": "d", "prompt": "p", "subagent_type": "general"})}


@pytest.mark.parametrize("agent", sorted(SPAWNS))
def test_with_subagents_mapped_the_main_agent_may_start_them_and_they_may_not(project, agent):
    """builder grants no agent.spawn: mapping sub-agents is what lets the main agent start one
    (its calls are judged by the child token), and a reviewer sub-agent still cannot."""
    assert project.install("--role", "builder").returncode == 0
    assert_denied(project.check(*SPAWNS[agent], agent=agent), "agent.spawn")
    r = project.install("--role", "builder", "--subagents", "reviewer")
    assert r.returncode == 0, r.stderr
    assert "builder token may start sub-agents (agent.spawn)" in r.stdout
    assert_allowed(project.check(*SPAWNS[agent], agent=agent))
    assert_denied(project.check(*SPAWNS[agent], agent=agent, agent_type="general"), "needs capability agent.spawn")
    shell = "bash" if agent == "opencode" else "Bash"
    assert_denied(project.check(shell, {"command": "make"}, agent=agent, agent_type="general"), "shell.exec")
    assert project.install("--role", "builder").returncode == 0  # mappings dropped: so is agent.spawn
    assert_denied(project.check(*SPAWNS[agent], agent=agent), "agent.spawn")


def test_renew_keeps_agent_spawn_only_while_sub_agents_are_mapped(project):
    from legant_guard.delegation.jws import decode_unverified

    def scope():
        return decode_unverified(open(os.path.join(project.guard_dir, "builder.jwt")).read().strip())[1]["scope"]

    assert project.install("--role", "builder", "--subagents", "reviewer").returncode == 0
    r = project.legant("guard", "renew", "--dir", project.guard_dir, "--role", "builder")
    assert r.returncode == 0, r.stderr
    assert scope().split()[-1] == "agent.spawn"
    child = decode_unverified(open(os.path.join(project.guard_dir, "subagent-reviewer-any.jwt")).read().strip())[1]
    assert child["scope"] == "fs.read"
    assert project.install("--role", "builder").returncode == 0
    project.legant("guard", "renew", "--dir", project.guard_dir, "--role", "builder")
    assert "agent.spawn" not in scope()


@pytest.mark.parametrize("tool,verb", [
    ("collaborationspawn_agent", "agent.spawn"), ("collaborationfollowup_task", "agent.spawn"),
    ("multi_agent_v1spawn_agent", "agent.spawn"), ("spawn_agent", "agent.spawn"),
    ("collaborationwait_agent", "coord"), ("collaborationsend_message", "coord"),
    ("collaborationlist_agents", "coord"), ("collaborationinterrupt_agent", "coord"),
    ("multi_agent_v1wait_agent", "coord"),
])
def test_codex_multi_agent_tools_as_the_hook_names_them(tool, verb):
    """Codex 0.171.0 glues a tool's namespace to its name for the hook (`collaboration` +
    `spawn_agent`, as seen from the real binary in tests/e2e): starting or re-tasking a
    sub-agent is agent.spawn, the rest is coordination (allowed to every role)."""
    from legant_guard.agents import codex

    call = codex.parse({"tool_name": tool, "tool_input": {}, "cwd": "/tmp"})
    assert codex.classify(call).verb == verb


def test_a_codex_collaboration_tool_not_known_stays_unknown_and_denied(project):
    assert project.install("--role", "builder", "--subagents", "reviewer").returncode == 0
    assert_denied(project.check("collaborationrun_anything", {}, agent="codex"), "unknown tool")


def test_a_per_type_mapping_holds_that_type_and_other_types_fall_back(project):
    r = project.install("--role", "builder", "--subagent", "Explore=reviewer")
    assert r.returncode == 0, r.stderr
    assert_denied(project.check(*WRITE, agent_type="Explore"), "fs.write")
    assert_allowed(project.check(*WRITE, agent_type="general-purpose"))  # no mapping: the installed token
    r = project.install("--role", "builder", "--subagents", "reviewer", "--subagent", "general-purpose=builder")
    assert r.returncode == 0, r.stderr
    assert_allowed(project.check(*WRITE, agent_type="general-purpose"))
    assert_denied(project.check(*WRITE, agent_type="Explore"), "fs.write")  # now the `*` mapping


def test_a_child_is_never_wider_than_the_installed_token(project):
    r = project.install("--role", "reviewer", "--subagents", "operator")
    assert r.returncode == 0, r.stderr
    assert "role operator (agent.spawn fs.read)" in r.stdout  # the parent's scopes, no more
    assert_denied(project.check(*WRITE, agent_type="general-purpose"), "fs.write")
    assert_denied(project.check("Bash", {"command": "ls"}, agent_type="general-purpose"), "shell.exec")
    # And the builder's command allow-list still binds an `open` sub-agent of a builder.
    r = project.install("--role", "builder", "--subagents", "open")
    assert r.returncode == 0, r.stderr
    assert_denied(project.check("Bash", {"command": "terraform plan"}, agent_type="x"), "terraform")


def test_a_subagent_role_sharing_no_capability_is_refused(project, tmp_path):
    role = tmp_path / "fetcher.yaml"
    role.write_text("name: fetcher\nscope: [net.fetch]\n")
    r = project.install("--role", "reviewer", "--subagents", str(role))
    assert r.returncode == 1 and "shares no capability" in r.stderr


@pytest.mark.parametrize("bad", ["Explore", "=reviewer", "Explore=", "../x=reviewer"])
def test_malformed_mappings_are_refused(project, bad):
    r = project.install("--role", "builder", "--subagent", bad)
    assert r.returncode != 0 and "--subagent" in r.stderr


def test_revoking_the_installed_token_revokes_the_subagents(project):
    assert project.install("--role", "builder", "--subagents", "reviewer").returncode == 0
    r = project.legant("guard", "revoke", "--dir", project.guard_dir, "--role", "builder")
    assert r.returncode == 0, r.stderr
    assert_denied(project.check(*READ, agent_type="Explore"), "revoked")


def test_the_audit_shows_the_chain_user_agent_subagent(project):
    assert project.install("--role", "builder", "--subagents", "reviewer").returncode == 0
    env = project.hook_env()
    assert_denied(project.check(*WRITE, agent_type="Explore", env=env), "fs.write")
    record = json.loads(open(env["LEGANT_GUARD_AUDIT"]).read().splitlines()[-1])
    assert record["provenance"].endswith("-> agent:builder -> agent:subagent:any"), record["provenance"]
    assert record["agent"] == "Explore"
    logs = project.legant("guard", "logs", "--dir", project.guard_dir)
    assert "agent:subagent:any" in logs.stdout


def test_codex_subagent_events_are_held_the_same_way(project):
    assert project.install("--role", "builder", "--subagents", "reviewer").returncode == 0
    event = ("apply_patch", {"command": "*** Begin Patch\n*** Add File: notes.md\n+x\n*** End Patch\n"})
    assert_allowed(project.check(*event, agent="codex"))
    assert_denied(project.check(*event, agent="codex", agent_type="default"), "fs.write")


def test_a_missing_or_tampered_map_fails_closed(project):
    assert project.install("--role", "builder", "--subagents", "reviewer").returncode == 0
    env = project.hook_env()
    map_file = env["LEGANT_GUARD_SUBAGENTS"]
    data = json.load(open(map_file))
    data["subagents"]["*"]["token"] = "../builder.jwt"
    os.chmod(map_file, 0o600)
    open(map_file, "w").write(json.dumps(data))
    assert_denied(project.check(*READ, agent_type="Explore", env=env), "sub-agent token map")
    os.unlink(map_file)
    assert_denied(project.check(*READ, agent_type="Explore", env=env), "sub-agent token map")
    assert_allowed(project.check(*READ, env=env))  # the main agent does not need the map


def test_the_map_and_children_are_protected(project):
    assert project.install("--role", "builder", "--subagents", "reviewer").returncode == 0
    env = project.hook_env()
    for path in (env["LEGANT_GUARD_SUBAGENTS"], os.path.join(project.guard_dir, "subagent-reviewer-any.jwt")):
        assert_denied(project.check("Write", {"file_path": path, "content": "{}"}, env=env), "protected")
        assert_denied(project.check("Bash", {"command": f"cat {path}"}, env=env), "protected")


def test_reinstalling_without_subagents_forgets_the_mapping(project):
    assert project.install("--role", "builder", "--subagents", "reviewer").returncode == 0
    assert project.install("--role", "builder").returncode == 0
    assert "LEGANT_GUARD_SUBAGENTS" not in project.hook_env()
    assert_allowed(project.check(*WRITE, agent_type="Explore"))


def test_the_opencode_plugin_marks_child_sessions_only_when_mapped(project):
    env = clean_env({"PATH": "/usr/bin:/bin"}, home=os.path.join(os.path.dirname(project.root), "home"))
    r = run_legant(["guard", "install", "--dir", project.guard_dir, "--tool", "opencode", "--subagents", "reviewer"],
                   env=env, cwd=project.root)
    assert r.returncode == 0, r.stderr
    plugin = open(os.path.join(project.root, ".opencode", "plugins", "legant-guard.js")).read()
    assert '"subagents": true' in plugin and "LEGANT_GUARD_SUBAGENTS" in plugin
    assert "parentID" in plugin


def test_renew_re_mints_the_subagent_tokens_with_the_parent(project, tmp_path):
    """A child's expiry is clamped to its parent's: renewing the parent must renew the children."""
    from legant_guard.delegation.jws import decode_unverified

    role = tmp_path / "docs-writer.yaml"
    role.write_text("name: docs-writer\nscope: [fs.read]\n")
    assert project.install("--role", "builder", "--ttl", "30m", "--subagent", f"Explore={role}",
                           "--subagents", "reviewer").returncode == 0
    children = [os.path.join(project.guard_dir, n) for n in ("subagent-reviewer-any.jwt",
                                                            "subagent-docs-writer-Explore.jwt")]
    before = [decode_unverified(open(c).read().strip())[1] for c in children]
    r = project.legant("guard", "renew", "--dir", project.guard_dir, "--ttl", "2h", "--role", "builder")
    assert r.returncode == 0, r.stderr
    parent = decode_unverified(open(os.path.join(project.guard_dir, "builder.jwt")).read().strip())[1]
    for path, old in zip(children, before):
        new = decode_unverified(open(path).read().strip())[1]
        assert new["exp"] > old["exp"] and new["exp"] <= parent["exp"], (old["exp"], new["exp"], parent["exp"])
        assert parent["jti"] in json.dumps(new)  # a child of the NEW parent: revoking it revokes them
    assert_denied(project.check(*WRITE, agent_type="Explore"), "fs.write")
    assert_allowed(project.check(*READ, agent_type="Explore"))


def test_renew_on_an_org_mode_setup_says_where_tokens_come_from(tmp_path):
    from legant_guard import guarddir

    gd = tmp_path / "gd"
    gd.mkdir(mode=0o700)
    guarddir.write_private(str(gd / guarddir.ISSUER_FILE), json.dumps(
        {"issuer": "https://i.example", "audience": "legant:claude-code", "jwks": "https://i.example/j",
         "feed": "https://i.example/f"}))
    r = run_legant(["guard", "renew", "--dir", str(gd)], env=clean_env(home=tmp_path))
    assert r.returncode == 1 and "org-mode" in r.stderr and "issuer" in r.stderr
