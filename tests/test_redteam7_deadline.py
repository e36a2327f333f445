"""Red team 7 (issue 9, class 7): cost linear in the size of the call.

`cat f0 f1 ... f19999` took 8 s (each operand was looked up in the list of the ones before it),
past the 5 s any agent's hook allows; bench/bench_sizes.py (c-20k-operands) measures it. Here:
the operand set keeps every path once, in order, also when other code appended to the list."""

from legant_guard.shell import analyze


def test_operands_are_kept_once_in_order():
    operands = " ".join(f"f{i % 700}" for i in range(3000))
    cmd = analyze(f"cat {operands} f0 /x/../f1", "/p", "/h").commands[0]
    assert cmd.paths == [f"/p/f{i}" for i in range(700)] + ["/f1"]


def test_paths_appended_elsewhere_are_not_added_twice():
    from legant_guard.shell import operands as O
    from legant_guard.shell.analyze import SimpleCommand
    from legant_guard.shell.words import Exp

    class Scope:
        cwd_known, home = True, "/h"

    cmd = SimpleCommand("cat", ["cat"], "/p", [])
    cmd.paths.append("/p/a")  # as git's REV:PATH reading does
    O.add_path(None, cmd, Exp("a", "a"), Scope, "/p")
    O.add_path(None, cmd, Exp("b", "b"), Scope, "/p")
    cmd.paths.append("/p/c")
    O.add_path(None, cmd, Exp("c", "c"), Scope, "/p")
    O.add_path(None, cmd, Exp("b", "b"), Scope, "/p")
    assert cmd.paths == ["/p/a", "/p/b", "/p/c"]


def test_a_walk_holds_the_wall_clock_deadline(monkeypatch):
    """The walk budget counts CPU seconds, which run slowly on a loaded machine: the wall-clock
    deadline is held inside the walk too (a walk of /proc/*/cwd took 17 s)."""
    import pytest

    from legant_guard.hook import budget
    from legant_guard.hook.treewalk import Budget

    walk_budget = Budget(entries=10**6, seconds=10**6)
    budget.start(0.0)
    try:
        with pytest.raises(budget.BudgetExceeded):
            for _ in range(200):
                walk_budget.spend()
    finally:
        budget.stop()

