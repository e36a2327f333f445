"""Match the tripwire catalogue (rules/tripwires.json) against an analysed command.

The catalogue is reviewable data: id, severity, human reason and a `match` object whose
`kind` picks one function here and whose other keys parameterise it. Matching is on the parsed
commands (executables after unwrapping, normalised absolute paths), never on raw text, so a
quoted `"rm -rf /"` in a commit message matches nothing while `bash -c 'rm -rf /'` does.
The catalogue is read on the hot path: JSON, loaded once per process.
"""

import os


from legant_guard.hook.paths import wildcard_match
from legant_guard.shell.words import absolute, has_glob

_CATALOGUE = None


def catalogue():
    global _CATALOGUE
    if _CATALOGUE is None:
        from legant_guard import rulesfiles

        _CATALOGUE = rulesfiles.load("tripwires.json")
    return _CATALOGUE


def _comps(path):
    return [c for c in path.split("/") if c]


def _comp_may_equal(a, b):
    """Could component a (maybe a pattern) and component b (maybe a pattern) name the same entry?"""
    ga, gb = has_glob(a), has_glob(b)
    if ga and gb:
        return True
    if ga:
        return wildcard_match(a, b, escapes=True)
    if gb:
        return wildcard_match(b, a, escapes=True)
    return a == b


def _shape_matches(comps, shape):
    """Path components (maybe patterns) against a shape: literals, "*" = any one, "**" = any rest."""
    for k, d in enumerate(shape):
        if d == "**":
            return True
        if k >= len(comps):
            return False
        c = comps[k]
        if c == "**":
            return True
        if d != "*" and not _comp_may_equal(c, d):
            return False
    return len(comps) == len(shape)


def overlaps(pattern, path):
    """Could something matching `pattern` be `path`, be inside it, or contain it?"""
    a, b = _comps(pattern), _comps(path)
    for k in range(min(len(a), len(b))):
        if a[k] == "**":
            return True
        if not _comp_may_equal(a[k], b[k]):
            return False
    return True


# ---- which critical location a path is ------------------------------------------------------
def _shapes(cat, home, kinds):
    sys_dirs = cat.get("system_dirs", [])
    parents = cat.get("user_home_parents", ["home", "Users"])
    h = _comps(home)
    shapes = []
    if "root" in kinds:
        shapes.append(([], "the root directory /"))
    if "system" in kinds:
        for s in sys_dirs:
            shapes.append(([s, "**"], "the system directory /%s or something inside it" % s))
    if "system_dir" in kinds:
        for s in sys_dirs:
            shapes.append(([s], "the system directory /%s" % s))
    if "system_subdir" in kinds:
        for s in cat.get("system_subdirs", []):
            shapes.append((s.split("/"), "a folder of the system's own programs, libraries or settings"))
    if "home" in kinds:
        if h:
            shapes.append((h, "your home directory %s" % home))
        for p in parents:
            shapes.append(([p, "*"], "a home directory (/%s/<user>)" % p))
    if "home_child" in kinds:
        if h:
            shapes.append((h + ["*"], "a folder directly inside your home directory %s" % home))
        for p in parents:
            shapes.append(([p, "*", "*"], "a folder directly inside a home directory (/%s/<user>/...)" % p))
    if "top_level" in kinds:
        shapes.append((["*"], "a top-level directory"))
    return shapes


def critical(path, mode, cat, home, kinds):
    """A description of the critical location `path` is (or could be), else None."""
    comps = _comps(path)
    if mode == "children":
        comps = comps + ["*"]
    elif mode == "descendants":
        kinds = [k for k in kinds if k in ("root", "system")]
        if not comps:
            return "everything under the root directory /"
        comps = comps + ["**"]
    elif mode == "unknown-cwd":
        return "`%s` in a directory that could not be determined" % path
    elif mode == "if-empty":
        # (`rm -rf "$HOME/$x"`, `rm -rf ${x:-~}`: with x empty or unset, the home folder itself)
        kinds = [k for k in kinds if k in ("root", "system", "system_dir", "home")] + (["top_level"] if has_glob(path) else [])
    shapes = _shapes(cat, home, kinds)
    if has_glob(path):  # `/*` is every top-level directory before it is any one of them
        shapes.sort(key=lambda s: s[0] != ["*"])
    for shape, what in shapes:
        if _shape_matches(comps, shape):
            shown = path if mode == "self" else (path.rstrip("/") + "/*" if mode == "children" else path)
            if shape == [] or shape == ["*"] or (shape and shape[-1] == "**"):
                return "%s (%s)" % (shown, what) if shown != "/" else what
            return "%s (%s)" % (shown, what)
    return None


# ---- the kinds ------------------------------------------------------------------------------
def _k_move_away(entry, analysis, home, cat):
    """`mv /usr /tmp/x` takes a system folder (and the programs in it) away as surely as deleting
    it does: the root, a top-level or system folder itself, or the home folder, moved elsewhere."""
    for cmd in analysis.commands:
        if cmd.executable not in entry["match"]["commands"]:
            continue
        for path in _moved_away(cmd):
            if len(_comps(path)) > 1 and path.rstrip("/") != home.rstrip("/"):
                continue  # (something inside them: `mv /usr/local/bin/x /tmp` is an everyday move)
            what = critical(path, "self", cat, home, entry["match"]["targets"])
            if what:
                return {"target": what, "exe": cmd.executable}
    return None


def _k_recursive_delete(entry, analysis, home, cat):
    for cmd in analysis.commands:
        if not cmd.recursive or not cmd.deletes:
            continue
        for target in cmd.delete_targets:
            what = critical(target.path, target.mode, cat, home, entry["match"]["targets"])
            if what:
                if target.mode == "if-empty":
                    what += " if a variable in the operand is empty or unset"
                return {"target": what, "exe": cmd.executable}
    return None


def _moved_away(cmd):
    """The absolute paths `mv` moves away: its operands but the destination (the last one, or
    the folder of -t/--target-directory)."""
    argv = cmd.argv
    operands, target, end, k = [], None, False, 1
    while k < len(argv):
        w = argv[k]
        k += 1
        if end or not w.startswith("-") or w == "-":
            operands.append(w)
        elif w == "--":
            end = True
        elif w.startswith("--"):
            name, eq, _ = w.partition("=")
            if name in ("--target-directory", "--suffix") and not eq:
                k += 1
            target = "" if name == "--target-directory" else target
        else:
            for j, c in enumerate(w[1:], 1):
                if c in "tS":
                    if c == "t":
                        target = ""
                    k += 0 if j + 1 < len(w) else 1
                    break
    sources = operands if target is not None else operands[:-1]
    return [absolute(p, cmd.cwd) for p in sources]


_DERIVED = {}  # (what, id(a list of the catalogue)) -> (what was worked out from it, the list kept alive)


def _derived(what, values, work_out):
    """`work_out(values)` for a list of the catalogue, worked out once per process (a long command
    line runs hundreds of programs past every entry)."""
    key = (what, id(values))
    found = _DERIVED.get(key)
    if found is None:
        found = _DERIVED[key] = (work_out(values), values)
    return found[0]


