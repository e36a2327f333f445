"""Red team #30 (issue 10, class 3): writes that land in a protected folder without naming the
file, each for every role that may run the program (operator included).

- a checkout whose tree holds a file *below* a protected folder (`.claude/hooks/run.sh`,
  `.codex/rules/x.rules`, `.opencode/plugins/x.js`, and the guard's own package when it lives in
  a git work tree): the cheap pre-filter of checkouts.py knew only the folders' own paths, so
  `git checkout other` wrote them unseen;
- `git --git-dir=P/.git --work-tree=P reset --hard` (or GIT_DIR/GIT_WORK_TREE) run from outside any
  work tree: no work tree was found at the working folder, so nothing was judged;
- a symlink made earlier in the line and a copy, move, install, rsync or unpack into it
  (`ln -s .claude L && cp x/settings.json L/`): the copy's rules judged `L`;
- decrypters and decompressors the table missed (`gpg --decrypt-files`, gpg without a command,
  `--use-embedded-filename`, gpgtar, ccrypt, mcrypt, bzip3, pbzip2, pzstd ...) and `patool extract`.
"""

import os
import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, git, write

import legant_guard

ROLES = ["operator", "open"]


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("rt30co"))
    p = s.project
    write(os.path.join(p, "a.txt"))
    git(p, "init", "-q", "-b", "main")
    git(p, "add", ".")
    git(p, "commit", "-qm", "a")
    git(p, "checkout", "-qb", "hooks")
    write(os.path.join(p, ".claude/hooks/run.sh"), "curl x | sh\n")
    git(p, "add", "-f", ".")
    git(p, "commit", "-qm", "hook script")
    for branch, name in (("codexrules", ".codex/rules/x.rules"), ("plugin", ".opencode/plugins/x.js"),
                         ("harmless", "src/lib.py")):
        git(p, "checkout", "-q", "main")
        git(p, "checkout", "-qb", branch)
        write(os.path.join(p, name), "x\n")
        git(p, "add", "-f", ".")
        git(p, "commit", "-qm", branch)
    git(p, "checkout", "-q", "main")
    return s


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command,hit", [
    ("git checkout hooks", ".claude/hooks/run.sh"),
    ("git switch hooks", ".claude/hooks/run.sh"),
    ("git restore --source hooks .claude", ".claude/hooks/run.sh"),
    ("git merge hooks", ".claude/hooks/run.sh"),
    ("git checkout codexrules -- .codex", ".codex/rules/x.rules"),
    ("git checkout plugin", ".opencode/plugins/x.js"),
])
def test_a_checkout_writing_below_a_protected_folder_is_denied(repo, role, command, hit):
    assert_denied(repo.bash(command, role=role), "would write", hit, "protected")


@pytest.mark.parametrize("role", ROLES)
def test_a_checkout_of_ordinary_files_stays_allowed(repo, role):
    if role == "operator":  # (a tripwire refuses `reset --hard` under the other roles)
        for command in ("git reset --hard hooks", "git checkout -f hooks", "git restore --source hooks ."):
            assert_denied(repo.bash(command, role=role), "would write", ".claude/hooks/run.sh")
    assert_allowed(repo.bash("git checkout harmless", role=role))
    assert_allowed(repo.bash("git checkout harmless -- src", role=role))


@pytest.mark.parametrize("command", [
    "cd /tmp && git --git-dir={p}/.git --work-tree={p} reset --hard hooks",
    "cd /tmp && git --git-dir {p}/.git --work-tree {p} checkout hooks -- .",
    "cd /tmp && GIT_DIR={p}/.git GIT_WORK_TREE={p} git reset --hard hooks",
    "cd / && git -c core.worktree={p} --git-dir={p}/.git checkout hooks",
])
def test_a_foreign_work_tree_named_from_outside_any_repository_is_judged(repo, command):
    command = command.format(p=repo.project)
    assert_denied(repo.bash(command, role="operator"), "git directory or work tree set elsewhere",
                  f"below {repo.project}")


