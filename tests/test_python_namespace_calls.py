"""Python code that enumerates a module's namespace picks a callable by a test on its name and
calls it, never spelling it: `next(v for k, v in vars(os).items() if k[-3:] == "tem")("id")` is
os.system (allow11 noticed it under builder). Enumerating a namespace (vars(), __dict__,
locals(), inspect.getmembers, __subclasses__, sys.modules, attrgetter/methodcaller, builtins)
makes the code undetermined where the token has command rules, as the other reflection does
(shell/interpsinks._DYNAMIC_CALL_WORDS), for every Python the guard knows by name."""

import pytest

from conftest import assert_allowed, assert_denied


@pytest.mark.parametrize("code", [
    "import os; next(v for k,v in vars(os).items() if k[-3:]=='tem')('id')",
    "import os; f=next(v for k,v in vars(os).items() if k[-3:]=='tem'); f('id')",
    "import os; [f('id') for k,f in os.__dict__.items() if k[-3:]=='tem']",
    "import os; list(map(lambda f: f('id'), [v for k,v in vars(os).items() if k[-3:]=='tem']))",
    "import os, inspect; [f('id') for k,f in inspect.getmembers(os) if k[-3:]=='tem']",
    "import os; [f('id') for k,f in locals()['os'].__dict__.items() if k.endswith('tem')]",
    "[c for c in ().__class__.__base__.__subclasses__() if c.__name__.endswith('pen')]",
    "import sys; [f('id') for k,f in vars(sys.modules['os']).items() if k[-3:]=='tem']",
    "import os; [f('id') for k,f in vars (os).items() if k[-3:]=='tem']",
    "import os; [f('id') for k,f in vars\t(os).items() if k[-3:]=='tem']",
    "import os; [f('id') for k,f in locals ()['os'].__dict__.items() if k[-3:]=='tem']",
    "import sys; m=sys . modules; [f('id') for k,f in m['os'].__getstate__ if 0]",
    "from sys import modules as m; print(len(m))",
])
@pytest.mark.parametrize("python", ["python3", "python", "python3.12"])
def test_a_callable_picked_from_an_enumerated_namespace_is_undetermined(guard_setup, python, code):
    command = f'{python} -c "{code}"'
    assert_denied(guard_setup.bash(command, role="builder"), f"could not determine what `{python}` runs",
                  "works out at run time")


def test_the_same_code_on_standard_input(guard_setup):
    command = "echo \"import os; [f('id') for k,f in vars(os).items() if k[-3:]=='tem']\" | python3"
    assert_denied(guard_setup.bash(command, role="builder"), "works out at run time", "vars(")


@pytest.mark.parametrize("code", ["print(1)", "import os; print(os.path.isdir('src'))",
                                  "import json; print(json.load(open('package.json'))['name'])",
                                  "import sys; print(sys.version)"])
def test_plain_one_liners_stay_allowed(guard_setup, code):
    assert_allowed(guard_setup.bash(f'python3 -c "{code}"', role="builder"))
