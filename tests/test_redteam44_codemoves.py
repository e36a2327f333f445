"""Red team 44 (issue 10, the guard dir and what holds it): moves in inline code by other names.

Inline code that moves a tree is judged on what it moves (`os.rename('/usr', '/x')`), but only
the qualified Python, Node and Ruby calls were read: Perl's and PHP's bare `rename(…)` (also
`rename "a", "b"`), File::Copy's `move(…)` and pathlib's `Path('…').rename` / `.replace` moved
the folder holding the guard dir, the project and the home folder away under `operator` (the
next session then finds no guard dir, or one put there in its place).
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

MOVES = "runs deletes or moves"


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt44moves"))


@pytest.mark.parametrize("template", [
    "perl -e 'rename(\"{root}\", \"/tmp/x\")'",
    "perl -e 'rename \"{root}\", \"/tmp/x\"'",
    "perl -MFile::Copy -e 'move(\"{root}\", \"/tmp/x\")'",
    "php -r 'rename(\"{root}\", \"/tmp/x\");'",
    "python3 -c \"import pathlib; pathlib.Path('{root}').rename('/tmp/x')\"",
    "python3 -c \"from pathlib import Path; Path('{root}').replace('/tmp/x')\"",
    "node -e \"require('fs').promises.rename('{root}', '/tmp/x')\"",
])
def test_moving_the_folder_above_the_guard_dir_is_denied(s, template):
    assert_denied(s.bash(template.format(root=s.root), role="operator"), MOVES, repr(s.root))


@pytest.mark.parametrize("command", [
    "perl -e 'rename(\"a.txt\", \"b.txt\")'",
    "python3 -c \"import pathlib; pathlib.Path('a.txt').rename('b.txt')\"",
    "python3 -c \"print('a-b'.replace('-', '_'))\"",
])
def test_moving_a_project_file_stays_allowed(s, command):
    assert_allowed(s.bash(command, role="operator"))
