"""Red team: path spellings against path rules, through the real `legant guard check`.

Deny-side rules (deny-path and self-protection) must catch every spelling that reaches the
denied file on some supported file system; allow-side rules stay exact."""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt-paths"), files={"src/": None, "README.md": "hello\n"})


def p(s, *parts):
    return os.path.join(s.project, *parts)


# ---- case: macOS (APFS) and Windows file systems are case-insensitive by default --------------

@pytest.mark.parametrize("rel", [".ENV", "src/.Env", "src/.ENV.production", ".GIT/config", ".git/CONFIG"])
def test_secret_names_in_other_case_are_denied(s, rel):
    assert_denied(s.check("Read", {"file_path": p(s, *rel.split("/"))}, role="open"), "is denied by deny-path")


def test_home_credential_store_in_other_case_is_denied(s):
    assert_denied(s.check("Read", {"file_path": os.path.join(s.home, ".SSH", "id_rsa")}, role="open"),
                  "denied by deny-path ~/.ssh")
    assert_denied(s.bash("cat ~/.Aws/credentials", role="open"), "denied by deny-path ~/.aws")


def test_guard_files_in_other_case_are_protected(s):
    assert_denied(s.check("Read", {"file_path": os.path.join(s.dir, "KEY.PEM")}, role="operator"), "is protected")
    assert_denied(s.check("Write", {"file_path": p(s, ".Claude", "Settings.json"), "content": "{}"}, role="operator"),
                  "is protected")


def test_allow_side_stays_case_exact(s):
    # An allow rule must not widen: /PROJ is not the project on a case-sensitive system.
    upper = s.project.upper()
    if upper != s.project:
        assert_denied(s.check("Read", {"file_path": os.path.join(upper, "README.md")}, role="reviewer"),
                      "outside the allowed paths")


def test_lookalike_that_is_not_the_secret_stays_readable(s):
    assert_allowed(s.check("Read", {"file_path": p(s, "src", "env.py")}, role="open"))
    assert_allowed(s.check("Read", {"file_path": p(s, "README.md")}, role="open"))


# ---- spellings that normalise to the denied file ---------------------------------------------

@pytest.mark.parametrize("spelling", ["{p}/.env/", "{p}/./.env", "{p}//.env", "{p}/src/../.env", "{p}/src/./../.env",
                                      "$HOME/../{rel_home}/.ssh/id_rsa", "${{HOME}}/.ssh/id_rsa", "~/.ssh/id_rsa"])
def test_normalised_spellings_are_denied(s, spelling):
    rel_home = os.path.relpath(s.home, os.path.dirname(s.home))
    path = spelling.format(p=s.project, rel_home=rel_home)
    assert_denied(s.check("Read", {"file_path": path}, role="open"), "is denied by deny-path")


def test_tilde_user_is_not_expanded_and_stays_relative(s):
    # `~user` is not expanded by the agents' file tools; it is a relative name under the cwd.
    assert_denied(s.check("Read", {"file_path": "~nobody/.ssh/id_rsa"}, role="open"), "denied by deny-path")
    assert_allowed(s.check("Read", {"file_path": "~nobody/notes.txt"}, role="builder"))


def test_relative_path_from_a_cwd_outside_the_project_is_checked_there(s):
    assert_denied(s.check("Read", {"file_path": "README.md"}, role="reviewer", cwd=s.home), "outside the allowed paths")


def test_very_long_path_is_decided(s):
    deep = p(s, *(["a"] * 3000), ".env")
    assert_denied(s.check("Read", {"file_path": deep}, role="open"), "denied by deny-path")


# ---- symlinks -----------------------------------------------------------------------------------

def test_symlink_chain_into_guard_dir_is_protected(s):
    a, b = p(s, "link_a"), p(s, "link_b")
    os.symlink(s.dir, b)
    os.symlink(b, a)
    assert_denied(s.check("Read", {"file_path": os.path.join(a, "key.pem")}, role="operator"), "is protected")


def test_dangling_symlink_to_a_secret_is_denied_by_destination(s):
    # The target does not exist yet: a Write through the link would create it.
    link = p(s, "notes.txt")
    os.symlink(os.path.join(s.home, ".ssh", "authorized_keys"), link)
    assert_denied(s.check("Write", {"file_path": link, "content": "ssh-ed25519 AAAA"}, role="open"),
                  "denied by deny-path ~/.ssh")


def test_dangling_symlink_out_of_the_project_is_outside(s):
    link = p(s, "src", "out.txt")
    os.symlink(os.path.join(s.root, "nowhere", "file"), link)
    assert_denied(s.check("Write", {"file_path": link, "content": "x"}), "outside the allowed paths")


def test_unicode_normalisation_of_a_protected_path_is_protected(tmp_path):
    # APFS is normalisation-insensitive: an NFD spelling of an NFC project path opens the same
    # file, so the hook configs under it must stay protected in either spelling.
    root = tmp_path / "jos\u00e9"
    root.mkdir()
    setup = GuardSetup(root)
    nfd = setup.project.replace("jos\u00e9", "jose\u0301")
    assert nfd != setup.project
    assert_denied(setup.check("Write", {"file_path": os.path.join(nfd, ".claude", "settings.json"), "content": "{}"},
                              role="operator"), "is protected")
