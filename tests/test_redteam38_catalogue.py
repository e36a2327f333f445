"""Red team 38 (issue 9, class 6): catalogue gaps.

- destructive git read as git's option parser reads it (shell/gitforce.git_operands): a value
  option bundled after another letter (`git tag -fm MSG v1`), abbreviated (`--mess MSG`), a
  message that looks like a ref (`git update-ref -m refs/x refs/heads/main X`) and operands
  after `--` (`git update-ref -- refs/heads/main X`) hid the ref that is moved;
- `git symbolic-ref refs/heads/main refs/heads/feat` turns a branch into a link (its commits
  left to the reflog), `git fast-import --force` moves branches where commits are lost, `git reflog drop` (git 2.51) erases a reflog, `git repack
  --cruft-expiration=now` / `--unpack-unreachable=now` delete unreachable objects at once;
- `git config remote.origin.push +REF` / `:REF` and `remote.origin.mirror true` make every later
  `git push` force, delete or mirror (the `-c` form was refused only by a misreading);
- programs a PTY session could type into: `screen CMD`, `screen /dev/ttyS0`, `screen -r NAME`
  (every screen window takes `C-a c`, a shell), `tcc -run -` (the C it runs is typed), `sash`
  and `scsh` (shells);
- disks (the erase-disk entry): a persistent-memory DAX device (`/dev/dax0.0`), imaging tools restoring onto a disk
  (`partimage restore`, `fsarchiver restfs`, `ocs-sr restoredisk`) and FreeBSD's `gpart destroy`.
Each with the harmless neighbour that stays allowed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, git, write


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt38"), files={"README.md": "x\n", "src/a.py": "x\n"})
    git(setup.project, "init", "-q", "-b", "main")
    git(setup.project, "add", "README.md", "src/a.py")
    git(setup.project, "commit", "-qm", "x")
    git(setup.project, "branch", "feat")
    git(setup.project, "tag", "v1")
    return setup


TAG_MOVED = ("tripwire git-tag-force (destructive)", "moves an existing tag")
REF_MOVED = ("tripwire git-update-ref-move (destructive)", "points a ref")


@pytest.mark.parametrize("command, reason", [
    ("git tag -fm x v1", TAG_MOVED),
    ("git tag -fam x v1", TAG_MOVED),
    ("git tag -afm x v1", TAG_MOVED),
    ("git tag -f --mess x v1", TAG_MOVED),
    ("git tag -fF msg.txt v1", TAG_MOVED),
    ("git tag -f --local-u KEY v1", TAG_MOVED),
    ("git tag -f --clean verbatim v1", TAG_MOVED),
    ("git update-ref -m refs/x refs/heads/main HEAD~1", REF_MOVED),
    ("git update-ref --create-reflog -m refs/nope refs/heads/main feat", REF_MOVED),
    ("git update-ref -- refs/heads/main feat", REF_MOVED),
    ("git update-ref --no-deref -- refs/heads/main feat", REF_MOVED),
    ("git symbolic-ref refs/heads/main refs/heads/feat",
     ("tripwire git-symbolic-ref-overwrite (destructive)", "turns an existing branch or tag into a link")),
    ("git symbolic-ref -m x -- refs/heads/main refs/heads/feat", ("git-symbolic-ref-overwrite",)),
    ("git reflog drop refs/heads/main", ("tripwire git-reflog-expire (destructive)", "`git reflog drop`")),
    ("git reflog drop --all", ("git-reflog-expire",)),
    ("git repack --cruft -d --cruft-expiration=now",
     ("tripwire git-repack-expire-now (destructive)", "deletes unreachable commits at once")),
    ("git repack --cruft -d --cruft-expiration now", ("git-repack-expire-now", "--cruft-expiration now")),
    ("git repack -A -d --unpack-unreachable=now", ("git-repack-expire-now",)),
    ("git repack -Ad --unpack-unr now", ("git-repack-expire-now",)),
    ("git config remote.origin.push +refs/heads/main:refs/heads/main",
     ("tripwire git-setting-push-force (destructive)", "every later `git push`")),
    ("git config remote.origin.push :main", ("git-setting-push-force", "remote.origin.push=:main")),
    ("git config set remote.origin.push ' +main'", ("git-setting-push-force",)),
    ("git config remote.origin.push '+refs/heads/*:refs/heads/*'; git push", ("git-setting-push-force",)),
    ("git -c remote.origin.push=+refs/heads/main:refs/heads/main push origin", ("git-setting-push-force",)),
    ("git --config-env=remote.origin.push=X push", ("git-setting-push-force", "$VAR")),
    ("git fast-import --force < stream", ("tripwire git-fast-import-force (destructive)", "moves existing branches")),
    ("git fast-import --forc < stream", ("git-fast-import-force",)),
    ("git config remote.origin.mirror true && git push origin",
     ("tripwire git-setting-push-mirror (destructive)", "a mirror push")),
    ("git -c remote.origin.mirror=yes push origin", ("git-setting-push-mirror",)),
])
@pytest.mark.parametrize("role", ["open", "builder"])
def test_destructive_git_in_the_spellings_git_reads(repo, command, reason, role):
    assert_denied(repo.bash(command, role=role), *reason)


@pytest.mark.parametrize("command", [
    "git tag -fm x v9",  # a tag that does not exist is only made
    "git tag -am release v2.0",
    "git tag -f --mess x v9",
    "git update-ref -m msg refs/heads/new2 HEAD",  # (the message was read as an existing ref)
    "git update-ref refs/heads/new HEAD",
    "git symbolic-ref HEAD refs/heads/feat",
    "git symbolic-ref refs/heads/new refs/heads/feat",
    "git symbolic-ref --short HEAD",
    "git reflog show main",
    "git repack --cruft -d --cruft-expiration=2.weeks.ago",
    "git repack --cruft -d",
    "git repack -a -d",
    "git config remote.origin.push refs/heads/main:refs/heads/main",
    "git config remote.origin.mirror false",
    "git config --get remote.origin.push",
    "git config --unset remote.origin.push",
    "git fast-import < stream",
])
def test_harmless_git_neighbours_stay_allowed(repo, command):
    assert_allowed(repo.bash(command, role="open"))


def test_operator_may_still_move_refs(repo):
    assert_allowed(repo.bash("git tag -fm x v1", role="operator"))


INTERACTIVE = "would start an interactive session"


@pytest.mark.parametrize("command", [
    "screen /dev/ttyS0 115200",
    "screen cat",
    "screen -S x cat",
    "screen -L cat",
    "screen -r s",
    "screen -x",
    "tcc -run -",
    "tcc -run /dev/stdin",
    "sash",
    "scsh",
])
def test_programs_a_pty_session_could_type_into_are_refused(guard_setup, command):
    assert_denied(guard_setup.bash(command, role="open"), "`%s` %s" % (command.split()[0], INTERACTIVE))


def test_a_sash_script_is_read_as_a_shells(guard_setup):
    write(guard_setup.path(".env"), "K=1\n")
    assert_denied(guard_setup.bash("sash -c 'cat .env'", role="open"), ".env is denied by deny-path")


@pytest.mark.parametrize("command", [
    "screen -ls",
    "screen -list",
    "screen -wipe",
    "screen --version",
    "tcc -run x.c",
    "echo 'int main(){return 0;}' | tcc -run -",
    "sash -c 'ls'",
    "scsh -s x.scm",
])
def test_their_non_interactive_forms_stay_allowed(guard_setup, command):
    assert_allowed(guard_setup.bash(command, role="open"))


@pytest.mark.parametrize("command, reason", [
    ("dd if=/dev/zero of=/dev/dax0.0", "write-block-device (catastrophic)"),
    ("partimage restore /dev/sda1 img", "tripwire erase-disk (catastrophic): `partimage restore` erases a disk"),
    ("fsarchiver restfs img id=0,dest=/dev/sda1", "`fsarchiver restfs`"),
    ("ocs-sr -g auto restoredisk img sda", "`ocs-sr restoredisk`"),
    ("gpart destroy -F ada0", "`gpart destroy`"),
])
def test_more_disk_writers_are_catastrophic(guard_setup, command, reason):
    assert_denied(guard_setup.bash(command, role="operator"), reason)


@pytest.mark.parametrize("command", [
    "partimage save /dev/sda1 img",
    "fsarchiver savefs img /dev/sda1",
    "gpart show",
])
def test_disk_images_may_still_be_saved(guard_setup, command):
    assert_allowed(guard_setup.bash(command, role="operator"))
