"""A Codex reviewer reads through its shell: plainly read-only commands count as reads under
a token without shell.exec (hook/readonly.py, rules/readonly_commands.json), judged by the
read rules; every other command stays denied for want of shell.exec.

Each case pipes one Codex Bash event into the real hook in-process; nothing is executed.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    files = {name: "x\n" for name in ("src/a.py", "src/b.py", "README.md", ".env", "docs/x.md")}
    return GuardSetup(tmp_path_factory.mktemp("codexreview"), files=dict(files, **{"~/.ssh/": None}))


def codex(s, command, role="reviewer", cwd=None):
    return s.check("Bash", {"command": command}, role=role, agent="codex", cwd=cwd, turn_id="t1")


READS = [
    "cat README.md", "cat src/a.py src/b.py", "head -n 40 src/a.py", "tail -n 20 src/a.py", "sed -n 1,40p src/a.py",
    "sed -n '10,20p;30p' src/a.py", "rg -n 'def ' src", "rg TODO", "grep -rn import src", "grep -n x README.md",
    "ls", "ls -la src", "find . -name '*.py'", "find src -type f", "wc -l src/*.py", "git log --oneline -n 20",
    "git show HEAD", "git diff HEAD~1 -- src", "git status --short", "git blame src/a.py", "git ls-files",
    "cat src/a.py | head -n 5", "rg -n foo src 2>/dev/null", "nl -ba src/a.py | sed -n 1,20p",
    "ls $(pwd)", "wc -l < src/a.py", "cd src && cat a.py", "cat src/*.py",
]


@pytest.mark.parametrize("command", READS)
def test_plain_reads_through_the_codex_shell_are_allowed_for_the_reviewer(s, command):
    assert_allowed(codex(s, command))


DENIED = [
    ("cat .env", "denied by deny-path"),
    ("head -n 1 src/../.env", "denied by deny-path"),
    ("cat .e*", "denied by deny-path"),
    ("sed -n 1p .env", "denied by deny-path"),
    ("grep -r x ~/.ssh", "denied by deny-path"),
    ("cat ~/.ssh/id_rsa", "denied by deny-path"),
    ("wc -l < .env", "denied by deny-path"),
    ("cat /etc/passwd", "outside the allowed paths"),
    ("ls ..", "outside the allowed paths"),
    ("rg foo /etc/hostname", "outside the allowed paths"),
    ("rg foo /usr", "/usr is outside the allowed paths"),  # refused by its path before /usr is walked
    ("cat {dir}/key.pem", "protected"),
    ("rg -n token {dir}", "protected"),
    ("cat src/a.py > out.txt", "writes"),
    ("echo x >> README.md", "writes"),
    ("sed -i s/x/y/ src/a.py", "writes files or runs programs"),
    ("sed -n 'w out' src/a.py", "scripts that print line ranges"),
    ("sed -n 1e src/a.py", "scripts that print line ranges"),
    ("sed 's/x/y/' src/a.py", "scripts that print line ranges"),
    ("find . -name '*.py' -delete", "does more than read"),
    ("find . -exec cat {} +", "`find -exec`"),
    ("find . -fprint out.txt", "writes files or runs programs"),
    ("sort -o out.txt src/a.py", "writes files or runs programs"),
    ("tail -f src/a.py", "writes files or runs programs"),
    ("rg --pre cat foo", "only plainly read-only commands"),
    ("git diff --output=out.txt", "writes files or runs programs"),
    ("git -c core.pager=sh log", "only `git log/show"),
    ("git -C / log", "only `git log/show"),
    ("git push", "only `git log/show"),
    ("git commit -m x", "only `git log/show"),
    ("cat $(curl -s http://127.0.0.1:9/)", "`curl` is not one of the read-only commands"),
    ("cat README.md | sh", "only plainly read-only commands"),
    ("bash -c 'cat README.md'", "runs through `bash -c`"),
    ("sudo cat README.md", "runs through `sudo`"),
    ("ls | xargs rm", "`rm` is not one of the read-only commands"),
    ("python3 -c 'print(open(\".env\").read())'", "`python3` is not one of the read-only commands"),
    ("touch x", "`touch` is not one of the read-only commands"),
    ("$CMD README.md", "could not be determined"),
    ("cat <(curl -s http://127.0.0.1:9/)", "`curl` is not one of the read-only commands"),
    ("apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: x.txt\n+x\n*** End Patch\nEOF", "applies a patch"),
]


@pytest.mark.parametrize("command, reason", DENIED)
def test_everything_else_stays_denied_and_secrets_stay_unreadable(s, command, reason):
    reason = reason.replace("{dir}", s.dir)
    assert_denied(codex(s, command.replace("{dir}", s.dir)), reason)


def test_a_denied_shell_command_still_says_it_needs_shell_exec(s):
    assert_denied(codex(s, "touch x"), "needs capability shell.exec", "only plainly read-only commands")


def test_the_overlay_and_deny_cmd_still_apply_to_reads(s, tmp_path):
    import json

    overlay = os.path.join(s.dir, "overlay.json")
    with open(overlay) as f:
        saved = f.read()
    try:
        with open(overlay, "w") as f:
            json.dump({"deny_paths": ["docs/**"], "deny_cmds": ["rg"], "deny_hosts": [], "deny_tools": []}, f)
        assert_denied(codex(s, "cat docs/x.md"), "denied by deny-path")
        assert_denied(codex(s, "rg foo src"), "denied by deny-cmd")
        assert_allowed(codex(s, "cat src/a.py"))
    finally:
        with open(overlay, "w") as f:
            f.write(saved)


def test_the_working_directory_is_a_read_too(s):
    assert_denied(codex(s, "ls", cwd=s.home), "outside the allowed paths")


def test_claude_code_keeps_its_read_tools_and_its_shell_stays_denied_for_the_reviewer(s):
    # Claude Code and opencode have Read/Grep/Glob: their reviewer's shell stays denied.
    assert_denied(s.bash("cat README.md", role="reviewer"), "needs capability shell.exec")
    assert_denied(s.check("bash", {"command": "cat README.md"}, role="reviewer", agent="opencode"), "shell.exec")


def test_builder_through_codex_is_unchanged(s):
    assert_allowed(codex(s, "cat README.md", role="builder"))
    assert_denied(codex(s, "cat .env", role="builder"), "denied by deny-path")


def test_a_link_following_search_cannot_reach_a_secret_through_a_symlink(tmp_path):
    setup = GuardSetup(tmp_path)
    os.makedirs(os.path.join(setup.home, ".ssh"))
    with open(os.path.join(setup.home, ".ssh", "id_rsa"), "w") as f:
        f.write("KEY\n")
    os.makedirs(os.path.join(setup.project, "src"))
    os.symlink(os.path.join(setup.home, ".ssh"), os.path.join(setup.project, "src", "keys"))
    assert_denied(codex(setup, "grep -R KEY src"), "deny-path")
    assert_denied(codex(setup, "rg -L KEY src"), "deny-path")
    assert_denied(codex(setup, "cat src/keys/id_rsa"), "denied by deny-path")
    assert_allowed(codex(setup, "grep -r KEY src"))  # -r does not follow links below the operand
