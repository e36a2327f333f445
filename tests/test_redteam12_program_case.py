"""Red team 12: programs that read the files named on their input, and programs named in upper case.

`echo KEY | pax -w` archives the files named on its input, like `cpio -o` and `zip -@`, which
were refused while pax was not looked at. And the command rules were keyed by the exact spelling
of the program: on macOS (a file system that ignores case) `GREP -r x ..`, `TAR -czf o.tgz ..` and
`CPIO -o` run grep, tar and cpio, and read the guard's files; the shell analysis already reads
such names in lower case (shell/names.program_name). Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt12case"))


@pytest.mark.parametrize("command", [
    "echo {key} | pax -w -f /tmp/out.pax",
    "echo {key} | pax -wf /tmp/out.pax",
    "echo {key} | pax -w > /tmp/out.pax",
    "echo {key} | pax -rw /tmp/dst",
    "pax -w < list.txt > /tmp/out.pax",
])
def test_pax_reading_names_from_its_input_is_refused(setup, command):
    proc = setup.bash(command.format(key=setup.dir + "/key.pem"), role="operator")
    assert_denied(proc)
    assert "pax" in proc.stderr and ("named on its input" in proc.stderr or "unpacks" in proc.stderr), proc.stderr


@pytest.mark.parametrize("command", [
    "GREP -r x {root}",
    "/usr/bin/GREP -r x {root}",
    "cd {root} && TAR -czf /tmp/o.tgz .",
    "RSYNC -a {root}/ /tmp/o/",
])
def test_a_recursive_reader_in_upper_case_is_refused_above_the_guard(setup, command):
    proc = setup.bash(command.format(root=setup.root), role="operator")
    assert_denied(proc, "recursively", "guard's own files")


@pytest.mark.parametrize("command", ["echo {key} | CPIO -o", "echo {key} | Zip -@ /tmp/x.zip",
                                     "echo {key} | PAX -w"])
def test_a_list_reader_in_upper_case_is_refused(setup, command):
    assert_denied(setup.bash(command.format(key=setup.dir + "/key.pem"), role="operator"), "named on its input")


def test_an_upper_case_reader_of_the_project_stays_allowed(setup):
    assert_allowed(setup.bash("GREP -r x .", role="operator"))
    assert_allowed(setup.bash("find . -name '*.py' | pax -w -f /tmp/out.pax", role="operator"))
