"""The MCP servers Claude Code's own state file (`~/.claude.json`) starts with a session.

Apart from configscripts.py (which protects the scripts they run) because Claude Code rewrites
this file on every tool call (its `toolUsage` counters): the trust base's derivation, kept across
calls while what it read is unchanged (derivationmemo.py), takes the servers read here, on every
call, as an input instead of the file itself, which would never be unchanged.
"""

import os

_SERVER_LIST_BYTES = 1024 * 1024  # (one mcpServers object: small)
_MAX_LISTS = 256
_CLAUDE_JSON_BYTES = 16 * 1024 * 1024


def mcp_servers(env, home):
    """The `mcpServers` objects of Claude Code's own state file (`claude mcp add --scope user`
    writes the top-level one, `--scope local` the one under `projects.<folder>`): servers it starts
    with a session. The file also holds every project's history (megabytes), so it is not parsed
    whole: each `"mcpServers"` object is cut out of the bytes and parsed alone."""
    folders = [env["CLAUDE_CONFIG_DIR"]] if env.get("CLAUDE_CONFIG_DIR") else []
    paths = [os.path.join(f, ".claude.json") for f in folders] + [os.path.join(home, ".claude.json")]
    out = []
    for path in dict.fromkeys(paths):
        try:
            with open(path, "rb") as f:
                data = f.read(_CLAUDE_JSON_BYTES)
        except OSError:
            continue
        at = data.find(b'"mcpServers"')
        while at >= 0 and len(out) < _MAX_LISTS:
            start = data.find(b"{", at + 12, at + 64)
            window = data[start:start + _SERVER_LIST_BYTES] if start >= 0 else b""  # (one server list: small)
            end = _object_end(window, 0) if window else -1
            if end > 2:
                from legant_guard import fastjson

                try:
                    out.append(fastjson.loads(window[:end].decode("utf-8", "replace")))
                except (ValueError, RecursionError):
                    pass
            at = data.find(b'"mcpServers"', at + 12)
    return out


def _object_end(data, start):
    """The index after the JSON object that starts at data[start] (`{`), or -1."""
    depth, k, n = 0, start, len(data)
    while k < n:
        # jump to the next character that matters
        nexts = [i for i in (data.find(b"{", k), data.find(b"}", k), data.find(b'"', k)) if i >= 0]
        if not nexts:
            return -1
        k = min(nexts)
        c = data[k]
        if c == 0x22:  # a string: to its closing quote (past escaped ones)
            k += 1
            while True:
                k = data.find(b'"', k)
                if k < 0:
                    return -1
                backslashes = 0
                while data[k - 1 - backslashes] == 0x5C:
                    backslashes += 1
                k += 1
                if backslashes % 2 == 0:
                    break
            continue
        depth += 1 if c == 0x7B else -1
        k += 1
        if depth == 0:
            return k
    return -1
