"""`install --user` works in every project the user opens: the token carries project-relative
rules, the hook anchors them at the project it determines from the event (the agent's project
dir, else the git root of its working directory), and it never widens to a home or system
directory: when the project cannot be determined safely, every call is denied with the reason.

Verdicts run the real hook in-process with the environment a user-wide install writes (no
LEGANT_GUARD_PROJECT); one test runs the exact hook command install wrote, in a subprocess.
"""

import json
import os
import subprocess

import pytest

from conftest import assert_allowed, assert_denied, check_in_process, clean_env, run_legant, session_key_pem


class UserSetup:
    """A user-wide guard dir (tokens minted with no project) and two git projects in tmp."""

    def __init__(self, root):
        from legant_guard import guarddir

        self.root = str(root)
        self.home = os.path.join(self.root, "home")
        self.dir = os.path.join(self.root, "guard")
        os.makedirs(os.path.join(self.home, ".ssh"))
        os.makedirs(self.dir, mode=0o700)
        guarddir.write_private(os.path.join(self.dir, guarddir.KEY_FILE), session_key_pem())
        guarddir.init_guard_dir(self.dir, None, 8 * 3600)
        self.a = self.project("a", {"pyproject.toml": "", "src/app.py": "x\n", ".env": "A=1\n"})
        self.b = self.project("b", {"package.json": "{}", "index.js": "x\n", ".env": "B=1\n", "sub/deep/f.txt": "x"})

    def project(self, name, files):
        path = os.path.join(self.root, "work", name)
        os.makedirs(os.path.join(path, ".git"))
        for rel, text in files.items():
            full = os.path.join(path, rel)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as f:
                f.write(text)
        return path

    def env(self, role="builder", **extra):
        from legant_guard import guarddir

        env = clean_env(home=self.home)
        env.pop("CLAUDE_PROJECT_DIR", None)
        env.update(guarddir.hook_env(self.dir, None, role))
        env.update(extra)
        return env

    def check(self, tool, tool_input, cwd, process_cwd=None, role="builder", **env_extra):
        event = {"hook_event_name": "PreToolUse", "session_id": "s", "cwd": cwd, "tool_name": tool,
                 "tool_input": tool_input, "tool_use_id": "t"}
        return check_in_process([], event, self.env(role, **env_extra), cwd=process_cwd or cwd)

    def bash(self, command, cwd, **kw):
        return self.check("Bash", {"command": command}, cwd, **kw)


@pytest.fixture(scope="module")
def u(tmp_path_factory):
    return UserSetup(tmp_path_factory.mktemp("user"))


def test_a_user_wide_token_carries_project_relative_rules(u):
    from legant_guard.delegation.jws import decode_unverified
    from legant_guard import guarddir

    assert "LEGANT_GUARD_PROJECT" not in guarddir.hook_env(u.dir, None, "builder")
    with open(os.path.join(u.dir, "builder.jwt")) as f:
        claims = decode_unverified(f.read().strip())[1]
    resources = claims["cnst"]["resources"]
    assert "path:." in resources and "deny-path:**/.env" in resources and "deny-path:~/.ssh" in resources
    assert claims["cnst"]["relative_to"] == "project"
    assert not any(r.startswith(("path:/", "deny-path:/")) for r in resources)


@pytest.mark.parametrize("which", ["a", "b"])
def test_the_same_install_works_in_every_git_project(u, which):
    project = getattr(u, which)
    assert_allowed(u.check("Read", {"file_path": os.path.join(project, "pyproject.toml" if which == "a" else "index.js")},
                           project))
    assert_allowed(u.check("Write", {"file_path": os.path.join(project, "new.txt"), "content": "x"}, project))
    assert_allowed(u.bash("git status && ls", project))
    assert_denied(u.bash("cat .env", project), "denied by deny-path")
    assert_denied(u.check("Read", {"file_path": os.path.join(project, ".env")}, project), "denied by deny-path")
    assert_denied(u.check("Read", {"file_path": os.path.join(u.home, ".ssh", "id_rsa")}, project), "denied by deny-path")


def test_rules_are_anchored_at_the_project_of_the_event_not_at_the_first_one(u):
    assert_denied(u.check("Read", {"file_path": os.path.join(u.a, "src", "app.py")}, u.b), "outside the allowed paths")
    assert_denied(u.check("Write", {"file_path": os.path.join(u.b, "x.txt"), "content": "x"}, u.a),
                  "outside the allowed paths")


def test_a_subfolder_cwd_anchors_at_the_git_root_not_at_the_subfolder(u):
    deep = os.path.join(u.b, "sub", "deep")
    assert_allowed(u.check("Read", {"file_path": os.path.join(u.b, "index.js")}, deep))
    assert_denied(u.bash("cat ../../.env", deep), "denied by deny-path")


def test_the_agents_project_dir_wins_over_the_cwd(u):
    # Claude Code sets CLAUDE_PROJECT_DIR for its hooks; an agent that cd's into project a
    # does not move the project away from b.
    r = u.check("Read", {"file_path": os.path.join(u.a, "src", "app.py")}, u.a, process_cwd=u.b,
                CLAUDE_PROJECT_DIR=u.b)
    assert_denied(r, "outside the allowed paths")


def test_toolchains_of_a_user_wide_builder_cover_every_ecosystem(u):
    assert_allowed(u.bash("pytest -q", u.a))
    assert_allowed(u.bash("npm test", u.b))
    assert_denied(u.bash("npm install left-pad", u.b), "only some forms of `npm`")


