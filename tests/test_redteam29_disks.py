"""Red team 29 (issue 9, class 6): disk wipers the catalogue did not spell: dc3dd's `wipe=` and
`hwipe=` (and `ofs=`) name the device they fill, mtools' `mformat -i DEV` formats it, and
`nwipe` (`--autonuke`: every disk it finds) wipes disks whatever its operands."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt29k"))


@pytest.mark.parametrize("command, reason", [
    ("dc3dd wipe=/dev/sda", "write-block-device"),
    ("dc3dd hwipe=/dev/nvme0n1", "write-block-device"),
    ("dc3dd if=/dev/zero ofs=/dev/disk/by-id/ata-x", "write-block-device"),
    ("mformat -i /dev/sdb1 ::", "write-block-device"),
    ("nwipe --autonuke", "format-disk"),
    ("sudo nwipe /dev/sda", "format-disk"),
])
def test_disk_wipers_are_catastrophic(g, command, reason):
    assert_denied(g.bash(command, role="operator"), reason)


@pytest.mark.parametrize("command", ["dc3dd if=disk.img of=copy.img", "mformat -i floppy.img -C -f 1440 ::"])
def test_image_files_stay_allowed(g, command):
    assert_allowed(g.bash(command, role="operator"))
