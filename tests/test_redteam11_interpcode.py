"""Red team 11 (issue 10, item 1): inline code that writes where its own interpreter is installed.

`VENV/bin/python -c "import sysconfig, shutil; shutil.copy('x.pth', sysconfig.get_paths()['purelib'])"`
(or `site.getsitepackages()[0] + '/x.pth'`) put a `.pth` file into the guard's site-packages:
code in every later hook run. The path is computed by the interpreter, so no protected name
appears in the code; these computations now count as paths built at run time.
"""

import sys

import pytest

from conftest import assert_allowed, assert_denied

PY = sys.executable  # the guard's own Python (the tests run the venv's legant)


@pytest.mark.parametrize("role", ["operator", "builder"])
@pytest.mark.parametrize("code", [
    "import sysconfig, shutil; shutil.copy('x.pth', sysconfig.get_paths()['purelib'])",
    "import site; open(site.getsitepackages()[0] + '/x.pth', 'w').write('import os')",
    "import site; open(site.getusersitepackages() + '/evil_mod.py', 'w')",
    "import sys, shutil; shutil.copy('evil.py', sys.prefix + '/lib/evil.py')",
    "import importlib.util, shutil; shutil.copy('x.py', importlib.util.find_spec('click').origin)",
    "import click, shutil; shutil.copy('x.py', click.__file__)",
])
def test_inline_code_writing_where_its_interpreter_is_installed_is_denied(guard_setup, role, code):
    # (builder may refuse it first as code that starts programs it does not analyse)
    reason = assert_denied(guard_setup.bash(f'{PY} -c "{code}"', role=role))
    assert role == "builder" or "paths it builds at run time" in reason


def test_the_same_code_on_the_interpreters_input_is_denied(guard_setup):
    code = "import site; open(site.getsitepackages()[0] + '/y.pth', 'w')"
    assert_denied(guard_setup.bash(f'{PY} - <<< "{code}"', role="operator"), "getsitepackages")
    assert_denied(guard_setup.bash(f'echo "{code}" | {PY}', role="operator"), "getsitepackages")


@pytest.mark.parametrize("code", [
    "import sysconfig; print(sysconfig.get_paths()['purelib'])",
    "import sys; print(sys.prefix)",
    "open('out.txt', 'w').write('x')",
])
def test_code_that_only_reads_those_paths_or_writes_elsewhere_stays_allowed(guard_setup, code):
    assert_allowed(guard_setup.bash(f'python3 -c "{code}"', role="operator"))
