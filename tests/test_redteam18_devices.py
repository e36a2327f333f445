"""Red team 18 (issue 9, classes 1 and 5): a disk written through a symlink.

The block-device tripwire matched the path as spelled: `ln -s /dev/sda x` (in an earlier call,
or earlier in the same command line) then `dd of=x`, `> x`, `cp f x` wrote the disk under every
role, and so did the file tools (`Write /dev/sda`, or a link to it) and an MCP tool's argument.
The kernel follows the link; the guard now judges the physical path too. Nothing is run: the
links point at device names that need not exist (a dangling link resolves all the same)."""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

ROLES = ["operator", "open", "builder"]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("rt18dev"), files={"x": "data\n", "sub/": ""})
    os.symlink("/dev/sda", s.path("disk"))
    os.symlink("/", s.path("root"))
    os.symlink("/dev", s.path("devices"))
    os.symlink("/dev/nvme0n1", s.path("sub/nv"))
    return s


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("command", [
    "dd if=/dev/zero of=disk",
    "dd if=/dev/zero of=./disk bs=1M",
    "cat x > disk",
    "cp x disk",
    "tee disk < x",
    "shred disk",
    "echo x > root/dev/sda",
    "dd if=x of=devices/sda",
    "cd sub && cat ../x > nv",
    "dd if=x of=sub/../disk",
])
def test_a_disk_written_through_a_link_made_in_an_earlier_call(setup, role, command):
    reason = assert_denied(setup.bash(command, role=role))
    if role == "operator":  # (builder may be refused first for the program or the path)
        assert "write-block-device" in reason and "through a symlink" in reason


@pytest.mark.parametrize("command", [
    "ln -s /dev/sda y; dd if=/dev/zero of=y",
    "ln -sf /dev/sda y && cat /dev/zero > y",
    "ln -s /dev/sda y; shred y",
    "ln -s / q; echo x > q/dev/nvme0n1",
    "ln -s /dev d; dd of=d/sda",
    "ln -s /dev/mapper/vg-root y && cp x y",
])
def test_a_disk_written_through_a_link_made_earlier_in_the_line(setup, command):
    assert_denied(setup.bash(command, role="operator"), "write-block-device", "through a symlink")


@pytest.mark.parametrize("role", ["operator", "open"])
@pytest.mark.parametrize("tool,key,name", [
    ("Write", "file_path", "/dev/sda"),
    ("Write", "file_path", "disk"),
    ("Edit", "file_path", "root/dev/nvme0n1"),
    ("mcp__fs__write_file", "path", "disk"),
])
def test_file_and_mcp_tools_writing_a_disk(setup, role, tool, key, name):
    path = name if name.startswith("/") else setup.path(name)
    tool_input = {key: path, "content": "x", "old_string": "a", "new_string": "b"}
    assert_denied(setup.check(tool, tool_input, role=role), "write-block-device")


@pytest.mark.parametrize("command", [
    "cat x > /dev/null; echo x > out.log",
    "ln -s x y; cat x > y",
    "dd if=x of=copy.img bs=1M",
    "cp x sub/nv2",
])
def test_ordinary_writes_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="operator"))


def test_reading_through_a_link_to_a_disk_is_not_the_write_tripwire(setup):
    # (reading a disk is not catastrophic; the read rules of the role judge it)
    assert_allowed(setup.bash("cat disk | head -c 16", role="operator"))


@pytest.mark.parametrize("command", [
    "ln -s /dev/disk/by-id x; dd if=/dev/zero of=x/../../sda",
    "mkdir -p a/b; ln -s /dev/mapper a/b/m; echo x > a/b/m/../sda",
    "ln -s /dev/mapper m; cp x m/../nvme0n1",
])
def test_a_disk_reached_by_dotdot_after_a_link_made_earlier(setup, command):
    assert_denied(setup.bash(command, role="operator"), "write-block-device", "through a symlink")
