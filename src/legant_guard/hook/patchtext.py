"""The text a Codex patch leaves in one file, where the guard can follow it.

`*** Add File: P` is followed by the file's lines, each after a `+`; `*** Update File: P` by hunks
(`@@` lines, then ` ` context, `-` removed and `+` added lines) that apply_patch finds in the file
in order. A program's configuration a patch writes (hook/configwrites.py) is judged by that text:
a hunk whose lines are not found as written, a move onto the file, or a patch naming the file
twice leaves it unknown (None). Loaded only for patches that write a program's configuration.
"""

import os


def patched_text(patch, path, cwd, read):
    """The text `path` holds after `patch` (applied from `cwd`), or None. `read(path)`: the file's
    text now ("" when there is none, None when it cannot be read)."""
    target = os.path.normpath(path)
    lines = patch.split("\n")
    out, k, found = None, 0, 0
    while k < len(lines):
        line = lines[k].strip()
        k += 1
        head, colon, rest = line.partition(":")
        if not colon or head not in ("*** Add File", "*** Update File", "*** Move to", "*** Delete File"):
            continue
        named = os.path.normpath(os.path.join(cwd, rest.strip()))
        if named != target:
            continue
        found += 1
        if head != "*** Add File" and head != "*** Update File":
            return None  # (moved onto it, or deleted and named again)
        body = []
        while k < len(lines) and not lines[k].startswith("*** "):
            body.append(lines[k])
            k += 1
        if head == "*** Add File":
            if any(b and not b.startswith("+") for b in body):
                return None
            out = "\n".join(b[1:] for b in body if b) + "\n"
        else:
            current = read(target)
            out = None if current is None else _apply(current, body)
    return out if found == 1 else None


def _apply(text, body):
    """`text` with the hunks of `body` applied in order, or None when one is not found as written."""
    lines = text.split("\n")
    at, old, new = 0, [], []
    hunks = []
    for b in body + ["@@"]:
        if b.startswith("@@"):
            if old or new:
                hunks.append((old, new))
            old, new = [], []
        elif b.startswith("-"):
            old.append(b[1:])
        elif b.startswith("+"):
            new.append(b[1:])
        elif b.startswith(" ") or b == "":
            old.append(b[1:])
            new.append(b[1:])
        else:
            return None
    for old, new in hunks:
        where = _find(lines, old, at)
        if where is None:
            return None
        lines[where:where + len(old)] = new
        at = where + len(new)
    return "\n".join(lines)


def _find(lines, block, start):
    if not block:
        return 0 if lines == [""] else None  # (additions without context: where, only an empty file tells)
    for k in range(start, len(lines) - len(block) + 1):
        if lines[k:k + len(block)] == block:
            return k
    return None
