"""Red team 11 (issue 10, item 2): a protected path that is a symlink, or lies below one.

Dotfiles set-ups link `~/.claude`, `~/.codex`, `~/.config` or `~/.zshrc` into a repository
(`~/dotfiles/...`, GNU stow), and projects link `.claude/settings.json` to a shared file. The
guard protected the link's own name only: writing the file it points to (`~/dotfiles/claude/
settings.json`, `config/claude.json` inside the project, even for builder) changed the hook
config, and `echo 'export OPENCODE_PURE=1' >> ~/dotfiles/zshrc` went into the start-up file
unchecked. The real location of each protected path is now protected too.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, write


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("links"))
    home, proj = s.home, s.project
    for name in ("dotfiles/claude/settings.json", "dotfiles/codex/config.toml", "dots/config/opencode/opencode.json",
                 "dotfiles/README"):
        write(os.path.join(home, name), "{}\n")
    write(os.path.join(home, "dotfiles/zshrc"), "# zsh\n")
    write(os.path.join(proj, "config/claude.json"), "{}\n")
    os.symlink(os.path.join(home, "dotfiles/claude"), os.path.join(home, ".claude"))
    os.symlink(os.path.join(home, "dotfiles/codex"), os.path.join(home, ".codex"))
    os.symlink(os.path.join(home, "dots/config"), os.path.join(home, ".config"))
    os.symlink(os.path.join(home, "dotfiles/zshrc"), os.path.join(home, ".zshrc"))
    os.makedirs(os.path.join(proj, ".claude"))
    os.symlink(os.path.join(proj, "config/claude.json"), os.path.join(proj, ".claude/settings.json"))
    os.symlink(s.dir, os.path.join(s.root, "guard-link"))
    return s


@pytest.mark.parametrize("role", ["operator", "open"])
@pytest.mark.parametrize("name", ["dotfiles/claude/settings.json", "dotfiles/claude/hooks/pre.sh",
                                  "dotfiles/codex/config.toml", "dotfiles/codex/hooks.json",
                                  "dots/config/opencode/opencode.json", "dots/config/opencode/plugins/x.js"])
def test_writing_where_a_user_hook_config_really_lies_is_denied(setup, role, name):
    path = os.path.join(setup.home, name)
    assert_denied(setup.check("Write", {"file_path": path, "content": "{}"}, role=role), "is protected")
    assert_denied(setup.bash(f"cp /dev/null {path}", role=role), "protected")


@pytest.mark.parametrize("role", ["builder", "operator"])
def test_a_project_file_a_hook_config_links_to_is_protected(setup, role):
    target = setup.path("config/claude.json")
    assert_denied(setup.check("Write", {"file_path": target, "content": '{"disableAllHooks": true}'}, role=role),
                  "is protected")
    assert_denied(setup.check("Edit", {"file_path": target, "old_string": "{}", "new_string": "{ }"}, role=role),
                  "is protected")
    assert_denied(setup.bash("echo '{}' > config/claude.json", role=role), "is protected")


def test_a_start_up_file_that_is_a_symlink_is_content_checked_at_its_target(setup):
    assert_denied(setup.bash("echo 'export OPENCODE_PURE=1' >> ~/dotfiles/zshrc", role="operator"),
                  "a shell start-up file", "OPENCODE_PURE")
    assert_denied(setup.check("Write", {"file_path": os.path.join(setup.home, "dotfiles/zshrc"),
                                        "content": "export CODEX_HOME=/tmp/x\n"}, role="operator"), "CODEX_HOME")
    assert_allowed(setup.bash("echo '# a comment' >> ~/dotfiles/zshrc", role="operator"))


def test_the_guard_dir_named_through_a_symlink_protects_the_real_folder(setup):
    env = setup.env("operator")
    link = os.path.join(setup.root, "guard-link")
    for key in ("LEGANT_GUARD_TOKEN_FILE", "LEGANT_GUARD_JWKS", "LEGANT_GUARD_FEED", "LEGANT_GUARD_AUDIT"):
        env[key] = env[key].replace(setup.dir, link)
    assert_allowed(setup.check("Bash", {"command": "ls"}, env=env))
    assert_denied(setup.check("Read", {"file_path": os.path.join(setup.dir, "key.pem")}, env=env), "protected")


def test_other_files_of_the_dotfiles_repository_stay_writable(setup):
    assert_allowed(setup.check("Write", {"file_path": os.path.join(setup.home, "dotfiles/README"), "content": "x"},
                               role="operator"))
    assert_allowed(setup.check("Write", {"file_path": setup.path("config/other.json"), "content": "{}"}))
