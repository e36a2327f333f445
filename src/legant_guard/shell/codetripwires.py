"""Tripwires in inline interpreter code (tripwires.py's part, loaded for a command with code).

`python3 -c "import os; os.system('rm -rf /')"`, `perl -e 'system("rm", "-rf", "/")'`,
`node -e "require('child_process').execSync('mkfs.ext4 /dev/sda1')"` run the command line a string
of their code holds, and `shutil.rmtree('/')`, `FileUtils.rm_rf('/usr')`, `fs.rmSync('/', {recursive:
true})`, `File::Path::rmtree` delete a tree as `rm -rf` does: the catalogue looked at the shell's
words only, so under `operator` (which lets every program run) and `open` these went through.
This is text, not an analysis of the language (as hook/interpcode.py): code that starts programs
has each string literal, each list of literals (`['rm', '-rf', '/']`) and each run of literals
joined with `+` or `.` read as a command line; the literals a recursive delete call is handed are
read as `rm -rf -- PATH`. Each is analysed as a shell command and matched against the whole
catalogue, so every tripwire (disks, kill -1, mkfs, destructive git ...) holds inside code too.
A string no shell would run (`print('rm -rf /')` in code that starts no program) is not a hit.
"""

import re

MAX_TEXT = 20000  # characters of literals read per command (as interpcode's shell text)
MAX_LINES = 64  # command lines analysed per command
MAX_DEPTH = 3  # code in a command line of code in a command line ...
_DEPTH = [0]

# Library calls that delete a whole tree (Python, Ruby, Perl, Node/Deno, Go, Tcl, PHP frameworks).
_DELETE_CALLS = re.compile(
    r"(?i)\b(?:rmtree|rm_rf|rm_r|remove_tree|remove_dir|remove_entry(?:_secure)?|rmsync|rmdirsync|rm|rmdir|"
    r"removeall|remove|removesync|emptydirsync|emptydir|deletedirectory|deleterecursively|delete_directory)\s*\(?")
_RECURSIVE_HINT = re.compile(r"(?i)rmtree|rm_rf|rm_r\b|remove_tree|remove_dir|remove_entry|removeall|recursive|"
                             r"emptydir|deletedirectory|deleterecursively|delete_directory|file::path|fs-extra|"
                             r"removesync|-force")
# Library calls that move a file or a tree (qualified: a string's own `replace` moves nothing).
_MOVE_CALLS = re.compile(r"(?i)\b(?:os\.renames?|os\.replace|shutil\.move|fs\.rename(?:sync)?|fs\.promises\.rename|"
                         r"fileutils\.(?:mv|move)|file\.rename|deno\.rename(?:sync)?)\s*\(?")
_PLAIN = re.compile(r"[\w./*?~@%+=:,-]+")
_LIST_GAP = re.compile(r"[\s,\[\]()]*,[\s,\[\]()]*|\s*[\[(]\s*")
_QUOTE_LIKE = re.compile(r"(?:\bqx|%x)\s*(?:([({\[<])(.*?)[)}\]>]|([/|!#'\"])((?:\\.|(?!\3).)*)\3)", re.S)
_JOIN = re.compile(r"""(['"])\s*[+.]\s*(['"])""")


def hits_in_code(analysis, home, match):
    """The catalogue's hits for the command lines and deleted trees in each command's inline code."""
    if _DEPTH[0] >= MAX_DEPTH:
        return []
    from legant_guard.shell import analyze

    _DEPTH[0] += 1
    try:
        for cmd in analysis.commands:
            code = cmd.code
            if code is None or code.dynamic:
                continue
            starts = any(s.payload == "interpreter" for s in cmd.sinks)
            for line in _lines(code.text, starts)[:MAX_LINES]:
                hits = match(analyze(line, cmd.cwd, home), home)
                if hits:
                    return hits
    finally:
        _DEPTH[0] -= 1
    return []


def _lines(text, starts):
    """The command lines in `text`: what its program-starting calls may run (when `starts`) and
    `rm -rf -- PATH` for each tree a delete call names."""
    lines = []
    text = text[:MAX_TEXT * 5]
    if starts:
        flat = _JOIN.sub("", text)  # 'rm -rf ' + '/' -> 'rm -rf /'
        for literals in (_literals(text), _literals(flat)):
            lines += [value for value, _start, _end in literals if value.strip()]
            lines += _lists(text, literals)
    for m in _QUOTE_LIKE.finditer(text):  # perl's qx(…), ruby's %x(…): a command line, always run
        lines.append(m.group(2) if m.group(2) is not None else m.group(4).replace("\\" + m.group(3), m.group(3)))
    deleted, moved = removed_paths(text)
    lines += ["rm -rf -- " + _word(value) for value in deleted]
    lines += ["mv -- " + " ".join(_word(v) for v in values) for values in moved]
    out, budget = [], MAX_TEXT
    for line in dict.fromkeys(lines):
        budget -= len(line)
        if budget < 0:
            break
        out.append(line)
    return out


def removed_paths(text):
    """([every literal a recursive delete call names], [the literals of each move call]): the
    trees the code deletes, and what it moves where (`shutil.rmtree('.')`, `os.rename('/usr',
    '/x')`). Text, not the language: the literals inside the call's first parentheses (or up to
    the end of the statement, `rmtree "/"`)."""
    deleted, moved = [], []
    if _RECURSIVE_HINT.search(text):
        for m in _DELETE_CALLS.finditer(text):
            deleted += [v for v in _call_literals(text, m.end()) if v.strip()]
    for m in _MOVE_CALLS.finditer(text):
        values = [v for v in _call_literals(text, m.end()) if v.strip()]
        if values:
            moved.append(values[:2])
    return deleted, moved


def _call_literals(text, start):
    segment = re.split(r"[);\n]", text[start:start + 400], maxsplit=1)[0]
    return [value for value, _start, _end in _literals(segment)]


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
    """(value, start, end) of each '…', "…" and `…` literal (backslash escapes kept as written)."""
    out, k, n = [], 0, len(text)
    while k < n:
        c = text[k]
        if c in "'\"`":
            j = k + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append((text[k + 1:j], k, j + 1))
            k = j + 1
        else:
            k += 1
    return out
