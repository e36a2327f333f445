"""Red team 13: recursive programs that store what a link points to. `gzip -rf DIR` (and pigz,
zstd, lz4 with -r and -f) compresses the file a symlink below DIR names into DIR/NAME.gz, and
`7z a` stores a link's target (7zz without -snl, p7zip with -l): a link planted in the project
(`farm/k -> ~/.ssh/id_rsa`) turned them into a copy of the secret inside the project."""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("links"), files={"~/.ssh/id_rsa": "KEY\n", "src/a.c": "int x;\n",
                                                                  "farm/": "", "tree/sub/": ""})
    os.symlink(setup.path("~/.ssh/id_rsa"), setup.path("farm/k"))
    os.symlink(setup.path("~/.ssh"), setup.path("tree/sub/s"))
    return setup


@pytest.mark.parametrize("command,folder", [
    ("gzip -rf farm", "farm/k"), ("gzip -r -f farm", "farm/k"), ("gzip --recursive --force farm", "farm/k"),
    ("pigz -rf farm", "farm/k"), ("zstd -rf farm", "farm/k"), ("lz4 -rf farm", "farm/k"),
    ("7z a x.7z tree", "tree/sub/s"), ("7z a -l x.7z farm", "farm/k"), ("7za a x.7z farm", "farm/k"),
    ("7zz a x.7z farm", "farm/k"),
])
def test_a_recursive_program_that_stores_a_links_target(s, command, folder):
    assert_denied(s.bash(command, role="open"), f"follows the symlink {s.path(folder)}", "denied by deny-path ~/.ssh")


@pytest.mark.parametrize("command", [
    "gzip -r farm", "zstd -r farm", "gzip -rf src", "7z a -snl x.7z farm", "7z a x.7z src",
])
def test_recursion_that_keeps_links_as_links_stays_allowed(s, command):
    assert_allowed(s.bash(command, role="open"))


@pytest.fixture(scope="module")
def up(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("globup"), files={".env": "K=1\n", "deep/a/b/": "", "src/a.c": "x\n"})
    os.symlink("deep/a/b", setup.path("lk"))
    return setup


@pytest.mark.parametrize("command", ["cat l*/../../../.env", "cat [l]k/../../../.env", "cat l?/../../../.e*"])
def test_dotdot_after_a_glob_goes_to_the_parent_of_the_match(up, command):
    # bash matches l* (the link lk), and `..` then climbs from the link's target, deep/a/b
    assert_denied(up.bash(command, role="open"), f"physically {up.path('.env')}")


@pytest.mark.parametrize("command", ["cat /proc/*/cwd/.env", "cat /proc/1*/cwd/.env", "cat /proc/*/cwd/../x/.env",
                                     "cat /proc/[0-9]*/task/*/root/etc/passwd", "ls /proc/*/fd/0/x"])
def test_a_glob_over_processes_through_their_links(up, command):
    assert_denied(up.bash(command, role="open"), "processes that exist only when it runs")


@pytest.mark.parametrize("command", ["cat sr?/../src/a.c", "ls src/*/..", "cat /proc/*/status", "ls /proc/*/fd"])
def test_globs_with_dotdot_elsewhere_stay_allowed(up, command):
    assert_allowed(up.bash(command, role="open"))
