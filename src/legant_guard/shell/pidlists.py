"""Process ids listed at run time and handed to kill: `kill -9 $(ps -e -o pid=)` is `kill -9 -1`.

A kill (pkill, killall) whose targets are known only at run time (a substitution, xargs's input,
a loop's or `read`'s variable) signals whatever the command line printed for it. When the line
lists every process (`ps -e`, `ps aux`, `ps x`, `pgrep .`, `pgrep -u USER`, `ls /proc`,
`/proc/*/stat`, `lsof -t`, `top -b`, `pstree -p`, `fuser -m`, a cgroup's `cgroup.procs`) and
nothing after the listing in its pipeline narrows it to some processes (`grep NAME`,
`awk '/NAME/ {…}'`, `head -n 3`, a count), that kill signals every process: catastrophic for
every role (tripwire kill-every-process). Red team 33 left `kill -9 $(ps -e -o pid=)`,
`ps -eo pid | xargs kill -9` and `kill -9 $(pgrep .)` open; red team 38 closes them.

Where the listing's output goes is read from the command's syntax tree (the analysis does not
keep which substitution fed which word): a listing counts unless a filter follows it in its own
pipeline, or its output plainly goes to the terminal (the last stage of a pipeline at the top of
the line, no redirect; not inside a substitution, a function, alias or nested shell text, and
not on a line that pipes or redirects a keyword compound, `fi | …`, `done > f`, which the tree
does not show). A listing the tree does not show at all (a program name built at run time)
counts. Read conservatively: a filter the guard cannot read (`grep -f FILE`, `grep "$X"`, an
inverted or match-anything pattern, a pattern that names a user) does not narrow.

Loaded by shell/tripwires.py only for a kill whose targets are not all known.
"""

import re

from legant_guard.hook.budget import tick  # the guard's deadline (DESIGN invariant 7)
from legant_guard.shell.parse import Compound, ParseError, Simple, parse
from legant_guard.shell.names import basename

# Programs a filter stage may be run through (`sudo grep`, `command grep`) and their options
# with values: read past to the program
_WRAPPERS = {"sudo": ("-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U"), "command": (), "builtin": (),
             "exec": ("-a",), "nice": ("-n",), "nohup": (), "env": ("-u", "-C", "-S"), "stdbuf": ("-i", "-o", "-e"),
             "timeout": ("-k", "-s"), "setsid": (), "time": ("-f", "-o"), "ionice": ("-c", "-n", "-p")}
_GREPS = frozenset(("grep", "egrep", "fgrep", "zgrep", "rg", "ag", "ack", "pcregrep", "ugrep"))
_GREP_VALUE = frozenset(("-A", "-B", "-C", "-m", "--max-count", "-d", "-D", "--label", "-t", "--type", "-g",
                         "--glob", "-T", "--type-not", "--color", "--colour", "-M", "--max-columns"))
_AWKS = frozenset(("awk", "gawk", "mawk", "nawk", "busybox-awk"))
_HEADS = frozenset(("head", "tail"))
_COUNTERS = frozenset(("wc",))
# a small number of lines is some processes, not every one (`ps aux --sort=-%mem | head -2`)
_FEW = 16
# a grep's patterns and their alternatives, all told, read as narrowing at most (past this many
# it is taken not to narrow: `grep -e 000 -e 001 … -e 999` picks nearly every line of `ps aux`)
_MAX_ALTERNATIVES = 16
# ps: selections of every process (POSIX/GNU letters; BSD letters), options with a value
_PS_ALL = frozenset("eANadugUG")
_PS_VALUE = frozenset("oOpqCstuUgGkD")
_PS_BSD_ALL = frozenset("axU")
_PS_BSD_VALUE = frozenset("oOptUkq")
_PS_LONG_ALL = ("--deselect", "--user", "--User", "--group", "--Group")
_KEYWORD_PIPED = re.compile(r"\b(?:fi|done|esac)\s*(?:\||&?>|\d>)")
# a pattern of /proc's process folders (`for p in /proc/[0-9]*; do kill ${p#/proc/}; done`)
_PROC_GLOB = re.compile(r"/proc/+(?:[*?]|\[[^]/]*\])")
_LISTERS = frozenset(("ps", "pgrep", "lsof", "top", "pstree", "fuser", "ls", "find", "echo", "printf", "cat",
                      "stat", "awk", "gawk", "mawk", "grep", "head", "tail", "sed", "du", "procs", "btop",
                      "seq", "jot"))
