"""Must-allow round 12: a refusal left in place says what to run instead.

Under the open role `pushd docs && ls && popd` is refused: the guard keeps no folder stack, so
the folder after `popd` is not known and every later path would be judged in the wrong one (the
builder refuses pushd itself, with the same advice). The reason said only "name the paths in the
command itself"; it now names the form that works, a subshell that comes back by itself, and
that form is allowed. Verdicts only: nothing is executed.
"""

from conftest import GuardSetup, assert_allowed, assert_denied


def test_popd_is_refused_with_the_subshell_that_does_the_same(tmp_path):
    s = GuardSetup(tmp_path, files={"docs/a.md": "a\n", ".env": "K=1\n"})
    assert_denied(s.bash("pushd docs > /dev/null && ls && popd > /dev/null", role="open"),
                  "working directory after `popd`", "`(cd DIR && …)` runs in DIR and comes back")
    assert_allowed(s.bash("(cd docs && ls) && ls", role="open"))
    assert_denied(s.bash("pushd docs && ls && popd", role="builder"), "`cd DIR && ...` or `(cd DIR && ...)`")
    # the reason changes nothing about what is judged: a secret after popd stays refused
    assert_denied(s.bash("pushd docs && popd && cat .env", role="open"), "working directory after `popd`")
