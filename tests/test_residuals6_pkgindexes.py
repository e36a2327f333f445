"""Residuals 6 (issue 10, trust base): where a package install onto PATH takes its packages from
when the command line does not say, and setup.py names built at run time (red team #20's residual).

`PIP_FIND_LINKS=./dist pip install --user evil` takes ./dist's wheel that names its program
`claude` as `pip install --user -f ./dist evil` does; so do PIP_INDEX_URL, UV_FIND_LINKS,
UV_INDEX_URL, UV_INDEX (set on the line, earlier in it, or in the agent's own environment),
PIP_CONFIG_FILE's pip.conf and a project's uv.toml or `pyproject.toml [tool.uv]`
(hook/pkgindexes.py). A setup.py's setup() call is read without running it (hook/setuppy.py):
names built at run time, `**kwargs` or an install command of its own are unknown, a deny for an
install onto PATH. Remote indexes, other names and installs off PATH stay allowed.
"""

import os
import zipfile

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied, write


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    s = GuardSetup(tmp_path_factory.mktemp("idx"), files={
        "pip.conf": "[global]\nfind-links =\n    ./okdist\n    ./dist\n",
        "pip-local-index.conf": "[install]\nindex_url = http://127.0.0.1:3141/simple\n",
        "cfg/uv.toml": 'find-links = ["../dist"]\n',
        "served/pyproject.toml": '[project]\nname = "p"\n[[tool.uv.index]]\nurl = "http://localhost:3141/simple"\n',
        "harmless/pyproject.toml": '[project]\nname = "p"\n[tool.uv]\nindex-url = "https://pypi.org/simple"\n',
    })
    for folder, name, script in (("dist", "evil", "claude"), ("okdist", "fine", "fine")):
        os.makedirs(s.path(folder))
        with zipfile.ZipFile(s.path(f"{folder}/{name}-1-py3-none-any.whl"), "w") as archive:
            archive.writestr(f"{name}-1.dist-info/entry_points.txt", f"[console_scripts]\n{script} = e:main\n")
    return s


@pytest.mark.parametrize("command", [
    "PIP_FIND_LINKS=./dist pip install --user evil",
    "PIP_FIND_LINKS='./okdist ./dist' pip install --user evil",
    "export PIP_FIND_LINKS=dist; pip install --user evil",
    "env PIP_FIND_LINKS=dist pip install --user evil",
    "PIP_FIND_LINKS=file://{proj}/dist python3 -m pip install --user evil",
    "bash -c 'PIP_FIND_LINKS=dist pipx install evil'",
    "UV_FIND_LINKS=./dist uv tool install evil",
    "cd cfg && uv tool install evil",
    "uv tool install --config-file cfg/uv.toml evil",
])
@pytest.mark.parametrize("role", ["operator", "open"])
def test_a_find_links_folder_from_the_environment_or_a_config_is_read(setup, command, role):
    assert_denied(setup.bash(command.format(proj=setup.project), role=role), "named `claude`")


@pytest.mark.parametrize("command", [
    "PIP_INDEX_URL=http://127.0.0.1:8000/simple pipx install evil",
    "PIP_EXTRA_INDEX_URL='https://pypi.org/simple http://localhost:1/simple' pip install --user evil",
    "UV_INDEX_URL=http://[::1]:9/simple uv tool install evil",
    "UV_INDEX=mine=http://127.0.0.1:9/simple uv tool install evil",
    "UV_DEFAULT_INDEX=http://127.0.0.1:9/simple uv tool install evil",
    "cd served && uv tool install evil",
])
def test_an_index_served_from_this_machine_is_undetermined(setup, command):
    assert_denied(setup.bash(command, role="operator"), "a server on this machine")


def test_a_value_built_at_run_time_is_undetermined(setup):
    assert_denied(setup.bash("PIP_FIND_LINKS=$(cat where) pip install --user evil", role="operator"),
                  "`PIP_FIND_LINKS`", "built at run time", "cannot be known")


@pytest.mark.parametrize("variable, value, command", [
    ("PIP_FIND_LINKS", "{proj}/dist", "pip install --user evil"),
    ("PIP_CONFIG_FILE", "{proj}/pip.conf", "pip install --user evil"),
    ("UV_FIND_LINKS", "{proj}/dist", "uv tool install evil"),
    ("UV_CONFIG_FILE", "{proj}/cfg/uv.toml", "uv tool install evil"),
    ("PIP_CONFIG_FILE", "{proj}/pip-local-index.conf", "pipx install evil"),
])
def test_the_agents_own_environment_counts_too(setup, variable, value, command):
    env = setup.env("operator")
    env[variable] = value.format(proj=setup.project)
    proc = setup.bash(command, role="operator", env=env)
    assert_denied(proc)
    assert "named `claude`" in proc.stderr or "a server on this machine" in proc.stderr


