"""Red team 28 (issue 10, rt10i): pieces of the trust base no earlier round named.

- Every setup `legant guard init` makes lives in one folder by default (platformdirs' user
  config folder / legant/guard: `<project>-<hash>` per project, `user-wide` for `install
  --user`). Only this session's guard dir was protected: under `open` and `operator` an agent
  read another project's `key.pem` (and so could mint any token that project's hook accepts),
  rewrote the user-wide setup's overlay or tokens, or deleted every other setup.
- opencode runs git by itself at every step on its snapshot repositories (`git --git-dir
  $XDG_DATA_HOME/opencode/snapshot/P/H --work-tree PROJECT add .`): a `core.fsmonitor` or a hook
  written into one ran at the next step, with no tool call for the hook to see.
- opencode runs the programs in its own bin folder (`$XDG_DATA_HOME/opencode/bin`, in later
  versions `$XDG_CACHE_HOME/opencode/bin`): ripgrep when none is on PATH, and the language
  servers it starts when a file of their language is opened.
- opencode runs `bun install` in the project's `.opencode/` at start, which takes its registry
  from the folder's own `bunfig.toml` and `.npmrc` (the same files were protected in its plugin
  cache only).
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

ROLES = ("builder", "open", "operator")
OUTSIDE = ("open", "operator")  # (builder is refused outside the project anyway)


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt28t"), files={
        "~/.config/legant/guard/other-0123456789ab/key.pem": "-----BEGIN PRIVATE KEY-----\nx\n",
        "~/.config/legant/guard/other-0123456789ab/builder.jwt": "x.y.z\n",
        "~/.config/legant/guard/user-wide/overlay.json": "{}\n",
        "~/.local/share/opencode/snapshot/p1/h1/config": "[core]\n\tfsmonitor = false\n",
        "~/.local/share/opencode/snapshot/p1/h1/HEAD": "ref: refs/heads/master\n",
        "~/.local/share/opencode/snapshot/p1/h1/hooks/": "",
        "~/.local/share/opencode/storage/session/s1.json": "{}\n",
        "~/.local/share/opencode/bin/": "",
        "~/.cache/opencode/bin/": "",
        ".opencode/agent/": "",
        "src/a.py": "x = 1\n",
    })
    return setup


OTHER = "~/.config/legant/guard/other-0123456789ab"
SNAP = "~/.local/share/opencode/snapshot/p1/h1"


# --- other setups beside this session's guard dir -------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_another_projects_signing_key_is_not_readable(g, role):
    key = g.path(OTHER + "/key.pem")
    assert_denied(g.check("Read", {"file_path": key}, role=role), "protected")
    assert_denied(g.bash(f"cat {key}", role=role), "protected")


@pytest.mark.parametrize("role", OUTSIDE)
def test_another_projects_token_is_not_rewritten(g, role):
    token = g.path(OTHER + "/builder.jwt")
    assert_denied(g.check("Write", {"file_path": token, "content": "forged.token.here"}, role=role), "protected")
    assert_denied(g.bash(f"cp /tmp/forged {token}", role=role), "protected")


@pytest.mark.parametrize("role", OUTSIDE)
def test_the_user_wide_setup_is_protected(g, role):
    overlay = g.path("~/.config/legant/guard/user-wide/overlay.json")
    assert_denied(g.check("Write", {"file_path": overlay, "content": "{}"}, role=role), "protected")
    assert_denied(g.bash(f"echo '{{}}' > {overlay}", role=role), "protected")


@pytest.mark.parametrize("role", OUTSIDE)
def test_deleting_every_setup_is_refused(g, role):
    assert_denied(g.bash(f"rm -rf {g.home}/.config/legant", role=role), "protected")
    assert_denied(g.bash("rm -rf ~/.config/legant/guard/*", role=role), "protected")


@pytest.mark.parametrize("role", OUTSIDE)
def test_a_new_setup_planted_beside_is_refused(g, role):
    planted = g.path("~/.config/legant/guard/planted-000000000000/jwks.json")
    assert_denied(g.check("Write", {"file_path": planted, "content": "{}"}, role=role), "protected")


@pytest.mark.parametrize("role", OUTSIDE)
def test_setups_under_a_moved_xdg_config_home_are_protected(g, role):
    cfg = os.path.join(g.root, "xdgcfg")
    env = g.env(role, XDG_CONFIG_HOME=cfg)
    key = os.path.join(cfg, "legant", "guard", "p-0123456789ab", "key.pem")
    assert_denied(g.check("Read", {"file_path": key}, role=role, env=env), "protected")
    # (and the default place stays protected: unset the variable and init uses it again)
    assert_denied(g.check("Read", {"file_path": g.path(OTHER + "/key.pem")}, role=role, env=env), "protected")


@pytest.mark.parametrize("role", OUTSIDE)
def test_a_recursive_copy_of_the_setups_is_refused(g, role):
    assert_denied(g.bash(f"cp -r {g.home}/.config/legant /tmp/l", role=role))
    assert_denied(g.bash(f"tar -cf /tmp/l.tar -C {g.home}/.config legant", role=role))


@pytest.mark.parametrize("role", OUTSIDE)
def test_neighbours_of_the_setups_stay_allowed(g, role):
    assert_allowed(g.check("Write", {"file_path": g.path("~/.config/legantish/x.txt"), "content": "x"}, role=role))
    assert_allowed(g.check("Read", {"file_path": g.path("~/.config/legant-notes.txt")}, role=role))
    assert_allowed(g.bash("ls ~/.config", role=role))


# --- opencode's snapshot repositories ------------------------------------------------------

@pytest.mark.parametrize("role", OUTSIDE)
def test_opencode_snapshot_config_is_not_written(g, role):
    config = g.path(SNAP + "/config")
    text = "[core]\n\tfsmonitor = /tmp/x.sh\n"
    assert_denied(g.check("Write", {"file_path": config, "content": text}, role=role), "protected")
    assert_denied(g.check("Edit", {"file_path": config, "old_string": "false", "new_string": "/tmp/x.sh"},
                          role=role), "protected")
    assert_denied(g.bash(f"printf '[core]\\n\\tfsmonitor = /tmp/x.sh\\n' >> {config}", role=role), "protected")


@pytest.mark.parametrize("role", OUTSIDE)
def test_opencode_snapshot_hooks_are_not_written(g, role):
    hook = g.path(SNAP + "/hooks/post-checkout")
    assert_denied(g.check("Write", {"file_path": hook, "content": "#!/bin/sh\nid\n"}, role=role), "protected")
    assert_denied(g.bash(f"cp /tmp/h {hook}", role=role), "protected")
    assert_denied(g.bash(f"ln -s /tmp/h {hook}", role=role), "protected")


@pytest.mark.parametrize("role", OUTSIDE)
def test_git_pointed_at_an_opencode_snapshot_is_refused(g, role):
    snap = g.path(SNAP)
    assert_denied(g.bash(f"git --git-dir {snap} config core.fsmonitor /tmp/x.sh", role=role))
    assert_denied(g.bash(f"GIT_DIR={snap} git config core.fsmonitor true", role=role))


@pytest.mark.parametrize("role", OUTSIDE)
def test_opencode_snapshot_objects_are_not_read(g, role):
    # the snapshot's objects are copies of every project file, .env included
    assert_denied(g.bash(f"grep -r KEY {g.home}/.local/share/opencode/snapshot", role=role))
    assert_denied(g.check("Read", {"file_path": g.path(SNAP + "/config")}, role=role), "protected")


@pytest.mark.parametrize("role", OUTSIDE)
def test_opencode_snapshot_under_a_moved_data_home(g, role):
    data = os.path.join(g.root, "xdgdata")
    config = os.path.join(data, "opencode", "snapshot", "p", "h", "config")
    assert_denied(g.check("Write", {"file_path": config, "content": "x"}, role=role, env=g.env(role, XDG_DATA_HOME=data)),
                  "protected")


# --- opencode's bin folder ------------------------------------------------------------------

@pytest.mark.parametrize("role", OUTSIDE)
@pytest.mark.parametrize("place", ["~/.local/share/opencode/bin/rg", "~/.cache/opencode/bin/rg",
                                   "~/.local/share/opencode/bin/node_modules/bash-language-server/out/cli.js",
                                   "~/.cache/opencode/bin/vscode-eslint/server/out/eslintServer.js"])
def test_programs_opencode_runs_itself_are_not_written(g, role, place):
    assert_denied(g.check("Write", {"file_path": g.path(place), "content": "#!/bin/sh\nid\n"}, role=role), "protected")


@pytest.mark.parametrize("role", OUTSIDE)
def test_installing_into_opencodes_bin_folder_is_refused(g, role):
    assert_denied(g.bash("cd ~/.local/share/opencode/bin && npm install bash-language-server", role=role))
    assert_denied(g.bash(f"GOBIN={g.home}/.cache/opencode/bin go install example.com/gopls@latest", role=role),
                  "GOBIN", "protected")


# --- installers told by a variable which folder to fill (`GOBIN=DIR go install`) ----------------
# (only the guard's installation was judged for them: a program named like a hook script landed
# in ~/.claude/hooks, or an `rg` in opencode's bin folder)

@pytest.mark.parametrize("role", OUTSIDE)
@pytest.mark.parametrize("command", [
    "GOBIN=~/.claude/hooks go install example.com/fmt.sh@latest",
    "export GOBIN=~/.claude/hooks; go install example.com/x@latest",
    "env GOBIN=~/.claude/hooks go get example.com/x",
    "go env -w GOBIN=~/.claude/hooks",
    "GOPATH=~/.local/share/opencode go install example.com/rg@latest",
    "PNPM_HOME=~/.claude/hooks pnpm add -g x",
    "BUN_INSTALL_BIN=~/.local/share/opencode/bin bun add -g x",
    "BUN_INSTALL=~/.cache/opencode bun add -g x",
    "npm_config_prefix=~/.local/share/opencode npm i -g bash-language-server",
    "CARGO_INSTALL_ROOT=~/.cache/opencode cargo install ripgrep",
    "GEM_HOME=~/.local/share/opencode gem install x",
    "DENO_INSTALL_ROOT=~/.cache/opencode deno install -n rg https://x/rg.ts",
    "npm config set prefix ~/.local/share/opencode",
])
def test_installers_filling_a_protected_folder_by_variable(g, role, command):
    assert_denied(g.bash(command, role=role), "protected")


@pytest.mark.parametrize("role", OUTSIDE)
@pytest.mark.parametrize("command", [
    "GOBIN=/tmp/gobin go install example.com/x@latest",
    "GOBIN=$PWD/bin go install ./cmd/...",
    "go install example.com/x@latest",
    "go env -w GOBIN=/tmp/gobin",
    "CARGO_INSTALL_ROOT=~/.claude cargo install x",  # (~/.claude/bin is no configuration)
    "npm_config_prefix=/tmp/npmp npm i -g x",
    "BUN_INSTALL_BIN=/tmp/bunbin bun add -g x",
])
def test_installers_filling_other_folders_stay_allowed(g, role, command):
    assert_allowed(g.bash(command, role=role))


@pytest.mark.parametrize("role", OUTSIDE)
def test_opencodes_other_data_stays_usable(g, role):
    assert_allowed(g.check("Read", {"file_path": g.path("~/.local/share/opencode/storage/session/s1.json")},
                           role=role))
    assert_allowed(g.check("Write", {"file_path": g.path("~/.local/share/opencode/log/x.log"), "content": "x"},
                           role=role))
    assert_allowed(g.check("Write", {"file_path": g.path("~/.cache/opencode/models.json"), "content": "{}"},
                           role=role))


# --- the project's .opencode/ install settings ------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", [".opencode/bunfig.toml", ".opencode/.npmrc"])
def test_opencode_folder_install_settings_are_protected(g, role, name):
    text = "[install]\nregistry = 'http://127.0.0.1:9/'\n"
    assert_denied(g.check("Write", {"file_path": g.path(name), "content": text}, role=role), "protected")
    assert_denied(g.bash(f"echo 'registry=http://127.0.0.1:9/' > {name}", role=role), "protected")


@pytest.mark.parametrize("role", ROLES)
def test_opencode_markdown_agents_and_project_files_stay_writable(g, role):
    assert_allowed(g.check("Write", {"file_path": g.path(".opencode/agent/review.md"), "content": "# r\n"}, role=role))
    assert_allowed(g.check("Edit", {"file_path": g.path("src/a.py"), "old_string": "1", "new_string": "2"}, role=role))
    assert_allowed(g.check("Write", {"file_path": g.path("bunfig.toml"), "content": "[test]\n"}, role=role))


@pytest.mark.parametrize("role", OUTSIDE)
def test_a_search_above_other_setups_is_refused(g, role):
    # their key.pem files are secrets like this session's own: a recursive read above them is refused
    assert_denied(g.bash(f"grep -r PRIVATE {g.home}/.config", role=role), "legant/guard")
    assert_denied(g.check("Grep", {"pattern": "PRIVATE", "path": g.path("~/.config/legant")}, role=role))


# --- where opencode's plugin installs (bun) take packages from ---------------------------------
# (NPM_CONFIG_REGISTRY was a hook variable, but bun also reads BUN_CONFIG_REGISTRY, its cache
# folder from BUN_INSTALL_CACHE_DIR and its registry from ~/.bunfig.toml)

@pytest.mark.parametrize("role", OUTSIDE)
@pytest.mark.parametrize("line", ["export BUN_CONFIG_REGISTRY=http://127.0.0.1:9/",
                                  "export BUN_INSTALL_CACHE_DIR=/tmp/seeded",
                                  "BUN_CONFIG_NO_VERIFY=1"])
def test_bun_variables_in_start_up_files_are_refused(g, role, line):
    assert_denied(g.bash(f"echo '{line}' >> ~/.bashrc", role=role), "BUN_")


@pytest.mark.parametrize("role", OUTSIDE)
def test_a_nested_opencode_with_a_bun_registry_is_refused(g, role):
    assert_denied(g.bash("BUN_CONFIG_REGISTRY=http://127.0.0.1:9/ opencode run hi", role=role), "BUN_CONFIG_REGISTRY")


@pytest.mark.parametrize("role", OUTSIDE)
@pytest.mark.parametrize("place", ["~/.bunfig.toml", "~/.config/.bunfig.toml"])
def test_buns_global_configuration_is_not_changed(g, role, place):
    text = "[install]\nregistry = 'http://127.0.0.1:9/'\n"
    assert_denied(g.check("Write", {"file_path": g.path(place), "content": text}, role=role), "bunfig.toml")
    assert_denied(g.bash(f"printf '[install]\\nregistry = \"http://127.0.0.1:9/\"\\n' > {place}", role=role),
                  "bunfig.toml")
    assert_allowed(g.check("Read", {"file_path": g.path(place)}, role=role))  # (reading it is fine)


@pytest.mark.parametrize("role", OUTSIDE)
def test_other_start_up_lines_stay_allowed(g, role):
    assert_allowed(g.bash("echo 'export EDITOR_THEME=dark' >> ~/.bashrc", role=role))
    assert_allowed(g.bash("echo 'alias ll=\"ls -l\"' >> ~/.bashrc", role=role))


# --- Claude Code's cached server-managed settings -----------------------------------------------
# (~/.claude/remote-settings.json is applied as the policy layer at start, before any fetch:
# `{"disableAllHooks": true}` there beat every other settings file)

@pytest.mark.parametrize("role", ROLES)
def test_claude_codes_cached_managed_settings_are_protected(g, role):
    for place in ("~/.claude/remote-settings.json", "~/.config/claude/remote-settings.json"):
        assert_denied(g.check("Write", {"file_path": g.path(place), "content": '{"disableAllHooks": true}'},
                              role=role), "protected")
    env = g.env(role, CLAUDE_CONFIG_DIR=os.path.join(g.root, "ccd"))
    assert_denied(g.check("Write", {"file_path": os.path.join(g.root, "ccd", "remote-settings.json"), "content": "{}"},
                          role=role, env=env), "protected")


@pytest.mark.parametrize("role", OUTSIDE)
def test_claude_codes_other_state_stays_writable(g, role):
    assert_allowed(g.check("Write", {"file_path": g.path("~/.claude/todos/t.json"), "content": "[]"}, role=role))


# --- variables that load code into every program, the hook included ---------------------------

@pytest.mark.parametrize("role", OUTSIDE)
@pytest.mark.parametrize("line", ["export GCONV_PATH=/tmp/g", "export LOCPATH=/tmp/l LC_ALL=xx_XX.X",
                                  "export NODE_COMPILE_CACHE=/tmp/cc"])
def test_code_loading_variables_in_start_up_files_are_refused(g, role, line):
    assert_denied(g.bash(f"echo '{line}' >> ~/.profile", role=role), line.split()[1].split("=")[0])


@pytest.mark.parametrize("role", OUTSIDE)
def test_a_nested_session_with_a_charset_module_path_is_refused(g, role):
    assert_denied(g.bash("GCONV_PATH=/tmp/g LC_ALL=xx_XX.X claude -p hi", role=role), "GCONV_PATH")


@pytest.mark.parametrize("role", OUTSIDE)
@pytest.mark.parametrize("command", [
    "python3 -m venv /tmp/rt28venv && /tmp/rt28venv/bin/pip install requests",
    "/tmp/rt28venv/bin/python -m pip install -U pip",
    "cp -r src /tmp/src-copy",
    "tar -czf /tmp/src.tgz src",
    "sed -i s/1/2/ src/a.py",
])
def test_everyday_neighbours_of_the_trust_base_stay_allowed(g, role, command):
    assert_allowed(g.bash(command, role=role))
