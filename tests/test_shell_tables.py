"""Name tables the walker asks before it loads the module that handles those names: each must
name exactly what that module handles, or a program would be missed (a wrapper not seen
through lets `X curl` pass a deny-cmd) or load the module for nothing."""

from legant_guard.shell import knowledge
from legant_guard.shell.wrappers import WRAPPERS


def test_the_wrapper_names_are_the_keys_of_the_wrapper_table():
    assert knowledge.WRAPPER_PROGRAMS == frozenset(WRAPPERS)
