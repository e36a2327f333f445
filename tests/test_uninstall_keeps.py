"""`legant guard uninstall` keeps what the user wrote after install and leaves nothing behind.

Through the real CLI on real files: comments, tables and keys the user added to Codex's
config.toml (also right after or inside our tables) survive byte for byte, as do other hooks
and settings in the JSON configs; what a stand-in `codex app-server` created in a Codex home
that install created is removed with it, and a Codex home the user already had is kept.
"""

import json
import os
import stat

import pytest

from conftest import clean_env, run_legant

FAKE_CODEX = r'''#!/usr/bin/env python3
# A stand-in `codex`: `codex app-server` answers initialize and hooks/list (the project's
# hook, trusted) and, like the real one, writes its own state into CODEX_HOME.
import json, os, sys
home = os.environ.get("CODEX_HOME") or os.path.join(os.environ["HOME"], ".codex")
os.makedirs(os.path.join(home, "log"), exist_ok=True)
open(os.path.join(home, "log", "codex-tui.log"), "a").write("started\n")
open(os.path.join(home, "version.json"), "w").write('{"v": 1}\n')
hooks = os.path.join(os.getcwd(), ".codex", "hooks.json")
for line in sys.stdin:
    msg = json.loads(line)
    if "id" not in msg:
        continue
    result = {}
    if msg["method"] == "hooks/list":
        h = json.load(open(hooks))["hooks"]["PreToolUse"][0]["hooks"][0]
        result = {"data": [{"hooks": [{"sourcePath": hooks, "command": h["command"], "trustStatus": "trusted"}]}]}
    print(json.dumps({"id": msg["id"], "result": result}), flush=True)
'''


@pytest.fixture
def setup(tmp_path):
    proj, home, gd, bin_ = tmp_path / "proj", tmp_path / "home", tmp_path / "gd", tmp_path / "bin"
    for d in (proj, home, bin_):
        d.mkdir()
    codex = bin_ / "codex"
    codex.write_text(FAKE_CODEX.replace("#!/usr/bin/env python3", "#!" + __import__("sys").executable))
    codex.chmod(codex.stat().st_mode | stat.S_IXUSR)
    env = clean_env({"PATH": f"{bin_}:/usr/bin:/bin"}, home=home)
    env.pop("CODEX_HOME", None)

    def legant(*args):
        return run_legant(list(args), env=env, cwd=str(proj))

    return proj, home, gd, legant


def tree(folder):
    return sorted(os.path.relpath(os.path.join(r, n), folder) for r, ds, fs in os.walk(folder) for n in ds + fs)


def test_uninstall_keeps_the_users_toml_comments_tables_and_keys(setup):
    proj, home, gd, legant = setup
    assert legant("guard", "install", "--dir", str(gd), "--tool", "codex").returncode == 0
    cfg = home / ".codex" / "config.toml"
    text = cfg.read_text()
    # the user edits the file after install: a key inside our project table, a comment and
    # a table right after our hook-trust table, an inline comment
    text = text.replace('trust_level = "trusted"\n', 'trust_level = "trusted"\nmine = 1  # my key\n')
    text += '\n# my profiles\n[profiles.fast]\nmodel = "o3"  # inline\n'
    cfg.write_text(text)
    r = legant("guard", "uninstall", "--dir", str(gd), "--tool", "codex")
    assert r.returncode == 0, r.stderr
    assert cfg.read_text() == f'[projects."{proj}"]\nmine = 1  # my key\n\n# my profiles\n[profiles.fast]\nmodel = "o3"  # inline\n'
    assert not (proj / ".codex").exists()


def test_uninstall_keeps_a_config_the_user_had_before_with_its_comments(setup):
    proj, home, gd, legant = setup
    cfg = home / ".codex" / "config.toml"
    cfg.parent.mkdir()
    before = '# my codex config\nmodel = "o3"\n\n[profiles.x]  # a profile\nmodel = "o4"\n'
    cfg.write_text(before)
    (home / ".codex" / "auth.json").write_text("{}\n")
    assert legant("guard", "install", "--dir", str(gd), "--tool", "codex").returncode == 0
    cfg.write_text(cfg.read_text() + "\n# added later\n[tui]\nnotifications = true\n")
    assert legant("guard", "uninstall", "--dir", str(gd), "--tool", "codex").returncode == 0
    assert cfg.read_text() == before + "\n# added later\n[tui]\nnotifications = true\n"
    # a Codex home the user had: what app-server wrote there is Codex's business, and stays
    assert (home / ".codex" / "auth.json").exists() and (home / ".codex" / "version.json").exists()


def test_uninstall_removes_what_app_server_created_in_a_fresh_codex_home(setup):
    proj, home, gd, legant = setup
    r = legant("guard", "install", "--dir", str(gd), "--tool", "codex")
    assert r.returncode == 0, r.stderr
    assert "`codex app-server` confirms the hook is trusted" in r.stdout
    assert (home / ".codex" / "log" / "codex-tui.log").exists()
    r = legant("guard", "install", "--dir", str(gd), "--tool", "codex", "--role", "reviewer")  # re-install
    assert r.returncode == 0, r.stderr
    assert legant("guard", "uninstall", "--dir", str(gd), "--tool", "codex").returncode == 0
    assert not (home / ".codex").exists(), tree(home / ".codex")
    assert tree(proj) == []


def test_uninstall_keeps_other_hooks_and_settings_added_after_install(setup):
    proj, home, gd, legant = setup
    assert legant("guard", "install", "--dir", str(gd), "--tool", "claude-code", "--tool", "codex").returncode == 0
    settings = proj / ".claude" / "settings.local.json"
    data = json.loads(settings.read_text())
    data["permissions"] = {"allow": ["Bash(ls)"]}
    data["hooks"]["PreToolUse"].append({"matcher": "Bash", "hooks": [{"type": "command", "command": "mine"}]})
    settings.write_text(json.dumps(data, indent=2) + "\n")
    hooks = proj / ".codex" / "hooks.json"
    data = json.loads(hooks.read_text())
    data["hooks"]["PostToolUse"] = [{"hooks": [{"type": "command", "command": "post"}]}]
    hooks.write_text(json.dumps(data, indent=2) + "\n")
    assert legant("guard", "uninstall", "--dir", str(gd)).returncode == 0
    assert json.loads(settings.read_text()) == {
        "hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "mine"}]}]},
        "permissions": {"allow": ["Bash(ls)"]}}
    assert json.loads(hooks.read_text()) == {"hooks": {"PostToolUse": [{"hooks": [{"type": "command", "command": "post"}]}]}}
