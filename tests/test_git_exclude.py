"""The generated project files hold absolute home paths: install says so and keeps them out
of commits through .git/info/exclude when asked; uninstall takes out exactly what it added.

Real git repositories in tmp, the real CLI (not a terminal, so install never prompts).
"""

import os
import subprocess

import pytest

from conftest import clean_env, run_legant, session_key_pem


@pytest.fixture
def repo(tmp_path):
    root, home, gd = tmp_path / "repo", tmp_path / "home", tmp_path / "gd"
    (root / "app").mkdir(parents=True)
    home.mkdir()
    gd.mkdir(mode=0o700)
    (gd / "key.pem").write_bytes(session_key_pem())
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    env = clean_env({"PATH": "/usr/bin:/bin"}, home=home)

    def legant(*args):
        return run_legant(list(args), env=env, cwd=str(root / "app"))

    return root, gd, legant


def exclude(root):
    return (root / ".git" / "info" / "exclude").read_text()


def untracked(root):
    out = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all"],
                         capture_output=True, text=True, check=True).stdout
    return sorted(line[3:] for line in out.splitlines())


def test_install_says_so_and_prints_the_command_without_touching_the_exclude_file(repo):
    root, gd, legant = repo
    before = exclude(root)
    r = legant("guard", "install", "--dir", str(gd), "--tool", "claude-code", "--tool", "opencode")
    assert r.returncode == 0, r.stderr
    assert "hold absolute paths of this machine" in r.stdout
    assert "/app/.claude/settings.local.json" in r.stdout and "--git-exclude" in r.stdout
    assert exclude(root) == before
    command = [line for line in r.stdout.splitlines() if "to keep them out of commits:" in line][0].split(": ", 1)[1]
    subprocess.run(command, shell=True, check=True, cwd=str(root / "app"))  # the printed command works
    assert untracked(root) == []


def test_git_exclude_adds_the_files_and_uninstall_removes_only_its_lines(repo):
    root, gd, legant = repo
    r = legant("guard", "install", "--dir", str(gd), "--tool", "claude-code", "--tool", "codex", "--tool", "opencode",
               "--git-exclude")
    assert r.returncode == 0, r.stderr
    lines = ["/app/.claude/settings.local.json", "/app/.codex/hooks.json", "/app/.opencode/plugins/legant-guard.js"]
    assert exclude(root).splitlines()[-3:] == lines
    assert untracked(root) == []
    again = legant("guard", "install", "--dir", str(gd), "--tool", "claude-code", "--git-exclude")
    assert again.returncode == 0 and "in " in again.stdout
    assert exclude(root).count("/app/.claude/settings.local.json") == 1
    with open(root / ".git" / "info" / "exclude", "a") as f:
        f.write("/my-own-pattern\n")
    r = legant("guard", "uninstall", "--dir", str(gd), "--tool", "claude-code")
    assert r.returncode == 0
    text = exclude(root)
    assert "/app/.claude/settings.local.json" not in text and "/app/.codex/hooks.json" in text
    assert legant("guard", "uninstall", "--dir", str(gd)).returncode == 0
    text = exclude(root)
    assert not any(line in text for line in lines) and "/my-own-pattern" in text
    assert text.startswith("# git ls-files --others --exclude-from=.git/info/exclude")


def test_a_line_the_user_had_already_is_neither_duplicated_nor_removed(repo):
    root, gd, legant = repo
    with open(root / ".git" / "info" / "exclude", "a") as f:
        f.write("/app/.claude/settings.local.json\n")
    assert legant("guard", "install", "--dir", str(gd), "--tool", "claude-code", "--git-exclude").returncode == 0
    assert exclude(root).count("/app/.claude/settings.local.json") == 1
    assert legant("guard", "uninstall", "--dir", str(gd)).returncode == 0
    assert exclude(root).count("/app/.claude/settings.local.json") == 1


def test_outside_a_git_repository_install_only_says_so(tmp_path):
    proj, home = tmp_path / "proj", tmp_path / "home"
    proj.mkdir()
    home.mkdir()
    r = run_legant(["guard", "install", "--tool", "claude-code", "--git-exclude"],
                   env=clean_env({"PATH": "/usr/bin:/bin"}, home=home), cwd=str(proj))
    assert r.returncode == 0, r.stderr
    assert "hold absolute paths of this machine" in r.stdout and not (proj / ".git").exists()
