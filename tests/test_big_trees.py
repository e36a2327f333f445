"""Recursive content searches of big trees (issue 9 class 4): a repository of more than
20,000 entries is searched every day, so `grep -r` / `rg` / the agents' Grep tool must be
decided there, not refused for size, while a secret anywhere below the root (deep, in an
ignored folder the program does read, by a link, in another case) is still found.

Real trees in tmp; every command is only piped to the hook.
"""

import os
import shutil

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

FILES = 26000  # above the 20,000 entries the walk used to stop at

# One worker builds the tree (26,000 files, seconds of disk writes) and runs every test of the
# file: split over the xdist workers, each built its own.
pytestmark = pytest.mark.xdist_group("big_trees")


def touch(path, text=""):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """src/ with FILES files; node_modules/ (gitignored) with a .env deep inside."""
    s = GuardSetup(tmp_path_factory.mktemp("big"))
    p = s.project
    os.makedirs(os.path.join(p, ".git"))
    for k in range(FILES // 50):
        folder = os.path.join(p, "src", f"m{k % 40}", f"p{k}")
        os.makedirs(folder)
        for i in range(50):
            open(os.path.join(folder, f"f{i}.go"), "w").close()
    touch(os.path.join(p, "node_modules", "x", "lib", "deep", ".env"), "S=1\n")
    touch(os.path.join(p, ".gitignore"), "node_modules/\n")
    touch(os.path.join(p, "docs", "a", "b", "c", ".env.example"), "S=\n")
    return s


@pytest.mark.parametrize("command", [
    "grep -rn TODO src", "rg TODO", "rg -n TODO src", "grep -rn --exclude-dir=node_modules TODO src docs",
    "grep -rn TODO docs src", "cd src && grep -rn TODO .",
])
def test_big_trees_without_a_reachable_secret_are_searched(big, command):
    assert_allowed(big.bash(command, role="builder"))


def test_the_agents_grep_tool_searches_a_big_tree(big):
    assert_allowed(big.check("Grep", {"pattern": "TODO", "path": os.path.join(big.project, "src")}, role="builder"))


@pytest.mark.parametrize("name", [".env", ".ENV", ".env.production", ".ssh/id_rsa", ".npmrc"])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_a_secret_deep_in_a_big_tree_is_found(big, tmp_path, name, role):
    path = os.path.join(big.project, "src", "m3", "p3", "z", name)
    touch(path, "S=1\n")
    try:
        reason = assert_denied(big.bash("grep -rn TODO src", role=role), "would read")
        assert "exclude" in reason
        assert_denied(big.bash("rg -uu TODO src", role=role), "would read")
    finally:
        shutil.rmtree(os.path.dirname(os.path.join(big.project, "src", "m3", "p3", "z", "x")))


def test_an_ignored_folder_is_read_by_grep_but_not_by_rg(big):
    assert_denied(big.bash("grep -rn TODO .", role="builder"), "node_modules/x/lib/deep/.env")
    assert_allowed(big.bash("rg TODO", role="builder"))
    assert_allowed(big.bash("rg --no-ignore TODO", role="builder"))  # rg skips dotfiles without --hidden
    assert_denied(big.bash("rg --no-ignore --hidden TODO", role="builder"), ".env")


def test_a_link_to_the_home_secrets_deep_in_a_big_tree(big):
    link = os.path.join(big.project, "src", "m5", "p5", "k")
    os.makedirs(os.path.join(big.home, ".ssh"), exist_ok=True)
    touch(os.path.join(big.home, ".ssh", "id_rsa"), "K\n")
    os.symlink(os.path.join(big.home, ".ssh"), link)
    try:
        assert_denied(big.bash("grep -Rn TODO src", role="builder"), ".ssh")
        assert_denied(big.bash("rg -L TODO src", role="builder"), ".ssh")
        assert_allowed(big.bash("grep -rn TODO src", role="builder"))  # -r does not follow links met below
    finally:
        os.remove(link)


def test_the_guards_own_files_below_a_big_root(big):
    assert_denied(big.bash(f"grep -rn TODO {big.root}", role="open"), "protected")


def test_a_root_that_is_itself_secret(big):
    folder = os.path.join(big.project, "src", "m1", "p1", ".ssh")
    touch(os.path.join(folder, "config"), "x\n")
    try:
        assert_denied(big.bash("grep -rn TODO src/m1/p1/.ssh", role="builder"), ".ssh")
        assert_denied(big.bash("cd src/m1/p1/.ssh && grep -rn TODO .", role="builder"), ".ssh")
    finally:
        os.remove(os.path.join(folder, "config"))
        os.rmdir(folder)


def test_past_the_budget_the_search_is_denied_with_what_to_leave_out(big, monkeypatch):
    from legant_guard.hook import treewalk

    monkeypatch.setattr(treewalk, "MAX_ENTRIES", 1000)
    assert_denied(big.bash("grep -rn TODO src", role="builder"), "than the guard can check", "--exclude-dir=node_modules")
    assert_denied(big.bash("rg TODO src", role="builder"), "than the guard can check", "-g '!node_modules'")
    # a search that cannot reach any rule is not walked at all
    assert_allowed(big.bash("grep -rn TODO src", role="operator"))


def test_git_reads_of_a_big_index_and_tree_are_decided(big):
    import subprocess

    git = ["git", "-C", big.project, "-c", "user.email=t@t", "-c", "user.name=t"]
    if not os.path.isdir(os.path.join(big.project, ".git", "objects")):
        os.rmdir(os.path.join(big.project, ".git"))
        subprocess.run(git + ["init", "-q"], check=True)
        subprocess.run(git + ["add", "src", "docs"], check=True)
        subprocess.run(git + ["commit", "-qm", "x"], check=True, capture_output=True)
    for command in ("git grep -n TODO", "git grep TODO HEAD", "git diff", "git diff HEAD", "git show", "git log -p -1"):
        assert_allowed(big.bash(command, role="builder"))
    touch(os.path.join(big.project, "src", "m7", "p7", "deep", ".env"), "S=1\n")
    subprocess.run(git + ["add", "-f", "src/m7/p7/deep/.env"], check=True)
    assert_denied(big.bash("git grep -n TODO", role="builder"), "src/m7/p7/deep/.env", "which is tracked")
    assert_denied(big.bash("git diff", role="builder"), "src/m7/p7/deep/.env", "which is tracked")
    subprocess.run(git + ["commit", "-qm", "y"], check=True, capture_output=True)
    assert_denied(big.bash("git show", role="builder"), "src/m7/p7/deep/.env", "which is in revision")
    assert_denied(big.bash("git grep TODO HEAD", role="builder"), "src/m7/p7/deep/.env", "which is in revision")
