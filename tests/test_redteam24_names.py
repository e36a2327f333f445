"""Red team 24 (issue 9 class 4): files a command reaches without naming them as operands.

git options of one subcommand read a file given as `--opt=FILE` (the value was taken for a
path only when it held a `/`): `git archive --add-file=.env HEAD` puts the untracked .env in
the archive it prints, `git blame --contents=.env X` annotates its lines, `format-patch
--signature-file=.env` appends it, `fast-import --import-marks=.env` quotes a bad line, `commit
-t.env` makes it the message. Backup, sync and image tools (`restic backup .`, `unison . /tmp/b`,
`borg create r::a .`, `python3 -m zipfile -c x.zip .`, `ctags -R --language-force=sh .`) copied
the project's .env to a place the deny rules no longer cover. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt24names"), files={
        ".env": "KEY=1\n", "conf/.env.prod": "KEY=2\n", "src/a.py": "x = 1\n", "Makefile": "all:\n\ttrue\n"})


@pytest.mark.parametrize("cmd", [
    "git archive --add-file=.env HEAD",
    "git archive --add-fi=.env HEAD",
    "git archive --format=zip --add-file=.env HEAD > x.zip",
    "git blame --contents=.env Makefile",
    "git blame -S.env Makefile",
    "git blame --ignore-revs-file=.env Makefile",
    "git commit -t.env",
    "git commit -t .env",
    "git format-patch -1 --stdout --signature-file=.env",
    "git format-patch -1 --stdout --description-file=.env --cover-letter",
    "git fast-import --import-marks=.env",
    "git fast-export --import-marks=.env HEAD",
    "git credential-store --file=.env get",
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_git_option_values_naming_a_secret(g, cmd, role):
    assert_denied(g.bash(cmd, role=role), ".env is denied by deny-path")


@pytest.mark.parametrize("cmd", [
    "git archive --add-file=Makefile HEAD", "git archive -o out.tar HEAD", "git blame --contents=Makefile Makefile",
    "git blame -L 1,5 Makefile", "git log -S foo", "git log -Sfoo", "git commit -t Makefile --allow-empty -m x",
    "git format-patch -1 --stdout", "git checkout -t origin/main", "git cat-file -t HEAD",
])
def test_git_neighbours_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="builder"))


@pytest.mark.parametrize("cmd", [
    "unison . /tmp/b -batch", "rdiff-backup . /tmp/b", "rdiff-backup backup . /tmp/b", "borg create /tmp/r::a .",
    "restic backup .", "restic -r /tmp/r backup --exclude .env .", "duplicity . file:///tmp/b", "dar -c /tmp/a -R .",
    "dar -c /tmp/a", "star -c f=/tmp/x.tar .", "jar cf /tmp/x.jar .", "mksquashfs . /tmp/x.img",
    "genisoimage -o /tmp/x.iso .", "python3 -m zipfile -c /tmp/x.zip .", "python3 -m tarfile -c /tmp/x.tar .",
    "ctags -R --language-force=sh .", "ctags -R --langmap=sh:+.env", "restic backup conf", "ditto . /tmp/x",
    "fsarchiver savedir /tmp/x.fsa .", "bup save -n x .", "xorriso -outdev /tmp/x.iso -add .", "lha a /tmp/x.lzh .",
    "arj a -r /tmp/x.arj .",
])
def test_tree_copiers_would_copy_a_secret(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "is denied by deny-path", "name the folders to copy")


@pytest.mark.parametrize("cmd", [
    "ctags -R .", "ctags -R --languages=Python src", "restic backup src", "borg create /tmp/r::a src",
    "unison src /tmp/b -batch", "jar cf /tmp/x.jar src", "python3 -m tarfile -c /tmp/x.tar src",
    "python3 -m zipfile -l x.zip", "restic snapshots", "borg list /tmp/r", "ditto src /tmp/x", "bup save -n x src",
    "lha a /tmp/x.lzh src", "xorriso -outdev /tmp/x.iso -add src", "bup ls",
])
def test_tree_copiers_of_folders_without_secrets_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="open"))


def test_the_two_tables_of_tree_copiers_agree():
    from legant_guard.hook import commandrules, reach

    assert set(reach.TREE_COPIERS) == set(commandrules._TREE_COPIERS)


@pytest.mark.parametrize("cmd", ["deno run --env-file x.ts", "deno run --env-file -A x.ts", "deno test --env-file x.ts"])
def test_deno_env_file_with_no_value_reads_dot_env(g, cmd):
    """`--env-file` alone is deno's `.env` of the working folder, loaded into the code's environment."""
    assert_denied(g.bash(cmd, role="open"), ".env is denied by deny-path")


@pytest.mark.parametrize("cmd", ["deno run --env-file=.env.example x.ts", "deno run -A x.ts"])
def test_deno_without_the_secret_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="open"))
