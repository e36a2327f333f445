"""Red team 48: a loop over a git listing (hook/loopnames.py, landed by must-allow 12).

The body may not give the variable another value; only `NAME=` was looked for. `f[0]=.env` (in
bash `$f` is element 0 of f) and `f+=nv` after a tracked `.e` made `cat "$f"` read the secret while
the guard judged the listing's names."""

import os
import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt48loop"), files={".e": "x", "a.md": "x", ".env": "SECRET=1"})
    env = dict(os.environ, GIT_AUTHOR_NAME="n", GIT_AUTHOR_EMAIL="a@b", GIT_COMMITTER_NAME="n",
               GIT_COMMITTER_EMAIL="a@b")
    subprocess.run("git init -q . && git add .e a.md && git commit -qm i", shell=True, cwd=setup.project,
                   check=True, env=env)
    return setup


@pytest.mark.parametrize("command", [
    """for f in $(git ls-files '*.md'); do f[0]=.env; cat "$f"; done""",
    """for f in $(git ls-files '.e'); do f+=nv; cat "$f"; done""",
    """git ls-files '.e' | while read -r f; do f+=nv; cat "$f"; done""",
    """while read -r f; do f+=nv; cat "$f"; done < <(git ls-files '.e')""",
])
def test_body_changing_the_variable(g, command):
    assert_denied(g.bash(command), 'could not determine operand `"$f"`')


@pytest.mark.parametrize("command", [
    """for f in $(git ls-files '*.md'); do cat "$f"; done""",
    """git ls-files '*.md' | while read -r f; do wc -l "${f}"; done""",
])
def test_plain_loops_stay_allowed(g, command):
    assert_allowed(g.bash(command))