def test_a_foreign_work_tree_without_anything_protected_stays_allowed(repo, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    command = f"cd {empty} && git --git-dir={repo.project}/.git --work-tree={empty} checkout harmless -- src"
    assert_allowed(repo.bash(command, role="operator"))


def _guard_checkout():
    """The git work tree holding the guard's own package, when it runs from one (editable)."""
    pkg = os.path.dirname(os.path.abspath(legant_guard.__file__))
    try:
        top = subprocess.run(["git", "-C", pkg, "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                             timeout=10).stdout.strip()
        subprocess.run(["git", "-C", top, "rev-parse", "--verify", "-q", "HEAD~1"], check=True, capture_output=True,
                       timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return top or None


@pytest.mark.skipif(_guard_checkout() is None, reason="the guard does not run from a git checkout with history")
def test_a_checkout_rewriting_the_guards_own_package_is_denied(tmp_path):
    s = GuardSetup(tmp_path)
    top = _guard_checkout()
    for command in (f"git -C {top} checkout HEAD~1 -- src", f"cd {top}/src && git checkout HEAD~1 -- .",
                    f"git -C {top} restore --source HEAD~1 src"):
        assert_denied(s.bash(command, role="operator"), "would", "protected")


# ---- symlink, then a copy into it ------------------------------------------------------------

@pytest.fixture
def staged(tmp_path):
    s = GuardSetup(tmp_path)
    write(s.path("stage/.claude/settings.json"), '{"hooks": {}}\n')
    write(s.path("x.txt"))
    os.makedirs(s.path("build"))
    return s


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command", [
    "ln -s .claude L && cp stage/.claude/settings.json L/",
    "ln -s .claude L && cp stage/.claude/settings.json L",
    "ln -s .claude L; mv stage/.claude/settings.json L/",
    "ln -s .claude L && install stage/.claude/settings.json L/",
    "ln -sT .claude L && cp -t L stage/.claude/settings.json",
    "ln -s .claude L && cp --target-directory=L stage/.claude/settings.json",
    "ln -s $PWD/.claude L && cp -r stage/.claude/. L",
    "ln -s . L && cp -r stage/. L",
    "ln -s .claude L && cd L && cp ../stage/.claude/settings.json .",
    "ln -s ~/.claude L && cp stage/.claude/settings.json L/",
])
def test_a_copy_into_a_link_made_earlier_is_judged_where_it_lands(staged, role, command):
    assert_denied(staged.bash(command, role=role), "settings.json", "through a link made earlier in the command")


def test_an_unpack_into_a_link_made_earlier_is_judged_where_it_lands(staged):
    assert_denied(staged.bash("ln -s .claude L && rsync stage/.claude/settings.json L/", role="operator"),
                  "settings.json", "through a link made earlier in the command")
    assert_denied(staged.bash("ln -s .claude L && unzip -o x.zip -d L", role="operator"),
                  ".claude", "through a link made earlier in the command")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command", [
    "ln -s build L && cp x.txt L/",
    "ln -s build L && cp -r stage/. L/",
])
def test_a_copy_into_a_link_to_an_ordinary_folder_stays_allowed(staged, role, command):
    assert_allowed(staged.bash(command, role=role))


# ---- programs that write their input's name without a suffix, or unpack unseen ----------------

@pytest.fixture(scope="module")
def sealed(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("rt30seal"))
    for name in ("settings.json.gpg", "settings.json.asc", "settings.json.cpt", "settings.json.nc",
                 "settings.json.bz3", "settings.json.bz2", "settings.json.zst", "settings.json.xz",
                 "settings.json.sz", "settings.json.aes", "settings.json.lz"):
        write(s.path(".claude/" + name))
    write(s.path("~/.bashrc.gpg"))
    write(s.path("~/.claude.json.gpg"))
    write(s.path("notes.txt.gpg"))
    write(s.path("data.csv.bz3"))
    return s


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command,hit", [
    ("gpg --decrypt-files .claude/settings.json.gpg", ".claude/settings.json"),
    ("gpg --batch --passphrase p --multifile --decrypt .claude/settings.json.asc", ".claude/settings.json"),
    ("gpg .claude/settings.json.gpg", ".claude/settings.json"),
    ("gpg2 --decrypt-files ~/.claude.json.gpg", ".claude.json"),
    ("gpg --decrypt-files ~/.bashrc.gpg", ".bashrc"),
    ("ccrypt -d .claude/settings.json.cpt", ".claude/settings.json"),
    ("ccdecrypt .claude/settings.json.cpt", ".claude/settings.json"),
    ("mcrypt -d .claude/settings.json.nc", ".claude/settings.json"),
    ("bzip3 -d .claude/settings.json.bz3", ".claude/settings.json"),
    ("pbzip2 -d .claude/settings.json.bz2", ".claude/settings.json"),
    ("lbzip2 -d .claude/settings.json.bz2", ".claude/settings.json"),
    ("pzstd -d .claude/settings.json.zst", ".claude/settings.json"),
    ("zstdmt -d .claude/settings.json.zst", ".claude/settings.json"),
    ("pixz -d .claude/settings.json.xz", ".claude/settings.json"),
    ("snzip -d .claude/settings.json.sz", ".claude/settings.json"),
    ("aescrypt -d -p x .claude/settings.json.aes", ".claude/settings.json"),
    ("plzip -d .claude/settings.json.lz", ".claude/settings.json"),
])
def test_a_name_written_without_its_suffix_is_judged(sealed, role, command, hit):
    assert_denied(sealed.bash(command, role=role), "would write", hit)


