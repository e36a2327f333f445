"""Red team 13: state the shell keeps, read as bash reads it. `${a[@]:1}` and `${@:2}` slice the
list of elements (not each element's text), a quoted `"${a[*]}"`/`"$*"` joins with the first
character of IFS (none when IFS is empty), and a last `**` under globstar matches every file
below, not only the folders."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("state"), files={".env": "K=1\n", "src/a.c": "int x;\n",
                                                               "src/deep/.env": "K=2\n", "~/.ssh/id_rsa": "KEY\n"})


@pytest.mark.parametrize("command,denied", [
    ('a=(x .env); cat "${a[@]:1}"', ".env"),
    ("a=(x .env); cat ${a[@]:1:1}", ".env"),
    ('a=(x .env); cat "${a[@]: -1}"', ".env"),
    ("a=(.env y); cat ${a[*]:0:1}", ".env"),
    ("set -- x .env; cat ${@:2}", ".env"),
    ('set -- x .env; cat "${@: -1}"', ".env"),
    ('set -- x .env; cat "${@:2:1}"', ".env"),
    ('f(){ cat "${@:2}"; }; f x .env', ".env"),
    ('IFS=; a=(.e nv); cat "${a[*]}"', ".env"),
    ('a=(.e nv); IFS=; cat "${a[*]}"', ".env"),
    ('set -- .e nv; IFS=; cat "$*"', ".env"),
    ('a=(.ENV); cat "${a[@],,}"', ".env"),
    ("shopt -s globstar dotglob; cat src/**", "src/deep/.env"),
    ("shopt -s globstar; shopt -s dotglob; wc -l src/**", "src/deep/.env"),
])
def test_expansions_bash_makes_of_the_whole_list(s, command, denied):
    assert_denied(s.bash(command, role="open"), f"{s.project}/{denied} is denied by deny-path")


@pytest.mark.parametrize("command", [
    'a=(x .env); cat "${a[@]:1}"', "a=(.env y); cat ${a[*]:0:1}", 'f(){ cat "${@:2}"; }; f x .env',
    "shopt -s globstar dotglob; cat src/**",
])
def test_the_builder_too(s, command):
    assert_denied(s.bash(command), "is denied by deny-path")


@pytest.mark.parametrize("command", [
    'a=(x .env); cat "${a[@]:0:1}"', 'a=(src/a.c x); cat "${a[@]:0:1}"', 'f(){ cat "${@:1:1}"; }; f src/a.c .env',
    'a=(.e nv); IFS=; cat ${a[*]}', 'a=(src/a.c); cat "${a[@]%.c}.c"', "shopt -s globstar; cat src/**",
])
def test_what_the_slice_leaves_out_stays_allowed(s, command):
    assert_allowed(s.bash(command, role="builder"))


@pytest.mark.parametrize("command", [
    "cd ~; pushd /; cat ~1/.ssh/id_rsa", "cd ~; pushd / >/dev/null; cd ~1; cat .ssh/id_rsa",
    "cd ~; pushd /; cat ~+1/.ssh/id_rsa", "cd ~; pushd /; cat ~-0/.ssh/id_rsa",
])
def test_a_folder_of_pushds_stack_is_not_a_user_home(s, command):
    assert_denied(s.bash(command, role="open"), "could not determine")


def test_a_hook_config_through_pushds_stack_under_operator(s):
    assert_denied(s.bash("cd ~; pushd /; rm ~1/.claude/settings.json", role="operator"), "hook config", "protected")
