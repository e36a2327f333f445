"""Red team: the guard protects itself (invariant 4) however it is configured: the key and
tokens, and every file an agent reads hooks or plugins from, even when the environment
points elsewhere or the agent has moved its working directory."""

import os
import shutil

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

PROTECTED = "is protected"


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt-self"), files={"src/deep/": None})


def p(s, *parts):
    return os.path.join(s.project, *parts)


def env_without_project(s, role="operator"):
    env = s.env(role)
    del env["LEGANT_GUARD_PROJECT"]
    return env


@pytest.mark.parametrize("rel", [".claude/settings.json", ".claude/settings.local.json", ".codex/hooks.json",
                                 ".codex/config.toml", ".opencode/plugins/legant-guard.js"])
def test_hook_configs_protected_when_project_unset_and_cwd_is_a_subdir(s, rel):
    # Without LEGANT_GUARD_PROJECT the project was the event's cwd; after `cd src/deep` the
    # project root's hook configs were outside every protected path.
    env = env_without_project(s)
    target = p(s, *rel.split("/"))
    assert_denied(s.check("Write", {"file_path": target, "content": "{}"}, env=env, cwd=p(s, "src", "deep")),
                  PROTECTED)
    assert_denied(s.check("Write", {"file_path": os.path.join("..", "..", rel), "content": "{}"}, env=env,
                          cwd=p(s, "src", "deep")), PROTECTED)


def test_hook_configs_protected_through_the_shell_from_a_subdir_without_project(s):
    env = env_without_project(s)
    assert_denied(s.bash("echo '{}' > ../.claude/settings.json", env=env, cwd=p(s, "src")), PROTECTED)


@pytest.mark.parametrize("rel", [".opencode/plugins/evil.js", ".opencode/plugin/evil.ts", ".opencode/tool/x.ts",
                                 ".opencode/tools/x.js", "opencode.json",
                                 "opencode.jsonc", ".opencode/opencode.json"])
def test_opencode_plugin_folders_and_config_are_protected(s, rel):
    # opencode runs every file in a plugin or custom-tool folder as code at start, and opencode.json's
    # `plugin` list loads more: a planted file runs unguarded in the next session.
    assert_denied(s.check("Write", {"file_path": p(s, *rel.split("/")), "content": "x"}, role="operator"), PROTECTED)
    assert_denied(s.check("write", {"filePath": rel, "content": "x"}, role="operator", agent="opencode"), PROTECTED)


def test_user_scope_opencode_plugin_folders_are_protected(s):
    for folder in (os.path.join(s.home, ".config", "opencode", "plugins"), os.path.join(s.home, ".opencode", "plugin"),
                   os.path.join(s.home, ".config", "opencode", "tool")):
        assert_denied(s.check("Write", {"file_path": os.path.join(folder, "x.js"), "content": "x"}, role="operator"),
                      PROTECTED)


def test_config_dir_variables_are_followed(s, tmp_path):
    env = s.env("operator", CLAUDE_CONFIG_DIR=str(tmp_path / "claude"), OPENCODE_CONFIG_DIR=str(tmp_path / "oc"))
    assert_denied(s.check("Write", {"file_path": str(tmp_path / "claude" / "settings.json"), "content": "{}"}, env=env),
                  PROTECTED)
    assert_denied(s.check("Write", {"file_path": str(tmp_path / "oc" / "plugins" / "x.js"), "content": ""}, env=env),
                  PROTECTED)


def test_ordinary_project_files_stay_writable(s):
    assert_allowed(s.check("Write", {"file_path": p(s, "src", "opencode_notes.md"), "content": "x"}))
    assert_allowed(s.check("Write", {"file_path": p(s, ".opencode", "README.md"), "content": "x"}, role="operator"))


@pytest.mark.parametrize("name", ["key.pem", "operator.jwt", "feed-state.json", "overlay.json", "setup.json"])
def test_guard_dir_protected_when_jwks_points_elsewhere(s, tmp_path, name):
    # The protected guard dir was dirname(LEGANT_GUARD_JWKS); with the JWKS elsewhere (an
    # issuer's key set), the real guard dir, key.pem included, was readable.
    issuer = tmp_path / "issuer"
    issuer.mkdir()
    shutil.copy(os.path.join(s.dir, "jwks.json"), issuer / "jwks.json")
    env = s.env("operator", LEGANT_GUARD_JWKS=str(issuer / "jwks.json"))
    assert_denied(s.check("Read", {"file_path": os.path.join(s.dir, name)}, env=env), PROTECTED)
    assert_denied(s.bash(f"cat {os.path.join(s.dir, name)}", env=env), PROTECTED)
