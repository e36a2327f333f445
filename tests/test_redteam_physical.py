"""Red team (issue 9, class 1): paths resolve as the kernel resolves them.

`..` after a symlink goes to the parent of the link's TARGET (bash, the kernel and apply_patch
all do this); a lexical reading would see `./x`. A symlink planted in a cloned repository must
not let any tool or shell operand reach the guard dir, the home folder or outside the project,
and recursive readers that follow links must not reach them through a link in the tree.

Layout (all in tmp): root/home, root/proj, root/guard (the guard dir). Links in the project:
  up     -> root/home/deep/er     (so up/.. is home/deep, up/../../.. is root; lexically
                                    up/.. is the project and up/../../.. is above root)
  chain1 -> chain2 -> chain3 -> root/home/deep/er
  inside -> proj/src/deep         (a link that stays in the project)
  keys   -> home/.ssh             (a link in the middle of a path)
  loop1 <-> loop2                 (ELOOP)
  dangling -> home/.ssh/authorized_keys (does not exist yet)
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt-physical"))
    proj, home = setup.project, setup.home
    os.makedirs(os.path.join(home, "deep", "er", "ex"))
    os.makedirs(os.path.join(home, ".ssh"))
    with open(os.path.join(home, ".ssh", "id_rsa"), "w") as f:
        f.write("secret\n")
    os.makedirs(os.path.join(proj, "src", "deep"))
    with open(os.path.join(proj, "README.md"), "w") as f:
        f.write("hello\n")
    links = {
        "up": os.path.join(home, "deep", "er"),
        "chain3": os.path.join(home, "deep", "er"),
        "chain2": "chain3",
        "chain1": "chain2",
        "inside": os.path.join(proj, "src", "deep"),
        "keys": os.path.join(home, ".ssh"),
        "loop1": "loop2",
        "loop2": "loop1",
        "dangling": os.path.join(home, ".ssh", "authorized_keys"),
    }
    for name, target in links.items():
        os.symlink(target, os.path.join(proj, name))
    return setup


def p(s, *parts):
    return os.path.join(s.project, *parts)


# ---- `..` after a link: every file tool ----------------------------------------------------

@pytest.mark.parametrize("spelling", ["up/../../../guard/key.pem", "chain1/../../../guard/key.pem",
                                      "up/ex/../../../../guard/key.pem", "./up/./../../../guard/jwks.json"])
def test_dotdot_after_link_reaches_guard_dir_read(s, spelling):
    assert_denied(s.check("Read", {"file_path": p(s, spelling)}, role="open"), "is protected", "physically")


@pytest.mark.parametrize("spelling", ["up/../../.ssh/id_rsa", "chain1/../../.ssh/id_rsa", "up/ex/../../../.ssh/id_rsa"])
def test_dotdot_after_link_reaches_home_secret(s, spelling):
    assert_denied(s.check("Read", {"file_path": p(s, spelling)}, role="open"), "denied by deny-path ~/.ssh")


def test_dotdot_after_link_leaves_project_for_builder(s):
    # Lexically proj/notes.txt (inside); physically home/deep/notes.txt (outside the allowed paths).
    assert_denied(s.check("Read", {"file_path": p(s, "up", "..", "notes.txt")}), "outside the allowed paths",
                  "physically " + os.path.join(s.home, "deep", "notes.txt"))


@pytest.mark.parametrize("tool,key", [("Write", "file_path"), ("Edit", "file_path"), ("MultiEdit", "file_path"),
                                      ("NotebookEdit", "notebook_path")])
def test_dotdot_after_link_write_tools(s, tool, key):
    assert_denied(s.check(tool, {key: p(s, "up", "..", ".bashrc"), "content": "x"}), "outside the allowed paths")


def test_dotdot_after_link_relative_opencode(s):
    assert_denied(s.check("write", {"filePath": "up/../../../guard/key.pem", "content": "x"}, agent="opencode"),
                  "is protected")


def test_dotdot_after_link_codex_apply_patch(s):
    patch = "*** Begin Patch\n*** Add File: up/../../../guard/feed.jwt\n+x\n*** End Patch\n"
    assert_denied(s.check("apply_patch", {"command": patch}, agent="codex"), "is protected")


def test_dotdot_after_link_mcp_argument(s):
    assert_denied(s.check("mcp__fs__read_file", {"path": "up/../../../guard/key.pem"}, role="open"), "is protected")


def test_link_in_the_middle_of_a_path(s):
    assert_denied(s.check("Read", {"file_path": p(s, "keys", "id_rsa")}, role="open"), "denied by deny-path ~/.ssh")
    assert_denied(s.bash("cat keys/id_rsa", role="open"), "denied by deny-path ~/.ssh")


def test_link_chain_is_followed_to_its_end(s):
    assert_denied(s.check("Read", {"file_path": p(s, "chain1", "x")}), "outside the allowed paths",
                  os.path.join(s.home, "deep", "er", "x"))


def test_link_loop_is_denied_with_reason(s):
    assert_denied(s.check("Read", {"file_path": p(s, "loop1", "x")}, role="open"), "symbolic links", "loop")


def test_write_through_dangling_link_creates_its_target(s):
    # Writing to a dangling link creates the file it points to: ~/.ssh/authorized_keys.
    assert_denied(s.check("Write", {"file_path": p(s, "dangling"), "content": "ssh-rsa x"}, role="open"),
                  "denied by deny-path ~/.ssh")
    assert_denied(s.bash("echo ssh-rsa x >> dangling", role="open"), "denied by deny-path ~/.ssh")


def test_dotdot_after_dangling_component_is_lexical(s):
    # Nothing exists below `newdir`: the kernel cannot go through it, the reading is lexical.
    assert_allowed(s.check("Read", {"file_path": p(s, "newdir", "..", "README.md")}))


def test_case_spelling_after_link_still_denied(s):
    assert_denied(s.check("Read", {"file_path": p(s, "up", "..", "..", ".SSH", "id_rsa")}, role="open"),
                  "denied by deny-path")


def test_link_named_like_a_secret_is_denied_by_name(s, tmp_path):
    # A link named .env pointing at a harmless file is still denied by its name.
    link = p(s, "src", ".env")
    if not os.path.lexists(link):
        os.symlink(p(s, "README.md"), link)
    assert_denied(s.check("Read", {"file_path": link}, role="open"), "denied by deny-path")


# ---- must-allow: links that stay in the project ------------------------------------------------

def test_dotdot_after_link_inside_project_is_allowed(s):
    # inside -> proj/src/deep, so inside/../README.md is proj/src/README.md: still the project.
    assert_allowed(s.check("Read", {"file_path": p(s, "inside", "..", "README.md")}))
    assert_allowed(s.bash("cat inside/../README.md"))


def test_plain_dotdot_without_links_is_allowed(s):
    assert_allowed(s.check("Read", {"file_path": p(s, "src", "..", "README.md")}))
    assert_allowed(s.bash("cat src/../README.md && ls src/deep/../.."))


# ---- shell operands, redirects, cd ---------------------------------------------------------

@pytest.mark.parametrize("command,fragment", [
    ("cat up/../../../guard/key.pem", "is protected"),
    ("cat chain1/../../../guard/key.pem", "is protected"),
    ("head -n1 up/../../.ssh/id_rsa", "denied by deny-path ~/.ssh"),
    ("echo x > up/../../../guard/feed.jwt", "is protected"),
    ("echo x >> up/../.bashrc", "outside the allowed paths"),
    ("cat < up/../../.ssh/id_rsa", "denied by deny-path ~/.ssh"),
    ("cp README.md up/../.profile", "outside the allowed paths"),
    ("cd up && cat ../../../guard/key.pem", "is protected"),
    ("cd up && cat ../../.ssh/id_rsa", "denied by deny-path ~/.ssh"),
    ("cd src && cat ../up/../../../guard/key.pem", "is protected"),
])
def test_shell_dotdot_after_link(s, command, fragment):
    assert_denied(s.bash(command, role="open" if "deny-path" in fragment or "protected" in fragment else "builder"),
                  fragment)


def test_cd_is_logical_like_bash(s):
    # bash's `cd up/..` collapses `..` first (cd -L): it lands back in the project.
    assert_allowed(s.bash("cd up/.. && cat README.md"))


# ---- recursive readers that follow links -------------------------------------------------------

@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A project whose vendor/ folder holds a link to the guard dir, and docs/ a link to ~/.ssh."""
    setup = GuardSetup(tmp_path_factory.mktemp("rt-follow"))
    os.makedirs(os.path.join(setup.project, "vendor", "lib"))
    os.makedirs(os.path.join(setup.project, "docs"))
    os.makedirs(os.path.join(setup.project, "clean", "a"))
    os.makedirs(os.path.join(setup.home, ".ssh"))
    with open(os.path.join(setup.project, "clean", "a", "x.go"), "w") as f:
        f.write("package a\n")
    os.symlink(setup.dir, os.path.join(setup.project, "vendor", "lib", "cache"))
    os.symlink(os.path.join(setup.home, ".ssh"), os.path.join(setup.project, "docs", "keys"))
    os.symlink(os.path.join(setup.project, "clean", "a"), os.path.join(setup.project, "clean", "alias"))
    return setup


