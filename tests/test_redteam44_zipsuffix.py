"""Red team 44 (issue 10, the trust base): `zip NAME FILES` writes NAME.zip.

zip adds `.zip` to an archive name without a suffix, so `cd …/lib && zip python311 os.py` made
the `python311.zip` on the guard's sys.path (searched before the standard library: a `re.py`
there runs in the next hook) while the command line only named `python311`. The name zip really
writes is judged now.
"""

import os
import sys

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

STDLIB_ZIP = next(p for p in sys.path if p.endswith(".zip"))
ADDS = "(it adds `.zip` to a name without a suffix)"


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt44zip"))


@pytest.mark.parametrize("template", ["cd {folder} && zip {stem} /tmp/re.py", "cd {folder} && zip -j {stem} /tmp/re.py",
                                      "zip -j -q {folder}/{stem} /tmp/re.py"])
def test_zip_adding_its_suffix_onto_the_stdlib_zip_is_denied(s, template):
    folder, name = os.path.split(STDLIB_ZIP)
    command = template.format(folder=folder, stem=name[:-len(".zip")])
    assert_denied(s.bash(command, role="operator"), ADDS, STDLIB_ZIP)


@pytest.mark.parametrize("command", ["zip -r build src", "zip -r build.zip src", "zip -q out.jar a.txt"])
def test_plain_archives_stay_allowed(s, command):
    assert_allowed(s.bash(command, role="operator"))