@pytest.mark.parametrize("command", [
    "PIP_FIND_LINKS=./okdist pip install --user fine",
    "PIP_INDEX_URL=https://pypi.org/simple pip install --user requests",
    "UV_INDEX_URL=https://pypi.org/simple uv tool install ruff",
    "cd harmless && uv tool install ruff",
    "cd served && uv tool install --no-config ruff",
    "PIP_FIND_LINKS=./dist pip install --target ./vendor evil",
    "PIP_FIND_LINKS=./dist .venv/bin/pip install evil",
    "pip install --user requests",
])
def test_harmless_neighbours_stay_allowed(setup, command):
    assert_allowed(setup.bash(command, role="operator"))


# ---- setup.py read without running it -----------------------------------------------------------
SETUP = "from setuptools import setup\n"


@pytest.mark.parametrize("body, why", [
    ("setup(name='x', entry_points={'console_scripts': ['cla' + 'ude=x:m']})", "builds its `entry_points`"),
    ("N = 'x'\nsetup(entry_points={'console_scripts': [f'{N}=x:m']})", "builds its `entry_points`"),
    ("S = ['bin/a']\nS.append('bin/b')\nsetup(scripts=S)", "builds its `scripts`"),
    ("import json\nsetup(**json.load(open('meta.json')))", "built at run time"),
    ("from x import Install\nsetup(name='x', cmdclass={'install': Install})", "`install` command"),
    ("exec(open('real_setup.py').read())", "no setup()"),
    ("setup(", "cannot be parsed"),
])
def test_setup_py_names_built_at_run_time_are_undetermined(setup, body, why):
    write(setup.path("sp/setup.py"), SETUP + body + "\n")
    assert_denied(setup.bash("pip install --user ./sp", role="operator"), why, "cannot be known")


@pytest.mark.parametrize("body", [
    "setup(name='x', entry_points={'console_scripts': ['x-tool=x:main']})",
    "EP = {'console_scripts': ['x-tool = x:main']}\nsetup(name='x', entry_points=EP)",
    "setup(name='x', scripts=['bin/x-tool'], install_requires=open('r.txt').read().split())",
    "from x import BuildExt\nsetup(name='x', cmdclass={'build_ext': BuildExt})",
    "setup()",
])
def test_static_setup_py_stays_allowed(setup, body):
    write(setup.path("ok/setup.py"), SETUP + body + "\n")
    assert_allowed(setup.bash("pip install --user ./ok", role="operator"))


def test_setup_py_names_read_statically_are_judged(setup):
    write(setup.path("sc/setup.py"), SETUP + "import setuptools as s\ns.setup(scripts=['bin/codex'])\n")
    assert_denied(setup.bash("pipx install ./sc", role="operator"), "named `codex`")


def test_a_setup_py_built_at_run_time_off_path_stays_allowed(setup):
    write(setup.path("dyn/setup.py"), SETUP + "import json\nsetup(**json.load(open('meta.json')))\n")
    assert_allowed(setup.bash("pip install --target ./vendor ./dyn", role="operator"))


# ---- PIP_USER: a user-scope install without --user ----------------------------------------------
@pytest.fixture
def other_python(tmp_path):
    """A project with a package naming `claude` and a pip whose own bin/ is not on PATH."""
    s = GuardSetup(tmp_path)
    write(s.path("pkg/pyproject.toml"), '[project]\nname = "x"\nversion = "1"\n[project.scripts]\nclaude = "x:main"\n')
    write(s.path("userconf.ini"), "[install]\nuser = true\n")
    pip = os.path.join(s.root, "opt", "py", "bin", "pip")
    write(pip, "#!/bin/sh\n")
    os.chmod(pip, 0o755)
    return s, pip


@pytest.mark.parametrize("command", [
    "PIP_USER=1 {pip} install ./pkg", "export PIP_USER=yes; {pip} install ./pkg", "env PIP_USER=true {pip} install ./pkg",
    "PIP_USER=$(cat u) {pip} install ./pkg",
])
def test_pip_user_installs_into_the_users_bin_folder(other_python, command):
    s, pip = other_python
    assert_denied(s.bash(command.format(pip=pip), role="operator"))


@pytest.mark.parametrize("variable, value", [("PIP_USER", "1"), ("PIP_CONFIG_FILE", "userconf.ini")])
def test_pip_user_from_the_agents_environment(other_python, variable, value):
    s, pip = other_python
    env = s.env("operator")
    env[variable] = s.path(value) if variable == "PIP_CONFIG_FILE" else value
    assert_denied(s.bash(f"{pip} install ./pkg", role="operator", env=env), "named `claude`", "~/.local/bin")


@pytest.mark.parametrize("command", ["{pip} install ./pkg", "PIP_USER=0 {pip} install ./pkg",
                                     "PIP_USER=1 {pip} install requests"])
def test_without_user_scope_or_a_local_package_it_stays_allowed(other_python, command):
    s, pip = other_python
    assert_allowed(s.bash(command.format(pip=pip), role="operator"))
