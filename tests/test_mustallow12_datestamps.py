"""Must-allow round 12: a date stamp made of digits only is a number, as `$(nproc)` is.

`mkdir -p "build/reports/$(date +%Y%m%d)"`, `cp app.log "logs/app-$(date +%s).log"`,
`tar czf "build/src-$(date +%Y%m%d%H%M%S).tgz" src`: agents name backups and reports after the
date. The word was undetermined and refused whenever the token has path rules, though `date`
with a format of digit fields only prints digits, the shape hook/numericvalues.py already checks
`-j$(nproc)` with (digits, nothing when `date` is not found, a minus sign). Each such
substitution now stands for those shapes; the word is judged with each (a `.env$(date +%s)`
is `.env` when date prints nothing, and stays refused).

The neighbours: a format that prints text (`%F`, `%a`, `%Z`, any literal), a date read from a
file or a string (`-r FILE`, `-d STRING`, `-f FILE`), a line that may redefine `date` (a
function, an alias, PATH), and a stamp glued to a secret's name stay refused. Verdicts only:
nothing is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("mustallow12_date"), files={
        "src/app.py": "x = 1\n", "app.log": "log\n", "build/": "", ".env": "K=1\n"})


ALLOWED = [
    'mkdir -p "build/reports/$(date +%Y%m%d)"',
    "mkdir -p build/$(date +%s)",
    'cp app.log "build/app-$(date +%s).log"',
    "tar czf build/src-$(date +%Y%m%d%H%M%S).tgz src",
    "cd {p} && cp -r src \"build/src.$(date -u +%Y%m%d%H%M)\"",
    "echo done > build/stamp-$(date '+%H%M%S').txt",
]


@pytest.mark.parametrize("role", ["builder", "open"])
@pytest.mark.parametrize("command", ALLOWED)
def test_a_digits_only_date_stamp_is_judged_as_a_number(s, command, role):
    assert_allowed(s.bash(command.replace("{p}", s.project), role=role))


DENIED = [
    # a format that prints more than digits, or a date read from a file or a string
    ('mkdir -p "build/$(date +%F)"', "could not determine operand"),
    ('cp app.log "build/$(date +%a)"', "could not determine operand"),
    ("cp app.log build/$(date +%s%Z)", "could not determine operand"),
    ("cp app.log build/$(date -r app.log +%s)", "could not determine operand"),
    ("cp app.log build/$(date -d @0 +%s)", "could not determine operand"),
    # `date` may run something else
    ("date() { echo ../.env; }; cat build/$(date +%s)", "could not determine operand"),
    ("PATH=./bin:$PATH; cp app.log build/$(date +%s)", "could not determine operand"),
    # a stamp glued to a secret's name: `.env` when date prints nothing
    ("cat .env$(date +%s)", "deny-path"),
    ("cp app.log .env-$(date +%Y%m%d)", "deny-path"),
]


@pytest.mark.parametrize("command, reason", DENIED)
def test_the_neighbours_stay_denied(s, command, reason):
    assert_denied(s.bash(command, role="open"), reason)
