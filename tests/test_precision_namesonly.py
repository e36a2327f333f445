"""Programs that show names and metadata, never content (hook/namesonly.py): in a project that
holds the agents' own configs (`opencode.json`, `.claude/settings.json`: protected, they can
load code), `ls *`, `du -sh *`, `stat opencode.json` are everyday work and stay allowed, for
every role and for a Codex reviewer reading through its shell. Everything around that stays
refused: the content (`cat *`, `file`, `du --files0-from`), what is inside a protected folder,
the guard's own files (their names too), names handed on to a reader (`ls X | xargs cat`),
a redirect to the config, links and hard links to protected files, a token's deny-path.

A real project in tmp; each case pipes one event into the real hook in-process.
"""

import os

import pytest

from conftest import assert_allowed, assert_denied, write
from polyglot import polyglot_project


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    """polyglot+agents (opencode.json, .claude/settings.json tracked), plus a protected folder
    with a hook in it and a secret folder in the home."""
    s = polyglot_project(tmp_path_factory.mktemp("namesonly"), agents=True)
    write(s.path(".claude/hooks/pre.sh"))
    write(s.path("~/.ssh/id_ed25519"))
    write(s.path("~/.codex/config.toml"))
    return s


@pytest.mark.parametrize("command", [
    "ls *", "ls -la *", "ls -lah * | head -40", "du -sh *", "du -sh * | sort -h", "du -sh * .claude 2>/dev/null",
    "stat opencode.json", "ls opencode.json", "ls -la opencode.json AGENTS.md", "stat -c '%n %s' opencode.json",
    "stat --printf='%s\\n' opencode.json", "stat -L opencode.json", "du -h opencode.json", "realpath opencode.json",
    "readlink -f opencode.json", "find opencode.json -newer package.json", "find . -maxdepth 1 -newer opencode.json",
    "ls -la .claude/settings.json", "ls -la .claude", "time ls -la *", "timeout 5 du -sh *",
    "ls -la * > build/listing.txt", "ls * | wc -l", "test -f opencode.json && ls -la opencode.json",
])
@pytest.mark.parametrize("role", ["builder", "open", "operator"])
def test_listing_a_hook_config_is_everyday_work(s, command, role):
    assert_allowed(s.bash(command, role=role))


@pytest.mark.parametrize("command", ["ls -la *", "du -sh *", "stat opencode.json", "ls -la opencode.json .claude"])
def test_a_codex_reviewer_lists_the_project(s, command):
    assert_allowed(s.bash(command, role="reviewer", agent="codex", turn_id="t1"))


@pytest.mark.parametrize("command,fragment", [
    # the content of a hook config stays unreadable
    ("cat *", "protected"), ("wc -l *", "protected"), ("grep -n x *", "protected"), ("cat opencode.json", "protected"),
    # file reads the first bytes and prints what they hold
    ("file opencode.json", "protected"), ("file *", "protected"),
    # du reads the names (or patterns) in a list file, and prints them back in its errors
    ("du --files0-from=opencode.json", "protected"), ("du --files0=opencode.json", "protected"),
    ("du -X opencode.json .", "protected"), ("du -shX opencode.json .", "protected"),
    ("du --exclude-from=opencode.json .", "protected"), ("du --exclude-f=opencode.json .", "protected"),
    # find that runs, deletes, writes or reads a list
    ("find opencode.json -exec cat {} +", "protected"), ("find opencode.json -execdir cat {} ;", "protected"),
    ("find opencode.json -delete", "protected"), ("find opencode.json -fprint build/x", "protected"),
    ("find . -fprint opencode.json", "could select"), ("find -files0-from opencode.json", "protected"),
    ("find -- opencode.json -exec cat {} +", "could select"),
    # a redirect or a cd is not an operand
    ("ls > opencode.json", "protected"), ("ls opencode.json > opencode.json", "protected"),
    ("ls opencode.json >> opencode.json", "protected"), ("ls -la < opencode.json", "protected"),
    # the names handed on to a reader
    ("ls opencode.json | xargs cat", "protected"), ("ls * | xargs cat", "protected"),
    ("cat $(ls opencode.json)", "protected"), ("ls opencode.json | xargs -I{} cat {}", "protected"),
    ("ls opencode.json | parallel cat", "protected"),
    # run by a program that is not a plain wrapper
    ("xargs ls < opencode.json", "protected"),
])
@pytest.mark.parametrize("role", ["builder", "operator"])
def test_what_a_lister_neighbours_stays_denied(s, command, fragment, role):
    assert_denied(s.bash(command, role=role), fragment)