def _split_names(names):
    """(the plain names, [(pattern, its characters before the first wildcard or escape)])."""
    plain = frozenset(n for n in names if not any(c in n for c in "*?[\\"))
    patterns = [n for n in names if n not in plain]
    return plain, [(n, n[:min((n.find(c) for c in "*?[\\" if c in n), default=len(n))]) for n in patterns]


def _names_match(names, executable):
    """Does one of a tripwire's program names (bash patterns allowed) match `executable`? Plain
    names are a set lookup; a pattern's literal start (`mkfs.` of `mkfs.*`) rules most names out."""
    plain, patterns = _derived("names", names, _split_names)
    return executable in plain or any(executable.startswith(prefix) and wildcard_match(n, executable, escapes=True)
                                      for n, prefix in patterns)


def names_a_program(name):
    """Is `name` one of the programs a tripwire entry names (`mkfs.ext4`, `sgdisk`, `shutdown`)?"""
    return any("names" in e["match"] and _names_match(e["match"]["names"], name) for e in catalogue()["tripwires"])


# (an analysis, the executables of its commands, its git commands read once: None until asked):
# the last one matched
_LAST = (None, frozenset(), None)


def _executables(analysis):
    """The executables of the analysis's commands as a set, worked out once per match() (a long
    command line runs a few programs hundreds of times, and every entry of the catalogue asks).
    One read of _LAST, one write: a call on another thread cannot mix two analyses' sets."""
    last = _LAST
    if last[0] is not analysis:
        last = _remember_executables(analysis)
    return last[1]


def _remember_executables(analysis):
    global _LAST
    _LAST = last = (analysis, frozenset(cmd.executable for cmd in analysis.commands), None)
    return last


def _git_list(analysis):
    """[(cmd, subcommand, its words)] of the analysis's git commands, read once per match() (some
    thirty entries of the catalogue ask for git's subcommands)."""
    global _LAST
    last = _LAST
    if last[0] is not analysis:
        last = _remember_executables(analysis)
    if last[2] is None:
        last = _LAST = (last[0], last[1], [(cmd,) + _git_args(cmd) for cmd in analysis.commands
                                           if cmd.executable == "git"])
    return last[2]


def _k_executable(entry, analysis, home, cat):
    m = entry["match"]
    names = m["names"]
    plain, patterns = _derived("names", names, _split_names)
    executables = _executables(analysis)
    if plain.isdisjoint(executables) and (not patterns or not any(_names_match(names, exe) for exe in executables)):
        return None  # (no command runs one of the programs: the loop below would find none)
    for cmd in analysis.commands:
        if not _names_match(m["names"], cmd.executable):
            continue
        subs = m.get("subcommands")
        if subs is None:
            return {"exe": cmd.executable}
        for word in cmd.argv[1:]:
            if word in subs or "short" in m and _short_bundle(word, m):
                if "with" not in m:
                    return {"exe": cmd.executable, "sub": word}
                also = next((w for w in cmd.argv[1:] if w in m["with"] or w.split("/", 1)[0] in m["with"]), None)
                if also is not None:  # (`kubectl delete ns/prod`: a kind and a name in one word)
                    return {"exe": cmd.executable, "sub": "%s %s" % (word, also)}
    return None


def _short_bundle(word, m):
    """Is `word` a bundle of short options holding the entry's `short` letter before any letter
    that takes a value (`crontab -ir`, not `crontab -uroot`)?"""
    if word[:1] != "-" or word[1:2] in ("", "-"):
        return False
    for c in word[1:]:
        if c == m["short"]:
            return True
        if c in m.get("short_values", ""):
            return False
    return False


def _first_names(shapes):
    """The literal first components of the shapes, or None when one is a pattern."""
    heads = [(_comps(d) or ["**"])[0] for d in shapes]
    return None if any(h in ("*", "**") or has_glob(h) for h in heads) else frozenset(heads)


def _is_device(path, devices, not_devices=()):
    comps = _comps(path)
    firsts = _derived("first names", devices, _first_names)
    if firsts is not None and (not comps or (comps[0] not in firsts and not has_glob(comps[0]))):
        return False  # every device shape starts with /dev: a path elsewhere is none (most targets)
    for d in not_devices:
        if _shape_matches(comps, _comps(d)):
            return False
    for d in devices:
        if _shape_matches(comps, _comps(d)):
            return True
    return False


def _k_block_device_write(entry, analysis, home, cat):
    m = entry["match"]
    devices = m["devices"]
    not_devices = m.get("not_devices", ())
    for cmd in analysis.commands:
        for t in _device_write_targets(cmd, m["writers"]):
            if _is_device(t, devices, not_devices):
                return {"target": t, "exe": cmd.executable}
    return None


def _device_write_targets(cmd, writers):
    """The files `cmd` writes that the block-device tripwire looks at: redirect targets and what
    the catalogue's `writers` table names for its program."""
    targets = [r.target for r in cmd.redirects if ">" in r.op]
    how = writers.get(cmd.executable)
    if how == "all":
        targets += cmd.paths
    elif how == "last" and cmd.paths:
        targets.append(cmd.paths[-1])
    elif how == "of":
        targets += [absolute(a[3:], cmd.cwd) for a in cmd.argv[1:] if a.startswith("of=")]
    elif isinstance(how, list):  # the options that name the output (`openssl enc -out /dev/sda`)
        keys = tuple(k for k in how if k[-1:] == "=")  # and dd-style keys (`dc3dd wipe=/dev/sda`)
        targets += [absolute(v, cmd.cwd) for v in _option_values(cmd.argv, [k for k in how if k not in keys])]
        if keys:
            targets += [absolute(a.split("=", 1)[1], cmd.cwd) for a in cmd.argv[1:] if a.startswith(keys)]
    elif how == "addresses":  # socat's `FILE:/dev/sda`, `OPEN:/dev/sda,creat`, `/dev/sda`
        for a in cmd.argv[1:]:
            head, colon, rest = a.partition(":")
            if colon and head.upper() in ("FILE", "OPEN", "CREATE", "CREAT", "GOPEN"):
                a = rest
            if a.startswith("/"):
                targets.append(a.split(",", 1)[0])
    if cmd.executable == "qemu-img":  # `qemu-img dd if=x of=/dev/sda`
        targets += [absolute(a[3:], cmd.cwd) for a in cmd.argv[1:] if a.startswith("of=")]
    if cmd.code is not None and not cmd.code.dynamic and "/dev/" in cmd.code.text:
        # `python3 -c "open('/dev/sda','wb')"`: a device the interpreter code names
        targets += _device_strings(cmd.code.text)
    return [_through_proc_root(t) for t in targets]


def _through_proc_root(path):
    """`/proc/1/root/dev/sda`, `/proc/self/task/7/root/dev/sda`: a process's root link is `/` for
    every process of this mount namespace (the guard cannot read another user's link itself)."""
    if path[:6] != "/proc/":
        return path
    comps = path.split("/")
    k = 3 if len(comps) > 3 and comps[3] == "root" else 5 if len(comps) > 5 and comps[3] == "task" and \
        comps[5] == "root" else 0
    return "/" + "/".join(comps[k + 1:]) if k else path