@pytest.mark.parametrize("where", ["home", "root", "tmp", "no-git", "home-git", "env-home", "env-relative"])
def test_an_undeterminable_or_too_wide_project_denies_with_the_reason(u, tmp_path, where):
    plain = tmp_path / "plain"
    plain.mkdir(exist_ok=True)
    env = {}
    if where == "home":
        cwd = u.home
    elif where == "root":
        cwd = "/"
    elif where == "tmp":
        cwd = "/tmp"
    elif where == "no-git":
        cwd = str(plain)
    elif where == "home-git":  # a dotfiles repo: the git root is the home folder itself
        os.makedirs(os.path.join(u.home, ".git"), exist_ok=True)
        cwd = os.path.join(u.home, "notes")
        os.makedirs(cwd, exist_ok=True)
    elif where == "env-home":
        cwd, env = str(plain), {"CLAUDE_PROJECT_DIR": u.home}
    else:
        cwd, env = str(plain), {"CLAUDE_PROJECT_DIR": "relative/dir"}
    try:
        r = u.check("Read", {"file_path": os.path.join(cwd, "x")}, cwd, **env)
        assert_denied(r, "cannot tell which project", "user-wide")
    finally:
        if where == "home-git":
            os.rmdir(os.path.join(u.home, ".git"))


def test_a_project_dir_env_without_git_is_enough(u, tmp_path):
    plain = tmp_path / "plain2"
    plain.mkdir()
    (plain / "f.txt").write_text("x")
    assert_allowed(u.check("Read", {"file_path": str(plain / "f.txt")}, str(plain), CLAUDE_PROJECT_DIR=str(plain)))


def test_install_user_writes_a_hook_without_a_project_and_it_works_in_a_second_project(tmp_path):
    home, first, second = tmp_path / "home", tmp_path / "first", tmp_path / "second"
    for p in (home, first / ".git", second / ".git"):
        p.mkdir(parents=True)
    (second / "README.md").write_text("hi\n")
    (second / ".env").write_text("S=1\n")
    env = clean_env({"PATH": "/usr/bin:/bin"}, home=home)
    env.pop("CODEX_HOME", None)
    env.pop("CLAUDE_PROJECT_DIR", None)
    r = run_legant(["guard", "install", "--user", "--tool", "claude-code"], env=env, cwd=str(first))
    assert r.returncode == 0, r.stderr
    assert "every project" in r.stdout
    command = json.loads((home / ".claude" / "settings.json").read_text())["hooks"]["PreToolUse"][-1]["hooks"][0]["command"]
    assert "LEGANT_GUARD_PROJECT" not in command

    def hook(tool, tool_input):
        event = {"hook_event_name": "PreToolUse", "session_id": "s", "cwd": str(second), "tool_name": tool,
                 "tool_input": tool_input, "tool_use_id": "t"}
        return subprocess.run(["/bin/sh", "-c", command], input=json.dumps(event), capture_output=True, text=True,
                              env=dict(env, CLAUDE_PROJECT_DIR=str(second)), cwd=str(second), timeout=60)

    assert_allowed(hook("Read", {"file_path": str(second / "README.md")}))
    assert_denied(hook("Read", {"file_path": str(second / ".env")}), "denied by deny-path")
    status = run_legant(["guard", "status"], env=env, cwd=str(second))
    assert "every project" in status.stdout, status.stdout
    assert run_legant(["guard", "uninstall", "--user", "--tool", "claude-code"], env=env, cwd=str(first)).returncode == 0


def test_codex_and_opencode_events_find_the_project_too(u, tmp_path):
    # Codex starts the hook in the project (its event cwd is the call's workdir); the opencode
    # plugin sends its project directory as the event's cwd.
    codex_event = {"hook_event_name": "PreToolUse", "session_id": "s", "turn_id": "t1", "cwd": os.path.join(u.b, "sub"),
                   "tool_name": "Bash", "tool_input": {"command": "cat ../.env"}, "tool_use_id": "t"}
    assert_denied(check_in_process(["--agent", "codex"], codex_event, u.env(), cwd=u.b), "denied by deny-path")
    codex_event["tool_input"] = {"command": "cat ../index.js"}
    assert_allowed(check_in_process(["--agent", "codex"], codex_event, u.env(), cwd=u.b))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    oc_event = {"cwd": u.a, "tool_name": "read", "tool_input": {"filePath": os.path.join(u.a, "src", "app.py")},
                "session_id": "s", "tool_use_id": "t", "agent": "opencode"}
    assert_allowed(check_in_process(["--agent", "opencode"], oc_event, u.env(), cwd=str(elsewhere)))
    oc_event["tool_input"] = {"filePath": os.path.join(u.b, "index.js")}
    assert_denied(check_in_process(["--agent", "opencode"], oc_event, u.env(), cwd=str(elsewhere)),
                  "outside the allowed paths")


def test_a_project_install_keeps_pinning_its_project(tmp_path):
    from conftest import GuardSetup

    s = GuardSetup(tmp_path)
    assert "LEGANT_GUARD_PROJECT" in s.env()
    outside = tmp_path / "other"
    outside.mkdir()
    (outside / ".git").mkdir()
    (outside / "f.txt").write_text("x")
    # The event's cwd is another git repository: a pinned project does not move with it.
    assert_denied(s.check("Read", {"file_path": str(outside / "f.txt")}, cwd=str(outside)), "outside the allowed paths")
