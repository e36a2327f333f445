"""Red team 28 (issue 10 "Also found", rt10i): a user role that passes for a built-in one.

A user role named exactly `operator` was refused, but `Operator`, `operator ` (a trailing
space), `operator\\u200b` (an invisible character), `оperator` (a Cyrillic о) or `BUILDER` were
minted, and their tokens, audit records and messages read as the built-in role's. Such names
are refused now, and a user role's name must be plain ASCII (letters, digits, `.`, `_`, `-`).
"""

import pytest

from conftest import GuardSetup, run_legant
from legant_guard.roles import RoleError, load_role


def _role(tmp_path, name, file="custom.yaml"):
    path = tmp_path / file
    path.write_text(f'name: "{name}"\nscope: [fs.read]\npaths: ["."]\n')
    return str(path)


@pytest.mark.parametrize("name", ["Operator", "BUILDER", "operator ", " open", "operator\\u200b", "rev\\u00adiewer",
                                  "\\u043eperator", "buil\\u0501er", "Ｏｐｅｎ", "open\\t"])
def test_a_name_that_reads_as_a_built_in_is_refused(tmp_path, name):
    with pytest.raises(RoleError, match="is the name of a built-in role"):
        load_role(_role(tmp_path, name))


@pytest.mark.parametrize("file", ["Operator.yaml", "BUILDER.yml", "оpen.yaml"])
def test_a_file_named_like_a_built_in_is_refused(tmp_path, file):
    path = tmp_path / file
    path.write_text("scope: [fs.read]\n")
    with pytest.raises(RoleError, match="built-in role"):
        load_role(str(path))


@pytest.mark.parametrize("name", ["my role", "a\\nb", "x" * 65, "-dash", "é-writer", "ops/v2"])
def test_a_name_that_is_not_plain_is_refused(tmp_path, name):
    with pytest.raises(RoleError, match="plain letters"):
        load_role(_role(tmp_path, name))


@pytest.mark.parametrize("name", ["docs-writer", "ops.v2", "reviewer2", "builder-lite", "Open_Source", "qa"])
def test_plain_names_stay_accepted(tmp_path, name):
    assert load_role(_role(tmp_path, name))["name"] == name


@pytest.mark.parametrize("builtin", ["reviewer", "builder", "open", "operator"])
def test_the_built_ins_themselves_still_load(builtin):
    assert load_role(builtin)["name"] == builtin


def test_minting_a_look_alike_role_is_refused_with_a_clear_reason(tmp_path):
    g = GuardSetup(tmp_path / "s")
    proc = run_legant(["guard", "mint", "--role", _role(tmp_path, "\\u043eperator"), "--dir", g.dir,
                       "--project", g.project, "--out", str(tmp_path / "t.jwt")])
    assert proc.returncode != 0 and "built-in role" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "t.jwt").exists()
