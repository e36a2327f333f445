"""Red team 32: ripgrep reads a hidden file that an ignore file's `!` line brings back.

The ignore crate skips a hidden entry only when no ignore rule matched it (dir.rs
matched_dir_entry: `m.is_none() && opts.hidden && is_hidden(dent)`): `.ignore` (or `.rgignore`,
or `.gitignore` in a git work tree) holding `!.env` makes a plain `rg KEY` search `.env`, while the
guard took ripgrep's hidden-file default as leaving it out. A builder wrote `.ignore`, then ran
`rg SECRET`. Now a hidden entry that a `!` line of an honoured ignore file matches (or an ignore
file the guard cannot read or parse) is walked as ripgrep walks it. `.env*` then
`!.env.example` (the common `.gitignore`) brings back only the template.
"""

import subprocess

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def whitelisting(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt32w"), files={
        ".env": "TOKEN=1\n", ".ignore": "!.env\n", "sub/.rgignore": "!.env*\n", "sub/.env.local": "T=1\n",
        "src/app.py": "x\n"})


@pytest.mark.parametrize("command, fragment", [
    ("rg TODO", "`rg` would read"),
    ("rg -l SECRET", "`rg` would read"),
    ("rg -n x sub", "sub/.env.local"),
    ("rg --files | xargs cat", ".env is denied by deny-path"),
    ("rg -l x | xargs head", "`rg` would read"),
])
def test_a_hidden_file_an_ignore_file_brings_back_is_read(whitelisting, command, fragment):
    assert_denied(whitelisting.bash(command), fragment)


@pytest.mark.parametrize("command", ["rg TODO src", "rg -g '!.env*' TODO", "rg --files src | xargs cat"])
def test_searches_that_leave_it_out_stay_allowed(whitelisting, command):
    assert_allowed(whitelisting.bash(command))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("rt32t"), files={
        ".env": "TOKEN=1\n", ".env.example": "TOKEN=\n", ".gitignore": ".env*\n!.env.example\nnode_modules/\n",
        "web/.gitignore": "!.gitkeep\n", "src/app.py": "x\n"})
    subprocess.run(["git", "-C", setup.project, "init", "-q"], check=True)
    return setup


@pytest.mark.parametrize("command", ["rg TODO", "rg -l x | xargs cat", "rg --files | xargs wc -l", "rg x web"])
def test_a_gitignore_bringing_back_only_a_template_keeps_rg_usable(template, command):
    assert_allowed(template.bash(command))
