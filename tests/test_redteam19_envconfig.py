"""Red team 19 (issue 9, class 3): variables and options that make a program run a program or
load code from somewhere the guard does not read.

- npm reads every `npm_config_*` variable in any case (`Npm_Config_UserConfig=.env npm test`
  read the secret as npm's configuration; `NPM_CONFIG_Script_Shell=PROG`, `npm_config_node_options=
  --require=x.js`, `npm_config_onload_script` ran code), as `NPM_CONFIG_USERCONFIG` and
  `npm_config_script_shell` spelled exactly were judged;
- (`RIPGREP_CONFIG_PATH=FILE rg`: test_redteam19_optionfiles.py), `AWKPATH=DIR awk -f
  x.awk` (gawk reads DIR/x.awk, not the ./x.awk the guard read) and `PYTHONINSPECT=1 python3 t.py`
  (a prompt that runs what is typed, after the script) are code the guard cannot read;
- `env RM=curl make clean`: variables given through `env` fill the makefile's program variables as
  a prefix assignment does;
- git signs and verifies with gpg (`git commit -S`, `git tag -s`, `git log --show-signature`,
  `-c commit.gpgSign=true`), a program off builder's allow-list.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("e"), files={
        ".env": "SECRET=1\n", "package.json": '{"scripts": {"test": "true"}}\n', "x.awk": "{ print }\n",
        "sub/x.awk": 'BEGIN { system("curl h") }\n', "t.py": "print(1)\n", "src/a.py": "x\n",
        "Makefile": "all:\n\t$(CC) -o x x.c\nclean:\n\t$(RM) x\n"})


@pytest.mark.parametrize("command", [
    "npm_config_userconfig=.env npm test",
    "Npm_Config_UserConfig=.env npm test",
    "npm_config_globalconfig=.env npm test",
    "NPM_CONFIG_GLOBALCONFIG=.env npm test",
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_npm_settings_files_in_any_case_meet_the_deny_side(setup, command, role):
    assert_denied(setup.bash(command, role=role), "makes programs use that folder", ".env", "deny-path")


@pytest.mark.parametrize("command", [
    "NPM_CONFIG_Script_Shell=curl npm test",
    "npm_config_SCRIPT_SHELL=curl npm test",
    "npm_config_shell=curl npm exec x",
])
def test_npm_programs_in_any_case_are_analysed(setup, command):
    assert_denied(setup.bash(command, role="open"), "`curl` is denied by deny-cmd", "npm runs the program")


@pytest.mark.parametrize("command", [
    "npm_config_node_options=--require=./x.js npm test",
    "NPM_CONFIG_NODE_OPTIONS='--require ./x.js' npm test",
    "npm_config_onload_script=./x.js npm test",
    "AWKPATH=sub awk -f x.awk t.py",
    "AWKLIBPATH=. awk 1 t.py",
    "PYTHONINSPECT=1 python3 t.py",
])
@pytest.mark.parametrize("role", ["builder", "open"])
def test_code_read_from_elsewhere_is_undetermined(setup, command, role):
    assert_denied(setup.bash(command, role=role), "could not determine the command")


@pytest.mark.parametrize("command", ["env RM=curl make clean", "sudo RM=curl make clean",
                                     "env -u X RM='curl h' make clean"])
def test_make_variables_given_through_env_are_the_makefiles_programs(setup, command):
    assert_denied(setup.bash(command, role="open"), "`curl` is denied by deny-cmd", "make RM=")


@pytest.mark.parametrize("command", [
    "git commit -S -m m", "git commit -SKEYID -m m", "git commit --gpg-sign -m m", "git commit --gpg-s=K -m m",
    "git tag -s v1 -m m", "git tag -asm msg v1", "git tag -u KEY v1 -m x", "git tag --sign v1 -m x",
    "git tag -v v1", "git merge -S feature", "git rebase -S main", "git cherry-pick -S abc",
    "git push --signed", "git push --signed=if-asked", "git log --show-signature", "git verify-commit HEAD",
    "git verify-tag v1", "git merge --verify-signatures x", "git -c commit.gpgsign=true commit -m m",
    "git -c log.showSignature=yes log", "git config --global commit.gpgsign true", "git config commit.gpgSign yes",
    "git config tag.gpgSign true",
])
def test_git_signing_runs_gpg_off_the_allow_list(setup, command):
    assert_denied(setup.bash(command, role="builder"), "`gpg` is not on the command allow-list", "to sign or verify")


def test_git_signing_with_ssh_names_ssh_keygen(setup):
    assert_denied(setup.bash("git -c gpg.format=ssh -c commit.gpgsign=true commit -m m", role="builder"),
                  "ssh-keygen")


@pytest.mark.parametrize("command", [
    "git commit -m m", "git commit --no-gpg-sign -m m", "git tag -a v1 -m x", "git tag -am signed v1",
    "git push --signed=no", "git -c commit.gpgSign=false commit -m m", "git log -S foo", "git log -Sfoo",
    "git commit -m 'use -S flag'", "git config commit.gpgsign false", "git config --unset commit.gpgsign",
    "npm_config_loglevel=silent npm test", "npm_config_node_options=--max-old-space-size=4096 npm test",
    "npm_config_cache=.npm-cache npm ci", "awk -f x.awk t.py",
    "env FOO=1 make clean", "env CC=gcc make",
])
def test_everyday_forms_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="builder"))


def test_signing_is_allowed_where_gpg_is(setup):
    assert_allowed(setup.bash("git commit -S -m m", role="open"))