def test_a_lister_run_by_watch_is_judged_as_a_reader(s):
    assert_denied(s.bash("watch ls -la opencode.json", role="operator"), "protected")
    assert_denied(s.bash("watch ls -la opencode.json"), "allow-list")  # (and not on the builder's list)


@pytest.mark.parametrize("command,fragment", [
    # inside a protected folder: what it holds stays hidden
    ("ls .claude/hooks", "protected"), ("ls -la .claude/hooks/pre.sh", "lies in"), ("stat .claude/hooks/pre.sh", "lies in"),
    ("du -a .claude/hooks", "protected"), ("find .claude/hooks", "protected"), ("ls .claude/hooks/*", "protected"),
    ("ls -la ~/.codex", "protected"), ("ls -la ~/.codex/config.toml", "lies in"), ("stat ~/.codex/config.toml", "lies in"),
    # the guard's own files: not even their names
    ("stat {dir}/key.pem", "their names too"), ("ls -la {dir}/builder.jwt", "their names too"),
    ("readlink -f {dir}/key.pem", "their names too"), ("stat {dir}", "their names too"), ("ls {dir}", "protected"),
    ("ls {dir}/*.jwt", "protected"), ("du -sh {dir}/*", "protected"),
])
@pytest.mark.parametrize("role", ["open", "operator"])
def test_protected_folders_and_the_guards_own_files_stay_hidden(s, command, fragment, role):
    assert_denied(s.bash(command.replace("{dir}", s.dir), role=role), fragment)


@pytest.mark.parametrize("command", [
    "ls -la .env", "stat .env", "ls -la .env*", "du -h .env", "ls ~/.ssh", "stat ~/.ssh", "stat ~/.ssh/id_ed25519",
    "ls -la ~/.ssh/id_ed25519", "find ~/.ssh -name 'id_*'", "ls -la ~/.ssh/*", "du -sh ~/.ss*",
])
def test_a_tokens_deny_path_still_means_never(s, command):
    """deny-path is the token's own rule ("never, by tool or shell"): a lister naming a secret
    stays refused, even for its metadata (`test -f .env` is the way to ask whether it is there)."""
    assert_denied(s.bash(command, role="open"), "deny-path")


def test_a_link_to_a_protected_file_is_judged_where_it_leads(tmp_path):
    t = polyglot_project(tmp_path, agents=True)
    os.symlink(os.path.join(t.dir, "key.pem"), t.path("key-link"))
    write(t.path("~/.ssh/id_rsa"))
    os.symlink(t.path("~/.ssh/id_rsa"), t.path("id-link"))
    os.symlink(t.path(".claude"), t.path("claude-link"))
    write(t.path(".claude/hooks/pre.sh"))
    assert_denied(t.bash("ls -la key-link", role="operator"), "their names too")
    assert_denied(t.bash("stat -L key-link", role="operator"), "their names too")
    assert_denied(t.bash("ls -la id-link", role="open"), "deny-path")
    assert_denied(t.bash("ls claude-link/hooks", role="operator"), "protected")
    assert_denied(t.bash("stat claude-link/hooks/pre.sh", role="operator"), "lies in")
    assert_allowed(t.bash("ls -la claude-link/settings.json", role="operator"))


def test_a_hard_link_to_the_guards_key_is_still_its_key(tmp_path):
    t = polyglot_project(tmp_path, agents=True)
    os.link(os.path.join(t.dir, "key.pem"), t.path("k"))
    assert_denied(t.bash("ls -la k", role="operator"), "hard link")


def test_a_protected_name_that_is_a_folder_is_listed_and_stays_denied(tmp_path):
    """`ls` and `du` list a folder: an opencode.json that is a folder (or a link to one) holds
    what it holds, so it is judged as before."""
    t = polyglot_project(tmp_path)
    os.makedirs(t.path("opencode.json"))
    assert_denied(t.bash("ls opencode.json"), "protected")
    assert_denied(t.bash("du -sh *"), "protected")
    assert_allowed(t.bash("stat opencode.json"))  # (the folder itself, not what is in it)