def _device_tripwires():
    """The catalogue's entries of the block-device kind (write-block-device, sysrq-trigger ...)."""
    return [entry for entry in catalogue()["tripwires"] if entry["match"]["kind"] == "block_device_write"]


def device_written_through_link(cmd, physical):
    """`dd of=x` where x is a symlink to /dev/sda (made in an earlier call, or earlier in the same
    command line), `> r/dev/sda` where r leads to /, `/usr/bin/X11/../../dev/sda` (X11 is `.`):
    the kernel writes where the link leads, which the spelled path does not show. `physical(path)`
    gives the paths the kernel may reach for a written path (the engine resolves links on disk
    and those made earlier in the line). A Hit of the block-device tripwire, or None. Looked at
    only for programs that write a device by name and for redirects (a cheap test first)."""
    for entry in _derived("device entries", catalogue()["tripwires"], lambda _: _device_tripwires()):
        m = entry["match"]
        writers = m["writers"]
        if not (cmd.redirects or cmd.executable in writers or cmd.executable == "qemu-img"):
            continue
        for t in _device_write_targets(cmd, writers):
            if t.startswith("/"):
                hit = _device_hit(entry, t, [real for real in physical(t) if real != t], cmd.executable)
                if hit is not None:
                    return hit
    return None


def device_written_by_tool(spellings, tool):
    """A file tool (Write, Edit, apply_patch) writing onto a disk: `spellings` are the path as
    named and as the kernel reaches it (links followed). A Hit of the block-device tripwire, or
    None."""
    for entry in _derived("device entries", catalogue()["tripwires"], lambda _: _device_tripwires()):
        hit = _device_hit(entry, spellings[0], spellings, tool)
        if hit is not None:
            return hit
    return None


def _device_hit(entry, spelled, reals, exe):
    m = entry["match"]
    for real in reals:
        if real[:5] == "/dev/" and _is_device(real, m["devices"], m.get("not_devices", ())):
            from legant_guard.shell import Hit

            target = real if real == spelled else f"{real} (through a symlink, {spelled} leads there)"
            return Hit(entry["id"], entry["severity"], entry["reason"].format_map(_Fill({"target": target, "exe": exe})))
    return None


def _device_strings(text):
    """The /dev/... paths spelled in program text, each up to a quote, blank or bracket."""
    found, k = [], text.find("/dev/")
    while k >= 0:
        end = k
        while end < len(text) and text[end] not in "'\"` \t\n,;)]}>":
            end += 1
        found.append(text[k:end])
        k = text.find("/dev/", end)
    return found


def _option_values(argv, options):
    """The values of `options` in argv: `-o X`, `--output=X`, `-oX` (one-letter options)."""
    values, k = [], 1
    while k < len(argv):
        w = argv[k]
        k += 1
        if w in options and k < len(argv):
            values.append(argv[k])
            k += 1
        elif "=" in w and w.split("=", 1)[0] in options:
            values.append(w.split("=", 1)[1])
        elif len(w) > 2 and w[:2] in options and not w.startswith("--"):
            values.append(w[2:])
    return values


def _k_disk_tool(entry, analysis, home, cat):
    """Partitioning and volume tools (sgdisk, parted, zpool, mdadm, cryptsetup, nvme ...):
    anything but their read-only forms. A form is read-only when its first operand is a
    read-only subcommand (`zpool status`), or when it has options, every one of them read-only
    (`fdisk -l`), and its operands are only devices (`sfdisk --list /dev/sda`): one read-only
    option does not make `parted -l -s /dev/sda rm 1` or `sgdisk -p -Z /dev/sda` harmless."""
    m = entry["match"]
    for cmd in analysis.commands:
        if cmd.executable not in m["names"]:
            continue
        readonly = m["readonly"].get(cmd.executable, ())
        subcommands = m.get("readonly_subcommands", {}).get(cmd.executable, ())
        words = cmd.argv[1:]
        options = [w for w in words if w.startswith("-") and len(w) > 1]
        operands = [w for w in words if not (w.startswith("-") and len(w) > 1)]
        if operands and operands[0] in subcommands:
            continue
        if options and all(w in readonly for w in options) and all(o.startswith("/dev/") for o in operands):
            continue
        return {"exe": cmd.executable}
    return None


def _signal_and_pids(argv):
    """kill's words: (signal given?, [pid operands])."""
    pids = []
    k = 1
    signal = False
    while k < len(argv):
        w = argv[k]
        k += 1
        if w == "--":
            pids += argv[k:]
            break
        if w in ("-s", "-n", "--signal") and not pids and not signal:
            signal = True
            k += 1
            continue
        if w.startswith("-") and not pids and not signal and len(w) > 1 and w != "-1" or \
                (w == "-1" and not signal and not pids and k < len(argv)):
            signal = True  # -9, -KILL, -SIGKILL, and `kill -1 PID` (signal 1)
            continue
        pids.append(w)
    return signal, pids


def _is_minus_one(pid):
    """kill reads a pid as a decimal number: `-1`, `-0001`, ` -1` are all every process. procps'
    /bin/kill (what `xargs`, `env`, `timeout`, `sudo` start) reads a long and passes it on as a
    32-bit pid_t: `4294967295`, `-4294967297`, `9223372036854775807` are -1 there too."""
    try:
        value = int(pid.strip())
    except ValueError:
        return False
    return -(1 << 63) <= value < (1 << 63) and value % (1 << 32) == (1 << 32) - 1


def _k_kill_all(entry, analysis, home, cat):
    """Signals sent to every process: `kill -9 -1`, `pkill .`, `killall -u USER`, killall5; a kill
    whose targets are read at run time from a listing of every process (shell/pidlists.py)."""
    m = entry["match"]
    at_run_time = False
    for cmd in analysis.commands:
        exe = cmd.executable
        if exe in m["always"]:
            return {"exe": exe, "how": exe}
        if cmd.code is not None and not cmd.code.dynamic and "kill" in cmd.code.text and "-1" in cmd.code.text:
            from legant_guard.shell.systemkinds import code_kills_everything  # (os.kill(-1, 9))

            marker = code_kills_everything(cmd.code.text)
            if marker:
                return {"exe": exe, "how": "its code calls `%s`, pid -1 (every process)" % marker}
        if exe == "kill":
            _sig, pids = _signal_and_pids(cmd.argv)
            if any(_is_minus_one(p) for p in pids):
                return {"exe": exe, "how": "pid -1 (every process)"}
            at_run_time = at_run_time or (cmd.via if not pids else not all(_literal_pid(p) for p in pids))
        elif exe in ("pkill", "killall", "skill"):  # (skill: procps' old `skill -KILL -u USER`)
            how = _pkill_everything(exe, cmd.argv, m)
            if how:
                return {"exe": exe, "how": how}
            at_run_time = at_run_time or bool(cmd.via)
    if at_run_time:  # (`kill -9 $(ps -e -o pid=)`, `ps -eo pid= | xargs kill -9`)
        from legant_guard.shell.pidlists import every_pid_kill

        how = every_pid_kill(analysis, lambda argv: _pkill_everything("pkill", argv, m))
        if how:
            return {"exe": "kill", "how": how}
    return None


