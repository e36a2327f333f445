"""Catastrophic commands that take the machine, its volumes or every process down by other names.

Loaded by shell/tripwires.py only when a command runs one of these programs (red team 27):
- `systemctl stop user@1000.service`, `user.slice`, `session-3.scope`: the units that hold every
  process of a user or of the machine;
- `busctl call org.freedesktop.login1 … PowerOff`, `dbus-send … login1.Manager.Reboot`, `gdbus
  call … --method …Halt`, `qdbus … logoutAndShutdown`: the power-off `systemctl` asks for, sent
  by hand;
- `vgchange -a n`, `lvchange --activate n` (the value apart from its option), `lvresize -L 1G`
  (a size without `+` may shrink the volume and its file system), `lvconvert --merge` (a
  snapshot rolled back over its origin);
- `btrfs subvolume delete`, `btrfs device delete/remove`, in btrfs's abbreviations (`sub del`);
  `btrfs check --repair` (and its tree rebuilds), `btrfs rescue …` rewriting the file system;
- `os.kill(-1, 9)`, `kill 9, -1`, `Process.kill(9, -1)`: interpreter code that signals every
  process, as `kill -9 -1` does;
- a signal to process 1 (`kill -INT 1`, `kill -s RTMIN+4 1`, `pkill -USR2 init`): init powers the
  machine off or restarts it on many (systemd: INT, PWR, RTMIN+3…+16; busybox, finit, minit: USR1,
  USR2, TERM, QUIT, INT), and in a container process 1 is the container.
"""

# systemctl subcommands that stop, restart or block the units they name.
UNIT_STOPPERS = frozenset(("stop", "kill", "restart", "try-restart", "reload-or-restart", "try-reload-or-restart",
                           "mask", "freeze", "disable", "condrestart", "force-reload"))
# Units that hold every user's or every system process: stopping one ends them all (`systemctl
# stop user@1000.service` is `loginctl terminate-user`).
_WHOLE_UNITS = ("user@", "user-", "user.slice", "system.slice", "-.slice", "session-", "init.scope",
                "systemd-logind", "dbus.service", "dbus-broker", "dbus.socket", "getty.target", "multi-user.target",
                "graphical.target", "default.target", "basic.target", "sysinit.target")


def unit_glob(argv):
    """`systemctl [options] stop UNIT…`: what stops a unit that holds every user's or system process
    (`user@1000.service`, `user.slice`), or None (a pattern naming every unit: the catalogue's
    unit_pattern kind)."""
    words = [w for w in argv[1:] if not w.startswith("-")]
    if not words or words[0] not in UNIT_STOPPERS:
        return None
    for w in words[1:]:
        if w.startswith(_WHOLE_UNITS):
            return "`%s %s` holds every process of a user or of the system" % (words[0], w)
    return None


# The last dotted part of a D-Bus method that powers the machine off or ends the session
# (login1's and systemd's Manager, GNOME's SessionManager, KDE's ksmserver and Shutdown).
POWER_METHODS = frozenset(("poweroff", "reboot", "halt", "kexec", "softreboot", "poweroffwithflags",
                           "rebootwithflags", "haltwithflags", "shutdown", "requestshutdown", "requestreboot",
                           "logoutandshutdown", "logoutandreboot", "logout", "terminatesession", "terminateuser",
                           "killsession", "killuser", "terminateseat", "exit"))
DBUS_PROGRAMS = frozenset(("dbus-send", "busctl", "gdbus", "qdbus", "qdbus6", "qdbus-qt5", "qdbus-qt6", "dbus"))


def dbus_power(argv):
    """The word of a D-Bus call that powers off, reboots or ends the session, or None."""
    for w in argv[1:]:
        method = w.split("=", 1)[-1].rsplit(".", 1)[-1].lower()
        if method in POWER_METHODS:
            return w
    return None


def _option_values(argv, short, longs):
    """Values of a short option letter (`-a n`, `-an`, `-van`) or long options (`--activate n`,
    `--activate=n`) in an LVM command line."""
    values, k = [], 1
    while k < len(argv):
        w = argv[k]
        k += 1
        if w.startswith("--"):
            name, eq, value = w.partition("=")
            if name in longs:
                if eq:
                    values.append(value)
                elif k < len(argv):
                    values.append(argv[k])
                    k += 1
        elif w.startswith("-") and len(w) > 1 and short in w[1:]:
            rest = w[w.index(short, 1) + 1:]
            if rest:
                values.append(rest)
            elif k < len(argv):
                values.append(argv[k])
                k += 1
    return values


def lvm_harm(program, argv):
    """What makes this LVM command take volumes offline or shrink or roll them back, or None."""
    if program in ("vgchange", "lvchange"):
        for value in _option_values(argv, "a", ("--activate",)):
            if value.lower().endswith("n"):
                return "-a %s takes volumes offline (the root file system's among them)" % value
    if program in ("lvresize", "lvreduce"):
        for value in _option_values(argv, "L", ("--size",)) + _option_values(argv, "l", ("--extents",)):
            if not value.startswith("+"):
                return "the size %s may shrink the volume, and the file system on it" % value
    if program == "lvconvert" and any(w.startswith("--merge") or w in ("--uncache", "--splitcache", "--splitmirrors")
                                      for w in argv[1:]):
        return "%s rewrites a volume with another's data" % next(w for w in argv[1:] if w.startswith("--"))
    return None


