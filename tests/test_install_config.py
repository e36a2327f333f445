"""`legant guard install/uninstall` config editing, through the real CLI on real files.

Pins: other hooks and settings survive, TOML comments survive, re-install changes the role
without duplicating, invalid JSON/TOML and symlinked configs are refused with nothing written
(all-or-nothing across agents), --dry-run writes nothing, uninstall puts files back byte for
byte (deleting what install created), and the Codex trust entries match Codex's hash.
"""

import hashlib
import json
import os

import pytest

from conftest import clean_env, run_legant


@pytest.fixture
def setup(tmp_path):
    proj, home, gd = tmp_path / "proj", tmp_path / "home", tmp_path / "gd"
    proj.mkdir()
    home.mkdir()
    env = clean_env({"PATH": "/usr/bin:/bin"}, home=home)
    env.pop("CODEX_HOME", None)
    env.pop("OPENCODE_PURE", None)

    def legant(*args):
        return run_legant(list(args), env=env, cwd=str(proj))

    def install(*args):
        return legant("guard", "install", "--dir", str(gd), *args)

    return proj, home, gd, legant, install


def read(path):
    return open(path, encoding="utf-8").read()


def test_claude_install_keeps_other_hooks_and_settings_and_reinstall_changes_role_without_duplicating(setup):
    proj, home, gd, legant, install = setup
    settings = proj / ".claude" / "settings.local.json"
    settings.parent.mkdir()
    mine = {"permissions": {"allow": ["Bash(ls)"]},
            "hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "my-hook"}]}],
                      "PostToolUse": [{"hooks": [{"type": "command", "command": "post"}]}]}}
    settings.write_text(json.dumps(mine, indent=2) + "\n")
    r = install("--tool", "claude-code", "--role", "reviewer")
    assert r.returncode == 0, r.stderr
    data = json.loads(read(settings))
    assert data["permissions"] == mine["permissions"]
    assert data["hooks"]["PostToolUse"] == mine["hooks"]["PostToolUse"]
    pre = data["hooks"]["PreToolUse"]
    assert pre[0] == mine["hooks"]["PreToolUse"][0]
    ours = pre[1]
    assert ours["matcher"] == "*"
    h = ours["hooks"][0]
    assert h["onFailure"] == "block" and h["timeout"] == 30 and h["type"] == "command"
    assert h["command"].endswith(" guard check --agent claude-code")
    assert f"LEGANT_GUARD_TOKEN_FILE={gd}/reviewer.jwt" in h["command"]
    assert f"LEGANT_GUARD_PROJECT={proj}" in h["command"]
    assert os.path.isabs(h["command"].split()[-5])  # absolute path of legant

    r = install("--tool", "claude-code", "--role", "builder")
    assert r.returncode == 0, r.stderr
    pre = json.loads(read(settings))["hooks"]["PreToolUse"]
    assert len(pre) == 2, "re-install duplicated the hook"
    assert "builder.jwt" in pre[1]["hooks"][0]["command"] and "reviewer.jwt" not in json.dumps(pre)


def test_uninstall_puts_a_modified_file_back_byte_for_byte_and_deletes_a_created_one(setup):
    proj, home, gd, legant, install = setup
    settings = proj / ".claude" / "settings.local.json"
    settings.parent.mkdir()
    original = '{"env": {"A": "1"},   "hooks": {}}'  # odd layout, no final newline
    settings.write_text(original)
    assert install("--tool", "claude-code", "--tool", "opencode").returncode == 0
    plugin = proj / ".opencode" / "plugins" / "legant-guard.js"
    assert plugin.exists()
    r = legant("guard", "uninstall")
    assert r.returncode == 0, r.stderr
    assert settings.read_bytes() == original.encode()
    assert not plugin.exists() and not (proj / ".opencode").exists(), "install-created plugin dir left behind"
    assert "removed the Legant plugin" in r.stdout


