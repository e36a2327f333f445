"""Red team 38 (issue 9, class 6): a kill whose targets are read at run time from a listing of
every process is `kill -9 -1` by another name (shell/pidlists.py). Red team 33 left
`kill -9 $(ps -e -o pid=)`, `ps -eo pid | xargs kill -9` and `kill -9 $(pgrep .)` open; every
role (operator included) is refused them now, in every shape the listing reaches the kill
(a substitution, xargs, a loop's or read's variable, a file, a coprocess, a nested shell), while
the everyday kills of one program's processes stay allowed."""

import pytest

from conftest import assert_allowed, assert_denied

EVERY = ("tripwire kill-every-process (catastrophic)", "lists every process")

EVERY_PROCESS = [
    "kill -9 $(ps -e -o pid=)",
    "ps -eo pid= | xargs kill -9",
    "kill -9 $(pgrep .)",
    "pgrep . | xargs kill",
    "kill -9 $(pgrep -u $USER)",
    "for p in $(ps -e -o pid=); do kill -9 $p; done",
    "ps aux | awk '{print $2}' | xargs kill -9",
    "ls /proc | grep '^[0-9]' | xargs kill -9",
    "ps -e -o pid= | while read p; do kill -9 $p; done",
    "while read p; do kill -9 $p; done < <(ps -e -o pid=)",
    "ps -e -o pid= > /tmp/p; kill -9 $(cat /tmp/p)",
    "if true; then ps -e -o pid=; fi | xargs kill -9",
    "{ ps -e -o pid=; } | xargs kill -9",
    "f(){ ps -e -o pid=; }; f | xargs kill -9",
    "f(){ kill -9 \"$@\"; }; f $(ps -e -o pid=)",
    "alias l='ps -e -o pid='\nl | xargs kill -9",
    "bash -c 'ps -e -o pid=' | xargs kill -9",
    "bash -c 'kill -9 $(ps -e -o pid=)'",
    "sudo ps -e -o pid= | sudo xargs kill -9",
    "P=ps; kill -9 $($P -e -o pid=)",
    "kill -9 $(ps -e -o pid= | grep -v zzz)",
    "kill -9 $(ps -e -o pid= | grep -e zz -e .)",
    "kill -9 $(ps aux | grep root | awk '{print $2}')",
    "kill -9 $(ps aux | awk '!/zz/ {print $2}')",
    "kill -9 $(ps aux | tail -n +2 | awk '{print $2}')",
    "kill -9 $(ps -e -o pid=; grep zz /dev/null)",
    "ps -e -o comm= | xargs pkill",
    "ps -e -o comm= | xargs killall -9",
    "ps x -o pid= | xargs kill -9",
    "ps --user root -o pid= | xargs kill -9",
    "lsof -t | xargs kill -9",
    "lsof -t -u root | xargs kill -9",
    "top -bn1 | awk 'NR>7 {print $1}' | xargs kill -9",
    "cat /proc/*/stat | awk '{print $1}' | xargs kill -9",
    "mapfile -t P < <(ps -e -o pid=); kill -9 \"${P[@]}\"",
    "coproc ps -e -o pid=; kill -9 $(cat <&${COPROC[0]})",
    "ps -e -o pid= | tee /tmp/x | wc -l; kill -9 $(cat /tmp/x)",
    "ps -e -o pid= | parallel kill -9",
    "ps -e -o pid= | xargs -I{} kill -9 {}",
    "N=.; ps aux | grep \"$N\" | awk '{print $2}' | xargs kill",
    # more alternatives than a grep is read for (the guard took 4.5 s over 3,000 of them)
    "kill $(ps aux | grep -E '" + "|".join("name%d" % i for i in range(3000)) + "' | awk '{print $2}')",
    # patterns that each pick some lines, and all of them together nearly every one
    "kill $(ps aux | grep " + " ".join("-e %03d" % i for i in range(1000)) + " | awk '{print $2}')",
    "kill $(ps aux | grep -E '" + "|".join("%03d" % i for i in range(17)) + "' | awk '{print $2}')",
    # a long pipeline is read in one pass from its end (900 stages took 6 s)
    "kill $(ps -e -o pid= " + "| grep -v x " * 900 + ")",
]


@pytest.mark.parametrize("command", EVERY_PROCESS)
def test_a_kill_fed_a_listing_of_every_process_is_refused_to_operator(guard_setup, command):
    assert_denied(guard_setup.bash(command, role="operator"), *EVERY)


@pytest.mark.parametrize("role", ["open", "builder"])
def test_every_role_is_refused_it(guard_setup, role):
    assert_denied(guard_setup.bash("kill -9 $(ps -e -o pid=)", role=role), *EVERY)


def test_a_pattern_of_procs_process_folders_is_every_process(guard_setup):
    assert_denied(guard_setup.bash("for p in /proc/[0-9]*; do kill -9 ${p##*/}; done", role="operator"),
                  "tripwire kill-every-process (catastrophic)", "a pattern of /proc")


@pytest.mark.parametrize("command", [
    "kill $(lsof -ti:3000)",
    "lsof -ti tcp:5173 | xargs kill -9",
    "ps aux | grep node | awk '{print $2}' | xargs kill -9",
    "ps aux | grep '[n]ode' | awk '{print $2}' | xargs kill",
    "kill $(ps aux | grep 'vite' | grep -v grep | awk '{print $2}')",
    "ps -ef | grep java | grep -v grep | awk '{print $2}' | xargs -r kill -9",
    "kill -9 $(ps -ef | grep '[p]ython manage.py runserver' | awk '{print $2}')",
    "ps aux --sort=-%mem | head -2 | tail -1 | awk '{print $2}' | xargs kill",
    "kill -9 $(pgrep -f \"node server\")",
    "for pid in $(pgrep -f celery); do kill $pid; done",
    "kill $(cat server.pid)",
    "kill -9 $(pidof node)",
    "sleep 10 & kill $!",
    "kill -TERM $(jobs -p)",
    "kill $(ps -o pid= -C node)",
    "kill -9 $(ps -p 1234 -o pid=)",
    "ps aux; kill $(cat server.pid)",
    "kill $(cat x.pid); sleep 1; ps aux | grep server",
    "ps aux | grep -c node",
    "ps aux | grep -e vite -e esbuild | awk '{print $2}' | xargs kill",
    "docker kill $(docker ps -q)",
])
def test_killing_one_programs_processes_stays_allowed(guard_setup, command):
    assert_allowed(guard_setup.bash(command, role="operator"))
