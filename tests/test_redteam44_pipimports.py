"""Red team 44 (issue 10, the trust base): pip run by the guard's own Python under a name built at
run time.

Inline code run by the guard's Python that names pip, ensurepip, venv or runpy is a package
manager on the guard's environment. The names were looked for as written, so
`importlib.import_module('p' + 'ip._internal.cli.main').main(['install', 'evil'])` and
`__import__('p' 'ip')` installed into the guard's site-packages under `operator`. Literals run
together are read too, and with the guard's own Python any import of a module named at run time
counts as driving pip.
"""

import sys

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied

PY = sys.executable
DRIVES = "the code it runs drives pip, ensurepip or venv on the Python the guard runs on"


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt44pipimports"))


@pytest.mark.parametrize("code", [
    "import importlib; importlib.import_module('p'+'ip._internal.cli.main').main(['install','evil'])",
    "m = __import__('p' 'ip'); m.main(['install', 'evil'])",
    "import sys; sys.modules.get('os')",
])
def test_guard_python_importing_at_run_time_is_denied(s, code):
    assert_denied(s.bash(f'{PY} -c "{code}"', role="operator"), DRIVES)


@pytest.mark.parametrize("command", [f'{PY} -c "import sys; print(sys.version)"',
                                     f'{PY} -c "import json; print(json.dumps(1))"',
                                     "python3 -c \"import importlib; print(importlib.util.find_spec('json'))\""])
def test_plain_code_stays_allowed(s, command):
    assert_allowed(s.bash(command, role="operator"))
