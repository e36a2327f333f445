"""Taking our tables out of a TOML file line by line, so everything the user wrote stays
exactly as written: comments (tomlkit attaches a comment that follows a table to that table,
so deleting the table through tomlkit deletes the user's comment too), blank lines, key order.

Only a table header whose key path is one we name, and the key lines right under it that we
name, are removed; a key the user added under our table keeps the header. The result is
accepted only when it parses to exactly the document the tomlkit edit produced; otherwise the
caller uses the tomlkit edit.
"""


def _header_path(line):
    """The key path of a `[a."b".c]` header line, or None."""
    import tomlkit

    stripped = line.strip()
    if not stripped.startswith("[") or stripped.startswith("[["):
        return None
    try:
        doc = tomlkit.parse(stripped + "\n")
    except Exception:
        return None
    path = []
    node = doc
    while hasattr(node, "keys") and len(node) == 1:
        key = next(iter(node.keys()))
        path.append(key)
        node = node[key]
    return tuple(path) if path and hasattr(node, "keys") and len(node) == 0 else None


def _key_of(line):
    import tomlkit

    try:
        doc = tomlkit.parse(line.strip() + "\n")
    except Exception:
        return None
    return next(iter(doc.keys())) if len(doc) == 1 else None


def remove_tables(text, tables):
    """`text` without the tables in `tables` ({key path tuple: set of our keys}); our key lines
    go, and the header too when nothing else is left under it."""
    lines = text.splitlines(keepends=True)
    out = []
    i = 0
    while i < len(lines):
        path = _header_path(lines[i])
        if path not in tables:
            out.append(lines[i])
            i += 1
            continue
        ours = tables[path]
        body, j = [], i + 1
        while j < len(lines) and _header_path(lines[j]) is None and not lines[j].lstrip().startswith("[["):
            body.append(lines[j])
            j += 1
        # our key lines directly under the header (before the first blank or comment line) go
        kept, k = [], 0
        while k < len(body) and body[k].strip() and not body[k].lstrip().startswith("#"):
            if _key_of(body[k]) not in ours:
                kept.append(body[k])
            k += 1
        rest = body[k:]
        if kept:
            out.append(lines[i])
            out.extend(kept)
        elif out and not out[-1].strip() and rest and not rest[0].strip():
            rest = rest[1:]  # do not leave two blank lines where a table was
        out.extend(rest)
        i = j
    result = "".join(out)
    return result.lstrip("\n") if not text.startswith("\n") else result


def surgical_or(text, tables, expected_doc):
    """remove_tables(text, tables) when it parses to `expected_doc`, else tomlkit's dump of it."""
    import tomlkit

    candidate = remove_tables(text, tables)
    try:
        if tomlkit.parse(candidate).unwrap() == expected_doc.unwrap():
            return candidate
    except Exception:
        pass
    return tomlkit.dumps(expected_doc)
