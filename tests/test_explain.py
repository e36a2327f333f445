"""`legant guard explain`: the analysis step by step, and the same verdict `guard check` gives."""

import json

import pytest

from conftest import GuardSetup, clean_env, run_legant

COMMANDS = [
    ("builder", "git status && make test | tail -n 5"),
    ("builder", "sudo ls"),
    ("open", "bash -c 'c\\url -s http://127.0.0.1:9/'"),
    ("open", "F=.env; cat $F"),
    ("operator", "rm -rf /"),
    ("operator", "git push --force origin main"),
    ("builder", "git push --force origin main"),
    ("open", "find . -name '*.pyc' -delete"),
    ("open", "python3"),
]


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("explain"))


def explain(s, command, role, *extra):
    return run_legant(["guard", "explain", command, "--role", role, "--project", s.project, "--dir", s.dir] + list(extra),
                      env=clean_env(home=s.home))


@pytest.mark.parametrize("role, command", COMMANDS)
def test_explain_gives_the_verdict_guard_check_gives(s, role, command):
    info = json.loads(explain(s, command, role, "--json").stdout)
    proc = s.bash(command, role=role)
    assert info["verdict"] == ("allow" if proc.returncode == 0 else "deny")
    if info["verdict"] == "deny":
        assert info["reason"] in proc.stderr


def test_explain_shows_unwrapping_and_the_tripwire(s):
    proc = explain(s, "sudo -u root bash -c 'rm -rf /'", "operator")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "rm   via sudo > bash -c" in out
    assert "tripwire: recursive-delete-critical (catastrophic)" in out and "verdict:  DENY" in out


def test_explain_json_lists_operands_redirects_and_undetermined(s):
    info = json.loads(explain(s, "cd src && cat a.txt > out.txt; $CMD x", "open", "--json").stdout)
    cat = next(c for c in info["commands"] if c["executable"] == "cat")
    assert cat["paths"] == [f"{s.project}/src/a.txt"] or cat["paths"][0].endswith("/src/a.txt")
    assert cat["redirects"][0][0] == ">" and cat["redirects"][0][1].endswith("/src/out.txt")
    assert any(c["executable"] == "" for c in info["commands"])


def test_explain_unknown_role_is_a_clear_error(s):
    proc = explain(s, "ls", "wizard")
    assert proc.returncode == 1 and "unknown role `wizard`" in proc.stderr


def test_explain_shows_the_physical_path_behind_a_symlink(s):
    import os

    os.makedirs(os.path.join(s.home, "elsewhere"), exist_ok=True)
    link = os.path.join(s.project, "via-link")
    if not os.path.lexists(link):
        os.symlink(os.path.join(s.home, "elsewhere"), link)
    proc = explain(s, "cat via-link/notes.txt", "builder")
    target = os.path.join(s.home, "elsewhere", "notes.txt")
    assert f"-> physically {target} (through a symlink)" in proc.stdout
    assert "outside the allowed paths" in proc.stdout
    info = json.loads(explain(s, "cat via-link/notes.txt", "builder", "--json").stdout)
    assert info["commands"][0]["physical"] == {os.path.join(s.project, "via-link", "notes.txt"): target}
