"""Tripwires in inline interpreter code (tripwires.py's part, loaded for a command with code).

`python3 -c "import os; os.system('rm -rf /')"`, `perl -e 'system("rm", "-rf", "/")'`,
`node -e "require('child_process').execSync('mkfs.ext4 /dev/sda1')"` run the command line a string
of their code holds, and `shutil.rmtree('/')`, `FileUtils.rm_rf('/usr')`, `fs.rmSync('/', {recursive:
true})`, `File::Path::rmtree` delete a tree as `rm -rf` does: the catalogue looked at the shell's
words only, so under `operator` (which lets every program run) and `open` these went through.
This is text, not an analysis of the language (as hook/interpcode.py): code that starts programs
has each string literal, each list of literals (`['rm', '-rf', '/']`) and each run of literals
joined with `+` or `.` read as a command line; the literals a recursive delete call is handed are
read as `rm -rf -- PATH`; PowerShell's, nu's, elvish's and xonsh's statements are command lines
(`Remove-Item -Recurse -Force /` is `rm -Recurse -Force /`), as are a sed script's `e CMD` and
`s/…/CMD/e` and vim's `-c '!CMD'`. Each is analysed as a shell command and matched against the
whole catalogue, so every tripwire (disks, kill -1, mkfs, destructive git ...) holds there too.
A string no shell would run (`print('rm -rf /')` in code that starts no program) is not a hit.
"""

import re

MAX_TEXT = 60000  # characters of command lines analysed per command
MAX_LINES = 256  # command lines analysed per command; past either bound the code is refused (no silent cap)
MAX_CALLS = 512  # delete and move calls read per command
MAX_DEPTH = 3  # code in a command line of code in a command line ...
_DEPTH = [0]


class _TooMuch(Exception):
    """More command lines or calls in the code than the bounds above."""

# Library calls that delete a whole tree (Python, Ruby, Perl, Node/Deno, Go, Tcl, PHP frameworks).
_DELETE_CALLS = re.compile(
    r"(?i)\b(?:rmtree|rm_rf|rm_r|remove_tree|remove_dir|remove_entry(?:_secure)?|rmsync|rmdirsync|rm|rmdir|unlink|"
    r"removeall|remove|removesync|emptydirsync|emptydir|deletedirectory|deleterecursively|delete_directory)\s*\(?")
_RECURSIVE_HINT = re.compile(r"(?i)rmtree|rm_rf|rm_r\b|remove_tree|remove_dir|remove_entry|removeall|recursive|"
                             r"emptydir|deletedirectory|deleterecursively|delete_directory|file::path|fs-extra|"
                             r"removesync|-force")
# Library calls that move a file or a tree (qualified: a string's own `replace` moves nothing).
# Also any method `.rename(` (`fsPromises.rename`), pathlib's `Path('…').rename` / `.replace` (the path inside
# `Path(…)` is what moves),
# and Perl's or PHP's bare `rename(…)` / `rename "a", "b"` and File::Copy's `move(…)` (red team 44:
# `perl -e 'rename("/home/u/.config", "/tmp/x")'` moved the guard dir's parent away).
_MOVE_CALLS = re.compile(r"(?i)\b(?:os\.renames?|os\.replace|shutil\.move|fs\.rename(?:sync)?|fs\.promises\.rename|"
                         r"fileutils\.(?:mv|move)|file\.rename|deno\.rename(?:sync)?)\s*\(?|"
                         r"\.\s*rename(?:sync)?\s*\(|path\s*\((?=\s*['\"][^'\"]*['\"]\s*\)\s*\.\s*(?:rename|replace)\s*\()|"
                         r"(?<![\w.$@%>-])(?:rename|move)\s*(?:\(|(?=['\"]))")
_PLAIN = re.compile(r"[\w./*?~@%+=:,-]+")
_LIST_GAP = re.compile(r"[\s,\[\]()]*,[\s,\[\]()]*|\s*[\[(]\s*")
_LITERAL = re.compile(r"""(['"`])((?:\\.|(?!\1)[^\\])*)(?:\1|$)""", re.S)
_QUOTE_LIKE = re.compile(r"(?:\bqx|%x)\s*([({\[<\/|!#'\"])")
# `s/PATTERN/REPLACEMENT/FLAGS` with the `e` flag: the replacement is run as a command.
_SED_E_SUBSTITUTION = re.compile(r"s([^\\\n\w\s])((?:\\.|(?!\1)[^\\])*)\1((?:\\.|(?!\1)[^\\])*)\1[gpIiMm0-9w]*e")
_JOIN = re.compile(r"""(['"])\s*[+.]\s*(['"])""")