def _literal_pid(word):
    """A pid or job the command line names itself (`1234`, `%1`), not one read at run time."""
    return word[:1] == "%" or word.strip().lstrip("-+").isdigit()


def _pkill_everything(exe, argv, m):
    """How `pkill`/`killall`/`skill ARGV` selects every process, or None."""
    operands, users, k, selects = [], False, 1, None
    while k < len(argv):
        w = argv[k]
        k += 1
        if w.startswith("-") and len(w) > 1:
            if exe == "pkill" and (w == "--inverse" or (not w.startswith("--") and "v" in w[1:] and
                                                        not w[1:].isupper())):
                # `pkill -v NAME`: every process but the ones matching NAME
                return "`%s` selects every process the pattern does not match" % w
            if w in ("-u", "-U", "--euid", "--uid", "--user"):
                users = True
                k += 1
            elif w in ("-P", "--parent") and k < len(argv) and "1" in argv[k].split(","):
                users = "every child of init (the machine's daemons)"
                k += 1
            elif w in m["arg_options"]:
                if exe == "pkill" and k < len(argv) and (w, argv[k].strip()) in _WHOLE_GROUPS:
                    selects = "`%s %s`" % (w, argv[k].strip())
                elif exe == "pkill" and w in ("-t", "--terminal"):
                    selects = "`%s %s` (everything on that terminal)" % (w, argv[k])
                k += 1
            continue
        operands.append(w)
    regex = exe == "pkill" or any(w in ("-r", "--regexp") for w in argv[1:])
    everything = [o for o in operands if not any(c.isalnum() for c in o) or (regex and _matches_any_name(o))]
    if everything:
        return "the pattern `%s` matches every process" % everything[0]
    if users and not operands:
        return users if users is not True else "every process of a user"
    if selects and not operands:
        return "every process %s selects" % selects
    return None


# pkill selections that take every process of the session or of the machine's first process
# (the agent, its terminal and the user's shells): `pkill -s 0` (pkill's own session), `-P 1`.
_WHOLE_GROUPS = frozenset((("-s", "0"), ("--session", "0"), ("-P", "1"), ("--parent", "1")))


def _k_unit_pattern(entry, analysis, home, cat):
    """`systemctl stop '*'`: a unit pattern (systemctl matches it against the loaded units) with
    no letter or digit of its own before the type suffix matches every unit of that type, the
    ones the machine needs to run (journald, dbus, networking, logins) included."""
    m = entry["match"]
    if not any(_names_match(m["names"], exe) for exe in _executables(analysis)):
        return None
    for cmd in analysis.commands:
        if not _names_match(m["names"], cmd.executable):
            continue
        words, k, end = [], 1, False
        argv = cmd.argv
        while k < len(argv):
            w = argv[k]
            k += 1
            if end or not w.startswith("-") or w == "-":
                words.append(w)
            elif w == "--":
                end = True
            elif w in m["value_options"]:
                k += 1
        if not words or words[0] not in m["verbs"]:
            continue
        for unit in words[1:]:
            kind = _every_unit(unit)
            if kind:
                return {"exe": cmd.executable, "verb": words[0], "unit": unit, "what": m["verbs"][words[0]], "kind": kind}
    return None


def _every_unit(pattern):
    """The kind of unit (`service`, `unit`) every one of which `pattern` matches, or None: a
    pattern whose name holds no letter or digit outside brackets (`*`, `*.service`, `?*`, `[a-z]*`)."""
    if not any(c in pattern for c in "*?["):
        return None
    name, dot, suffix = pattern.rpartition(".")
    if not dot or not suffix.isalpha():
        name, suffix = pattern, "unit"
    if "*" not in name:
        return None  # (`?`, `[ab]` alone: names of one length only)
    plain, k = [], 0
    while k < len(name):
        if name[k] == "[":
            k = _bracket_end(name, k)
            continue
        if name[k] == "\\":
            k += 1
        plain.append(name[k:k + 1])
        k += 1
    return None if any(c.isalnum() for c in "".join(plain)) else suffix


_ANCHORS = ("^", "$", "\\b", "\\B", "\\<", "\\>", "\\`", "\\'")
_ANY_CHARACTER = (".", "\\S", "\\W", "\\s")


def _regex_parts(text, separator):
    """`text` split at `separator` outside brackets, groups and escapes."""
    parts, depth, start, k = [], 0, 0, 0
    while k < len(text):
        c = text[k]
        if c == "\\":
            k += 2
            continue
        if c == "[":
            k = _bracket_end(text, k)
            continue
        depth += c == "("
        depth -= c == ")"
        if c == separator and depth == 0:
            parts.append(text[start:k])
            start = k + 1
        k += 1
    return parts + [text[start:]]


def _bracket_end(text, k):
    """The index after the bracket expression that starts at text[k] (`[`)."""
    j = k + 1
    if text[j:j + 1] in ("^",):
        j += 1
    if text[j:j + 1] == "]":
        j += 1
    while j < len(text) and text[j] != "]":
        if text[j:j + 2] in ("[:", "[.", "[="):  # a class `[:alpha:]` holds a `]` of its own
            close = text.find(text[j + 1] + "]", j + 2)
            j = close + 2 if close > 0 else len(text)
        else:
            j += 1
    return j + 1


def _atoms(seq):
    """(atom, optional) for each atom of a regex sequence; optional: a quantifier lets it be absent."""
    out, k = [], 0
    while k < len(seq):
        c = seq[k]
        if c == "\\":
            atom, k = seq[k:k + 2], k + 2
        elif c == "[":
            j = _bracket_end(seq, k)
            atom, k = seq[k:j], j
        elif c == "(":
            depth, j = 0, k
            while j < len(seq):
                if seq[j] == "\\":
                    j += 2
                    continue
                if seq[j] == "[":
                    j = _bracket_end(seq, j)
                    continue
                depth += seq[j] == "("
                depth -= seq[j] == ")"
                j += 1
                if depth == 0:
                    break
            atom, k = seq[k:j], j
        else:
            atom, k = c, k + 1
        optional = False
        while k < len(seq) and seq[k] in "*?+{":
            if seq[k] in "*?" or seq[k:k + 2] in ("{0", "{,"):
                optional = True
            k = seq.find("}", k) + 1 if seq[k] == "{" and "}" in seq[k:] else k + 1
        out.append((atom, optional))
    return out


def _matches_any_name(pattern, depth=0):
    """Does the extended regex `pattern` (pkill's, killall -r's) match every process name? It
    does when one of its alternatives can match the empty string (`a*`, `x?`, `a|`, `(x|)`,
    `x{0}`, an anchor) or needs no more than one character of any kind (`foo|.`): a search
    finds that in any name. Read conservatively: what it cannot read counts as matching."""
    if depth > 8:
        return True
    for alternative in _regex_parts(pattern, "|"):
        required = []
        for atom, optional in _atoms(alternative):
            if optional or atom in _ANCHORS:
                continue
            if atom.startswith("(") and atom.endswith(")"):
                inner = atom[1:-1]
                if inner.startswith("?"):
                    return True  # (a Perl-style group pkill's regex does not have: not read)
                if _matches_any_name(inner, depth + 1):
                    continue
            required.append(atom)
        if not required or (len(required) == 1 and (required[0] in _ANY_CHARACTER or required[0].startswith("[^"))):
            return True
    return False


