"""Red team 19 (issue 9, class 6): catastrophic commands missing from the catalogue, for every role.

`systemctl isolate rescue.target` and `telinit 1`/`init s` stop every service (single user), as
`systemctl rescue` (caught) does; `rtcwake -m off` powers the machine off; writing `1` to a
disk's `/sys/block/*/device/delete` or a PCI device's `remove` takes the disk away, and
`/sys/power/state` suspends the machine; /dev/zram* and UML's /dev/ubd* are block devices too.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("c"))


@pytest.mark.parametrize("command, fragment", [
    ("systemctl isolate rescue.target", "power-off-service"),
    ("telinit 1", "power-off-service"),
    ("init s", "power-off-service"),
    ("init single", "power-off-service"),
    ("rtcwake -m off -s 60", "power-off"),
    ("echo 1 > /sys/block/sda/device/delete", "/sys/block/sda/device/delete"),
    ("echo 1 | tee /sys/class/block/nvme0n1/device/delete", "/sys/class/block/nvme0n1/device/delete"),
    ("echo 1 | tee /sys/bus/pci/devices/0000:00:1f.2/remove", "/sys/bus/pci/devices/0000:00:1f.2/remove"),
    ("echo mem > /sys/power/state", "/sys/power/state"),
    ("dd if=/dev/zero of=/dev/zram0", "/dev/zram0"),
    ("cat /dev/urandom > /dev/ubda", "/dev/ubda"),
])
@pytest.mark.parametrize("role", ["operator", "open"])
def test_catastrophic_for_every_role(setup, command, fragment, role):
    assert_denied(setup.bash(command, role=role), "catastrophic", fragment)


@pytest.mark.parametrize("command", ["systemctl status", "systemctl restart nginx", "init --version",
                                     "cat /sys/power/state", "ls /sys/block", "cat /sys/block/sda/size"])
def test_reading_the_same_places_stays_allowed(setup, command):
    assert_allowed(setup.bash(command, role="operator"))
