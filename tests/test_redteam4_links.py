"""Red team rt9c, issue 9 class 1: a symlink made earlier in the same command, then read through.

The guard decides before anything runs; a later word resolves against the disk as it is now.
A checkout that writes a symlink of an old tree, a copy or move that keeps a symlink (whose
relative text then resolves from its new folder), a patch or an archive piped from `git archive`
that creates one, an `ln -s` into a folder made earlier: each changes where the later word leads.
"""

import os
import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


def _git(project, *args):
    subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=t", "-c", "init.defaultBranch=main",
                    *args], cwd=project, check=True, capture_output=True)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("links"))
    os.makedirs(os.path.join(s.home, ".ssh"))
    with open(os.path.join(s.home, ".ssh", "id_rsa"), "w") as f:
        f.write("key")
    os.makedirs(os.path.join(s.root, "other"))
    with open(os.path.join(s.root, "other", "s.txt"), "w") as f:
        f.write("outside")
    p = s.project
    with open(os.path.join(p, "main.go"), "w") as f:
        f.write("package main\n")
    # links that are harmless where they are and reach the guard dir once copied one level up
    os.makedirs(os.path.join(p, "d", "e"))
    os.symlink("../guard", os.path.join(p, "d", "g"))  # from d/: proj/guard (nothing)
    os.symlink("../../guard", os.path.join(p, "d", "e", "g"))  # from d/e/: proj/guard (nothing)
    with open(os.path.join(p, "d", "f"), "w") as f:
        f.write("f")
    # a repository whose older commit holds symlinks to the home's .ssh
    _git(p, "init", "-q")
    os.symlink(os.path.join(s.home, ".ssh"), os.path.join(p, "lnk"))
    os.symlink(os.path.join(s.home, ".ssh", "id_rsa"), os.path.join(p, "key"))
    _git(p, "add", "lnk", "key", "main.go")
    _git(p, "commit", "-qm", "one")
    _git(p, "rm", "-q", "lnk", "key")
    _git(p, "commit", "-qm", "two")
    _git(p, "tag", "old", "HEAD~1")
    with open(os.path.join(p, "p.patch"), "w") as f:
        f.write("diff --git a/ol b/ol\nnew file mode 120000\nindex 0000000..1111111\n--- /dev/null\n+++ b/ol\n"
                "@@ -0,0 +1 @@\n+../other\n\\ No newline at end of file\n")
    return s


@pytest.mark.parametrize("command", [
    "git checkout HEAD~1 -- lnk && cat lnk/id_rsa",
    "git checkout old -- lnk; cat lnk/id_rsa",
    "git checkout old -- key && cat key",
    "git checkout old && cat key",
    "git switch --detach old && cat key",
    "git restore --source=old lnk && cat lnk/id_rsa",
    "git restore -s old -- lnk && grep -r . lnk",
    "git checkout old -- lnk && cd lnk && cat id_rsa",
])
def test_checkout_writes_a_symlink_then_a_read_through_it(setup, command):
    assert_denied(setup.bash(command), "writes", "as a symlink", "run it as a command of its own")


def test_git_archive_extracted_symlink_then_read(setup):
    assert_denied(setup.bash("git archive old | tar -x && cat lnk/id_rsa", role="open"), "as a symlink")
    assert_denied(setup.bash("git archive old | tar -x && cat key", role="open"), "as a symlink")


@pytest.mark.parametrize("command, fragment", [
    ("cp -P d/g lnk2 && cat lnk2/key.pem", "protected"),
    ("cp -d d/g lnk2 && cat lnk2/key.pem", "protected"),
    ("cp --no-dereference d/g lnk2 && cat lnk2/key.pem", "protected"),
    ("mv d/g lnk2 && cat lnk2/key.pem", "protected"),
    ("cp -r d/e . && cat e/g/key.pem", "protected"),
    ("cp -R d/e/ new && cat new/g/key.pem", "protected"),
    ("cp -a d/e/g . && cat g/key.pem", "outside the allowed paths"),
    ("cp -t . -a d/e/g && cat g/key.pem", "outside the allowed paths"),
    ("cp -a d/e/g lnk2; grep -r x lnk2", "outside the allowed paths"),
    ("cp -a d/e/g lnk2; cd lnk2; cat key.pem", "outside the allowed paths"),
    ("cp -a d/e/g lnk2 && echo x > lnk2/key.pem", "outside the allowed paths"),
])
def test_a_copied_symlink_resolves_from_its_new_folder(setup, command, fragment):
    assert_denied(setup.bash(command), fragment, "through a symlink copied from")


def test_a_patch_that_makes_a_symlink_then_a_read_through_it(setup):
    assert_denied(setup.bash("git apply p.patch && cat ol/s.txt"), "outside the allowed paths",
                  "through a link made earlier")


def test_ln_into_a_folder_made_earlier(setup):
    # sub/ does not exist yet: `ln -s T sub/` makes sub/<name of T>, which resolves from sub/
    assert_denied(setup.bash("mkdir -p sub; ln -s ../../guard sub/; cat sub/guard/key.pem", role="open"),
                  "protected", "through a link made earlier")
    assert_denied(setup.bash("mkdir -p sub; ln -s ../../guard sub; cat sub/guard/key.pem", role="open"),
                  "protected", "through a link made earlier")


@pytest.mark.parametrize("command", [
    "cp -P main.go m2 && cat m2",
    "cp -a d d2 && cat d2/f",
    "cp -a d d2 && cat d2/g",  # ../guard from d2/ is proj/guard: nothing
    "git checkout old -- main.go && cat main.go",
    "git checkout old -- lnk && cat main.go",
    "git apply p.patch && cat main.go",
])
def test_everyday_copies_and_checkouts_stay_allowed(setup, command):
    assert_allowed(setup.bash(command))


@pytest.mark.parametrize("command", [
    "git clone -b old . c && cat c/key",
    "git clone --branch=old . c; cat c/key",
    "git clone . c && cd c && cat key",
    "git clone https://example.org/x.git && cat x/README.md",
])
def test_a_file_of_a_fresh_clone_may_be_a_symlink(setup, command):
    assert_denied(setup.bash(command), "git clone", "may be a", "symlink")


@pytest.mark.parametrize("command", ["git clone . c && cd c && make", "git clone . c && cd c && git status",
                                     "git clone . c && ls c"])
def test_working_in_a_fresh_clone_stays_allowed(setup, command):
    assert_allowed(setup.bash(command))


def test_copies_reaching_finds_every_copy_at_or_above_a_word():
    # madelinks looks a word's folders up from / down and stops where no copy lies below; it
    # must find exactly the copies a lookup of every folder of the word finds.
    import random

    from legant_guard.hook.madelinks import _add_folders_above, copies_reaching, folder_key, folder_keys

    rng = random.Random(5)
    names = ["a", "b", "c", "ab"]
    for _ in range(400):
        copies_at, above = {}, set()
        for n in range(rng.randint(0, 6)):
            place = "/" + "/".join(rng.choice(names) for _ in range(rng.randint(0, 4)))
            key = folder_key(place)
            copies_at.setdefault(key, []).append((place, f"/src{n}"))
            _add_folders_above(key, above)
        shortest = min((len(key) for key in copies_at), default=0)
        for _ in range(20):
            word = "/" + "/".join(rng.choice(names) for _ in range(rng.randint(0, 5))) + rng.choice(["", "/"])
            expected = sorted(c for key in folder_keys(word) for c in copies_at.get(key, ()))
            assert sorted(copies_reaching(word, copies_at, above, shortest)) == expected, (copies_at, word)
