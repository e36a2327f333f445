"""One record of an installation: what `install` put where lives in the guard dir's setup
record (setup.json, `install`), next to what init made. An install made before that kept it in
installed.json: it is still read (status, uninstall) and folded into setup.json at the next
install or uninstall. Install never makes up a setup record the hook relies on as evidence.
"""

import json
import os

import pytest

from conftest import clean_env, run_legant

from legant_guard import setuprecord
from legant_guard.install.common import Record

USER_SETTINGS = '{\n  "model": "mine",\n  "permissions": {"allow": ["Bash(ls)"]}\n}\n'


@pytest.fixture
def setup(tmp_path):
    proj, home, gd = tmp_path / "proj", tmp_path / "home", tmp_path / "gd"
    for d in (proj, home):
        d.mkdir()
    env = clean_env(home=home)

    def legant(*args):
        return run_legant(list(args), env=env, cwd=str(proj))

    return proj, gd, legant


def _install(proj, gd, legant):
    settings = proj / ".claude" / "settings.local.json"
    settings.parent.mkdir()
    settings.write_text(USER_SETTINGS)
    proc = legant("guard", "install", "--tool", "claude-code", "--dir", str(gd))
    assert proc.returncode == 0, proc.stderr
    return settings


def test_install_keeps_its_record_in_the_setup_record_only(setup):
    proj, gd, legant = setup
    settings = _install(proj, gd, legant)
    record = json.loads((gd / "setup.json").read_text())
    assert record["project"] == str(proj.resolve())
    files, hooks = record["install"]["files"], record["install"]["hooks"]
    assert files[str(settings)]["original"] == USER_SETTINGS
    assert [h["agent"] for h in hooks.values()] == ["claude-code"]
    assert not (gd / "installed.json").exists()


def test_an_older_installs_installed_json_is_read_and_folded_in(setup):
    proj, gd, legant = setup
    settings = _install(proj, gd, legant)
    # Make it an install of before: the record in installed.json, none in setup.json.
    record = json.loads((gd / "setup.json").read_text())
    (gd / "installed.json").write_text(json.dumps(record.pop("install"), indent=2))
    (gd / "setup.json").write_text(json.dumps(record))
    files, hooks = setuprecord.install_record(str(gd))
    assert str(settings) in files and hooks
    status = legant("guard", "status", "--json", "--dir", str(gd))
    assert status.returncode == 0, status.stdout + status.stderr
    proc = legant("guard", "uninstall", "--tool", "claude-code", "--dir", str(gd))
    assert proc.returncode == 0, proc.stderr
    assert settings.read_text() == USER_SETTINGS  # put back byte for byte from the old record
    assert not (gd / "installed.json").exists()
    assert json.loads((gd / "setup.json").read_text())["install"] == {"files": {}, "hooks": {}}


def test_a_guard_dir_without_a_setup_record_gets_no_made_up_one(tmp_path):
    record = Record(str(tmp_path))
    record.hooks["claude-code:/p/.claude/settings.local.json"] = {"agent": "claude-code"}
    record.save()
    assert not (tmp_path / "setup.json").exists()
    assert json.loads((tmp_path / "installed.json").read_text())["hooks"]
    assert Record(str(tmp_path)).hooks == record.hooks


def test_a_corrupt_setup_record_is_not_rewritten_by_install(tmp_path):
    (tmp_path / "setup.json").write_text("{not json")
    record = Record(str(tmp_path))
    record.hooks["x:y"] = {"agent": "codex"}
    record.save()
    assert (tmp_path / "setup.json").read_text() == "{not json"
    assert Record(str(tmp_path)).hooks == {"x:y": {"agent": "codex"}}


def test_a_record_too_large_for_the_hook_to_read_stays_in_installed_json(tmp_path):
    setuprecord.update(str(tmp_path), project="/p", feed_ver=3)
    record = Record(str(tmp_path))
    record.files["/p/huge.toml"] = {"original": "x" * (setuprecord.MAX_BYTES // 2)}
    record.save()
    assert setuprecord.INSTALL_KEY not in setuprecord.read(str(tmp_path))
    assert setuprecord.read(str(tmp_path))["feed_ver"] == 3
    assert Record(str(tmp_path)).files == record.files
    os.unlink(tmp_path / "installed.json")
    assert Record(str(tmp_path)).files == {}
