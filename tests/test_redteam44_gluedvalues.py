"""Red team 44 (issue 10, the trust base): a path glued to a short option other than -o.

A file a program writes by an option's value is judged where the value is its own word
(`pip download -d DIR`, `ssh-keygen -f FILE`) or glued as `--opt=VALUE` / `-oVALUE`. Any other
short option takes its value glued too (getopt, optparse, clap): `pip download -dSITE evil`
filled the guard's site-packages with what an index served, `ssh-keygen -fSITE/x.pth` and
`cc -MFSITE/x.pth` wrote files there, under `operator`. A short option's glued value that is a
path is judged like `-oVALUE` now, also after a bundle of flags.
"""

import os
import site

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

SITE = site.getsitepackages()[0]
INSTALL = "part of the guard's own installation"


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt44values"), files={"~/.bashrc": "# rc\n"})


@pytest.mark.parametrize("command", [
    f"pip download -d{SITE} evil",
    f"python3 -m pip download --no-deps -d{SITE} evil",
    f"pip wheel -w{SITE} x",
    f"ssh-keygen -q -N '' -f{SITE}/x.pth",
    f"cc -MD -MF{SITE}/x.pth -c a.c",
])
def test_glued_value_in_the_installation_is_denied(s, command):
    assert_denied(s.bash(command, role="operator"), "in an option's value", SITE, INSTALL)


def test_glued_relative_value_is_judged_from_the_working_folder(s):
    lib = os.path.dirname(os.path.dirname(SITE))
    rel = os.path.relpath(SITE, lib)
    assert_denied(s.bash(f"cd {lib} && pip download -d{rel} evil", role="operator"), lib, INSTALL)


def test_glued_value_writing_a_git_hook_is_denied(s):
    assert_denied(s.bash("ssh-keygen -q -N '' -f.git/hooks/pre-commit", role="operator"), ".git/hooks/pre-commit")


# ------------------------------------------------------------------ harmless neighbours

@pytest.mark.parametrize("command", ["gcc -I/usr/include -L/usr/lib -o build/a a.c", "ls -la /tmp",
                                     "pip download -dwheels evil", "ssh-keygen -q -N '' -f/tmp/k"])
def test_glued_values_elsewhere_stay_allowed(s, command):
    assert_allowed(s.bash(command, role="operator"))