def hits_in_code(analysis, home, match):
    """The catalogue's hits for the command lines and deleted trees in each command's inline code:
    all of them up to the first catastrophic one (a destructive hit alone does not stop the
    operator role, so the lines after it are still read)."""
    if _DEPTH[0] >= MAX_DEPTH:
        return []
    from legant_guard.shell import analyze

    from legant_guard.hook.budget import tick

    found = []
    _DEPTH[0] += 1
    try:
        for cmd in analysis.commands:
            code = cmd.code
            try:
                if code is not None and not code.dynamic:
                    starts = any(s.payload == "interpreter" for s in cmd.sinks)
                    lines = _bounded(_lines(code.text, starts) + _shell_language_lines(cmd.executable, code.text))
                else:
                    lines = _bounded(_program_lines(cmd))
            except _TooMuch:
                from legant_guard.shell import Hit

                return [Hit("interpreter-code-too-large", "catastrophic", "the code or script `%s` is given holds more "
                            "command lines, literals or delete calls than the guard reads (%d lines, %d characters, %d calls)"
                            "; put the code in a file" % (cmd.executable, MAX_LINES, MAX_TEXT, MAX_CALLS))]
            for line in lines:
                tick()
                hits = match(analyze(line, cmd.cwd, home), home)
                found += hits
                if any(h.severity == "catastrophic" for h in hits):
                    return found
    finally:
        _DEPTH[0] -= 1
    return found


# Shells of another language (interpsinks._SHELL_LANGUAGES): every line of their code is a command
# line; PowerShell's names for a recursive delete and a power-off, as the bash words they are.
_SHELL_LANGUAGES = frozenset(("pwsh", "powershell", "nu", "elvish", "xonsh"))
_POWERSHELL_NAMES = re.compile(r"(?i)(?<![\w-])(remove-item|ri|rd|rmdir|del|erase|stop-computer|restart-computer)(?![\w-])")
_POWERSHELL_AS = {"remove-item": "rm", "ri": "rm", "rd": "rm", "rmdir": "rm", "del": "rm", "erase": "rm",
                  "stop-computer": "poweroff", "restart-computer": "reboot"}
# Programs whose own arguments hold a command line: `sed 'e CMD'` and `s/…/CMD/e`, vim's `-c '!CMD'`.
PROGRAMS = frozenset(("sed", "gsed", "vim", "vi", "nvim", "ex", "view", "vim.basic", "vim.tiny"))


def _shell_language_lines(program, text):
    """Each statement of PowerShell, nu, elvish or xonsh code, read as a command line."""
    if program not in _SHELL_LANGUAGES:
        return []
    if program in ("pwsh", "powershell"):
        text = _POWERSHELL_NAMES.sub(lambda m: _POWERSHELL_AS[m.group(1).lower()], text)
    return [line.strip() for line in re.split(r"[;\n|]", text) if line.strip()]


def _program_lines(cmd):
    """The command lines a sed script's `e` commands or a vim `-c '!…'` run."""
    exe = cmd.executable
    if exe in ("sed", "gsed"):
        from legant_guard.hook.sedscripts import _sed_scripts, sed_commands

        lines = []
        for script in _sed_scripts(cmd) or ():
            for line in script.splitlines():
                lines += [text for letter, text in sed_commands(line)[0] if letter == "e" and text]
                lines += [_unescape(m.group(3), m.group(1)) for m in _SED_E_SUBSTITUTION.finditer(line)]
        return lines
    if exe in PROGRAMS:  # vim: `-c CMD`, `--cmd CMD`, `+CMD`, whose `!…` runs in a shell
        argv, lines = cmd.argv, []
        for k, word in enumerate(argv[1:], 1):
            value = argv[k + 1] if word in ("-c", "--cmd") and k + 1 < len(argv) else word[1:] if word[:1] == "+" else None
            if value is not None:
                value = re.sub(r"^[:\s]*(?:silent!?\s*|exe(?:cute)?\s*)?", "", value)
                if value.startswith("!"):
                    lines.append(value[1:])
                else:
                    lines += [v for v, _s, _e in _literals(value) if v.strip()]  # (`call system('…')`)
        return lines
    return []


