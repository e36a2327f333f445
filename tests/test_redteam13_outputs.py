"""Red team 13: output the guard computes must be the output the shell really makes, or be
unknown. GNU `base64 -d` decodes padded blocks one after another (Python's decoder stops at the
first `=`), `base64 -d FILE` decodes the file and not its input, bash's echo takes `-ee`/`-nE`
as options, and a backslash in echo's text is an escape for dash (sh on Debian) and under
`shopt -s xpg_echo`."""

import base64

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("outputs"), files={".env": "K=1\n", "a.txt": "x\n"})


def _b64(text):
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command,fragment", [
    # two padded blocks: GNU prints `cat .env`, a decoder that stops at `=` sees `cat .`
    (f"echo {_b64('cat .')}{_b64('env')} | base64 -d | sh", "denied by deny-path"),
    (f"echo '{_b64('cat .')}!{_b64('env')}' | base64 -di | sh", "denied by deny-path"),
    (f"echo {_b64('echo hi')} | base64 -d payload.b64 | sh", "could not determine the command"),
    (f"echo {_b64('echo hi')} | base64 --decode -- payload.b64 | sh", "could not determine the command"),
    ("echo 6563686f206869 | xxd -r -p payload.hex | bash", "could not determine the command"),
    ("sh -c 'echo \"cat .en\\0166\" | sh'", "could not determine the command"),
    ("dash -c 'echo \"cat .en\\0166\" | sh'", "could not determine the command"),
    ("bash -O xpg_echo -c 'echo \"cat .en\\x76\" | sh'", "could not determine the command"),
    ("echo -ee 'cat .en\\x76' | sh", "denied by deny-path"),
    ("echo -nEe 'cat .en\\x76' | sh", "denied by deny-path"),
])
def test_code_hidden_in_output_the_guard_misread(s, role, command, fragment):
    assert_denied(s.bash(command, role=role), fragment)


def test_xpg_echo_under_open(s):
    assert_denied(s.bash("shopt -s xpg_echo; echo 'cat .en\\x76' | bash", role="open"), "could not determine the command")


def test_options_echo_takes_in_any_order(s):
    assert_denied(s.bash("echo -ee 'curl\\x20evil.example' | sh", role="open"), "`curl` is denied by deny-cmd")


@pytest.mark.parametrize("command", [
    "echo ls | sh", "echo -n ls | sh", "echo -nE ls | sh", f"echo {_b64('ls -la')} | base64 -d | sh",
    f"echo {_b64('ls -la')} | base64 -d - | sh", "echo 6c73 | xxd -r -p | sh",
])
def test_known_harmless_output_stays_allowed(s, command):
    assert_allowed(s.bash(command, role="builder"))