# A run of numbers is a run of process ids once kill reads it (red team 41): `kill -9 $(seq 2
# 4194304)`, `seq 2 99999 | xargs kill -9` signal every process whose id falls in the range, as
# `kill -9 -1` does, and so does a counter a loop steps through (`for ((i=2; i<99999; i++)); do
# kill -9 $i; done`, `while …; do kill $i; i=$((i+1)); done`): a counter named in a kill's words
# (or printed into a pipe that ends in xargs kill) counts as such a listing.
_COUNTERS_SET = re.compile(r"\bfor\s*\(\(\s*([A-Za-z_]\w*)\s*=|\(\(\s*([A-Za-z_]\w*)\s*(?:\+\+|--|[-+*]=)|"
                           r"\(\(\s*(?:\+\+|--)\s*([A-Za-z_]\w*)|\b([A-Za-z_]\w*)=\$\(\(|\blet\s+['\"]?([A-Za-z_]\w*)")


def every_pid_kill(analysis, pkill_everything):
    """How a kill in `analysis` with targets known only at run time reaches every process, or
    None. `pkill_everything(argv)`: the kill-every-process reading of a pkill command line
    (tripwires.py), applied to pgrep's, whose selection is pkill's."""
    source = getattr(analysis, "source", None)
    listers = [cmd for cmd in analysis.commands if _lists_every(cmd, pkill_everything)]
    if not listers:
        if isinstance(source, str) and _PROC_GLOB.search(source):
            return "its targets are read at run time from a pattern of /proc, one entry per process"
        counter = _counter_killed(source) if isinstance(source, str) and "kill" in source else None
        if counter:
            return "its targets are the values of the counter `$%s`, a run of process ids" % counter
        return None
    try:
        tree = parse(source) if isinstance(source, str) else None
    except ParseError:
        tree = None
    if tree is None:
        return _how(listers[0])
    walk = _Walk(not _KEYWORD_PIPED.search(source))
    walk.tree(tree, captured=False, filtered=False)
    judged = set()
    for cmd in listers:
        name = basename(cmd.executable)
        if name in judged:
            continue
        judged.add(name)
        sites = walk.sites.get(name)
        if not sites or not all(sites):  # (a site: True when its output is narrowed or shown only)
            return _how(cmd)
    return None


def _counter_killed(source):
    """A variable the line steps with arithmetic (a loop's counter) that a kill takes as a target,
    or that is printed on a line whose pipe ends in xargs kill; else None. (One pass to cut the
    line at its separators, then one search per counter, at most 20: linear in the line.)"""
    names = []
    for found in _COUNTERS_SET.finditer(source):
        name = next(g for g in found.groups() if g)
        if name not in names:
            names.append(name)
        if len(names) >= 20:
            break
    if not names:
        return None
    parts = re.split(r"[;&|\n]", source)
    kills = "\n".join(p for p in parts if _KILL_WORD.search(p))
    if any(_XARGS_WORD.search(p) and _KILL_WORD.search(p) for p in parts):
        kills += "\n" + "\n".join(p for p in parts if _PRINT_WORD.search(p))
    for name in names:
        if re.search(r"\$\{?%s\b" % name, kills):
            return name
    return None


_KILL_WORD = re.compile(r"\bkill\b")
_XARGS_WORD = re.compile(r"\bxargs\b")
_PRINT_WORD = re.compile(r"\b(?:echo|printf)\b")