def test_uninstall_is_surgical_when_the_file_changed_since_install(setup):
    proj, home, gd, legant, install = setup
    assert install("--tool", "claude-code").returncode == 0
    settings = proj / ".claude" / "settings.local.json"
    data = json.loads(read(settings))
    data["model"] = "mine"
    settings.write_text(json.dumps(data, indent=2) + "\n")
    assert legant("guard", "uninstall", "--tool", "claude-code").returncode == 0
    assert json.loads(read(settings)) == {"model": "mine"}


def test_codex_install_keeps_toml_comments_and_records_project_and_hook_trust(setup):
    proj, home, gd, legant, install = setup
    cfg = home / ".codex" / "config.toml"
    cfg.parent.mkdir()
    original = '# my settings\nmodel = "gpt-5.5"  # keep this comment\n\n[features]\n# hooks on\nhooks = true\n'
    cfg.write_text(original)
    r = install("--tool", "codex", "--role", "open")
    assert r.returncode == 0, r.stderr
    text = read(cfg)
    assert text.startswith(original), "the user's TOML (comments, layout) was not kept"
    import tomllib

    doc = tomllib.loads(text)
    assert doc["projects"][str(proj)]["trust_level"] == "trusted"
    hooks_file = proj / ".codex" / "hooks.json"
    group = json.loads(read(hooks_file))["hooks"]["PreToolUse"][0]
    handler = group["hooks"][0]
    ident = {"event_name": "pre_tool_use", "matcher": "*",
             "hooks": [dict(handler, **{"async": False})]}
    expected = "sha256:" + hashlib.sha256(json.dumps(ident, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    assert doc["hooks"]["state"][f"{hooks_file}:pre_tool_use:0:0"]["trusted_hash"] == expected

    st = legant("guard", "status", "--json")
    codex = [s for s in json.loads(st.stdout) if s["agent"] == "codex"][0]
    assert codex["installed"] and not [p for p in codex["problems"] if "trust" in p["problem"]], codex["problems"]

    r = legant("guard", "uninstall", "--tool", "codex")
    assert r.returncode == 0, r.stderr
    assert cfg.read_bytes() == original.encode()
    assert not hooks_file.exists() and not (proj / ".codex").exists()


def test_codex_status_reports_untrusted_hook_and_hooks_feature_off(setup):
    proj, home, gd, legant, install = setup
    assert install("--tool", "codex").returncode == 0
    cfg = home / ".codex" / "config.toml"
    # a later edit of the hook (or a hand-made one) invalidates the recorded trust
    hooks_file = proj / ".codex" / "hooks.json"
    data = json.loads(read(hooks_file))
    data["hooks"]["PreToolUse"][0]["hooks"][0]["timeout"] = 31
    hooks_file.write_text(json.dumps(data))
    cfg.write_text(read(cfg) + "\n[features]\nhooks = false\n")
    st = json.loads(legant("guard", "status", "--json").stdout)
    problems = " | ".join(p["problem"] for s in st if s["agent"] == "codex" for p in s["problems"])
    assert "does not trust the hook" in problems
    assert "hooks = false" in problems
    d = legant("guard", "doctor")
    assert d.returncode == 1, d.stdout


def test_codex_install_refuses_when_hooks_feature_is_off(setup):
    proj, home, gd, legant, install = setup
    cfg = home / ".codex" / "config.toml"
    cfg.parent.mkdir()
    cfg.write_text("[features]\nhooks = false\n")
    r = install("--tool", "codex")
    assert r.returncode == 1
    assert "hooks are switched off" in r.stderr
    assert not (proj / ".codex").exists()


@pytest.mark.parametrize("bad,where", [
    ("{not json", ".claude/settings.local.json"),
    ("[1, 2]", ".claude/settings.local.json"),
])
def test_invalid_json_is_refused_and_nothing_is_written(setup, bad, where):
    proj, home, gd, legant, install = setup
    path = proj / where
    path.parent.mkdir(parents=True)
    path.write_text(bad)
    r = install("--tool", "all")
    assert r.returncode == 1
    assert "refusing to edit" in r.stderr and "settings.local.json" in r.stderr
    assert "Traceback" not in r.stderr
    assert path.read_text() == bad
    assert not (proj / ".codex").exists() and not (proj / ".opencode").exists(), "a partial install was written"


def test_invalid_toml_is_refused_and_no_other_agent_is_touched(setup):
    proj, home, gd, legant, install = setup
    cfg = home / ".codex" / "config.toml"
    cfg.parent.mkdir()
    cfg.write_text("model = [unclosed\n")
    r = install("--tool", "all")
    assert r.returncode == 1
    assert "not valid TOML" in r.stderr
    assert not (proj / ".claude").exists() and not (proj / ".codex").exists()


def test_symlinked_config_file_in_the_repo_is_refused(setup, tmp_path):
    proj, home, gd, legant, install = setup
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("{}\n")
    (proj / ".claude").mkdir()
    os.symlink(elsewhere, proj / ".claude" / "settings.local.json")
    r = install("--tool", "claude-code")
    assert r.returncode == 1
    assert "symbolic link" in r.stderr
    assert elsewhere.read_text() == "{}\n"


def test_symlinked_config_folder_in_the_repo_is_refused(setup, tmp_path):
    proj, home, gd, legant, install = setup
    target = tmp_path / "target"
    target.mkdir()
    os.symlink(target, proj / ".opencode")
    r = install("--tool", "opencode")
    assert r.returncode == 1
    assert "symbolic link" in r.stderr
    assert list(target.iterdir()) == []


def test_dry_run_prints_the_diff_and_writes_nothing(setup):
    proj, home, gd, legant, install = setup
    r = install("--tool", "all", "--dry-run", "--role", "open")
    assert r.returncode == 0, r.stderr
    assert "+++ .claude/settings.local.json" in r.stdout
    assert "+++ .codex/hooks.json" in r.stdout
    assert "+++ ~/.codex/config.toml" in r.stdout and "trusted_hash" in r.stdout
    assert "+++ .opencode/plugins/legant-guard.js" in r.stdout
    assert "dry run: nothing written" in r.stdout
    assert list(proj.iterdir()) == [] and list(home.iterdir()) == [] and not gd.exists()


def test_opencode_plugin_not_written_by_us_is_not_overwritten(setup):
    proj, home, gd, legant, install = setup
    plugin = proj / ".opencode" / "plugins" / "legant-guard.js"
    plugin.parent.mkdir(parents=True)
    plugin.write_text("export const Mine = async () => ({});\n")
    r = install("--tool", "opencode")
    assert r.returncode == 1 and "was not written by `legant guard install`" in r.stderr
    assert plugin.read_text() == "export const Mine = async () => ({});\n"


def test_auto_detect_with_no_agent_is_a_clear_error_naming_tool(setup):
    proj, home, gd, legant, install = setup
    r = install()
    assert r.returncode == 1
    assert "no coding agent found" in r.stderr and "--tool" in r.stderr


def test_user_scope_goes_to_the_home_configs(setup):
    proj, home, gd, legant, install = setup
    r = install("--tool", "all", "--user")
    assert r.returncode == 0, r.stderr
    assert (home / ".claude" / "settings.json").exists()
    assert (home / ".codex" / "hooks.json").exists()
    assert (home / ".config" / "opencode" / "plugins" / "legant-guard.js").exists()
    assert not list(proj.iterdir())
    assert legant("guard", "uninstall", "--user").returncode == 0
    assert not (home / ".claude" / "settings.json").exists()
    assert not (home / ".config" / "opencode" / "plugins" / "legant-guard.js").exists()


def test_status_reports_disable_all_hooks_and_token_state(setup):
    proj, home, gd, legant, install = setup
    assert install("--tool", "claude-code", "--role", "open").returncode == 0
    (proj / ".claude" / "settings.json").write_text('{"disableAllHooks": true}\n')
    st = legant("guard", "status")
    assert "Claude Code: installed (project)" in st.stdout
    assert "role:  open" in st.stdout and "token: valid, expires in" in st.stdout
    assert "disableAllHooks" in st.stdout and "fix:" in st.stdout
