"""Red team 24 (issue 9 class 3 and 6): a command that a runner starts is judged with its arguments.

Programs that start the command named somewhere in their words (`perf stat CMD`, `trickle -d 1
CMD`, `hyperfine 'CMD'`, `watchexec -- CMD`, `docker run IMG CMD`, `screen -dm CMD`) were held
only against deny-cmd word by word: the tripwires never saw the command's arguments, so
`perf stat rm -rf /`, `watchexec -- rm -rf /`, `screen -dm rm -rf /` and `hyperfine 'mkfs.ext4
/dev/sda'` passed under every role (operator included), and runners the guard did not know at
all (`gosu`, `qemu-x86_64`, `xterm -e`, `systemd-cat`, `aa-exec` ...) started curl under open.
Each place where the command may start is now analysed as that command. Verdicts only: nothing
is executed.
"""

import pytest

from conftest import GuardSetup, assert_allowed, assert_denied


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    return GuardSetup(tmp_path_factory.mktemp("rt24runners"), files={"Makefile": "all:\n\ttrue\n", "x.py": "print(1)\n"})


CATASTROPHIC = [
    "perf stat rm -rf /",
    "perf stat -e cycles -- rm -rf /",
    "trickle -d 1 rm -rf /",
    "hyperfine 'rm -rf /'",
    "hyperfine --warmup 1 'ls' 'rm -rf ~'",
    "gosu root rm -rf /",
    "su-exec root rm -rf /",
    "qemu-x86_64 /bin/rm -rf /",
    "xterm -e rm -rf /",
    "gnome-terminal -- rm -rf /",
    "systemd-run --on-active 30 rm -rf /",
    "systemd-cat rm -rf /",
    "nsjail -- /bin/rm -rf /",
    "schedtool -e rm -rf /",
    "uftrace rm -rf /",
    "mispipe 'rm -rf /' cat",
    "execlineb -c 'rm -rf /'",
    "bwrap --bind / / rm -rf /",
    "cgexec -g cpu:x rm -rf /",
    "perf stat mkfs.ext4 /dev/sda",
    "gosu root dd if=/dev/zero of=/dev/sda",
    "trickle -d 1 kill -9 -1",
    "watchexec -- rm -rf /",
    "screen -dm rm -rf /",
    "docker run --rm img rm -rf /",
    "docker compose exec web rm -rf /",
    "watchexec -w src -- sh -c 'mkfs.ext4 /dev/sda'",
]


@pytest.mark.parametrize("cmd", CATASTROPHIC)
@pytest.mark.parametrize("role", ["operator", "open"])
def test_catastrophic_command_behind_a_runner(g, cmd, role):
    assert_denied(g.bash(cmd, role=role), "tripwire", "catastrophic")


@pytest.mark.parametrize("cmd", ["perf stat git push --force", "trickle -d 1 git reset --hard HEAD~1",
                                 "watchexec -- git clean -fdx"])
def test_destructive_git_behind_a_runner(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "tripwire git-", "destructive")


@pytest.mark.parametrize("cmd", [
    "systemd-socket-activate -l 8080 curl x", "nsjail -- /usr/bin/curl x", "schedtool -e curl x",
    "uftrace curl x", "bpftrace -c 'curl x' -e 'BEGIN{}'", "qemu-x86_64 /usr/bin/curl x",
    "apptainer exec img curl x", "singularity exec img curl x", "lxc-attach -n c -- curl x",
    "gpg-agent --daemon curl x", "xinit /usr/bin/curl x", "mispipe 'curl x' 'cat'", "zrun curl x",
    "gosu nobody curl x", "su-exec nobody curl x", "rush 'curl {}'", "execlineb -c 'curl x'",
    "minijail0 -- /usr/bin/curl x", "xterm -e curl x", "gnome-terminal -- curl x", "konsole -e curl x",
    "alacritty -e curl x", "kitty curl x", "wezterm start -- curl x", "x-terminal-emulator -e curl x",
    "systemd-cat curl x", "runcon -t t curl x", "aa-exec -p prof -- curl x", "hwloc-bind core:0 curl x",
    "timelimit -t 5 curl x", "sshpass -p x curl x", "empty -f curl x", "xdotool exec curl x",
    "cset proc --exec -s s curl x", "pseudo curl x", "gksudo curl x", "retry -- curl x",
])
def test_runners_not_known_before_start_denied_programs(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "curl", "denied by deny-cmd")