def _seq_many(exe, args):
    """Does `seq ARGS` (`jot ARGS`) print more than a few numbers (or as many as a value known
    only at run time asks)? seq: [FIRST [INCREMENT]] LAST; jot: [REPS [BEGIN [END [STEP]]]],
    100 numbers unless REPS says otherwise."""
    numbers, k = [], 0
    while k < len(args):
        w = args[k]
        k += 1
        if w in ("-f", "-s", "-b", "-p") or (exe == "seq" and w in ("--format", "--separator")):
            k += 1
        elif w.startswith("-") and not _NUMBER.fullmatch(w):
            continue
        else:
            numbers.append(w)
    if not all(_NUMBER.fullmatch(n) for n in numbers):
        return True
    values = [float(n) for n in numbers]
    if exe == "jot":
        return not values or values[0] > _FEW or values[0] <= 0
    if not values:
        return False
    first, step, last = (1.0, 1.0, values[0]) if len(values) == 1 else \
        (values[0], 1.0, values[1]) if len(values) == 2 else (values[0], values[1], values[2])
    return step != 0 and (last - first) / step + 1 > _FEW


_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _how(cmd):
    return "its targets are read at run time from `%s`, which lists every process" % " ".join(cmd.argv)[:80]


def _lists_every(cmd, pkill_everything):
    """Does this command (as the analysis expanded it) print every process (or every process of a
    user: `ps x`, `pgrep -u USER`, as `pkill -u USER` signals them)?"""
    exe = basename(cmd.executable or "")
    if exe not in _LISTERS and not any(p.startswith(("/proc", "/sys/fs/cgroup")) for p in cmd.paths):
        return False
    args = cmd.argv[1:]
    if exe == "ps":
        return _ps_every(args)
    if exe in ("seq", "jot"):
        return _seq_many(exe, args)
    if exe == "pgrep":
        return bool(pkill_everything(["pkill"] + args))
    if exe == "lsof":
        return _lsof_every(args)
    if exe == "top":
        return any(a.startswith("-") and "b" in a and "p" not in a for a in args) and \
            not any(a.startswith("-p") for a in args)
    if exe == "pstree":
        return any(a.startswith("-") and "p" in a[1:] for a in args) and not any(not a.startswith("-") for a in args)
    if exe == "fuser":
        return any(a in ("-m", "--mount") or (a.startswith("-") and not a.startswith("--") and "m" in a) for a in args)
    return any(_procs_path(p) for p in cmd.paths) or \
        (cmd.cwd in ("/proc", "/proc/") and exe in ("ls", "find", "echo", "printf", "stat", "du"))


def _procs_path(path):
    """/proc itself, or /proc/GLOB…: one entry per process; a cgroup's list of its processes."""
    if path.rstrip("/") == "/proc":
        return True
    if path.startswith("/proc/"):
        first = path[6:].split("/", 1)[0]
        return any(c in first for c in "*?[")
    return path.startswith("/sys/fs/cgroup") and path.endswith(("/cgroup.procs", "/tasks", "/cgroup.threads"))


def _ps_every(args):
    k = 0
    while k < len(args):
        w = args[k]
        k += 1
        if w == "":
            return True  # (a word known only at run time: it may select everything)
        if w.startswith("--"):
            name, eq, _ = w.partition("=")
            if name in _PS_LONG_ALL:
                return True
            if not eq and name in ("--pid", "--ppid", "--sid", "--tty", "--format", "--sort", "--cols", "--columns",
                                   "--rows", "--lines", "--width", "--quick-pid", "--context"):
                k += 1
        elif w.startswith("-"):
            for j, c in enumerate(w[1:], 1):
                if c in _PS_ALL:
                    return True
                if c in _PS_VALUE:
                    k += j == len(w) - 1
                    break
        else:
            for j, c in enumerate(w):
                if c in _PS_BSD_ALL:
                    return True
                if c in _PS_BSD_VALUE:
                    k += j == len(w) - 1
                    break
    return False


