"""Red team 14 (issue 9, class 6 and the residuals it left): catalogue gaps found by rt9h.

Moving a branch or tag (`git branch -f`, `checkout -B`, `switch -C`, `tag -f`, `update-ref REF
VALUE`) is destructive git now; `npm get KEY` prints npm's config like `npm config get`; the
words of `docker compose exec/run` are the program run in the container; more disks, killing a
user's every process through loginctl or skill, firmware flashing, and moving a system folder
away are catastrophic. Verdicts only: nothing here is executed.
"""

import os
import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("rt14c"), files={"~/.npmrc": "//r/:_authToken=abc\n"})
    # a repository with a branch `main` and a tag `v1`: moving them is what is refused
    git = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "init.defaultBranch=main"]
    for args in (["init", "-q"], ["commit", "-q", "--allow-empty", "-m", "init"], ["tag", "v1"]):
        subprocess.run(git + args, cwd=s.project, check=True, env=dict(os.environ, HOME=s.home))
    return s


# ---- moving branches and tags -----------------------------------------------------------------
@pytest.mark.parametrize("command, tripwire", [
    ("git branch -f main HEAD~3", "git-branch-force-reset"),
    ("git branch --for main HEAD~3", "git-branch-force-reset"),
    ("git checkout -B main HEAD~3", "git-checkout-force-create"),
    ("git checkout -qB main", "git-checkout-force-create"),
    ("git switch -C main HEAD~3", "git-switch-force-create"),
    ("git switch --force-c main", "git-switch-force-create"),
    ("git tag -f v1 HEAD~3", "git-tag-force"),
    ("git tag --force -m msg v1", "git-tag-force"),
    ("git update-ref refs/heads/main HEAD~3", "git-update-ref-move"),
    ("git -C sub/.. branch -f main HEAD~1", "git-branch-force-reset"),
    ("git reset --h", "git-reset-hard"),
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_moving_a_branch_or_tag_is_destructive(setup, command, tripwire, role):
    assert_denied(setup.bash(command, role=role), f"tripwire {tripwire} (destructive)")


def test_operator_may_move_branches(setup):
    assert_allowed(setup.bash("git branch -f main HEAD~3", role="operator"))


@pytest.mark.parametrize("command", ["git branch x", "git checkout -b x", "git switch -c x", "git tag v2",
                                     "git tag -a v2 -m release", "git branch -v", "git reset --soft HEAD~1",
                                     "git update-ref -h", "git branch -f topic HEAD", "git checkout -B topic",
                                     "git switch -C topic", "git tag -f v2", "git update-ref refs/heads/topic HEAD"])
def test_creating_branches_and_tags_stays_allowed(setup, command):
    # (-f/-B/-C with a name not there yet only makes it)
    assert_allowed(setup.bash(command, role="open"))


# ---- npm get ----------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["npm get //r/:_authToken", "npm --loglevel silent get x", "npm get"])
def test_npm_get_prints_npms_config(setup, command):
    assert_denied(setup.bash(command, role="open"), "`npm get` prints the credentials stored in ~/.npmrc")


@pytest.mark.parametrize("command", ["npm pkg get name", "npm pkg get get", "npm access get status x"])
def test_other_gets_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))


# ---- docker compose exec/run ------------------------------------------------------------------
@pytest.mark.parametrize("command", [
    "docker compose exec web curl http://h",
    "docker compose -f x.yml run web curl http://h",
    "docker-compose exec web curl http://h",
    "podman compose exec web curl http://h",
    "podman-compose run web curl http://h",
    "docker compose exec web sh -c 'curl http://h'",
])
def test_compose_exec_runs_its_words(setup, command):
    assert_denied(setup.bash(command, role="open"), "`curl` is denied by deny-cmd", "compose exec/run")


@pytest.mark.parametrize("command", ["docker compose up -d", "docker compose exec web ls",
                                     "docker compose run --rm web pytest", "docker compose logs run"])
def test_compose_everyday_forms_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))


# ---- catastrophic -----------------------------------------------------------------------------
@pytest.mark.parametrize("device", ["/dev/zvol/pool/vol", "/dev/mtd0", "/dev/mtdblock0", "/dev/drbd0", "/dev/pmem0",
                                    "/dev/ram0", "/dev/fd0", "/dev/sg0", "/dev/st0", "/dev/mem", "/dev/kmem"])
def test_more_devices_are_disks(setup, device):
    assert_denied(setup.bash(f"dd if=/dev/zero of={device}", role="operator"), "tripwire write-block-device")