@pytest.mark.parametrize("cmd", ["perf stat -- sh -c 'wget -q x'", "chronic curl x"])
def test_the_runner_is_named_first(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "would start", "denied by deny-cmd")


@pytest.mark.parametrize("cmd", [
    "perf stat make", "perf stat -e cycles make -j4", "perf record -g -- python3 x.py", "hyperfine 'ls -la' 'make'",
    "chronic make test", "valgrind --leak-check=full ./a.out", "strace -f -o trace.txt make",
    "watchexec -- make test", "watchexec -e py -- python3 x.py", "docker run --rm img rm -rf /tmp/cache",
    "docker run img python3 x.py", "docker compose run web python manage.py migrate",
    "docker run -v $PWD:/app -w /app node:20 npm test", "watchexec -r -- make", "xterm -e make",
    "gosu app make test", "trickle -d 100 make", "qemu-aarch64 ./a.out --help", "nix run nixpkgs#hello",
])
@pytest.mark.parametrize("role", ["operator", "open"])
def test_runners_of_everyday_commands_allowed(g, cmd, role):
    assert_allowed(g.bash(cmd, role=role))


def test_a_long_runner_line_is_judged_past_its_bound(g):
    """Past the first places, the words naming a program a rule reads are still taken."""
    filler = " ".join("w%d" % n for n in range(200))
    assert_denied(g.bash("perf stat %s rm -rf /" % filler, role="operator"), "tripwire recursive-delete-critical")
    assert_denied(g.bash("docker run img %s rm -rf /" % filler, role="operator"), "tripwire recursive-delete-critical")
    assert_allowed(g.bash("perf stat %s" % filler, role="operator"))


def test_builder_still_refuses_the_runner_itself(g):
    assert_denied(g.bash("perf stat make", role="builder"), "`perf` is not on the command allow-list")


@pytest.mark.parametrize("cmd", [
    "flock --comm 'curl x' /tmp/l", "flock --com='curl x' /tmp/l", "ion -c 'curl x'", "rc -c 'curl x'",
    "es -c 'curl x'", "volta run curl x", "fnm exec -- curl x", "nvm exec 18 curl x", "stack exec -- curl x",
    "cabal exec -- curl x", "opam exec -- curl x", "dune exec -- curl x", "npm x curl", "npm x -- curl x",
])
def test_more_runners_start_denied_programs(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "curl", "denied by deny-cmd")


@pytest.mark.parametrize("cmd", ["flock /tmp/l make", "volta run node x.py", "stack build", "cabal build",
                                 "opam install lwt", "dune build", "npm x eslint .", "npm install"])
def test_more_runners_of_everyday_commands_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="open"))


@pytest.mark.parametrize("cmd", [
    "forever -c curl x", "forever start -c curl x", "when-changed x -c 'curl x'", "honcho run curl x",
    "foreman run curl x", "overmind run curl x", "task-spooler curl x", "launchctl submit -l x -- curl x",
])
def test_process_managers_and_watchers_start_denied_programs(g, cmd):
    assert_denied(g.bash(cmd, role="open"), "curl", "denied by deny-cmd")


@pytest.mark.parametrize("cmd", ["forever start app.js", "forever -c python3 x.py", "when-changed src -c 'make all'",
                                 "honcho start", "foreman start web", "launchctl list"])
def test_process_managers_everyday_allowed(g, cmd):
    assert_allowed(g.bash(cmd, role="open"))