def _lsof_every(args):
    """`lsof -t` with no selection prints every process that has a file open (nearly all), and
    `lsof -t -u USER` every process of that user."""
    if not any(a.startswith("-") and not a.startswith("--") and "t" in a[1:] for a in args):
        return False
    k = 0
    while k < len(args):
        a = args[k]
        k += 1
        if a.startswith("+") or not a.startswith("-"):
            return False  # a file, a folder (+d/+D): those that have it open
        if any(c in a[1:] for c in "ipcgd"):
            return False
        if a[-1:] in ("u", "s", "T", "F", "k", "r", "S", "o") and len(a) > 1:
            k += 1  # (`-u USER` and the other options with a value)
    return True


class _Walk:
    """Every place a lister's name stands in the syntax tree, with whether its output there is
    narrowed or only shown (True) or handed on as it is (False): sites[name] = [bool, …]."""

    def __init__(self, shown_ok):
        self.sites = {}
        self.shown_ok = shown_ok  # (False: the line pipes a keyword compound the tree does not show)

    def tree(self, tree, captured, filtered, depth=0):
        if depth > 32:
            return
        for pipeline, sep in tree:
            cmds = pipeline.cmds
            narrowed = _narrowed_after(cmds)
            for k, node in enumerate(cmds):
                tick()
                # (a coprocess and a background job count as handed on: `coproc ps -e`, its fd read later)
                piped = k < len(cmds) - 1 or sep in ("|", "&")
                self.node(node, captured or piped, filtered or narrowed[k], depth)

    def node(self, node, captured, filtered, depth):
        if isinstance(node, Compound):
            captured = captured or node.kind == "func" or _writes_out(node.redirs)
            for word in node.words:
                self.word(word, depth)
            for body in node.body:
                self.tree(body, captured, filtered, depth + 1)
            self.redirects(node.redirs, depth)
            return
        if not isinstance(node, Simple):
            return
        captured = captured or _writes_out(node.redirs)
        for _name, value in node.assigns:
            for word in value if isinstance(value, list) else [value]:
                self.word(word, depth)
        for word in node.words:
            self.word(word, depth)
        self.redirects(node.redirs, depth)
        texts = [_text(w) for w in node.words]
        program = _program_at(texts)
        for j, text in enumerate(texts):
            if text is None:
                continue
            name = basename(text)
            if name in _LISTERS:
                self.sites.setdefault(name, []).append(filtered or (not captured and self.shown_ok and j == program))
            if j and any(c in text for c in " ;|&\n") and _mentions_lister(text):
                # shell text in an operand (`bash -c '…'`, `eval '…'`, an alias): what it lists
                # goes wherever the program sends it, so counted as handed on
                try:
                    inner = parse(text, depth + 1)
                except ParseError:
                    self.sites.setdefault(_mentions_lister(text), []).append(False)
                    continue
                self.tree(inner, True, filtered, depth + 1)

    def word(self, word, depth):
        for part in word.parts:
            if part[0] in ("cmd", "proc"):
                self.tree(part[1], True, False, depth + 1)
            elif part[0] == "var" and part[3]:
                for inner in part[3] if isinstance(part[3], list) else []:
                    if isinstance(inner, tuple) and inner and inner[0] in ("cmd", "proc"):
                        self.tree(inner[1], True, False, depth + 1)
            elif part[0] == "arith":
                for inner in part[1]:
                    if isinstance(inner, tuple) and inner and inner[0] in ("cmd", "proc"):
                        self.tree(inner[1], True, False, depth + 1)

    def redirects(self, redirs, depth):
        for r in redirs:
            if r.target is not None:
                self.word(r.target, depth)
            if r.heredoc and r.heredoc[0] is not None:
                self.word(r.heredoc[0], depth)


