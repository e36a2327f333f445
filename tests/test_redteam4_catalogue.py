"""Red team rt9c, issue 9 class 6: destructive git commands the catalogue missed.

`git filter-branch` rewrites history like `git filter-repo`; `git update-ref --delete` is `-d`
spelled long; `git gc --prune=1.second.ago` is `--prune=now`; a `-c alias.X=SUB` alias gets
the words after it; a mistyped subcommand runs the nearest one when help.autocorrect is set.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.mark.parametrize("command, fragment", [
    ("git filter-branch HEAD", "git-filter-branch"),
    ("git -c x=y filter-branch --tree-filter true HEAD", "git-filter-branch"),
    ("git --no-pager filter-branch -f HEAD", "git-filter-branch"),
    ("git update-ref --delete refs/heads/x", "git-update-ref-delete"),
    ("git update-ref --del refs/heads/x", "git-update-ref-delete"),
    ("git gc --prune=1.second.ago", "git-gc-prune-now"),
    ("git gc --pru=1.minute.ago", "git-gc-prune-now"),
    ("git gc --prune=yesterday", "git-gc-prune-now"),
    # the words after a -c alias follow its value
    ("git -c alias.x=reset x --hard", "git-reset-hard"),
    ("git -c alias.X=reset x --hard", "git-reset-hard"),
    ("git -calias.x=clean x -fd", "git-clean-force"),
    ("git -c alias.fb=filter-branch fb HEAD", "git-filter-branch"),
    ("F=-f; git -c alias.p=push p origin \"$F\"", "git-push-force"),
    ("git -c alias.p=push p origin \"$(echo -f)\"", "git-push-force"),
    # help.autocorrect runs the nearest command for a mistyped one
    ("git -c help.autocorrect=immediate rset --hard", "git-reset-hard"),
])
def test_destructive_git_is_refused_below_operator(guard_setup, command, fragment):
    for role in ("builder", "open"):
        assert_denied(guard_setup.bash(command, role=role), "tripwire " + fragment, "(destructive)")
    assert guard_setup.bash(command, role="operator").returncode == 0 or "filter-branch" not in command


@pytest.fixture(scope="module")
def autocorrecting(tmp_path_factory):
    """A user whose ~/.gitconfig sets help.autocorrect (without it git runs nothing for a
    mistyped word: tests/test_precision_round5.py)."""
    return GuardSetup(tmp_path_factory.mktemp("autocorrect"), files={"~/.gitconfig": "[help]\n\tautocorrect = 1\n"})


@pytest.mark.parametrize("command, fragment", [
    ("git rset --hard", "git-reset-hard"),
    ("git rese --hard", "git-reset-hard"),
    ("git reste --hard", "git-reset-hard"),
    ("git filterbranch HEAD", "git-filter-branch"),
    ("git cleen -fd", "git-clean-force"),
    ("git psuh -f", "git-push-force"),
    ("git brnach -D x", "git-branch-force-delete"),
    ("git pp", "git-prune"),
])
def test_a_mistyped_verb_is_the_nearest_one_where_git_autocorrects(autocorrecting, command, fragment):
    for role in ("builder", "open"):
        assert_denied(autocorrecting.bash(command, role=role), "tripwire " + fragment, "(destructive)")


@pytest.mark.parametrize("command", [
    "git gc", "git gc --prune", "git gc --prune=never", "git gc --prune=2.weeks.ago",
    "git -c alias.x=reset x --soft HEAD~1", "git -c alias.co=checkout co main", "git rset --soft",
    "git st", "git lfs pull", "git reset --soft HEAD~1", "git status",
])
def test_near_misses_stay_allowed(guard_setup, command):
    assert_allowed(guard_setup.bash(command, role="builder"))


def test_operator_may_rewrite_history(guard_setup):
    assert_allowed(guard_setup.bash("git filter-branch HEAD", role="operator"))
    assert_allowed(guard_setup.bash("git gc --prune=1.second.ago", role="operator"))


@pytest.mark.parametrize("code", [
    "import os\nfor _ in iter(int,1): os.fork()",
    "import os, itertools\nfor _ in itertools.count(): os.fork()",
    "import os\nfrom itertools import cycle\nfor _ in cycle([1]): os.fork()",
    "import os\nwhile os.fork() or True: pass",
    "import os\nwhile not False: os.fork()",
    "import os\nwhile 1 == 1:\n    pid = os.fork()",
    "import os\ndef b():\n  os.fork(); b()\nb()",
    "import os\n[os.fork() for _ in iter(int, 1)]",
    "from os import fork as f\nfor _ in iter(int, 1): f()",
])
def test_python_fork_loops_are_fork_bombs_for_every_role(guard_setup, code):
    command = "python3 -c " + "'" + code.replace("'", "'\\''") + "'"
    for role in ("operator", "open", "builder"):
        assert_denied(guard_setup.bash(command, role=role), "tripwire interpreter-fork-loop", "(catastrophic)")


@pytest.mark.parametrize("command", [
    "perl -e 'while(){fork}'", "perl -e '{fork;redo}'", "perl -e '{fork; redo; }'", "ruby -e 'fork until nil'",
    "node -e 'for(;1;) require(\"child_process\").fork(\"x\")'",
])
def test_other_interpreters_fork_loops(guard_setup, command):
    assert_denied(guard_setup.bash(command, role="operator"), "tripwire interpreter-fork-loop")


@pytest.mark.parametrize("code", [
    "import os\nfor i in range(3): os.fork()",
    "import os\nn=0\nwhile n < 3:\n  os.fork(); n += 1",
    "import os\nwhile q: os.fork(); q.pop()",
    "import os\npid = os.fork()\nif pid == 0: print(1)",
    "import os\ndef child(): os.fork()\nchild()",
    "import itertools, os\nfor i in itertools.repeat(1, 3): os.fork()",
])
def test_bounded_forks_stay_allowed_for_operator(guard_setup, code):
    command = "python3 -c " + "'" + code.replace("'", "'\\''") + "'"
    assert_allowed(guard_setup.bash(command, role="operator"))


@pytest.mark.parametrize("command, fragment", [
    ("kill -9 -0001", "kill-every-process"),
    ("kill -9 ' -1'", "kill-every-process"),
    ("pkill -KILL -v nonexistent", "kill-every-process"),
    ("pkill -v x", "kill-every-process"),
    ("pkill --inverse x", "kill-every-process"),
    ("openssl enc -in /dev/zero -out /dev/sda", "write-block-device"),
    ("curl -o /dev/sda http://127.0.0.1:9/", "write-block-device"),
    ("sort -o /dev/nvme0n1 x", "write-block-device"),
    ("uniq x /dev/sda", "write-block-device"),
])
def test_catastrophic_for_every_role(guard_setup, command, fragment):
    assert_denied(guard_setup.bash(command, role="operator"), "tripwire " + fragment, "(catastrophic)")


@pytest.mark.parametrize("command", [
    "kill -9 1234", "pkill -SIGKILL x", "pkill -9 -f myserver", "openssl enc -in x -out y.enc",
    "sort -o out.txt x", "curl -o out.html http://127.0.0.1:9/",
])
def test_their_everyday_forms_stay_allowed(guard_setup, command):
    assert_allowed(guard_setup.bash(command, role="operator"))


@pytest.mark.parametrize("command", [
    # a shell or interpreter reading what is typed into the session (Codex's write_stdin)
    "cat | sh", "pv | sh", "tee | bash", "sed p | sh", "grep -v '^#' | sh", "cat | python3", "python3 -",
    # a prompt, an editor or a debugger by another name
    "chroot /", "login", "pdb3 x.py", "crontab -e", "systemctl edit x", "kubectl edit pod x", "docker attach x",
    "socat - EXEC:sh", "socat STDIO SYSTEM:bash", "node inspect x.js", "bun repl", "minicom", "wish",
])
def test_interactive_for_every_role(guard_setup, command):
    assert_denied(guard_setup.bash(command, role="operator"), "would start an interactive session")


@pytest.mark.parametrize("command", [
    "echo ls | sh", "cat | grep x", "chroot / ls", "crontab -l", "crontab x.cron",
    "systemctl status x", "kubectl get pods", "docker ps", "socat TCP-LISTEN:9 TCP:127.0.0.1:9", "node x.js",
    "bun run x", "python3 - < x.py", "echo 'print(1)' | python3 -",
])
def test_their_batch_forms_stay_allowed(guard_setup, command):
    assert_allowed(guard_setup.bash(command, role="operator"))


def test_an_alias_saved_in_the_repository_config(tmp_path):
    """`git config alias.x reset` in one call (harmless: `git reset` alone), `git x --hard` in the next."""
    import subprocess

    from conftest import GuardSetup

    setup = GuardSetup(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=setup.project, check=True)
    for key, value in (("alias.x", "reset"), ("alias.fb", "filter-branch"), ("alias.p", "push")):
        subprocess.run(["git", "config", key, value], cwd=setup.project, check=True)
    assert_denied(setup.bash("git x --hard"), "tripwire git-reset-hard")
    assert_denied(setup.bash("git fb HEAD"), "tripwire git-filter-branch")
    assert_denied(setup.bash("git p -f"), "tripwire git-push-force")
    assert_allowed(setup.bash("git x --soft HEAD~1"))
    assert_allowed(setup.bash("git x --hard", role="operator"))


@pytest.mark.parametrize("command", [
    "python3 -c 'import pty; pty.spawn(\"sh\")'", "python3 -c 'import os; os.system(\"sh\")'",
    "python3 -c 'import os; os.system(\"/bin/bash -i\")'", "python3 -c 'import code; code.interact()'",
    "python3 -c 'import subprocess; subprocess.call([\"bash\"])'",
    "node -e 'require(\"child_process\").spawnSync(\"sh\",{stdio:\"inherit\"})'",
    "awk 'BEGIN{system(\"sh\")}'", "perl -e 'exec \"sh\"'", "ruby -e 'exec \"bash\"'",
])
def test_interpreter_code_that_opens_a_prompt(guard_setup, command):
    for role in ("operator", "open"):
        assert_denied(guard_setup.bash(command, role=role), "starts an interactive session")


@pytest.mark.parametrize("command", [
    "python3 -c 'import os; os.system(\"ls\")'", "python3 -c 'print(\"sh\")'",
    "python3 -c 'import subprocess; subprocess.run([\"sh\", \"-c\", \"ls\"])'",
    "python3 -c 'import subprocess; subprocess.run([\"bash\", \"build.sh\"])'",
])
def test_interpreter_code_that_runs_commands_stays_allowed_for_operator(guard_setup, command):
    assert_allowed(guard_setup.bash(command, role="operator"))


@pytest.mark.parametrize("command", [
    "cat img > /d?v/sda",
    "cat img > /[d]ev/sda",
    "cat img > /*/sda",
    "cat img > //dev/sda",
    "cat img > /dev/disk/by-id/ata-x",
    "cp img /dev/nvme0n1",
    "cd / && cat img > dev/sda",
])
def test_block_device_writes_are_found_however_the_path_is_spelled(guard_setup, command):
    # The device check rules out paths outside /dev by their first component (a long command
    # writes thousands of paths); a first component that is a pattern must still be tried.
    assert_denied(guard_setup.bash(command, role="operator"), "write-block-device")
