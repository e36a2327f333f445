"""Red team 24 (issue 9 class 6): catastrophic commands the catalogue did not name.

File-system tools that rewrite a disk in place (`e2fsck -y`, `xfs_repair -L`, `tune2fs -O`,
`resize2fs`, `zerofree`, `growpart`, `debugfs -w`; listed as open in THREAT_MODEL), volumes taken
offline (`lvchange -an`, `vgchange -an`) and the CMOS settings (`dd of=/dev/nvram`) passed under
every role; their read-only forms stay allowed. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt24catalogue"))


@pytest.mark.parametrize("cmd, tripwire", [
    ("zerofree /dev/sda1", "rewrite-filesystem"), ("growpart /dev/sda 1", "rewrite-filesystem"),
    ("resize2fs /dev/sda1 1M", "rewrite-filesystem"), ("e2fsck -y /dev/sda1", "rewrite-filesystem"),
    ("fsck.ext4 -p /dev/sda1", "rewrite-filesystem"), ("xfs_repair -L /dev/sda1", "rewrite-filesystem"),
    ("tune2fs -O ^has_journal /dev/sda1", "rewrite-filesystem"), ("ntfsresize -s 1G /dev/sda2", "rewrite-filesystem"),
    ("debugfs -w /dev/sda1", "debugfs-write"), ("lvchange -an vg", "deactivate-volume"),
    ("vgchange -an", "deactivate-volume"), ("dd if=/dev/zero of=/dev/nvram", "write-block-device"),
    ("dc3dd if=/dev/zero of=/dev/sda", "write-block-device"),
])
@pytest.mark.parametrize("role", ["operator", "open"])
def test_disk_rewrites_are_catastrophic(g, cmd, tripwire, role):
    assert_denied(g.bash(cmd, role=role), "tripwire %s (catastrophic)" % tripwire)


@pytest.mark.parametrize("cmd", [
    "e2fsck -n /dev/sda1", "e2fsck -fn /dev/sda1", "tune2fs -l /dev/sda1", "xfs_repair -n /dev/sda1",
    "resize2fs -P /dev/sda1", "fsck -N /dev/sda1", "debugfs -R stat /dev/sda1", "lvchange -ay vg/lv", "vgchange -ay",
    "lvs", "fsck --version", "dd if=/dev/zero of=out.bin count=1",
])
def test_read_only_forms_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="operator"))


@pytest.mark.parametrize("cmd", [
    "pkill -9 'a|'", "pkill -9 '|a'", "pkill -9 'a*'", "pkill -9 'x?'", "pkill -9 '(x|)'", "pkill -9 'x{0}'",
    "pkill -9 'x{0,3}'", "pkill -9 '[a]*'", "pkill -9 '[[:alpha:]]*'", "pkill -9 'foo|.'", "pkill -9 '\\b'",
    "pkill -9 -f 'a*'", "pkill -9 '(a*)b?'", "killall -r 'a*'",
])
@pytest.mark.parametrize("role", ["operator", "open"])
def test_a_pattern_that_matches_every_process(g, cmd, role):
    """A regex search matches every name when it can match the empty string (or one character
    of any kind): the pattern had only to hold a letter to pass."""
    assert_denied(g.bash(cmd, role=role), "tripwire kill-every-process", "matches every process")


@pytest.mark.parametrize("cmd", [
    "pkill -9 'zz*'", "pkill -9 '(ab)+|q'", "killall 'a*'", "pkill -9 node", "pkill -f 'node server.js'",
    "pkill -9 'py.*'", "pkill -f 'python3? manage.py'", "pkill -9 '^node$'", "pkill -f 'vite|webpack'",
    "pkill 'chrom(e|ium)'", "pkill -9 '[[:alpha:]]+x'", "pkill -f 'x[^ ]*'", "pkill -9 '(a|b)(c|)'",
])
def test_patterns_of_some_processes_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="operator"))