def _mentions_lister(text):
    for token in re.split(r"[\s;|&()`$]+", text):
        name = basename(token)
        if name in _LISTERS or token.startswith(("/proc", "/sys/fs/cgroup")):
            return name
    return None


def _writes_out(redirs):
    """Does a redirect send the standard output somewhere other than the terminal or /dev/null?"""
    for r in redirs:
        if ">" in r.op and r.fd in ("", "1") and r.op not in (">&", "<&"):
            target = _text(r.target) if r.target is not None else None
            if target != "/dev/null":
                return True
        if r.op in (">&",) and r.fd in ("", "1"):
            target = _text(r.target) if r.target is not None else None
            if target not in ("2",):
                return True
    return False


def _text(word):
    """The word's text when it is literal (quoted or not), else None."""
    out = []
    for part in word.parts:
        if part[0] != "lit":
            return None
        out.append(part[1])
    return "".join(out)


def _program(node):
    """(the program a pipeline stage runs, its arguments' texts), past plain wrappers; (None, [])
    when it is not a simple command or its name is built at run time."""
    if not isinstance(node, Simple) or not node.words:
        return None, []
    texts = [_text(w) for w in node.words]
    k = _program_at(texts)
    if k >= len(texts) or texts[k] is None:
        return None, []
    return basename(texts[k]), texts[k + 1:]


def _program_at(texts):
    """The index of the program's word among a simple command's word texts, past plain wrappers."""
    k = 0
    while k < len(texts) and texts[k] is not None and basename(texts[k]) in _WRAPPERS:
        values = _WRAPPERS[basename(texts[k])]
        k += 1
        while k < len(texts) and texts[k] is not None and (texts[k].startswith("-") or "=" in texts[k]):
            k += 2 if texts[k] in values else 1
        if k < len(texts) and texts[k] and texts[k][:1].isdigit():
            k += 1  # (timeout's duration)
    return k


def _narrowed_after(stages):
    """For each stage of a pipeline: does a later stage narrow what it prints, before a `tee
    FILE` keeps all of it (`ps -e | tee f | wc -l; kill $(cat f)`)? One pass from the end."""
    out = [False] * len(stages)
    later = False
    for k in range(len(stages) - 1, 0, -1):
        name, args = _program(stages[k])
        if name == "tee" and any(a != "/dev/null" and not (a or "-").startswith("-") for a in args):
            later = False
        elif _filters(stages[k]):
            later = True
        out[k - 1] = later
    return out


def _filters(node):
    """Does this pipeline stage pass on only some of the lines it reads (a name's, a few, a count)?"""
    name, args = _program(node)
    if name is None or any(a is None for a in args):
        return False
    if name in _GREPS:
        return _grep_narrows(args)
    if name in _AWKS:
        return _awk_narrows(args)
    if name in _HEADS:
        return _few_lines(args)
    if name in _COUNTERS:
        return True
    if name in ("sed", "gsed"):
        return "-n" in args and any(re.fullmatch(r"/[^/]+/p", a) and _selects(a[1:-2]) for a in args)
    return False


def _grep_narrows(args):
    patterns, k, fixed = [], 0, False
    operands = []
    while k < len(args):
        a = args[k]
        k += 1
        if a in ("-e", "--regexp") and k < len(args):
            patterns.append(args[k])
            k += 1
        elif a.startswith("--regexp="):
            patterns.append(a[9:])
        elif a in ("-f", "--file") or a.startswith("--file=") or a in ("-v", "--invert-match", "-L",
                                                                         "--files-without-match"):
            return False
        elif a in ("-c", "--count"):
            return True
        elif a in ("-F", "--fixed-strings"):
            fixed = True
        elif a in _GREP_VALUE:
            k += 1
        elif a.startswith("--"):
            continue
        elif a.startswith("-") and len(a) > 1:
            if "v" in a[1:] or "f" in a[1:] or "L" in a[1:]:
                return False
            if "c" in a[1:]:
                return True
            fixed = fixed or "F" in a[1:]
            if "e" in a[1:]:
                value = a[a.index("e", 1) + 1:]
                if value:
                    patterns.append(value)
                elif k < len(args):
                    patterns.append(args[k])
                    k += 1
        else:
            operands.append(a)
    if not patterns and operands:
        patterns = operands[:1]
    if len(patterns) > _MAX_ALTERNATIVES:
        return False
    return bool(patterns) and all(_selects(p, fixed, _MAX_ALTERNATIVES + 1 - len(patterns)) for p in patterns)


