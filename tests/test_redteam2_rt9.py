"""Red team rt9 (issue 9): calls judged the way the system executes them."""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt9"),
                      files={".env": "SECRET=1\n", "src/a.go": "package a\n", "~/.ssh/id_rsa": "k\n"})


# sed's `r FILE` / `R FILE` reads a file the operands never show.
@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("script", ["1r .env", "$R .env", "/x/r ~/.ssh/id_rsa"])
def test_sed_read_command_meets_the_deny_side(g, role, script):
    assert_denied(g.bash(f"sed -n '{script}' src/a.go", role=role), "is denied by deny-path")


def test_sed_read_of_a_project_file_stays_allowed(g):
    assert_allowed(g.bash("sed -n '1r src/a.go' src/a.go"))
    assert_allowed(g.bash("sed -n 's/err/rrr/p' src/a.go"))


# HOME changed earlier in the command changes what `~` and `cd` mean (class 5).
@pytest.mark.parametrize("command", [
    "HOME={P} && cat ~/.env",
    "export HOME={P}; cat ~/.env",
    "export HOME={P}; cat $HOME/.env",
    "declare -x HOME={P}; cat ~/.env",
    "HOME={P}; cd; cat .env",
    "read HOME <<< {P}; cat ~/.env",  # (a known here-string and printf -v's value are followed: rt10d)
    "printf -v HOME %s {P}; cat ~/.env",
])
def test_home_assigned_earlier_is_followed(g, command):
    assert_denied(g.bash(command.format(P=g.project), role="open"), "/.env is denied by deny-path")


@pytest.mark.parametrize("command", [
    "read HOME < x.txt; cat ~/.env",
    "printf -v HOME %q {P}; cat ~/.env",
    "unset HOME; cat ~/.env",
])
def test_home_changed_to_an_unknown_value_is_undetermined(g, command):
    assert_denied(g.bash(command.format(P=g.project), role="open"), "could not determine")


def test_everyday_exports_stay_allowed_under_open(g):
    assert_allowed(g.bash("export GOFLAGS=-count=1 && go test ./...", role="open"))
    assert_allowed(g.bash("read -r x < src/a.go; echo $x", role="open"))


# /proc/self is the process that opens the path, not the guard (class 1).
@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("path", [
    "/proc/self/cwd/.env",
    "/proc/thread-self/cwd/.env",
    "/proc/self/task/1/cwd/.env",
    "/proc/self/cwd/../proj/.env",
    "/dev/fd/../cwd/.env",
    "/proc/self/root/proc/self/cwd/.env",
])
def test_proc_self_links_are_the_readers_not_the_guards(g, role, path):
    assert_denied(g.bash(f"cat {path}", role=role), "reading process's own")


def test_proc_self_fd_walked_through_is_denied(g):
    assert_denied(g.bash("cat /dev/fd/3/.env 3<.", role="open"), "reading process's own `fd` link")


@pytest.mark.parametrize("command", ["echo hi | cat /dev/stdin", "echo x >/dev/fd/2", "echo x > /proc/self/fd/2",
                                     "go test ./... 2>/dev/stdout"])
def test_standard_streams_stay_allowed(g, command):
    assert_allowed(g.bash(command))


# Aliases defined in the command run their body later (class 5).
def test_alias_body_is_analysed(g):
    assert_denied(g.bash("shopt -s expand_aliases; alias c='cat .env'\nc", role="open"), "is denied by deny-path")
    assert_denied(g.bash("alias c='curl http://127.0.0.1'", role="open"), "deny-cmd")
    assert_allowed(g.bash("alias ll='ls -la'; ll", role="open"))


# Programs that start the program after their options (class 3 / catalogue gaps).
@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", [
    "unshare -r curl x", "nsenter -t 1 curl x", "prlimit --nofile=10 curl x", "faketime x curl y",
    "valgrind curl x", "catchsegv curl x", "ssh-agent curl x", "toybox nc x", "ld.so /usr/bin/curl x",
    "/lib64/ld-linux-x86-64.so.2 /usr/bin/curl x", "runuser -u x -- curl y", "capsh -- -c 'curl x'",
    "perf record -e cycles curl x", "tsp curl x",
])
def test_runner_programs_meet_deny_cmd(g, role, command):
    reason = assert_denied(g.bash(command, role=role))
    if role == "open":
        assert "deny-cmd" in reason


# Inline interpreter code (class 3): spawning a denied program or naming a secret.
@pytest.mark.parametrize("command", [
    "awk 'BEGIN{system(\"curl 127.0.0.1\")}'",
    "gawk 'BEGIN{print | \"nc x 9\"}'",
    "python3 -c \"import os; os.system('curl x')\"",
    "perl -e 'system(\"curl x\")'",
    "node -e 'require(\"child_process\").execSync(\"curl x\")'",
])
def test_interpreter_code_starting_a_denied_program(g, command):
    assert_denied(g.bash(command, role="open"), "deny-cmd")


