"""Red team 48: the sys module by another name in inline code that writes (hook/interpcode.py).

`sys.path` was a run-time path (red team 44), but `from sys import path; open(path[-1] +
'/evil.pth', 'w')`, `import os, sys as s; s.path[-1]` and `importlib.import_module('sys').path`
wrote into the folders of the interpreter's sys.path (the guard's site-packages, with its Python)
under `operator`."""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt48sys"))


@pytest.mark.parametrize("code", [
    "from sys import path; open(path[-1]+'/evil.pth','w').write('import os')",
    "from sys import argv, path as p; f=open(p[-1]+'/zz_evil.py','w')",
    "import os, sys as s; open(s.path[-1]+'/zz.py','w')",
    "import importlib; open(importlib.import_module('sys').path[-1]+'/zz.py','w')",
])
def test_sys_by_another_name(g, code):
    assert_denied(g.bash(f'python3 -c "{code}"', role="operator"), "writes files to paths it builds at run time")


def test_argv_import_stays_allowed(g):
    assert_allowed(g.bash('''python3 -c "from sys import argv; open('out.txt','w').write(argv[0])"''', role="operator"))