def _unescape(text, delimiter):
    return text.replace("\\" + delimiter, delimiter)


def _lines(text, starts):
    """The command lines in `text`: what its program-starting calls may run (when `starts`) and
    `rm -rf -- PATH` for each tree a delete call names."""
    lines = []
    if starts:
        flat = _JOIN.sub("", text)  # 'rm -rf ' + '/' -> 'rm -rf /'
        for literals in (_literals(text), _literals(flat)):
            lines += [value for value, _start, _end in literals if value.strip()]
            lines += _lists(text, literals)
    lines += _quote_like(text)  # perl's qx(…), ruby's %x(…): a command line, always run
    deleted, moved, _calls = removed_paths(text)
    lines += ["rm -rf -- " + _word(value) for value in deleted]
    lines += ["mv -- " + " ".join(_word(v) for v in values) for values in moved]
    return lines


def _bounded(lines):
    """The command lines once each; _TooMuch past MAX_LINES or MAX_TEXT (whatever found them)."""
    out = list(dict.fromkeys(lines))
    if len(out) > MAX_LINES or sum(len(line) for line in out) > MAX_TEXT:
        raise _TooMuch()
    return out


def removed_paths(text):
    """([every literal a recursive delete call names], [the literals of each move call], the
    number of such calls): the trees the code deletes, and what it moves where
    (`shutil.rmtree('.')`, `os.rename('/usr', '/x')`). Text, not the language: the literals
    inside the call's first parentheses (or up to the end of the statement, `rmtree "/"`)."""
    deleted, moved, calls = [], [], 0
    if _RECURSIVE_HINT.search(text):
        for m in _DELETE_CALLS.finditer(text):
            calls += 1
            if calls > MAX_CALLS:
                raise _TooMuch()
            deleted += [v for v in _call_literals(text, m.end()) if v.strip()]
    for m in _MOVE_CALLS.finditer(text):
        calls += 1
        if calls > MAX_CALLS:
            raise _TooMuch()
        values = [v for v in _call_literals(text, m.end()) if v.strip()]
        if values:
            moved.append(values[:2])
    return deleted, moved, calls


def _call_literals(text, start):
    segment = re.split(r"[);\n]", text[start:start + 400], maxsplit=1)[0]
    return [value for value, _start, _end in _literals(segment)]


def _quote_like(text):
    """The text of each `qx(…)`, `qx{…}`, `qx/…/`, `%x(…)`: up to the first closing bracket, or the
    next unescaped delimiter. Each end is found by bisecting the positions of the closers, found
    once: an unclosed `qx(` repeated 30,000 times does not scan to the end each time."""
    import bisect

    out, ends = [], {}
    for m in _QUOTE_LIKE.finditer(text):
        d = m.group(1)
        key = ")" if d in "({[<" else d
        if key not in ends:
            pattern = r"[)}\]>]" if key == ")" else r"(?<!\\)(?:\\\\)*" + re.escape(d)
            ends[key] = [e.end() - 1 for e in re.finditer(pattern, text)]
        positions = ends[key]
        j = bisect.bisect_left(positions, m.end())
        if j < len(positions):
            body = text[m.end():positions[j]]
            out.append(body if key == ")" else body.replace("\\" + d, d))
    return out


def _lists(text, literals):
    """Literals side by side in a list or an argument list (`['rm', '-rf', '/']`, `system("rm",
    "-rf", "/")`), joined as one command line."""
    lines, run = [], []
    for k, (value, start, end) in enumerate(literals):
        if run and _LIST_GAP.fullmatch(text[literals[k - 1][2]:start]):
            run.append(value)
        else:
            if len(run) > 1:
                lines.append(" ".join(_word(v) for v in run))
            run = [value]
    if len(run) > 1:
        lines.append(" ".join(_word(v) for v in run))
    return lines


def _word(value):
    """A literal as one shell word: as written when plain (a glob or `~` stays one, as a library
    that expands them would), else quoted."""
    if _PLAIN.fullmatch(value):
        return value
    return "'" + value.replace("'", "'\\''") + "'"


def _literals(text):
    """(value, start, end) of each '…', "…" and `…` literal (backslash escapes kept as written;
    an unterminated one runs to the end)."""
    return [(m.group(2), m.start(), m.end()) for m in _LITERAL.finditer(text)]
