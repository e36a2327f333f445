"""Red team 16: the link followers and name-list readers next to today's compressors.

Today gzip/pigz/zstd/lz4 -rf and 7-Zip joined the programs whose walk follows a link planted in
the project (`docs/key -> ~/.ssh/id_rsa`). lzop -rf does the same (-f also compresses links),
lzip/plzip -R is -r following every link, and afio -o/-p (like cpio) archives the files named
on its input, which the guard did not know: `echo ~/.ssh/id_rsa | afio -o x` copied the key.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("rt16c"), files={"~/.ssh/id_rsa": "KEY\n", "src/a.py": "x\n", "docs/": ""})
    os.symlink(s.path("~/.ssh/id_rsa"), s.path("docs/key"))
    return s


@pytest.mark.parametrize("command, program", [
    ("lzop -rf docs", "lzop"),
    ("lzop --recursive --force docs", "lzop"),
    ("lzip -R docs", "lzip"),
    ("plzip --dereference-recursive docs", "plzip"),
])
def test_a_compressor_following_a_planted_link(setup, command, program):
    assert_denied(setup.bash(command, role="open"), f"`{program}` follows the symlink", "deny-path ~/.ssh")


@pytest.mark.parametrize("command", [
    "echo ~/.ssh/id_rsa | afio -o /tmp/x.afio",
    "afio -o x.afio < list.txt",
    "afio -p /tmp/out < list.txt",
])
def test_afio_reads_the_names_on_its_input(setup, command):
    assert_denied(setup.bash(command, role="open"), "`afio -o`/`-p` reads the files named on its input")


def test_afio_fed_by_find_reaching_a_link(setup):
    assert_denied(setup.bash("find docs | afio -o x.afio", role="open"), "hands it to `afio`")


@pytest.mark.parametrize("command", ["lzop -rf src", "lzop -r docs", "lzip -r docs", "lzip -R src",
                                     "find src | afio -o x.afio", "afio -t x.afio"])
def test_neighbours_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))
