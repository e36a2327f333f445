"""Red team #20 (issue 10): package managers reached through a version manager's shim, a link
or a script's `#!` line, acting on the Python the guard's venv is built on; and `mise exec`'s
tool specs, which hid the program it runs.

The Python the guard's venv is built on is made a pyenv version in the test's home
(`pkgmanagers._base_prefixes` points there): a shim's `pip` installs into whichever version pyenv
selects when it runs, and a wheel's data files can then replace that Python's standard library.
"""

import os

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, write

GUARD_VERSION = "3.11.9"


def _exe(path, text="#!/bin/sh\n"):
    write(path, text)
    os.chmod(path, 0o755)
    return path


@pytest.fixture
def pyenv(tmp_path, monkeypatch):
    from legant_guard.hook import pkgmanagers

    setup = GuardSetup(tmp_path)
    root = os.path.join(setup.home, ".pyenv")
    for version in (GUARD_VERSION, "3.12.1"):
        for name in ("python3", "pip"):
            _exe(os.path.join(root, "versions", version, "bin", name))
    for name in ("pip", "pip3", "python3"):
        _exe(os.path.join(root, "shims", name), '#!/usr/bin/env bash\nexec pyenv exec "$0" "$@"\n')
    write(os.path.join(root, "version"), GUARD_VERSION + "\n")
    monkeypatch.setattr(pkgmanagers, "_base_prefixes", lambda: {os.path.join(root, "versions", GUARD_VERSION)})
    setup.pyenv_root = root
    return setup


def _env(setup, **extra):
    env = setup.env("operator", PYENV_ROOT=setup.pyenv_root, **extra)
    env.pop("PYENV_VERSION", None)
    env.update(extra)
    env["PATH"] = os.path.join(setup.pyenv_root, "shims") + os.pathsep + env.get("PATH", "")
    return env


@pytest.mark.parametrize("command", [
    "pip install x", "pip3 uninstall -y x", "python3 -m pip install x", "pyenv exec pip install x",
    "echo 3.12.1 > /dev/null && pip install x",
])
def test_a_shim_selecting_the_guards_python_is_denied(pyenv, command):
    assert_denied(pyenv.bash(command, role="operator", env=_env(pyenv)), "would change the guard's own Python",
                  "built on")


def test_the_selection_is_read_as_pyenv_reads_it(pyenv):
    assert_allowed(pyenv.bash("PYENV_VERSION=3.12.1 pip install x", role="operator", env=_env(pyenv)))
    assert_allowed(pyenv.bash("pip install x", role="operator", env=_env(pyenv, PYENV_VERSION="3.12.1")))
    assert_denied(pyenv.bash("pip install x", role="operator", env=_env(pyenv, PYENV_VERSION=GUARD_VERSION)),
                  "guard's own Python")
    write(pyenv.path(".python-version"), "3.12.1\n")
    assert_allowed(pyenv.bash("pip install x", role="operator", env=_env(pyenv)))
    assert_allowed(pyenv.bash("pyenv exec pip install x", role="operator", env=_env(pyenv)))
    write(pyenv.path("sub/.python-version"), f"3.12.1:{GUARD_VERSION}\n")
    assert_denied(pyenv.bash("cd sub && pip install x", role="operator", env=_env(pyenv)), "guard's own Python")


@pytest.mark.parametrize("command", [
    f"echo {GUARD_VERSION} > .python-version && pip install x",
    f"pyenv local {GUARD_VERSION}; pip install x",
    f"pyenv shell {GUARD_VERSION}; pip install x",
    "PYENV_VERSION=$V pip install x",
])
def test_a_command_line_changing_the_selection_counts_every_version(pyenv, command):
    write(pyenv.path(".python-version"), "3.12.1\n")
    assert_denied(pyenv.bash(command, role="operator", env=_env(pyenv)), "guard's own Python")


def test_other_managers_shims_and_exec_count_every_install(pyenv):
    asdf = os.path.join(pyenv.home, ".asdf")
    _exe(os.path.join(asdf, "shims", "pip"))
    env = _env(pyenv)
    env["PATH"] = os.path.join(asdf, "shims") + os.pathsep + env["PATH"]
    os.makedirs(os.path.join(asdf, "installs", "python"))
    os.symlink(os.path.join(pyenv.pyenv_root, "versions", GUARD_VERSION),
               os.path.join(asdf, "installs", "python", GUARD_VERSION))
    assert_denied(pyenv.bash("pip install x", role="operator", env=env), "guard's own Python")
    assert_denied(pyenv.bash("asdf exec pip install x", role="operator", env=dict(env, ASDF_DATA_DIR=asdf)),
                  "guard's own Python")


def test_links_and_script_lines_lead_to_the_python_they_run(pyenv):
    local_bin = os.path.join(pyenv.home, ".local", "bin")
    os.makedirs(local_bin)
    guard_python = os.path.join(pyenv.pyenv_root, "versions", GUARD_VERSION, "bin", "python3")
    os.symlink(guard_python, os.path.join(local_bin, "python3.11"))
    _exe(os.path.join(local_bin, "pip3.11"), f"#!{guard_python}\nimport pip\n")
    env = pyenv.env("operator")
    env["PATH"] = local_bin + os.pathsep + env["PATH"]
    for command in ("python3.11 -m pip install x", "pip3.11 install x", "~/.local/bin/pip3.11 install x"):
        assert_denied(pyenv.bash(command, role="operator", env=env), "guard's own Python")
    other = _exe(os.path.join(pyenv.home, "venv", "bin", "pip"), "#!/usr/bin/env python3\n")
    write(os.path.join(pyenv.home, "venv", "pyvenv.cfg"), "home = /usr/bin\n")
    assert_allowed(pyenv.bash(f"{other} install x", role="operator", env=env))


@pytest.mark.parametrize("command", ["uv pip install --python 3.11 --system x", "uv pip install -p cpython@3.11 x",
                                     "UV_PYTHON=3.11 uv pip install x", "uv run --python 3.11 pip install x",
                                     "uv pip install --python '>=3.10' --system x"])
def test_uv_python_requests_by_version_reach_the_guards_python(pyenv, command):
    import sys

    command = command.replace("3.11", f"{sys.version_info.major}.{sys.version_info.minor}")
    assert_denied(pyenv.bash(command, role="operator"), "guard's own Python")


def test_uv_python_request_of_another_version_is_allowed(pyenv):
    import sys

    assert_allowed(pyenv.bash(f"uv pip install --python 3.{sys.version_info.minor + 1} x", role="operator"))


@pytest.mark.parametrize("command, fragment", [
    ("mise x python@3.11 -- curl http://x", "`curl` is denied"),
    ("mise exec node@20 python -- curl http://x", "`curl` is denied"),
    ("rtx x python@3.11 -- curl http://x", "`curl` is denied"),
    ("mise -C /tmp exec python@3 -- curl http://x", "`curl` is denied"),
    ("mise exec -c 'curl http://x'", "`curl` is denied"),
    ("mise x --command='curl http://x'", "`curl` is denied"),
    ("mise x python@3.11 -- rm -rf ~", "tripwire"),
])
def test_mise_tool_specs_no_longer_hide_the_program(tmp_path, command, fragment):
    setup = GuardSetup(tmp_path)
    assert_denied(setup.bash(command, role="open"), fragment)


def test_mise_exec_of_a_harmless_program_is_allowed(tmp_path):
    setup = GuardSetup(tmp_path)
    assert_allowed(setup.bash("mise x python@3.11 -- make test", role="open"))
    assert_allowed(setup.bash("mise run test", role="open"))