def _k_fork_bomb(entry, analysis, home, cat):
    if analysis.forkbombs:
        return {"name": analysis.forkbombs[0]}
    return None


def _k_fork_loop(entry, analysis, home, cat):
    if analysis.fork_loops:
        return {"loop": analysis.fork_loops[0]}
    return None


def _k_recursive_chmod(entry, analysis, home, cat):
    m = entry["match"]
    for cmd in analysis.commands:
        if cmd.executable not in m["commands"] or not cmd.recursive:
            continue
        for path in cmd.paths:
            what = critical(path, "self", cat, home, m["targets"])
            if what:
                return {"exe": cmd.executable, "target": what}
        for path in cmd.if_empty:
            what = critical(absolute(path, cmd.cwd), "if-empty", cat, home, m["targets"])
            if what:
                return {"exe": cmd.executable, "target": what + " if a variable in the operand is empty or unset"}
    return None


def _k_download_exec(entry, analysis, home, cat):
    downloaders = entry["match"]["downloaders"]
    for cmd in analysis.commands:
        for exe in cmd.runs_output_of:
            if exe in downloaders:
                runner = cmd.executable or (cmd.via[-1] if cmd.via else "a shell")
                return {"downloader": exe, "runner": "`%s`" % runner}
        if cmd.redirects and _reads_code(cmd.executable):
            # `bash < /dev/tcp/host/80`: bash itself connects, and the shell runs what comes back
            for r in cmd.redirects:
                if "<" in r.op and r.target.startswith(("/dev/tcp/", "/dev/udp/")):
                    return {"downloader": "bash's %s" % r.target, "runner": "`%s`" % cmd.executable}
    return None


def _reads_code(exe):
    """Does this program run the code it reads on its input (a shell, an interpreter)?"""
    from legant_guard.shell.knowledge import INTERPRETERS, SHELLS

    return bool(exe) and (exe in SHELLS or exe in INTERPRETERS or exe.startswith("python"))


def _git_args(cmd):
    """(subcommand, [its words]) of a git command line, skipping git's global options."""
    from legant_guard.shell.knowledge import GIT_GLOBAL_ARG, GIT_GLOBAL_FILE

    argv = cmd.argv
    k = 1
    while k < len(argv):
        t = argv[k]
        if not t.startswith("-"):
            return t, argv[k + 1 :]
        opt, eq, _ = t.partition("=")
        k += 2 if (opt in GIT_GLOBAL_ARG or opt in GIT_GLOBAL_FILE) and not eq else 1
    return None, []


def _git_cmds(analysis, sub):
    known = None
    if "git" not in _executables(analysis):
        return
    for cmd, s, rest in _git_list(analysis):
        if s == sub:
            yield cmd, rest
        elif s:
            if known is None:
                known = frozenset(catalogue()["git_commands"])
            if s in known or _c_alias(cmd.argv, s):
                continue
            alias = saved_alias(cmd.cwd, s)  # `git config alias.x reset` earlier: `git x --hard`
            if alias is not None:
                words = alias.split()
                if words and words[0] == sub:
                    yield cmd, words[1:] + rest
            elif _git_may_correct_in_time(s, sub) and _may_autocorrect(cmd, analysis):
                yield cmd, rest


def _git_may_correct_in_time(typed, command):
    """git_may_correct, within the call's deadline: a line of 900 unknown git subcommands runs
    the edit distance for each against every destructive subcommand (4.8 s under load)."""
    from legant_guard.hook.budget import tick

    tick()
    return git_may_correct(typed, command)


def _may_autocorrect(cmd, analysis):
    """gitautocorrect.may_autocorrect, loaded for an unknown git subcommand only."""
    from legant_guard.shell.gitautocorrect import may_autocorrect

    return may_autocorrect(cmd, analysis, _HOME[0])


def _names_existing_ref(cmd, rest, kind, value_options):
    """Does the first operand after git's subcommand name a ref that exists now (`kind`: "heads",
    "tags", or "any" for a full ref name)? Moving an existing branch or tag leaves its commits
    behind; making a new one does not. Where the repository cannot be placed (`git --git-dir=…`,
    GIT_DIR) it is taken to exist; with no repository at all git refuses the command itself.
    `kind` "refs": a full ref only (`git symbolic-ref HEAD …` moves no branch)."""
    from legant_guard.shell.gitforce import git_operands  # (`git tag -fm MSG v1`, `--mess MSG`, `--`)

    operands = git_operands(rest, value_options)
    if not operands:
        return kind not in ("any", "refs")  # `git branch -f` alone: git's own error; `checkout -B` alone moves nothing known
    name = operands[0]
    git_dir = _git_dir_of(cmd)
    if git_dir is None:
        return True
    if git_dir == "":
        return False  # no repository at all: git refuses the command itself
    ref = name if kind in ("any", "refs") else "refs/%s/%s" % (kind, name)
    if kind in ("any", "refs") and not ref.startswith("refs/"):
        return kind == "any"  # HEAD, a short name git resolves in several places: taken to exist
    return _ref_in(git_dir, ref)


def _ref_in(git_dir, ref):
    """Does the full ref `ref` exist in the repository at `git_dir` (loose or packed)? A ref with
    a `*` (a fetch refspec's pattern) exists when any ref of its folder does."""
    if "*" in ref:
        folder = ref[:ref.rfind("/", 0, ref.find("*")) + 1]
        try:
            if os.listdir(os.path.join(git_dir, folder)):
                return True
        except OSError:
            pass
    elif os.path.lexists(os.path.join(git_dir, ref)):
        return True
    from legant_guard.hook.scriptfiles import read_regular

    packed = read_regular(os.path.join(git_dir, "packed-refs"), 1 << 22)
    if packed is None:
        return os.path.lexists(os.path.join(git_dir, "packed-refs"))  # (one it cannot read: taken to exist)
    if "*" in ref:
        return (" " + folder) in packed
    return any(line.endswith(" " + ref) for line in packed.split("\n"))


def _ref_exists_for(cmd):
    """ref -> does it exist, in the repository `cmd` (a git command) works in; taken to exist
    where that repository cannot be placed, never where there is none."""
    git_dir = _git_dir_of(cmd)
    if git_dir is None:
        return lambda ref: True
    if git_dir == "":
        return lambda ref: False
    return lambda ref: _ref_in(git_dir, ref)