@pytest.mark.parametrize("command", [
    "grep -R token vendor", "grep --dereference-recursive token vendor", "rg -L token vendor",
    "tar -chf out.tar vendor", "tar czhf out.tgz vendor", "cp -rL vendor out", "find -L vendor -name x",
    "find vendor -follow -type f", "zip -r out.zip vendor", "chmod -R -L 777 vendor",
])
def test_follow_links_reader_reaching_guard_dir(tree, command):
    assert_denied(tree.bash(command, role="open"), "follows the symlink", "cache -> " + tree.dir, "protected")


@pytest.mark.parametrize("command", ["grep -rR token .", "rg --follow token", "grep -R token", "cd clean/.. && rg -L x"])
def test_follow_links_reader_of_the_working_directory(tree, command):
    # No folder named (or `.`): the searcher reads the working directory, links and all.
    assert_denied(tree.bash(command, role="open"), "follows the symlink", "proj/")


@pytest.mark.parametrize("command", ["grep -R key docs", "rg -L key .", "tar -chf out.tar docs"])
def test_follow_links_reader_reaching_home_secret(tree, command):
    assert_denied(tree.bash(command, role="open"), "follows the symlink", "denied by deny-path ~/.ssh")


@pytest.mark.parametrize("command", [
    "grep -r token vendor",  # -r does not follow links inside the tree
    "rg token vendor",  # ripgrep does not follow links without -L
    "tar -cf out.tar vendor",  # tar stores the link itself
    "zip -ry out.zip vendor",  # -y stores links as links
    "grep -R package clean",  # a link that stays inside the searched tree
    "cp -rL clean out",
])
def test_readers_that_do_not_reach_protected_files_are_allowed(tree, command):
    assert_allowed(tree.bash(command, role="open"))


def test_follow_links_walk_bound_denies(tree, monkeypatch):
    from legant_guard.hook import linkwalk

    monkeypatch.setattr(linkwalk, "MAX_ENTRIES", 2)
    assert_denied(tree.bash("grep -R package clean", role="open"), "more than 2 entries", "-r instead of -R")
