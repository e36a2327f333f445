"""Program text a command reads from a file: `awk -f prog.awk`, `sed -f script.sed`.

The guard judges inline programs as code (interpcode.py, the sed script rules); a program in a
file is the same code, so it is read and judged the same way. Only a regular file is read
(opened without blocking: a FIFO would hang the hook, which Codex answers by running the
tool), and only up to a bound; standard input (`-f -`, `-f /dev/stdin`), a device, a
process substitution or a file too big is a program the guard cannot read.
"""

import os
import stat

MAX_PROGRAM = 256 * 1024
_AWKS = frozenset(("awk", "gawk", "mawk", "nawk", "original-awk"))


def read_bytes(path, limit):
    """Up to `limit` + 1 bytes of the regular file at `path` (more than `limit` means it is
    longer). OSError when it cannot be opened or is not a regular file: the open does not block
    (a FIFO), and the check is on the opened descriptor (a swap in between changes nothing)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except ValueError as e:  # a NUL in the name
        raise OSError(22, str(e)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(22, "not a regular file")
        data = b""
        while len(data) <= limit:
            chunk = os.read(fd, limit + 1 - len(data))
            if not chunk:
                break
            data += chunk
        return data
    finally:
        os.close(fd)


def read_regular(path, limit=MAX_PROGRAM):
    """The text of the regular file at `path`, or None when it is not a regular file, cannot be
    opened, or is longer than `limit`."""
    try:
        data = read_bytes(path, limit)
    except OSError:
        return None
    return None if len(data) > limit else data.decode("utf-8", "replace")


_AWK_FILE_OPTIONS = ("-f", "--file", "-E", "--exec", "-i", "--include")
_AWK_VALUE_OPTIONS = ("-v", "-F", "--assign", "--field-separator")


def awk_sources(cmd):
    """(files awk reads program text from: -f, -E, -i and their long forms; compiled extensions
    it loads: -l/--load)."""
    files, loads, argv, k = [], [], cmd.argv, 1
    while k < len(argv):
        t = argv[k]
        k += 1
        if t == "--" or not t.startswith("-") or t == "-":
            break
        name, eq, value = t.partition("=") if t.startswith("--") else (t[:2], "", t[2:])
        if name in _AWK_FILE_OPTIONS + ("-l", "--load"):
            if not (eq or value):
                if k >= len(argv):
                    break
                value = argv[k]
                k += 1
            (loads if name in ("-l", "--load") else files).append(value)
        elif name in _AWK_VALUE_OPTIONS and not (eq or value):
            k += 1
    return files, loads


def awk_code(cmd, inline=""):
    """(program text read from its files, None) or (None, why the program cannot be judged):
    a file the guard cannot read, a compiled extension (-l, `@load`), an `@include`d file."""
    if cmd.executable not in _AWKS:
        return None, None
    files, loads = awk_sources(cmd)
    if loads:
        return None, f"`{cmd.executable} -l {loads[0]}` loads a compiled extension, which runs code the guard never sees"
    texts = []
    for name in files:
        path = name if os.path.isabs(name) else os.path.join(cmd.cwd, os.path.expanduser(name))
        text = read_regular(path)
        if text is None:
            return None, f"`{cmd.executable}` reads its program from {name}, which the guard cannot read (not a " \
                         "regular file, or too big)"
        texts.append(text)
    for text in texts + [inline]:
        if "@load" in text or "@include" in text:
            return None, f"the `{cmd.executable}` program loads code from other files (@load, @include)"
    return ("\n".join(texts) if texts else None), None