def _k_git_fetch_force(entry, analysis, home, cat):
    """`git fetch . +old:main`, `git fetch -f origin x:main`, `git pull origin +x:main`,
    `git fetch --tags --force`, `git -c remote.origin.fetch=+refs/heads/*:refs/heads/* fetch`,
    `git config remote.origin.fetch +refs/heads/*:refs/heads/*`: a local branch or tag that
    exists is moved (shell/gitforce.py)."""
    if "git" not in _executables(analysis):
        return None
    from legant_guard.shell.gitforce import config_fetch_force, fetch_force

    for sub in ("fetch", "pull"):
        for cmd, rest in _git_cmds(analysis, sub):
            how = fetch_force(cmd, sub, rest, _ref_exists_for(cmd), git_settings(cmd.argv, config=False))
            if how:
                return {"sub": sub, "how": how}
    for cmd in analysis.commands:
        if cmd.executable == "git" and "config" in cmd.argv:
            how = config_fetch_force(git_settings(cmd.argv))
            if how:
                return {"sub": "config", "how": how}
    return None


def _k_git_option_ref(entry, analysis, home, cat):
    """`git checkout HEAD~3 -B main`, `git switch old -C main`, `git worktree add -B main ../w`:
    the branch the option resets is its value, wherever the option stands; an existing one is
    moved (a new one is only made)."""
    m = entry["match"]
    from legant_guard.shell.gitforce import option_value

    for cmd, rest in _git_cmds(analysis, m["subcommand"]):
        action = m.get("action")
        if action:
            words = [w for w in rest if not w.startswith("-")]
            if words[:1] != [action]:
                continue
            rest = rest[rest.index(action) + 1:]
        name = option_value(rest, m.get("short", ""), m.get("long", ()))
        if name is not None and _ref_exists_for(cmd)("refs/heads/" + name):
            return {"operand": "%s %s" % (m.get("shown", "-" + m.get("short", "")), name)}
    return None


def _git_dir_of(cmd):
    """The common git folder of the repository `cmd` (a git command) works in, "" when there is
    none, or None when it cannot be known (`--git-dir`, `--work-tree`, a variable that moves it)."""
    argv = cmd.argv
    cwd = cmd.cwd
    k = 1
    while k < len(argv) and argv[k].startswith("-"):
        w = argv[k]
        if w.startswith(("--git-dir", "--work-tree", "--namespace")):
            return None
        # (`-C DIR` is in cmd.cwd already: the analysis runs git in DIR; reading it again from
        # cmd.cwd put `cd sub && git -C .. tag -f v1` in the folder above the repository)
        k += 2 if w in ("-C", "-c", "--config-env", "--exec-path") else 1
    if any(v in os.environ for v in ("GIT_DIR", "GIT_COMMON_DIR")):
        return None
    folder = cwd
    while True:
        dot = os.path.join(folder, ".git")
        if os.path.isdir(dot):
            git_dir = dot
            break
        if os.path.isfile(dot):
            from legant_guard.hook.scriptfiles import read_regular

            text = read_regular(dot, 4096) or ""
            if not text.startswith("gitdir:"):
                return None
            git_dir = absolute(text[7:].strip(), folder)
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            return ""
        folder = parent
    common = os.path.join(git_dir, "commondir")
    if os.path.isfile(common):
        from legant_guard.hook.scriptfiles import read_regular

        git_dir = absolute((read_regular(common, 4096) or "").strip() or ".", git_dir)
    return git_dir


_ALIASES = {}  # (cwd, name) -> alias value, for one match() call
_HOME = [None]  # the home of the match() call in progress


def saved_alias(cwd, name):
    """The value of `alias.NAME` in the repository's config or the user's (~/.gitconfig, XDG),
    read as git reads a plain `[alias]` section, or None. (`!` aliases are shell code, judged
    when they are set.)"""
    key = (cwd, name)
    if key not in _ALIASES:
        found = None
        for path in _config_files(cwd):
            value = _alias_in(path, name.lower())
            if value is not None:
                found = value
                if path.endswith(os.sep + "config") and ".git" in path:
                    break  # the repository's own setting wins
        _ALIASES[key] = found
    return _ALIASES[key]


def _config_files(cwd):
    files = []
    folder = cwd
    while folder:
        dot_git = os.path.join(folder, ".git")
        if os.path.isdir(dot_git):
            files.append(os.path.join(dot_git, "config"))
            break
        if os.path.isfile(dot_git):
            files.append(dot_git)  # a worktree's `gitdir:` file: its config is not followed here
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    home = _HOME[0] or os.environ.get("HOME") or os.path.expanduser("~")
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    # git reads the XDG file before ~/.gitconfig: of the two, ~/.gitconfig's alias wins
    return files + [os.path.join(xdg, "git", "config"), os.path.join(home, ".gitconfig")]


def _alias_in(path, name):
    from legant_guard.hook.scriptfiles import read_regular

    text = read_regular(path, 1 << 20)
    if not text:
        return None
    section, value = None, None
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            section = line[1:line.find("]")].strip().lower() if "]" in line else None
            line = line[line.find("]") + 1:].strip() if "]" in line else ""
            if not line:
                continue
        if section == "alias" and "=" in line:
            key, _, val = line.partition("=")
            if key.strip().lower() == name:
                value = val.strip().strip('"')
    return value


def _c_alias(argv, name):
    """Is `name` an alias set by `git -c alias.NAME=...` (analysed as such: shell/sinks.py)?"""
    prefix = "alias." + name.lower() + "="
    return any(w.lower().startswith(prefix) or w.lower().startswith("-c" + prefix) for w in argv)


def git_may_correct(typed, command):
    """Could git, with help.autocorrect on, run `command` for the unknown word `typed`? git takes
    a command the word begins, or one within its weighted edit distance (help.c: swap 0,
    substitution 2, insertion 1, deletion 3; similar enough below 7 with the +1 it adds)."""
    if command.startswith(typed):
        return True
    if len(typed) > 2 * len(command) + 8:
        return False
    return _git_levenshtein(typed, command) + 1 < 7


def _git_levenshtein(a, b, swap=0, sub=2, add=1, delete=3):
    row0 = None
    row1 = [j * add for j in range(len(b) + 1)]
    for i in range(len(a)):
        row2 = [(i + 1) * delete] + [0] * len(b)
        for j in range(len(b)):
            best = row1[j] + (sub if a[i] != b[j] else 0)
            if i > 0 and j > 0 and a[i - 1] == b[j] and a[i] == b[j - 1] and best > row0[j - 1] + swap:
                best = row0[j - 1] + swap
            best = min(best, row1[j + 1] + delete, row2[j] + add)
            row2[j + 1] = best
        row0, row1 = row1, row2
    return row1[len(b)]


def _short_has(word, letters):
    return word.startswith("-") and not word.startswith("--") and any(c in word[1:] for c in letters)


def _long_is(word, option, shortest=4):
    """Is `word` the long option `option` or an unambiguous abbreviation git accepts (`--har`)?
    A value after `=` must be the same (`--prune=now`)."""
    if word == option:
        return True
    name, eq, value = word.partition("=")
    oname, oeq, ovalue = option.partition("=")
    if eq != oeq or value != ovalue:
        return False
    return name.startswith("--") and len(name) >= min(shortest, len(oname)) and oname.startswith(name)


