"""Red team 41: a kill fed a run of numbers signals every process whose id falls in it, as
`kill -9 -1` does (shell/pidlists.py). Red team 38 read the listings of every process (`ps -e`,
`pgrep .`, /proc) fed to kill; a range of ids got through for every role: `kill -9 $(seq 2
4194304)`, `seq 2 99999 | xargs kill -9`, `jot`, and a counter a loop steps through
(`for ((i=2; i<99999; i++)); do kill -9 $i; done`, `i=$((i+1))`). A few numbers (`seq 2 4`), a
counter the kill does not take, and the everyday kills stay allowed.

The walker also kept a variable's value through arithmetic that changes it (`((n-=2))`,
`((n--))`, `let n--`, `: $((n--))`): `n=1; for x in a b; do kill -9 $n; ((n-=2)); done` was read
as `kill -9 1` twice, while bash signals pid -1 in the second round. Such a variable is a number
not followed from there on (shell/arith.assigned_names), and `let p=-1` is still read as -1.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt41p"), files={"app.pid": "1234\n"})


@pytest.mark.parametrize("command, how", [
    ("kill -9 $(seq 300 4194304)", "lists every process"),
    ("seq 2 99999 | xargs -n 1000 kill -9", "lists every process"),
    ("seq -f %g 2 99999 | xargs kill -9", "lists every process"),
    ("for i in $(seq 2 99999); do kill -9 $i 2>/dev/null; done", "lists every process"),
    ("kill -9 $(jot 99999 2)", "lists every process"),
    ("kill -9 $(seq 2 $N)", "lists every process"),
    ("for ((i=2; i<99999; i++)); do kill -9 $i; done", "the counter `$i`"),
    ("i=2; while [ $i -lt 99999 ]; do kill -9 $i; i=$((i+1)); done", "the counter `$i`"),
    ("n=2; until false; do kill -KILL ${n}; ((n++)); done", "the counter `$n`"),
    ("for ((i=1; i<=200; i++)); do echo $i; done | xargs kill -9", "the counter `$i`"),
    ("bash -c 'for ((p=2; p<65536; p++)); do kill -9 $p; done'", "the counter `$p`"),
    ("n=1; for x in a b; do kill -9 $n; ((n-=2)); done", "the counter `$n`"),
    ("n=1; ((n-=2)); kill -9 $n", "the counter `$n`"),
    ("n=1; while true; do kill -9 $n; ((n--)); done", "the counter `$n`"),
    ("n=1; for x in a b c; do kill -9 $n; let n--; done", "the counter `$n`"),
    ("n=1; for x in a b c; do kill -9 $n; : $((n--)); done", "the counter `$n`"),
    ("let p=-1; kill -9 $p", "pid -1"),
])
@pytest.mark.parametrize("role", ["open", "builder"])
def test_kill_of_a_run_of_ids_is_kill_every_process(g, command, how, role):
    assert_denied(g.bash(command, role=role), "tripwire kill-every-process", how)


@pytest.mark.parametrize("command", [
    "kill -9 $(seq 2 4)",
    "seq 3 | xargs kill -9",
    "kill -9 $(jot 5 100)",
    "for ((i=0; i<3; i++)); do kill $PID; sleep 1; done",
    "n=0; while kill -0 $PID; do n=$((n+1)); sleep 1; done",
    "for ((i=0; i<3; i++)); do echo $i; done",
    "seq 1 5 | xargs -n1 echo",
    "kill $(cat app.pid)",
    "kill -9 $(pgrep -f 'node server.js')",
    "let i=5; kill -9 $i",
    "n=5; ((n++)); echo $n",
    "i=0; ((i++)); cat app.pid",
])
def test_a_few_ids_or_other_counters_stay_allowed(g, command):
    assert_allowed(g.bash(command, role="open"))
