"""Red team 25 (issue 10 item 1, rt10h): Python project managers acting on the guard's environment.

poetry, pdm, pipenv, maturin (`develop`), flit (`install`), rye and pip-tools' `pip-sync` install
into the active virtualenv (`$VIRTUAL_ENV`, or a venv the command line activates first) or the
project's `.venv`; pdm into the interpreter its `.pdm-python` names (`pdm use PATH` writes it).
`source GUARD/bin/activate && poetry add ./evil` (a package whose files land in site-packages,
`legant_guard/` included) and `pdm use GUARD/bin/python` then `pdm add ./evil` in a later call
changed the guard's own environment, for every role that may run them. pip and uv were judged;
these were not. Into the project's own environment they stay allowed.
"""

import os
import sys

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

VENV = sys.prefix  # the environment the guard runs from in this test session


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt25p"), files={"pyproject.toml": "[project]\nname='p'\n"})


@pytest.mark.parametrize("command", [
    f"source {VENV}/bin/activate && poetry add ./evil",
    f". {VENV}/bin/activate; pdm add ./evil",
    f"VIRTUAL_ENV={VENV} poetry install",
    f"export VIRTUAL_ENV={VENV}; pipenv install ./evil",
    f"source {VENV}/bin/activate && pipenv clean",
    f"source {VENV}/bin/activate && maturin develop",
    f"VIRTUAL_ENV={VENV} pdm sync",
    f"pdm use -f {VENV}/bin/python",
    f"pdm use {VENV}",
    f"PDM_PYTHON={VENV}/bin/python pdm add ./evil",
    f"PIPENV_PYTHON={VENV}/bin/python pipenv install",
    f"flit install --python {VENV}/bin/python",
    f"pip-sync --python-executable {VENV}/bin/python requirements.txt",
    f"{VENV}/bin/pip-sync requirements.txt",
])
def test_project_managers_into_the_guards_environment_are_denied(g, command):
    assert_denied(g.bash(command, role="operator"), "guard's")


def test_pdm_python_file_pointing_at_the_guard_is_read(g):
    path = g.path(".pdm-python")
    with open(path, "w") as f:
        f.write(f"{VENV}/bin/python\n")
    try:
        assert_denied(g.bash("pdm add ./evil", role="operator"), ".pdm-python names")
        assert_denied(g.check("Bash", {"command": "pdm install"}, role="operator", cwd=g.path("")), ".pdm-python")
    finally:
        os.remove(path)


def test_an_unreadable_pdm_python_file_is_denied(g):
    path = g.path(".pdm-python")
    os.mkfifo(path)
    try:
        assert_denied(g.bash("pdm add x", role="operator"), "cannot be read")
    finally:
        os.remove(path)


@pytest.mark.parametrize("command", [
    "poetry add requests", "poetry install", "pdm add requests", "pdm use .venv/bin/python", "pipenv install",
    "maturin develop", "flit install", "rye sync", "pip-sync requirements.txt", "poetry show", "pdm list",
    "source .venv/bin/activate && poetry add x", "VIRTUAL_ENV=.venv pdm sync", "poetry self add poetry-plugin-x",
])
def test_project_managers_on_the_projects_environment_stay_allowed(g, command):
    assert_allowed(g.bash(command, role="operator"))


@pytest.mark.parametrize("command", ["poetry add --python '>=3.8' requests", "poetry add --python 3.11 x",
                                     "pdm use 3.11", "pdm use -f python3.11", "pipenv install --python 3.11",
                                     "PDM_PYTHON=3.11 pdm add x", "PIPENV_PYTHON=3.11 pipenv install"])
def test_version_constraints_are_no_interpreter_of_the_guard(g, command):
    assert_allowed(g.bash(command, role="operator"))
