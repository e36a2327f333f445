"""The whole text one file holds after a Codex/opencode patch, where it can be told for certain.

hook/configwrites.py reads a program's configuration written by a file tool (`.cargo/config.toml`,
`bunfig.toml`) as that program will: a patch's raw text (`*** Begin Patch`, `+` prefixes) is no
TOML, so every patch of such a file was refused as unparseable, although the same text through
Write was allowed. What the file holds after the patch is read here, or None when it cannot be
told exactly as the agent's apply_patch will write it (the caller then keeps refusing):

- `*** Add File: PATH`: its `+` lines, nothing else;
- `*** Update File: PATH` (no move): apply_patch looks for each hunk's `@@ LINE` anchor, then
  for its old lines (context and `-`), from where the previous hunk ended (after the anchor);
  each must occur exactly once in that stretch of the file as it is, compared with whitespace
  trimmed (a looser match than apply_patch's exact, rstrip and trim passes, so it cannot pick
  another place). Each is then replaced by its new lines (context and `+`, as written in the
  patch), as apply_patch does. (Its last pass, Unicode punctuation folded, only runs when no
  trimmed match exists, where this gives None.)
- anything else (a second section for the file, a move, a delete, `*** End of File`, a hunk
  without old lines, a `\\r`, a header whose path reads differently under another trim): None.
"""

import os

_MAX_BYTES = 1024 * 1024


def after_patch(strings, path, cwd):
    """The text `path` holds after the patch among `strings` (a tool input's strings), or None."""
    bodies = [s for s in strings if "*** Begin Patch" in s]
    if len(bodies) != 1 or "\r" in bodies[0]:
        return None
    section = _section(bodies[0], path, cwd)
    if section is None:
        return None
    kind, lines = section
    if kind == "add":
        if any(not line.startswith("+") for line in lines if line):
            return None
        return "".join(line[1:] + "\n" for line in lines if line)
    return _updated(path, lines)


_KINDS = {"*** Add File": "add", "*** Update File": "update"}
_OTHERS = ("*** Delete File", "*** Move to", "*** Move File")


def _section(body, path, cwd):
    """("add" | "update", the section's lines) of the one section that writes `path`, or None."""
    lines = body.split("\n")
    start = next((k for k, line in enumerate(lines) if line.strip() == "*** Begin Patch"), None)
    if start is None:
        return None
    found, current = None, None
    for line in lines[start + 1:]:
        stripped = line.strip()
        if not stripped.startswith("*** ") or stripped == "*** End of File":
            if current is not None:
                current[1].append(line)
            continue
        if stripped == "*** End Patch":
            return found
        current = None
        head, colon, rest = stripped.partition(":")
        if not colon or (head not in _KINDS and head not in _OTHERS):
            return None  # a header the guard does not know
        names = _names(rest, path, cwd)
        if names is None or (names and (head in _OTHERS or found is not None)):
            return None  # an ambiguous header, a move or delete of the file, a second section for it
        if names:
            found = current = (_KINDS[head], [])
    return None  # no `*** End Patch`


def _names(text, path, cwd):
    """Does a header's path name `path`: True, False, or None when one trim of it would and
    another would not (Python's, Rust's and JavaScript's whitespace differ)."""
    readings = {text.strip(), text.strip(" \t"), text.strip().strip("\ufeff").strip()}
    hits = {bool(r) and os.path.normpath(os.path.join(cwd, r)) == path for r in readings}
    return None if len(hits) > 1 else hits.pop()


def _updated(path, lines):
    from legant_guard.hook.scriptfiles import read_regular

    try:
        text = read_regular(path, _MAX_BYTES)
    except (OSError, ValueError):
        return None
    if text is None or "\r" in text:
        return None
    original = text.split("\n")
    if original and original[-1] == "":
        original.pop()
    trimmed = [line.strip() for line in original]
    replacements, cursor = [], 0
    for anchor, old, new in _hunks(lines):
        if not old or "*** End of File" in old:
            return None
        begin = cursor
        if anchor:
            at = _only(trimmed, [anchor.strip()], begin)
            if at is None:
                return None
            begin = at + 1
        at = _only(trimmed, [line.strip() for line in old], begin)
        if at is None:
            return None
        replacements.append((at, len(old), new))
        cursor = at + len(old)
    if not replacements:
        return None
    for at, count, new in reversed(replacements):
        original[at:at + count] = new
    return "".join(line + "\n" for line in original)


def _hunks(lines):
    """(the `@@` anchor text, old lines, new lines) of each hunk; an unknown line prefix ends it all."""
    hunks, current = [], None
    for line in lines:
        if line.startswith("@@"):
            current = (line[2:].strip(), [], [])
            hunks.append(current)
            continue
        if current is None:
            if line == "":
                continue
            current = ("", [], [])
            hunks.append(current)
        if line == "*** End of File":
            current[1].append(line)
        elif line[:1] == " " or line == "":
            current[1].append(line[1:])
            current[2].append(line[1:])
        elif line[:1] == "-":
            current[1].append(line[1:])
        elif line[:1] == "+":
            current[2].append(line[1:])
        else:
            return [("", ["*** End of File"], [])]  # (not a patch line: refused by the caller)
    return hunks


def _only(lines, block, begin):
    """The one index from `begin` on where `block` starts in `lines`, or None (absent, or more
    than once: apply_patch searches from there too, and may take either)."""
    n, found = len(block), None
    for k in range(begin, len(lines) - n + 1):
        if lines[k:k + n] == block:
            if found is not None:
                return None
            found = k
    return found


def added_lines(strings):
    """The lines a patch among `strings` adds, without their `+` (`*** Begin Patch` bodies and
    unified diffs alike), as one text: a start-up file's checks look for a command where a line
    begins (`. ./x.sh`, `alias ls=…`, `shopt -s dotglob`, `layout python`), and the raw patch
    begins each added line with `+` (red team #34: `cd ~ && apply_patch <<'EOF'` adding `+. ./x.sh`
    to ~/.bashrc passed). Loaded only for a patch of a content-checked file."""
    out = []
    for text in strings:
        if "*** Begin Patch" in text or "\n+" in text or text.startswith("+"):
            out += [line[1:] for line in text.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return "\n".join(out)
