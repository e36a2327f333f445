"""Red team 14 (issue 9, class 4): files reached by name, found by rt9h.

With globstar and dotglob on, a last `**` matches every file below the folder, dotfiles
included: `cat **` read .env. Verdicts only: nothing here is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt14n"), files={".env": "SECRET=1\n", "src/a.py": "x = 1\n"})


@pytest.mark.parametrize("command", ["shopt -s globstar dotglob; cat **", "shopt -s globstar dotglob; cat ./**",
                                     "shopt -s dotglob globstar; head **"])
def test_a_last_double_star_matches_the_files_too(setup, command):
    assert_denied(setup.bash(command), ".env is denied by deny-path")


@pytest.mark.parametrize("command", ["shopt -s globstar; cat **", "shopt -s globstar dotglob; cat src/**",
                                     "shopt -s globstar; wc -l **/*.py"])
def test_double_star_without_a_secret_stays_allowed(setup, command):
    assert_allowed(setup.bash(command))


@pytest.fixture(scope="module")
def above(tmp_path_factory):
    """A setup whose guard dir lies below a folder the commands name (root/guard)."""
    return GuardSetup(tmp_path_factory.mktemp("rt14a"), files={".env": "SECRET=1\n", "src/a.py": "x = 1\n",
                                                               "~/.ssh/id_rsa": "KEY\n"})


# ---- recursive compressors and rar ----------------------------------------------------------
@pytest.mark.parametrize("program", ["gzip", "zstd", "lz4", "pigz"])
@pytest.mark.parametrize("role", ["open", "operator"])
def test_recursive_compressors_replace_the_guards_files(above, program, role):
    proc = above.bash(f"{program} -r {above.root}", role=role)
    assert_denied(proc, f"`{program} -r` would replace every file below", "protected")


def test_recursive_compression_to_the_output_reads_the_guards_files(above):
    assert_denied(above.bash(f"gzip -rc {above.root} > /tmp/out.gz", role="operator"), "read", "protected")


def test_recursive_compression_to_the_output_reads_secrets(above):
    assert_denied(above.bash("gzip -rc . > /tmp/out.gz", role="open"), ".env")


def test_rar_reads_the_folders_it_adds(above):
    assert_denied(above.bash(f"rar a /tmp/x.rar {above.root}", role="operator"), "`rar` would read", "protected")
    assert_denied(above.bash("rar a x.rar .", role="open"), ".env")


@pytest.mark.parametrize("command", ["gzip -r src", "gzip x.log", "zstd -r src", "rar a x.rar src", "gzip -d x.gz"])
def test_compressing_project_folders_stays_allowed(above, command):
    assert_allowed(above.bash(command, role="open"))


# ---- a link made earlier in the command, then searched --------------------------------------
@pytest.mark.parametrize("search", ["grep -r x g", "rg x g"])
def test_a_search_through_a_link_made_first_meets_the_guards_files(above, search):
    assert_denied(above.bash(f"ln -s {above.root} g; {search}", role="open"), "protected")


def test_a_search_through_a_link_to_home_meets_its_secrets(above):
    assert_denied(above.bash("ln -s ~ h; grep -r x h", role="open"), "deny-path", "through a link made earlier")


def test_a_search_through_a_link_into_the_project_stays_allowed(above):
    assert_allowed(above.bash(f"ln -s {above.project}/src g; grep -r x g", role="open"))