# btrfs subcommands (first and second word, as btrfs abbreviates them) that destroy data.
_BTRFS = (("subvolume", "delete"), ("device", "delete"), ("device", "remove"))


# `btrfs check` options that write (its default is read-only: the repair and the tree
# rebuilds rewrite the file system in place, as e2fsck -y does), in getopt's abbreviations.
_BTRFS_CHECK_WRITES = ("--repair", "--init-csum-tree", "--init-extent-tree", "--clear-space-cache", "--clear-ino-cache")
_DESTROYS = "destroys a subvolume or a device's part of the file system"
_REWRITES = "rewrites the file system in place (repairing, rebuilding or zeroing its trees; on a mounted or damaged one it can lose it)"


def btrfs_harm(argv):
    """`btrfs subvolume delete`, `btrfs sub del`, `btrfs device remove` (destroying), `btrfs check
    --repair`, `btrfs rescue zero-log` (rewriting in place, red team 33): what it does, or None."""
    words = [w for w in argv[1:] if not w.startswith("-")]
    if len(words) < 2:
        return None
    for group, action in _BTRFS:
        if group.startswith(words[0]) and action.startswith(words[1]) and words[1]:
            return "`btrfs %s %s` %s" % (words[0], words[1], _DESTROYS)
    if "rescue".startswith(words[0]) and len(words[0]) >= 3 and not "create-control-device".startswith(words[1]):
        return "`btrfs %s %s` %s" % (words[0], words[1], _REWRITES)
    if "check".startswith(words[0]) and len(words[0]) >= 2:
        for w in argv[2:]:
            option = w.split("=", 1)[0]
            if len(option) >= 5 and any(full.startswith(option) for full in _BTRFS_CHECK_WRITES):
                return "`btrfs check %s` %s" % (w, _REWRITES)
    return None


def code_kills_everything(code):
    """Interpreter code that sends a signal to pid -1 (every process the user may signal):
    `os.kill(-1, 9)`, `process.kill(-1)`, `kill 9, -1`, `Process.kill(:KILL, -1)`,
    `posix_kill(-1, 9)`. The marker found, or None."""
    text = "".join(code.lower().split())
    k = text.find("kill")
    while k >= 0:
        tail = text[k + 4:k + 60]
        end = min([j for j in (tail.find(";"), tail.find(")")) if j >= 0] or [len(tail)])
        call = tail[:end + 1]
        if call.startswith(("(-1,", "(-1)")) or ",-1)" in call or ",-1;" in call or "=>-1" in call or \
                call.endswith(",-1") or ",-1," in call:
            return "kill" + call
        k = text.find("kill", k + 4)
    return None


# Signals process 1 takes harmlessly under every init: none (0, an existence check), HUP (reload its
# configuration), and those the kernel never delivers to init (KILL, STOP) or that only resume (CONT).
_INIT_SAFE = frozenset(("0", "HUP", "1", "KILL", "9", "STOP", "19", "CONT", "18"))
_INIT_NAMES = frozenset(("systemd", "init", "^systemd$", "^init$", "upstart", "runit", "openrc-init", "s6-svscan",
                         "busybox", "tini", "dumb-init"))


def init_signal(exe, argv):
    """`kill -INT 1`, `kill 1` (TERM), `kill -s RTMIN+4 1`, `pkill -USR2 init`, `killall -INT systemd`:
    what signals process 1 with a signal it may act on, or None."""
    signal, targets, k = "TERM", [], 1
    while k < len(argv):
        w = argv[k]
        k += 1
        if w == "--":
            targets += argv[k:]
            break
        if w in ("-l", "-L", "--list", "--table", "-V", "--version", "-h", "--help"):
            return None
        if w in ("-s", "-n", "--signal") and k < len(argv):
            signal = argv[k]
            k += 1
        elif w.startswith("--signal="):
            signal = w.split("=", 1)[1]
        elif w.startswith("-") and len(w) > 1 and not targets and (exe == "kill" or w[1:2].isupper() or w[1:].isdigit()):
            signal = w[1:]
        elif w.startswith("-"):
            if exe != "kill" and w in ("-u", "-U", "-g", "-G", "-P", "-s", "-t", "-F", "--user", "--uid", "--euid"):
                k += 1  # (pkill's and killall's valued options)
        else:
            targets.append(w)
    name = signal.upper().removeprefix("SIG")
    if name in _INIT_SAFE:
        return None
    for t in targets:
        if exe == "kill":
            try:
                hit = int(t.strip()) == 1
            except ValueError:
                hit = False
        else:
            hit = t in _INIT_NAMES
        if hit:
            return "`%s` sends SIG%s to %s" % (" ".join(argv)[:80], name,
                                                "process 1 (init)" if exe == "kill" else "`%s` (init)" % t)
    return None