def _has_option(rest, option, shortest=4):
    if option.startswith("--"):
        return any(_long_is(w, option, shortest) for w in rest)
    if len(option) == 2:
        return any(_short_has(w, option[1]) for w in rest if w.startswith("-"))
    return option in rest


def _k_git(entry, analysis, home, cat):
    m = entry["match"]
    shortest = m.get("abbrev_min", 4)
    for cmd, rest in _git_cmds(analysis, m["subcommand"]):
        words = rest  # (operands go on after `--`: `git update-ref -- refs/heads/main X`)
        if "--" in rest:
            rest = rest[:rest.index("--")]
        action = m.get("action")
        if action and [w for w in rest if not w.startswith("-")][:1] != [action]:
            continue  # `git worktree remove`: the other conditions apply to that action only
        if m.get("always"):
            return {"operand": m["subcommand"]}
        opts = [w for w in rest if w.startswith("-")]
        for f in m.get("flags", []):
            if all(_has_option(opts, x, shortest) for x in f.split()):
                if m.get("existing_ref") and not _names_existing_ref(cmd, words, m["existing_ref"],
                                                                     m.get("value_options", ())):
                    break
                return {"operand": f}
        for option, harmless in m.get("valued", {}).items():
            # `git gc --prune=1.second.ago` is `--prune=now` by another name: any date but the default
            for j, w in enumerate(rest):
                name, eq, value = w.partition("=")
                if name in m.get("exact_options", ()):
                    continue  # (`git repack --cruft`: an option of its own, not an abbreviation)
                if not eq and m.get("separate_values") and j + 1 < len(rest):
                    eq, value, w = "=", rest[j + 1], w + " " + rest[j + 1]  # (`--cruft-expiration now`)
                if eq and _long_is(name, option, shortest) and value.strip().lower() not in harmless:
                    return {"operand": w}
        short = m.get("short")
        if short and any(_short_has(w, short) for w in opts):
            if m.get("existing_ref") and not _names_existing_ref(cmd, words, m["existing_ref"], m.get("value_options", ())):
                continue  # `git branch -f new HEAD`: a branch that is not there yet is only made
            return {"operand": "-" + short}
        groups = m.get("all_of")
        if groups and all(any(_has_option(opts, o, shortest) for o in group) for group in groups):
            return {"operand": " ".join(w for w in opts)}
        if m.get("min_operands") and _min_operands(words, m) and \
                (not m.get("existing_ref") or _names_existing_ref(cmd, words, m["existing_ref"], m.get("value_options", ()))):
            return {"operand": " ".join(words)}  # `git update-ref REF VALUE`
        first = m.get("first_operand")
        if first:
            operands = [w for w in rest if not w.startswith("-")]
            if operands and operands[0] in first:
                return {"operand": operands[0]}
    return None


def _min_operands(words, m):
    """Has the git command at least `min_operands` operands (the values of its options apart)?"""
    if len([w for w in words if not w.startswith("-")]) < m["min_operands"]:
        return False
    from legant_guard.shell.gitforce import git_operands

    return len(git_operands(words, m.get("value_options", ()))) >= m["min_operands"]


def git_settings(argv, config=True):
    """The (KEY in lower case, VALUE) settings a git command line makes: `-c KEY=VALUE` and
    `--config-env KEY=VAR` (either spelling; the value of a variable is unknown: None) among
    git's own options, and (`config`) `git config [set] [options] KEY VALUE`."""
    from legant_guard.shell.knowledge import GIT_GLOBAL_ARG, GIT_GLOBAL_FILE

    found = []
    k = 1
    while k < len(argv):
        t = argv[k]
        if not t.startswith("-"):
            break
        opt, eq, rest = t.partition("=")
        if opt in ("-c", "--config-env") and not eq and k + 1 < len(argv):
            setting, env = argv[k + 1], opt == "--config-env"
        elif opt == "--config-env" and eq:
            setting, env = rest, True
        elif t.startswith("-c") and len(t) > 2 and not t.startswith("--"):
            setting, env = t[2:], False
        else:
            setting = None
        if setting is not None:
            key, _, value = setting.partition("=")
            found.append((key.lower(), None if env else value))
        k += 2 if (opt in GIT_GLOBAL_ARG or opt in GIT_GLOBAL_FILE) and not eq else 1
    if config and k < len(argv) and argv[k] == "config":
        operands, skip = [], False
        for w in argv[k + 1:]:
            if skip:
                skip = False
            elif w.startswith("-"):
                skip = w in ("-f", "--file", "--blob", "--type", "--default", "--comment", "--value", "--url")
            else:
                operands.append(w)
        reads = any(w.startswith(("--get", "--unset", "--list", "--remove", "--rename")) or w in ("-l", "-e")
                    for w in argv[k + 1:])
        if operands[:1] == ["set"]:
            operands = operands[1:]
        if not reads and len(operands) >= 2:
            found.append((operands[0].lower(), operands[1]))
    return found


def _k_git_setting(entry, analysis, home, cat):
    """`git -c gc.pruneExpire=now gc`, `git config gc.reflogExpire now`: a setting that turns
    later housekeeping destructive (an unknown value, from `--config-env`, counts)."""
    if "git" not in _executables(analysis):
        return None
    m = entry["match"]
    exact = frozenset(k for k in m["keys"] if "*" not in k)
    patterns = [k.split("*", 1) for k in m["keys"] if "*" in k]
    for cmd in analysis.commands:
        if cmd.executable != "git":
            continue
        for key, value in git_settings(cmd.argv):
            if key in exact or any(key.startswith(a) and key.endswith(b) and len(key) > len(a) + len(b)
                                   for a, b in patterns):
                if value is None or (value.strip().lower() not in m.get("harmless", ()) and
                                     value.strip().startswith(tuple(m.get("harmful_prefixes", ("",))))):
                    return {"how": "%s=%s" % (key, "$VAR" if value is None else value)}
    return None


def _k_git_push_force(entry, analysis, home, cat):
    for cmd, rest in _git_cmds(analysis, "push"):
        operands = []
        for w in rest:
            if w in ("--force", "--mirror", "--delete", "--prune") or (w.startswith("--force") and not w.startswith("--force-with-lease") and not w.startswith("--force-if-includes")):
                return {"how": w}
            if _long_is(w, "--force", 5) or _long_is(w, "--mirror") or _long_is(w, "--delete") or _long_is(w, "--prune", 5):
                return {"how": w}
            if _short_has(w, "fd"):
                return {"how": w}
            if not w.startswith("-"):
                operands.append(w)
        for refspec in operands[1:]:
            if refspec.startswith("+"):
                return {"how": "refspec " + refspec}
            if refspec.startswith(":"):
                return {"how": "refspec %s deletes a remote branch" % refspec}
    return None