@pytest.mark.parametrize("role", ["builder", "open"])
def test_interpreter_code_naming_a_secret(g, role):
    assert_denied(g.bash("python3 -c 'print(open(\".env\").read())'", role=role), "is denied by deny-path")


@pytest.mark.parametrize("command", [
    "python3 -c 'print(open(\"src/a.go\").read())'", "node -e 'console.log(1)'",
    "awk -F: '{print $1}' /etc/passwd", "awk 'BEGIN{system(\"ls\")}'", "go test ./...", "npm test",
])
def test_everyday_interpreter_use_stays_allowed_under_open(g, command):
    assert_allowed(g.bash(command, role="open"))


@pytest.mark.parametrize("command", ["go test ./...", "grep -rn TODO src", "git status", "npm test"])
def test_everyday_builder_work_stays_allowed(g, command):
    assert_allowed(g.bash(command))


# Glob's pattern can leave the folder searched (class 1): its literal head is read too.
@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("pattern", ["../guard/*", "{D}/*", "src/../../guard/*.jwt"])
def test_glob_pattern_head_meets_self_protection(g, role, pattern):
    assert_denied(g.check("Glob", {"pattern": pattern.format(D=g.dir)}, role=role), "is protected")


def test_opencode_glob_pattern_head_meets_self_protection(g):
    assert_denied(g.check("glob", {"pattern": "../guard/*"}, agent="opencode"), "is protected")


@pytest.mark.parametrize("tool_input", [{"pattern": "**/*.go"}, {"pattern": "src/**/*.go"}, {"pattern": "*.go", "path": "src"}])
def test_everyday_globs_stay_allowed(g, tool_input):
    assert_allowed(g.check("Glob", tool_input))


# Catalogue gaps (class 6): destructive git in abbreviations and other flag orders.
@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", [
    "git reset --har HEAD~1", "git checkout -f", "git checkout --forc main", "git switch --discard-changes main",
    "git switch -f main", "git branch -d -f x", "git branch -f -d x", "git branch --del --for x",
    "git update-ref -d refs/heads/main", "git reflog expire --expire=now --all", "git gc --prune=now", "git prune",
    "git push --mirr", "git push --forc origin main", "git clean --for -d", "git -C . checkout -f",
    "git worktree remove --force x", "git read-tree -u --reset HEAD", "git checkout-index -f -a",
])
def test_destructive_git_spellings(g, role, command):
    assert_denied(g.bash(command, role=role), "`git ")


@pytest.mark.parametrize("command", ["git reset --har HEAD~1", "git checkout -f", "git branch -d -f x"])
def test_destructive_git_stays_open_to_operator(g, command):
    assert_allowed(g.bash(command, role="operator"))


@pytest.mark.parametrize("role", ["builder", "open", "operator"])
@pytest.mark.parametrize("command", [
    "kill -9 -1", "kill -KILL -1", "kill -s KILL -1", "kill -- -1", "killall5 -9",
    "sgdisk -Z /dev/sda", "parted /dev/sda rm 1", "sfdisk /dev/sda < x", "lvremove -f vg/lv",
    "dd if=/dev/zero of=/dev/disk/by-id/nvme-x", "cp x /dev/disk/by-path/pci-0",
])
def test_catastrophic_for_every_role(g, role, command):
    assert_denied(g.bash(command, role=role))


@pytest.mark.parametrize("command", ["script -q /dev/null", "gdb", "ed", "less x", "expect", "nsenter -t 1 -a", "unshare -r",
                                     "git log | less"])
def test_interactive_programs(g, command):
    assert_denied(g.bash(command, role="open"), "interactive")


@pytest.mark.parametrize("command", [
    "git checkout main", "git checkout -b x", "git switch main", "git branch -d x", "git branch -f x HEAD", "git gc",
    "git reflog", "git worktree remove x", "git reset --soft HEAD~1", "git push --force-with-lease", "git push --follow-tags",
    "kill 1234", "kill -9 1234", "kill -1 1234", "kill -l", "fdisk -l", "parted -l",
    "expect script.exp", "script -c 'ls' /dev/null",
])
def test_everyday_forms_stay_allowed(g, command):
    assert_allowed(g.bash(command, role="open"))


# Glob options change what a pattern reaches (class 4): extglob, nocaseglob, globstar.
@pytest.mark.parametrize("command", [
    "shopt -s extglob\ncat @(.env)",
    "shopt -s nocaseglob\ncat .ENV*",
    "shopt -s nocaseglob\ncat .E?V",
    "shopt -s globstar\ncat ~/**/.ssh/*",
])
def test_glob_options_are_followed(g, command):
    assert_denied(g.bash(command, role="open"), "is denied by deny-path")


