"""The edit distance git's autocorrect is judged by (shell/tripwires.git_may_correct) runs for
every unknown git subcommand against every destructive one: a line of 900 `git rsetN --hard`
ran 4.8 s under load, 0.8 s past the 4 s deadline, because nothing in that loop looked at the
clock. The loop now holds the deadline: past it, the call is refused with the deadline's reason."""

import pytest

from legant_guard import shell
from legant_guard.hook import budget


def test_the_autocorrect_loop_holds_the_deadline(tmp_path):
    analysis = shell.analyze("git rsetx --hard", str(tmp_path), str(tmp_path))
    budget.start(0.0)
    try:
        with pytest.raises(budget.BudgetExceeded):
            shell.match_tripwires(analysis, str(tmp_path))
    finally:
        budget.stop()

