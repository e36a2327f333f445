"""The files a patch names (agents/common.py's part for patches, loaded for apply_patch calls
and shell commands that hand one to apply_patch): Codex's `*** Add/Update/Delete File:`
headers, moves, and the readings of a header path as the tool will resolve it.
"""



def intercepted_patch(command):
    """Is the command exactly `[cd DIR && ]apply_patch <<'EOF'` + body + `EOF`, with a quoted
    delimiter (the body is taken literally, no expansion) and nothing after it?"""
    lines = command.strip().split("\n")
    first = lines[0].strip()
    if first.startswith("cd ") and " && " in first:
        first = first.split(" && ", 1)[1].strip()
    if not first.startswith("apply_patch <<"):
        return False
    delim = first[len("apply_patch <<"):].strip()
    if len(delim) < 3 or delim[0] not in "'\"" or delim[-1] != delim[0] or not delim[1:-1].isalnum():
        return False
    delim = delim[1:-1]
    return len(lines) >= 3 and lines[-1].strip() == delim and all(line.strip() != delim for line in lines[1:-1])


_PATCH_HEADERS = {"*** Add File:": False, "*** Update File:": False, "*** Delete File:": True,
                  "*** Move to:": True, "*** Move File:": True}  # header -> the file is deleted or moved


def patch_paths(patch):
    r"""(paths, deletes) named by an apply_patch body, as the agents read it: Codex and opencode
    split the body at `\n` only (str.splitlines also breaks at \r, \x0b, \x85, \u2028 ...,
    which hid `*** Add File: x\x85/../.claude/settings.json` from the guard), and they trim a
    path with their languages' whitespace (JavaScript's trim() also drops U+FEFF): every reading
    is judged."""
    paths, deletes = [], False
    for line in patch.split("\n"):
        if "*** " not in line:  # most lines of a large patch are content
            continue
        stripped = line.strip()
        head, colon, rest = stripped.partition(":")
        moves = _PATCH_HEADERS.get(head + colon)
        if moves is not None:
            paths.extend(_header_path_readings(rest))
            deletes = deletes or moves
    return list(dict.fromkeys(paths)), deletes  # (a name given 60,000 times is one file to judge)


def _header_path_readings(text):
    """The path of a patch header as each agent may trim it: Python's and Rust's whitespace,
    blanks only, and JavaScript's (U+FEFF too)."""
    readings = [text.strip(), text.strip(" \t\r")]
    wide = text
    while True:
        trimmed = wide.strip().strip("\ufeff")
        if trimmed == wide:
            break
        wide = trimmed
    readings.append(wide)
    return list(dict.fromkeys(reading for reading in readings))