def _selects(pattern, fixed=False, most=_MAX_ALTERNATIVES):
    """Does a grep pattern pick some lines of a process listing only? Every alternative must need
    three plain characters in a row that are not a user's name (`node`, `[n]ode`, `1234`); a
    class, `.`, an escape or an optional atom picks (nearly) every line."""
    from legant_guard.shell.tripwires import _atoms, _regex_parts

    if fixed:
        alternatives = pattern.split("\n")
    else:
        alternatives = []
        for part in _regex_parts(pattern, "|"):
            alternatives += part.split("\\|")
    if len(alternatives) > most:
        return False
    for alternative in alternatives:
        if fixed:
            literal = alternative
        else:
            literal, best = "", ""
            for atom, optional in _atoms(alternative):
                char = atom[1:-1] if atom.startswith("[") and len(atom) == 3 and atom[1] not in "^]" else atom
                if not optional and len(char) == 1 and char.isalnum():
                    literal += char
                    best = max(best, literal, key=len)
                else:
                    literal = ""
            literal = best
        if len(literal) < 3 or _user_name(literal):
            return False
    return bool(alternatives)


_NAMES = []


def _user_name(text):
    """Is `text` a user's (or group's) name (`grep root` picks every process of root)? The names
    are read once per process (a grep of thousands of alternatives asks for each)."""
    if not _NAMES:
        import grp
        import pwd

        try:
            _NAMES.append(frozenset([p.pw_name for p in pwd.getpwall()] + [g.gr_name for g in grp.getgrall()]))
        except OSError:
            _NAMES.append(frozenset(("root",)))
    return text in _NAMES[0]


def _awk_narrows(args):
    k = 0
    while k < len(args):
        a = args[k]
        k += 1
        if a in ("-f", "--file") or a.startswith("-f"):
            return False
        if a in ("-F", "-v"):
            k += 1
            continue
        if a.startswith("-"):
            continue
        pattern = a.split("{", 1)[0].strip() if "{" in a else a.strip()
        if not pattern or pattern.startswith(("BEGIN", "END")) or "!" in pattern or "||" in pattern:
            return False
        literals = re.findall(r"/((?:[^/\\]|\\.)+)/", pattern) + re.findall(r'"([^"]*)"', pattern)
        if any(_selects(lit, fixed=lit.isalnum()) for lit in literals):
            return True
        return bool(re.search(r"==\s*[0-9]{3,}\b", pattern))
    return False


def _few_lines(args):
    """`head -n 3`, `head -3`, `tail -1`, a bare head or tail (ten lines): a few processes;
    `tail -n +2` (all but the header) is every one."""
    count, unit = None, 1
    k = 0
    while k < len(args):
        a = args[k]
        k += 1
        if a in ("-n", "--lines", "-c", "--bytes") and k < len(args):
            count, unit, k = args[k], 8 if a in ("-c", "--bytes") else 1, k + 1
        elif a.startswith(("--lines=", "--bytes=")):
            count, unit = a.split("=", 1)[1], 8 if a.startswith("--bytes") else 1
        elif a.startswith(("-n", "-c")) and len(a) > 2:
            count, unit = a[2:], 8 if a.startswith("-c") else 1
        elif a[1:].isdigit() and a.startswith("-"):
            count, unit = a[1:], 1
    if count is None:
        return True
    count = count.strip()
    return count.isdigit() and int(count) <= _FEW * unit  # (a byte count: about 8 bytes a pid line)
