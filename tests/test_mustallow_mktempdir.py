"""Must-allow: a copy into a fresh folder from mktemp, its destination spelt with a trailing
slash (`d=$(mktemp -d) && cp -r src "$d/"`), is judged where it leads, as `"$d"` already was.

hook/runtimecopies.py read `"$d/"` with the variable unset, `/`, as the folder the line names and
refused the copy for the guard's files below `/`; the destination is the one word built at run
time there, the sources are named. precision.py takes `"$d/"` as the mktemp folder only in a line
joined by `&&` (after `;`, a failed mktemp leaves it empty and the copy lands in `/`). Harmful
neighbours stay refused: the `;` line, a path below the folder (`"$d/x"`, reachable through a
link made later), another variable, and sources named only at run time copied into a folder
holding protected files. Verdicts only: nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("mustallow_mktemp"), files={
        "src/a.py": "x\n", "list.txt": "src/a.py\n", ".claude/settings.json": "{}\n"})


@pytest.mark.parametrize("command", [
    'tmp=$(mktemp -d) && cp -r src "$tmp/"',
    'tmp=$(mktemp -d) && cp -r src "${tmp}/"',
    'tmp=$(mktemp -d) && cp -r src "$tmp/" && ls "$tmp"',
    'tmp=$(mktemp -d) && cp -r src "$tmp"',
])
def test_a_copy_into_the_mktemp_folder_is_allowed(s, command):
    assert_allowed(s.bash(command, role="open"))


@pytest.mark.parametrize("command, reasons", [
    ('tmp=$(mktemp -d); cp -r src "$tmp/"', ("could not determine", "join the line with &&")),
    ('tmp=$(mktemp -d) && cp -r src "$tmp/x"', ("could not determine",)),
    ('cp -r src "$DEST/"', ("could not determine",)),
    ('cp "$X/" /', ("could not determine",)),
    ('for f in $(cat list.txt); do cp "$f" .claude/; done', ("copies files named only at run time", "protected")),
])
def test_the_neighbours_stay_denied(s, command, reasons):
    assert_denied(s.bash(command, role="open"), *reasons)


def test_the_builder_keeps_its_scratch_files_in_the_project(s):
    assert_denied(s.bash('tmp=$(mktemp -d) && cp -r src "$tmp/"'), "`mktemp` is not on the command allow-list")
