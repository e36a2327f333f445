"""Red team of the loop-folder narrowing (hook/loopdirs.py): a loop's `(cd "$d" && …)` is judged
in each folder its values reach. A value beside a pattern (`packages/*/ ~/.ssh`) was marked as a
pattern by the walk and, matching only itself, was taken for "nothing matched": the body ran in
~/.ssh unjudged."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("loops"), files={
        "packages/web/package.json": "{}", "packages/api/package.json": "{}", "src/a.py": "x",
        "~/.ssh/id_rsa": "key", "~/keys/id_rsa": "key"})


@pytest.mark.parametrize("command,fragment", [
    ('for d in packages/*/ ~/.ssh; do (cd "$d" && cat id_rsa); done', "deny-path"),
    ('for d in ~/.ssh packages/*/; do (cd "$d" && cat id_rsa); done', "deny-path"),
    ('for d in packages/*/ "$HOME/.ssh"; do (cd "$d" && cat id_rsa); done', "deny-path"),
    ('for d in packages/*/ ~/keys; do (cd "$d" && cat id_rsa); done', "outside the allowed paths"),
    ('for d in src/ packages/*/ ~/keys; do ( cd "$d" ; cat id_rsa ) ; done', "outside the allowed paths"),
    ('for d in packages/*/ ~/.ssh; do (cd "$d" || exit; cat id_rsa); done', "deny-path"),
    ('select d in packages/*/ ~/.ssh; do (cd "$d" && cat id_rsa); done', "deny-path"),
    ('for d in nomatch*/ ~/.ssh; do (cd "$d" && cat id_rsa); done', "deny-path"),
])
def test_every_value_beside_a_pattern_is_a_folder_the_body_runs_in(s, command, fragment):
    assert_denied(s.bash(command), fragment)


@pytest.mark.parametrize("command", [
    'for d in packages/*/ src; do (cd "$d" && ls); done',
    'for d in packages/*/; do (cd "$d" && npm test); done',
    'for d in src packages/*/; do (cd "$d" && git status --short); done',
])
def test_loops_over_project_folders_stay_allowed(s, command):
    assert_allowed(s.bash(command))