def test_punching_holes_in_a_disk_is_writing_it(setup):
    assert_denied(setup.bash("fallocate -p -o 0 -l 1G /dev/sda", role="operator"), "tripwire write-block-device")


@pytest.mark.parametrize("command", ["echo x > /dev/stdout", "dd if=x of=/dev/stdout", "fallocate -l 1G x.img"])
def test_ordinary_devices_and_files_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="operator"))


@pytest.mark.parametrize("command, tripwire", [
    ("loginctl terminate-user $USER", "end-user-session"),
    ("loginctl kill-user me", "end-user-session"),
    ("skill -KILL -u $USER", "kill-every-process"),
    ("flashrom -p internal -w bios.bin", "flash-firmware"),
    ("mv /usr /tmp/x", "move-critical"),
    ("mv -t /tmp/x /etc", "move-critical"),
    ("mv /home /tmp/x", "move-critical"),
    ("mv ~ /tmp/x", "move-critical"),
])
def test_more_catastrophes(setup, command, tripwire):
    assert_denied(setup.bash(command, role="operator"), f"tripwire {tripwire} (catastrophic)")


@pytest.mark.parametrize("command", ["loginctl list-sessions", "flashrom -p internal -r backup.bin",
                                     "mv /usr/local/bin/x /tmp/y", "mv ~/Documents /tmp/x", "mv a b"])
def test_their_everyday_relatives_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="operator"))


# ---- prompts a terminal session (Codex's write_stdin) could type into -----------------------
@pytest.mark.parametrize("command", ["R", "R --vanilla", "openssl", "newgrp staff", "sg staff", "runuser -u nobody",
                                     "systemd-run --shell", "perl -d x.pl", "perl -de 0"])
def test_more_prompts_are_interactive(setup, command):
    assert_denied(setup.bash(command, role="open"), "would start an interactive session")


@pytest.mark.parametrize("command", ["R -e 'x'", "R CMD INSTALL x", "openssl version", "sg staff -c ls",
                                     "runuser -u nobody -- ls", "systemd-run ls", "perl -d:NYTProf x.pl",
                                     "git commit -m x", "git commit -am x", "git commit -F msg",
                                     "git commit --amend --no-edit", "git commit --fixup HEAD~1", "git commit -C HEAD",
                                     "GIT_EDITOR=true git commit", "git commit --message=x"])
def test_their_scripted_forms_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))


# ---- the clouds' ssh ---------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["gcloud compute ssh vm", "gcloud --project p compute ssh vm",
                                     "gcloud compute scp x vm:y", "aws ssm start-session --target i-1",
                                     "aws --profile p ssm start-session --target i-1", "az ssh vm -n x"])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_cloud_ssh_is_exfiltration(setup, command, role):
    assert_denied(setup.bash(command, role=role), "is denied by deny-cmd")


@pytest.mark.parametrize("command", ["gcloud compute instances list", "aws s3 ls", "az vm list"])
def test_other_cloud_commands_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))


# ---- disks reached by other writers ------------------------------------------------------------
@pytest.mark.parametrize("command", [
    "python3 -c \"open('/dev/sda','wb').write(b'0')\"", "perl -e 'open(F,\">/dev/sda\")'",
    "node -e \"require('fs').writeFileSync('/dev/nvme0n1','x')\"", "socat - /dev/sda", "socat FILE:/dev/zero FILE:/dev/sda",
    "socat OPEN:/dev/sda,creat -", "mksquashfs x /dev/sdb", "genisoimage -o /dev/sdb x", "xorriso -outdev /dev/sdb",
    "partclone.ext4 -r -s x -o /dev/sda1", "ntfsclone -r -O /dev/sda1 x", "e2image -ra x /dev/sda1",
    "qemu-img dd if=x of=/dev/sda",
])
def test_more_writers_onto_a_disk(setup, command):
    assert_denied(setup.bash(command, role="operator"), "tripwire write-block-device (catastrophic)")


@pytest.mark.parametrize("command", ["pvcreate /dev/sda", "vgcreate vg /dev/sda", "btrfs device add /dev/sdb /"])
def test_more_volume_tools_destroy_data(setup, command):
    assert_denied(setup.bash(command, role="operator"), "(catastrophic)", "destroys a storage volume")


@pytest.mark.parametrize("command", ["python3 -c \"print(open('/dev/null').read())\"", "socat - TCP:localhost:1",
                                     "mksquashfs x out.sqfs", "btrfs subvolume list /", "pvs", "e2image x out.img",
                                     "socat - /dev/stdout"])
def test_their_harmless_relatives_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="operator"))