@pytest.mark.parametrize("command,why", [
    ("gpg --use-embedded-filename x.gpg", "the file name its data carries"),
    ("gpgtar --decrypt x.gpgtar", "gpgtar"),
    ("gpgtar -d x.gpg", "gpgtar"),
    ("gpgtar --extract --directory .claude x.tar", "gpgtar"),
    ("patool extract x.tar", "patool"),
    ("patool extract --outdir .claude x.tar", "patool"),
])
def test_an_unpacker_the_guard_cannot_list_is_undetermined(sealed, command, why):
    assert_denied(sealed.bash(command, role="operator"), why, "cannot tell which files it writes")


@pytest.mark.parametrize("command", [
    "gpg -d .claude/settings.json.gpg > /dev/null",
    "gpg --decrypt-files notes.txt.gpg",
    "bzip3 -d data.csv.bz3",
    "gpg -o notes.txt -d notes.txt.gpg",
])
def test_their_harmless_neighbours_stay_allowed(sealed, command):
    assert_allowed(sealed.bash(command, role="operator"))


# ---- a symlink an earlier copy put there, then a write through it ------------------------------

@pytest.fixture
def linked_stage(tmp_path):
    s = GuardSetup(tmp_path, files={".claude/settings.local.json": "{}\n", "x.json": "{}\n", "~/.bashrc": "# rc\n",
                                    "s2/L/settings.json": "{}\n", "build/": ""})
    os.makedirs(s.path("s1"))
    os.symlink(".claude", s.path("s1/L"))
    return s


@pytest.mark.parametrize("command", [
    "cp -a s1/. . && cp -r s2/. .",
    "cp -a s1/L . && cp -r s2/L/. L",
    "cp -P s1/L L2 && cp s2/L/settings.json L2/",
    "cp -rs $PWD/.claude L3 && cp x.json L3/settings.local.json",
    "ln -s .claude L4 && find s2 -name settings.json -exec cp {} L4/ \\;",
])
def test_a_write_through_a_link_an_earlier_copy_made_is_judged(linked_stage, command):
    assert_denied(linked_stage.bash(command, role="operator"), ".claude/settings", "protected")


@pytest.mark.parametrize("command", [
    "ln -s ~/.bashrc B && echo 'export OPENCODE_PURE=1' >> B",
    "cp -s ~/.bashrc B && echo 'export OPENCODE_PURE=1' >> B",
    "cp -rs ~ H && echo 'export OPENCODE_PURE=1' >> H/.bashrc",
])
def test_a_start_up_file_written_through_a_link_made_earlier_is_content_checked(linked_stage, command):
    assert_denied(linked_stage.bash(command, role="operator"), ".bashrc", "start-up file")


@pytest.mark.parametrize("command", [
    "ln -s ~/.bashrc B",
    "cp -s ~/.bashrc B",
    "cp -a s1/. build/ && cp x.json build/x.json",
    "ln -s build L && echo x > L/notes.txt",
])
def test_making_or_using_an_ordinary_link_stays_allowed(linked_stage, command):
    assert_allowed(linked_stage.bash(command, role="operator"))


# ---- rsync's -R is --relative, not recursive ---------------------------------------------------

@pytest.mark.parametrize("command", [
    "rsync -R stage/./.claude/settings.json .",
    "rsync --relative stage/./.claude/settings.json ./",
    "cd stage && rsync -R .claude/settings.json ..",
])
def test_rsync_relative_is_judged_at_the_path_it_keeps(staged, command):
    assert_denied(staged.bash(command, role="operator"), "`rsync -R`", ".claude/settings.json", "protected")


@pytest.mark.parametrize("command", ["rsync -R stage/./x.txt build/", "rsync -aR stage build/"])
def test_rsync_relative_into_an_ordinary_folder_stays_allowed(staged, command):
    assert_allowed(staged.bash(command, role="operator"))


@pytest.mark.parametrize("command", [
    "ln -s . L && ln -s .claude L/M && cp stage/.claude/settings.json L/M/",
    "ln -s .claude L && python3 -c 'open(\"L/settings.json\", \"w\").write(\"{}\")'",
])
def test_a_link_made_through_a_link_and_inline_code_through_a_link_are_followed(staged, command):
    assert_denied(staged.bash(command, role="operator"), ".claude/settings.json", "through a link made earlier")
