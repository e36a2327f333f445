"""Red team: role files compiled into tokens (roles.py), then enforced by the real hook. A rule
a person wrote must mean in the token what it says in the YAML."""

import os
import pwd

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, run_legant


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt-roles"), files={"~/.ssh/": None})


def mint_role(s, tmp_path, yaml_text):
    role = tmp_path / "custom.yaml"
    role.write_text(yaml_text)
    out = tmp_path / "custom.jwt"
    proc = run_legant(["guard", "mint", "--role", str(role), "--dir", s.dir, "--project", s.project, "--out", str(out)],
                      env=s.env())
    assert proc.returncode == 0, proc.stderr
    return s.env(LEGANT_GUARD_TOKEN_FILE=str(out))


@pytest.mark.parametrize("spelling", ["${HOME}/.ssh", "$HOME/.ssh", "~/.ssh"])
def test_home_spellings_in_a_role_deny_the_home_folder(s, tmp_path, spelling):
    # `${HOME}/.ssh` was anchored at the project (<project>/${HOME}/.ssh): a deny that denied nothing.
    env = mint_role(s, tmp_path, f'name: custom\nscope: "*"\ndeny_paths: ["{spelling}"]\n')
    assert_denied(s.check("Read", {"file_path": os.path.join(s.home, ".ssh", "id_rsa")}, env=env),
                  "is denied by deny-path")


def test_tilde_user_in_a_role_is_that_users_home(s, tmp_path):
    me = pwd.getpwuid(os.getuid())
    env = mint_role(s, tmp_path, f'name: custom\nscope: "*"\ndeny_paths: ["~{me.pw_name}/.gnupg"]\n')
    assert_denied(s.check("Read", {"file_path": os.path.join(me.pw_dir, ".gnupg", "pubring.kbx")}, env=env),
                  "is denied by deny-path")


def test_relative_role_paths_are_anchored_at_the_project(s, tmp_path):
    env = mint_role(s, tmp_path, 'name: custom\nscope: "*"\ndeny_paths: ["secrets", "**/*.pem"]\n')
    assert_denied(s.check("Read", {"file_path": os.path.join(s.project, "secrets", "a")}, env=env), "deny-path")
    assert_denied(s.check("Read", {"file_path": os.path.join(s.project, "x", "KEY.PEM")}, env=env), "deny-path")
    assert_allowed(s.check("Read", {"file_path": os.path.join(s.project, "src", "secrets.py")}, env=env))