def _k_git_discard(entry, analysis, home, cat):
    m = entry["match"]
    for sub in m["subcommands"]:
        for cmd, rest in _git_cmds(analysis, sub):
            if sub == "restore" and ("--staged" in rest or "-S" in rest) and not ("--worktree" in rest or "-W" in rest):
                continue
            if sub == "checkout" and ("-b" in rest or "-B" in rest):
                continue
            top = None
            for w in rest:
                if w in m["operands"] or (not w.startswith("-") and w.endswith("/.")):
                    top = w
            # the working directory itself, spelled as a path
            if top is None:
                after = rest[rest.index("--") + 1 :] if "--" in rest else []
                for w in after:
                    if absolute(w, cmd.cwd) == cmd.cwd:
                        top = w
            if top is None:
                top = _whole_tree_pathspec(cmd, sub, rest)
            if top is not None:
                return {"sub": sub, "operand": top}
    return None


# Options of checkout/restore whose value is the next word (a revision, a branch name).
_DISCARD_VALUE_OPTIONS = frozenset(("-s", "--source", "-b", "-B", "--orphan", "--conflict", "--pathspec-from-file"))


def _whole_tree_pathspec(cmd, sub, rest):
    """`git checkout -- '?*'`, `git restore '**'`, `git restore src/..`, `git -C src checkout --
    ..`: a pathspec that covers the whole work tree as a pattern, or as a path at or above its
    top (read from git's own working folder, after -C). shell/gitforce.py; None if none does."""
    from legant_guard.shell.gitforce import whole_tree_spec, work_tree

    cwd, top = work_tree(cmd)
    specs, skip, ended = [], False, False
    for w in rest:
        if skip:
            skip = False
        elif ended or not w.startswith("-") or w == "-":
            specs.append(w)
        elif w == "--":
            ended = True
        elif w in _DISCARD_VALUE_OPTIONS:
            skip = True
    for spec in specs:
        found = whole_tree_spec(spec, cwd, top)
        if found is not None:
            return found
    return None


def _k_system_stop(entry, analysis, home, cat):
    """`systemctl stop '*'`, D-Bus power-off calls, LVM volumes taken offline or shrunk, btrfs
    subvolumes deleted (shell/systemkinds.py, loaded only when one of these programs runs)."""
    m = entry["match"]
    names = m["names"]
    exes = _executables(analysis)
    if not any(n in exes for n in names):
        return None
    from legant_guard.shell import systemkinds as SK

    for cmd in analysis.commands:
        exe = cmd.executable
        if exe not in names:
            continue
        what = m["what"]
        if what == "units":
            how = SK.unit_glob(cmd.argv)
        elif what == "dbus":
            found = SK.dbus_power(cmd.argv)
            how = found and "the D-Bus call `%s`" % found
        elif what == "lvm":
            how = SK.lvm_harm(exe, cmd.argv)
        elif what == "init":
            how = SK.init_signal(exe, cmd.argv)
        else:
            how = SK.btrfs_harm(cmd.argv)
        if how:
            return {"exe": exe, "how": how}
    return None


def _k_interpreter_fork_loop(entry, analysis, home, cat):
    """`perl -e 'fork while 1'`, `python3 -c 'while True: os.fork()'`: inline interpreter code
    that forks in an endless loop (the markers are compared with white space removed)."""
    from legant_guard.shell.forkbomb import code_forks_forever

    for cmd in analysis.commands:
        code = cmd.code.text if cmd.code is not None else ""
        marker = code_forks_forever(cmd.executable or "", code, entry["match"]["loops"]) if "fork" in code else None
        if marker:
            return {"exe": cmd.executable, "marker": marker}
    return None


_KINDS = {
    "interpreter_fork_loop": _k_interpreter_fork_loop,
    "recursive_delete": _k_recursive_delete,
    "move_away": _k_move_away,
    "executable": _k_executable,
    "block_device_write": _k_block_device_write,
    "fork_bomb": _k_fork_bomb,
    "fork_loop": _k_fork_loop,
    "recursive_chmod": _k_recursive_chmod,
    "download_exec": _k_download_exec,
    "git": _k_git,
    "git_setting": _k_git_setting,
    "git_push_force": _k_git_push_force,
    "git_discard": _k_git_discard,
    "git_fetch_force": _k_git_fetch_force,
    "git_option_ref": _k_git_option_ref,
    "disk_tool": _k_disk_tool,
    "kill_all": _k_kill_all,
    "system_stop": _k_system_stop,
    "unit_pattern": _k_unit_pattern,
}


class _Fill(dict):
    def __missing__(self, key):
        return "?"


def _as_programs(analysis):
    """The analysis with each command's executable as the program it runs (`MKFS.EXT4`, `DD`:
    macOS finds them in any case, shell/names.program_name), for the catalogue's names."""
    from legant_guard.shell.names import program_name

    def other_case(cmd):
        return any(name and program_name(name) != name for name in [cmd.executable] + list(cmd.runs_output_of)) or \
            (cmd.executable == "lvm" and len(cmd.argv) > 1)

    if not any(other_case(cmd) for cmd in analysis.commands):
        return analysis
    import copy

    view = copy.copy(analysis)
    view.commands = []
    for cmd in analysis.commands:
        if other_case(cmd):  # (`CURL x | SH`: the downloader too)
            cmd = copy.copy(cmd)
            cmd.executable = program_name(cmd.executable) if cmd.executable else cmd.executable
            cmd.runs_output_of = [program_name(name) if name else name for name in cmd.runs_output_of]
            if cmd.executable == "lvm" and len(cmd.argv) > 1:  # `lvm lvremove -f vg/lv`: lvm's own shell
                cmd.executable, cmd.argv = cmd.argv[1], cmd.argv[1:]
        view.commands.append(cmd)
    return view


# Programs whose arguments may hold a command line for codetripwires.py (its PROGRAMS).
_CODE_PROGRAMS = frozenset(("sed", "gsed", "vim", "vi", "nvim", "ex", "view", "vim.basic", "vim.tiny"))


def match(analysis, home):
    from legant_guard.shell import Hit

    cat = catalogue()
    hits = []
    _ALIASES.clear()  # read once per decision (a config may change between two calls)
    _HOME[0] = home  # the hook's HOME: where git finds the user's config
    analysis = _as_programs(analysis)
    _remember_executables(analysis)  # (afresh: the same analysis may have more commands since)
    for entry in cat["tripwires"]:
        fn = _KINDS.get(entry["match"]["kind"])
        if fn is None:
            # An entry this version cannot evaluate must not be silently ignored.
            hits.append(Hit(entry["id"], entry["severity"], "tripwire kind %r is not known to this version of legant" % entry["match"]["kind"]))
            continue
        found = fn(entry, analysis, home, cat)
        if found is not None:
            hits.append(Hit(entry["id"], entry["severity"], entry["reason"].format_map(_Fill(found))))
    # (a destructive hit does not end the search: the operator role lets those through, so a
    # `git push --force; python3 -c "os.system('rm -rf /')"` must still find the catastrophic one)
    if not any(h.severity == "catastrophic" for h in hits) and any(
            cmd.code is not None or cmd.executable in _CODE_PROGRAMS for cmd in analysis.commands):
        from legant_guard.shell.codetripwires import hits_in_code  # (`python3 -c "os.system('rm -rf /')"`)

        hits = hits + hits_in_code(analysis, home, match)
    return hits
