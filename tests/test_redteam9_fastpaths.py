"""Red team of the hook's hot-path shortcuts (RuleSet glob names, unions after 16 paths, parser
and expansion shortcuts, tripwire set lookups, the hook process's os._exit): each test is an
event the guard must still decide as it did before the shortcut, asserted by verdict and reason."""

import json
import os
import subprocess
import sys

import pytest

from conftest import LEGANT, GuardSetup, assert_denied


@pytest.fixture
def setup(tmp_path):
    return GuardSetup(tmp_path, files={".env": "SECRET=1\n", "src/a.py": "x\n"})


def _hook_with_closed_stdout(setup, command, launcher):
    """Run the real hook process with its stdout closed by the reader (the agent's pipe gone)."""
    event = json.dumps(setup.event("Bash", {"command": command})).encode()
    proc = subprocess.Popen(launcher + ["guard", "check"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=setup.env("builder"), cwd=setup.project)
    proc.stdout.close()
    _, err = proc.communicate(event, timeout=60)
    return proc.returncode, err.decode("utf-8", "replace")


@pytest.mark.parametrize("launcher", [LEGANT, [sys.executable, "-I", "-m", "legant_guard"]], ids=["script", "module"])
def test_a_deny_keeps_exit_code_2_when_stdout_is_closed(setup, launcher):
    # A BrokenPipeError writing the deny JSON used to escape: exit 120 (or 1), which the agents
    # read as "the hook failed" and ran the call reading .env.
    code, err = _hook_with_closed_stdout(setup, "cat " + "src/a.py " * 20 + ".env", launcher)
    assert code == 2, err
    assert "is denied by deny-path" in err and "Traceback" not in err


def test_an_allow_keeps_exit_code_0_when_stdout_is_closed(setup):
    code, err = _hook_with_closed_stdout(setup, "cat src/a.py", LEGANT)
    assert code == 0 and err == ""


# -- RuleSet globs: a rule anchored at a folder whose name has glob characters

@pytest.mark.parametrize("folder", ["p[1]", "p*x", "p?"])
def test_a_projects_secrets_stay_denied_when_its_path_has_glob_characters(tmp_path, folder):
    # The token anchored `**/.env` as /tmp/.../p[1]/proj/**/.env: as a pattern `p[1]` names p1, so
    # under `open` the project's own .env (and every project-relative deny glob) was readable.
    setup = GuardSetup(tmp_path / folder, files={".env": "SECRET=1\n", "src/a.py": "x\n"})
    for command in ("cat .env", "cat src/../.env", "cat " + "src/a.py " * 20 + ".env"):
        assert_denied(setup.bash(command, role="open"), ".env is denied by deny-path")
    assert_denied(setup.check("Read", {"file_path": setup.path(".env")}, role="open"), "is denied by deny-path")


def test_a_relative_rule_anchored_at_run_time_names_its_folder_literally():
    from legant_guard.hook.paths import PathRule, RuleSet

    rule = PathRule("**/.env", "/w/p[1]", "/h", fold=True)
    assert rule.matches("/w/p[1]/.env") and rule.matches("/w/p[1]/src/.ENV")
    assert not rule.matches("/w/p1/.env")
    home_rule = PathRule("~/.ssh/*", "/", "/home/a[1]", fold=True)
    assert home_rule.matches("/home/a[1]/.ssh/id_rsa") and not home_rule.matches("/home/a1/.ssh/id_rsa")
    assert RuleSet([rule, home_rule], fold=True).first_match("/w/p[1]/deep/er/.env") is rule


def test_the_guards_files_and_hook_configs_stay_protected_below_a_folder_with_glob_characters(tmp_path):
    # Protected paths are paths the guard builds, never patterns: below /tmp/.../g[1]/ the key,
    # the tokens and the hook configs were each read as a glob naming .../g1/..., so none matched.
    setup = GuardSetup(tmp_path / "g[1]", files={".claude/settings.json": "{}", "~/.claude/settings.json": "{}",
                                                  "src/a.py": "x\n"})
    key = os.path.join(setup.dir, "key.pem")
    for command in ("cat " + key, "cat " + "src/a.py " * 20 + key, "echo x > .claude/settings.json",
                    "echo x > ~/.claude/settings.json", "echo x > " + os.path.join(setup.dir, "builder.jwt"),
                    "rm -rf " + setup.dir):
        assert_denied(setup.bash(command, role="open"), "is protected")
    assert_denied(setup.check("Read", {"file_path": key}, role="open"), "is protected")


def test_the_installation_is_write_protected_below_a_folder_with_glob_characters(tmp_path):
    from legant_guard.hook.trustbase import TrustBase

    site = "/opt/py[3]/site-packages"
    trust = TrustBase(str(tmp_path), {}, str(tmp_path / "proj"), entries=[("package", site + "/legant_guard")])
    assert trust.installation.hit((site + "/legant_guard/hook/check.py",)) == site + "/legant_guard"
    assert trust.installation.hit(("/opt/py3/site-packages/legant_guard/x.py",)) is None


def test_start_up_files_and_git_config_of_a_home_with_glob_characters_stay_checked(tmp_path):
    # ~/.bashrc and ~/.gitconfig below /tmp/.../h[1]/home were patterns naming h1/...: a line that
    # switches the hooks off, or a hooksPath, was written unchecked.
    setup = GuardSetup(tmp_path / "h[1]", files={"~/.bashrc": "x\n", "~/.gitconfig": "[user]\n", "src/a.py": "x\n"})
    assert_denied(setup.bash("echo 'export LEGANT_GUARD=off' >> ~/.bashrc", role="open"),
                  "a shell start-up file, is denied", "LEGANT_GUARD")
    assert_denied(setup.bash("touch " + "src/w.txt " * 20 + "; echo 'export LEGANT_GUARD=off' >> ~/.bashrc",
                             role="open"), "a shell start-up file, is denied")
    assert_denied(setup.bash("printf '[core]\\n\\thooksPath = /tmp/h\\n' >> ~/.gitconfig", role="open"),
                  "a git configuration file, is denied", "hooksPath")


@pytest.mark.parametrize("target", ["~/.bashrc", "~/.BASHRC", "~/.Bashrc"])
@pytest.mark.parametrize("padded", [False, True])
def test_a_start_up_file_in_any_case_is_judged_before_and_after_the_union(tmp_path, target, padded):
    # After 16 written paths the four trust-base sets are asked through one union (paths.LateUnion);
    # it must fold case as each set does, or `~/.BASHRC` (the same file on macOS) goes unchecked.
    s = GuardSetup(tmp_path, files={"src/a.py": "x\n"})
    pad = "".join(f"touch src/f{i}.txt && " for i in range(20)) if padded else ""
    assert_denied(s.bash(pad + f"echo 'export OPENCODE_PURE=1' >> {target}", role="open"), "a shell start-up file")