@pytest.mark.parametrize("command", ["shopt -s globstar\nls src/**/*.go", "shopt -s extglob\ncat src/@(a.go)",
                                     "ls *.go src/*", "echo '(a)' x"])
def test_everyday_globs_in_the_shell_stay_allowed(g, command):
    assert_allowed(g.bash(command, role="open"))


# find evaluates left to right: filters after an action do not bound it (class 4).
@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", ["find . -exec cat {} + -name x", "find . -exec head {} \\; -name '*.go'",
                                     "find . -delete -name x"])
def test_find_filters_after_an_action_do_not_narrow_it(g, role, command):
    assert_denied(g.bash(command, role=role))


@pytest.mark.parametrize("command", ["find . -name '*.go' -exec cat {} +", "find src -name '*.go' -delete",
                                     "find . -name '*.go' -exec grep -n TODO {} +"])
def test_find_with_filters_first_stays_allowed(g, command):
    assert_allowed(g.bash(command))


# Text run later (class 3): input lines that become code.
@pytest.mark.parametrize("command", [
    "echo 'curl http://x' | xargs -I{} sh -c {}",
    "echo curl http://x | xargs -I% sh -c %",
    "xargs -I% bash -lc % < f",
    "echo 'curl http://x' | parallel",
    "parallel :::: cmds.txt",
    "echo 'curl x' | awk '{system($0)}'",
    "awk '{print | $0}'",
    "echo curl x | rlwrap sh",
])
def test_input_lines_that_become_code(g, command):
    assert_denied(g.bash(command, role="open"))


@pytest.mark.parametrize("command", [
    "awk '{print $1 | \"sort\"}' src/a.go", "awk '{ if (a || b) print }' src/a.go", "awk 'BEGIN{\"date\" | getline d; print d}'",
    "ls | xargs -I{} echo {}", "parallel echo ::: a b", "parallel --version", "echo a | xargs -I{} sh -c 'echo hi'",
])
def test_everyday_fanout_stays_allowed(g, command):
    assert_allowed(g.bash(command, role="open"))


# CDPATH: bash looks a relative `cd` name up there first (class 5).
@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", [
    "CDPATH={R}; cd {G} && cat jwks.json",
    "CDPATH={R} cd {G}; cat jwks.json",
    "export CDPATH={R}; cd {G}; cat jwks.json",
])
def test_cdpath_is_followed(g, role, command):
    root, name = os.path.split(g.dir)
    reason = assert_denied(g.bash(command.format(R=root, G=name), role=role))
    if not command.startswith("export"):  # builder refuses `export` itself
        assert "protected" in reason


def test_cdpath_unknown_makes_cd_undetermined(g):
    assert_denied(g.bash("CDPATH=$X; cd guard; cat jwks.json", role="open"), "CDPATH")


def test_plain_cd_stays_allowed(g):
    assert_allowed(g.bash("cd src && ls"))
    assert_allowed(g.bash("cd src; cd ..; ls"))


# git prints committed copies: REV:PATH is a read of PATH (class 4).
@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", ["git show HEAD:.env", "git show :.env", "git show HEAD~3:./.env", "git cat-file blob HEAD:.env",
                                     "git show @:.git/config", "git show HEAD^{{tree}}:.env".replace("{{", "{").replace("}}", "}"),
                                     "git diff HEAD:.env HEAD~1:.env", "git cat-file -p :0:.env"])
def test_git_revision_paths_meet_the_deny_side(g, role, command):
    assert_denied(g.bash(command, role=role), "is denied by deny-path")


def test_git_show_of_a_source_file_stays_allowed(g):
    assert_allowed(g.bash("git show HEAD:src/a.go"))
    assert_allowed(g.bash("git log --oneline -5"))


# git -c keys that read a config file or name a program (class 3).
@pytest.mark.parametrize("setting", ["include.path=x.cfg", "includeIf.gitdir:/.path=x.cfg", "merge.x.driver=nc",
                                     "credential.https://x.helper=nc", "gpg.ssh.program=nc", "interactive.diffFilter=nc",
                                     "remote.origin.uploadpack=nc", "protocol.ext.allow=always"])
def test_git_config_keys_that_run_programs(g, setting):
    assert_denied(g.bash(f"git -c {setting} log", role="open"), "git-config" if False else "run a program")


# A JSON document inside a string argument of an MCP tool (class 2).
def test_mcp_json_string_argument_is_walked(g):
    import json
    assert_denied(g.check("mcp__fs__read", {"args": json.dumps({"path": os.path.join(g.project, ".env")})}, role="open"),
                  "is denied by deny-path")
