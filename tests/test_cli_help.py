"""Every `legant guard` verb explains itself with an example (`--help` that teaches)."""

import pytest

from conftest import run_legant

from legant_guard.commands import GUARD_COMMANDS


@pytest.mark.parametrize("verb", GUARD_COMMANDS)
def test_every_command_help_has_an_example(verb):
    proc = run_legant(["guard", verb, "--help"])
    assert proc.returncode == 0, proc.stderr
    assert "Example" in proc.stdout, f"`legant guard {verb} --help` shows no example"


def test_guard_group_help_lists_every_command():
    out = run_legant(["guard", "--help"]).stdout
    for verb in GUARD_COMMANDS:
        assert verb in out


def test_unknown_command_is_a_clear_error():
    proc = run_legant(["guard", "frobnicate"])
    assert proc.returncode == 2 and "No such command" in proc.stderr
