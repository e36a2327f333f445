"""curl's and wget's configuration files are read by the guard before it judges the call
(hook/downloadconfig.py). A FIFO planted in a configuration's place (`mkfifo ~/.curlrc`) must
not stall the hook until its watchdog fires on every later curl call: it is opened without
blocking, read only when it is a regular file, and refused as a configuration the guard cannot
read."""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, write


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    setup = GuardSetup(tmp_path_factory.mktemp("dlfifo"))
    os.makedirs(setup.path("h/.config"), exist_ok=True)
    os.mkfifo(setup.path("h/.curlrc"))
    os.mkfifo(setup.path("fifo-rc"))
    os.mkfifo(setup.path("h/.wgetrc"))
    write(setup.path("plain-rc"), "silent\n")
    return setup


@pytest.mark.parametrize("command", ["HOME=h curl http://127.0.0.1/x", "CURL_HOME=h curl http://127.0.0.1/x",
                                     "curl -K fifo-rc http://127.0.0.1/x", "curl --config fifo-rc http://127.0.0.1/x"])
def test_a_fifo_as_curls_configuration_is_refused_not_waited_on(g, command):
    assert_denied(g.bash(command, role="operator"), "curl reads options from a file the guard cannot read",
                  "not a regular file")


def test_a_fifo_as_wgets_configuration_is_refused_not_waited_on(g):
    assert_denied(g.bash("WGETRC=fifo-rc wget http://127.0.0.1/x", role="operator"), "not a regular file")
    assert_denied(g.bash("HOME=h wget http://127.0.0.1/x", role="operator"), "not a regular file")


@pytest.mark.parametrize("command", ["curl -K plain-rc http://127.0.0.1/x", "curl -K /dev/null http://127.0.0.1/x",
                                     "curl -s http://127.0.0.1/x"])
def test_a_readable_or_empty_configuration_stays_allowed(g, command):
    assert_allowed(g.bash(command, role="operator"))
