"""What the three agents share: the Claude-shaped hook event, the portable deny, and
the builders that turn a tool's arguments into an Action.

All three events are Claude-shaped (Codex copies Claude's hook protocol; our opencode
plugin sends the same shape): hook_event_name, cwd, session_id, tool_use_id, tool_name,
tool_input, and inside a sub-agent agent_id/agent_type.
"""

import os

from legant_guard import agents, fastjson

from legant_guard.hook.model import COORD, OTHER, Action, ToolCall


class EventError(Exception):
    """The event cannot be read; the hook denies with this reason (fail closed)."""


def parse_event(event, agent, project="", process_cwd=None):
    if not isinstance(event, dict):
        raise EventError("the hook event is not a JSON object")
    tool = event.get("tool_name")
    if not isinstance(tool, str) or not tool:
        raise EventError("the hook event has no tool_name")
    tool_input = event.get("tool_input")
    if tool_input is None:
        tool_input = {}
    if not isinstance(tool_input, dict):
        raise EventError("the hook event's tool_input is not an object")
    cwd = event.get("cwd")
    if cwd is None or cwd == "":
        cwd = process_cwd or os.getcwd()
    if not isinstance(cwd, str) or not os.path.isabs(cwd):
        raise EventError("the hook event's cwd is not an absolute path")
    return ToolCall(
        agent=agent,
        tool=tool,
        input=tool_input,
        cwd=os.path.normpath(cwd),
        session=_text(event.get("session_id")),
        tool_use_id=_text(event.get("tool_use_id")),
        agent_id=_marker(event, "agent_id"),
        agent_type=_marker(event, "agent_type"),
        project=project,
    )


def _marker(event, key):
    """A sub-agent marker: a string, or absent. Anything else is not read as "the main agent"
    (which would give a sub-agent's call the installed token)."""
    value = event.get(key)
    if value is None or isinstance(value, str):
        return value or ""
    raise EventError(f"the hook event's {key} is not a string")


def _text(value):
    return value if isinstance(value, str) else ""


def render_verdict(decision):
    """(exit code, stdout, stderr): allow is silence (exit 0, no output, never an `allow`
    decision, which would switch off the agent's own prompts); deny is the portable deny."""
    if decision.allow:
        return 0, "", ""
    return render_deny(decision.reason)


def render_deny(reason):
    """The portable deny (AGENT_HOOKS.md): JSON deny as the only stdout, reason on stderr, exit 2."""
    message = "Legant: " + reason
    stdout = fastjson.dumps({"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny",
                                                "permissionDecisionReason": message}})
    return 2, stdout + "\n", message + "\n"


# ---- Action builders, shared by the adapters' tool tables -------------------------------


def _action(call, verb, **kw):
    return Action(verb, call.tool, cwd=call.cwd, project=call.project, **kw)


def _string_arg(call, key, what, required=True):
    value = call.input.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise EventError(f"`{call.tool}` has no {what} (`{key}` must be a non-empty string)")
    return value


def file_action(verb, key, required=True, default_cwd=False, recursive=False):
    """A file tool whose path is in `key` (relative paths resolve against the call's cwd).
    `recursive`: a content search that reads every file below the path (Grep)."""

    def build(call):
        path = _string_arg(call, key, "file path", required=required and not default_cwd)
        if path is None:
            path = call.cwd
        action = _action(call, verb, paths=[path], target=path, recursive=recursive)
        if recursive:  # the file filters of Claude's Grep (glob, type) and opencode's grep (include)
            action.search_filters = {k: v for k, v in call.input.items() if k in ("glob", "include", "type")
                                     and isinstance(v, str) and v}
            agent = agents.get(call.agent)  # and the folders its search tool leaves out
            action.search_skips, action.search_skips_hold = agent.search_skips, agent.search_skips_hold
        return action

    return build


def multi_edit_action(key, edits_key="edits"):
    """A tool that applies a list of edits to the file in `key` (Claude's MultiEdit, opencode's
    multiedit). opencode's newer schema gives every edit a file path of its own: one an edit
    names is written too (deny beats allow, whichever the tool applies)."""
    base = file_action("fs.write", key)

    def build(call):
        action = base(call)
        edits = call.input.get(edits_key)
        if isinstance(edits, list):
            extra = [e.get(key) for e in edits if isinstance(e, dict) and isinstance(e.get(key), str) and e.get(key)]
            action.paths = list(action.paths) + [p for p in extra if p not in action.paths]
        return action

    return build


def glob_action(path_key="path", pattern_key="pattern"):
    """A file-name search (Claude's Glob, opencode's glob): the folder searched and the folder the
    pattern's literal head names (`../guard/*`, `/home/u/.ssh/*` leave the path) are both read."""
    base = file_action("fs.read", path_key, default_cwd=True)

    def build(call):
        action = base(call)
        pattern = call.input.get(pattern_key)
        if isinstance(pattern, str) and pattern:
            head = []
            for part in pattern.replace("\\", "/").split("/"):
                if any(c in part for c in "*?[{"):
                    break
                head.append(part)
            prefix = "/".join(head)
            if pattern.startswith("/") and not prefix:
                prefix = "/"
            if prefix or pattern.startswith("/"):
                root = action.paths[0] if action.paths else call.cwd
                joined = prefix if prefix.startswith(("/", "~")) else os.path.join(root, prefix)
                action.paths = list(action.paths) + [joined]
        return action

    return build


def shell_action(key="command", workdir_key=None, reads_through_shell=False, applies_patches=False):
    """A shell tool: `command` must be a string (fail closed otherwise). `reads_through_shell`:
    the agent has no file-reading tool, so its plainly read-only commands are its reads.
    `applies_patches`: the agent applies `apply_patch <<'EOF'` through its shell itself."""

    def build(call):
        command = call.input.get(key)
        if not isinstance(command, str):
            raise EventError(f"`{call.tool}`'s {key} is not a string")
        action = _action(call, "shell.exec", command=command, target=command, shell_reads=reads_through_shell)
        if "*** Begin Patch" in command:
            # Codex applies `apply_patch <<'EOF' ... EOF` (optionally after `cd DIR &&`) itself
            # when it comes through the shell: the files the patch names are written.
            action.paths, action.deletes = patch_paths(command)
            action.shell_patch = applies_patches and bool(action.paths) and intercepted_patch(command)
        if workdir_key:
            workdir = call.input.get(workdir_key)
            if workdir is not None:
                if not isinstance(workdir, str):
                    raise EventError(f"`{call.tool}`'s {workdir_key} is not a string")
                joined = os.path.join(call.cwd, os.path.expanduser(workdir))
                action.cwd = os.path.normpath(joined)
                if ".." in joined.split("/") and os.path.realpath(joined) != os.path.realpath(action.cwd):
                    # `gl/..` where gl is a link: the agent may resolve it as written (path.resolve) or
                    # the kernel may (chdir): the two readings lead to different folders
                    raise EventError(f"`{call.tool}`'s {workdir_key} {workdir!r} goes through a symlink before `..`, so "
                                     "where the command runs depends on who resolves it; give the folder without `..`")
        return action

    return build


def fetch_action(key="url", required=True):
    def build(call):
        url = call.input.get(key)
        if url is None and not required:
            return _action(call, "net.fetch", target=str(call.input.get("query", ""))[:200])
        if not isinstance(url, str) or not url:
            raise EventError(f"`{call.tool}` has no url")
        host = host_of(url)
        if host is None:
            raise EventError(f"could not read the host of the url {url!r}")
        return _action(call, "net.fetch", url=url, host=host, target=url)

    return build


def host_of(url):
    """The host of a URL (scheme optional) as the fetch would connect to it, or None when it cannot be read."""
    from urllib.parse import urlsplit

    text = url.strip().replace("\\", "/")
    if text[:5].lower() == "file:":
        return None  # (`file:/home/u/.netrc` read as host `file` with a default scheme: no host to fetch from)
    if "://" not in text:
        text = "http://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # raises ValueError on a malformed port
    except ValueError:
        return None
    if not host or "%" in host:
        return None
    from legant_guard.hook.hosts import canonical_host

    return canonical_host(host)


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


def patch_action(key):
    """apply_patch: every file the patch adds, updates, deletes or moves to is written."""

    def build(call):
        patch = call.input.get(key)
        if not isinstance(patch, str):
            raise EventError(f"`{call.tool}`'s {key} is not a string")
        paths, deletes = patch_paths(patch)
        if not paths:
            raise EventError("could not find any file in the patch (expected `*** Add/Update/Delete File:` lines)")
        return _action(call, "fs.write", paths=paths, deletes=deletes, target=" ".join(paths))

    return build


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
    return paths, deletes


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


def simple(verb):
    def build(call):
        return _action(call, verb, target=_summary(call.input))

    return build


def _summary(tool_input):
    try:
        text = fastjson.dumps(tool_input, sort_keys=True)
    except (TypeError, ValueError):
        text = ""
    return text[:200]


def mcp_action(call, server):
    return _argument_action(call, "mcp.call", f"{server}: {_summary(call.input)}")


def _argument_action(call, verb, target):
    """An MCP or unknown tool: every argument a potential path (path_like_strings), and the
    whole values with the paths a server may join from them (hook/toolargs.py judges folders
    and globs among those)."""
    wholes = []
    action = _action(call, verb, paths=path_like_strings(call.input, wholes), target=target)
    action.arg_values = wholes
    return action


def mcp_resource_action(call):
    """Codex's read_mcp_resource {server, uri}: a `file://` uri is a file the server reads."""
    server = call.input.get("server")
    return mcp_action(call, server if isinstance(server, str) and server else "?")


def classify_with(table, call, mcp_server=None):
    """Look the tool up in an adapter's table; MCP tools and unknown tools fall through."""
    build = table.get(call.tool)
    if build is not None:
        return build(call)
    server = mcp_server(call.tool) if mcp_server else None
    if server:
        return mcp_action(call, server)
    return _argument_action(call, OTHER, _summary(call.input))


MAX_ARG_VALUES = 10000
PATH_MAX = 4096


def path_like_strings(tool_input, wholes=None):
    """Every argument value (and key) of an unknown or MCP tool, read as the paths it could name.

    We cannot know what such a tool does with its arguments, so each string is a potential path
    (filesystem MCP servers resolve relative ones against their cwd, i.e. the event's): the engine
    holds them against the deny side (self-protection, deny-path); deny beats allow. `file:` URIs
    in every spelling give their decoded path, apply_patch bodies the files they name. Nested
    objects and lists are walked whatever the key names. Nothing is skipped: more than
    MAX_ARG_VALUES values is an EventError (the call is denied), and a string longer than
    PATH_MAX is taken in its `..`-collapsed form (what a server's path.resolve() opens); only
    when even that is longer than PATH_MAX can no open() accept it.

    `wholes` (a list) receives each value as a whole (a `file:` URI as its path) and the paths
    a server may build from several values (_joined_values): `{root: R, path: P}`, `{dir, name}`,
    `segments: [a, b, c]`."""
    from legant_guard.hook.budget import tick

    found, stack, count = [], [(None, tool_input)], 0
    groups = []  # the path-like values of one object, or one list of strings, as a server may join them
    while stack:
        key, value = stack.pop()
        count += 1
        if count > MAX_ARG_VALUES:
            raise EventError(f"the call has more than {MAX_ARG_VALUES} argument values, too many to check for paths; "
                             "split it into smaller calls")
        tick()
        if isinstance(value, dict):
            stack.extend((None, k) for k in value.keys())
            stack.extend(value.items())
            if wholes is not None:
                groups.append((False, [_whole_readings(v) for k, v in value.items() if isinstance(v, str) and v
                                       and not (isinstance(k, str) and k.lower() in _PROSE_KEYS)]))
        elif isinstance(value, list):
            stack.extend((key, v) for v in value)
            if wholes is not None and 1 < len(value) <= MAX_SEGMENTS and all(isinstance(v, str) and v for v in value):
                groups.append((True, [_whole_readings(v) for v in value]))
        elif isinstance(value, str) and value:
            prose = key.lower() if isinstance(key, str) and key.lower() in _PROSE_KEYS else None
            found.extend(_path_readings(value, prose=prose))
            if wholes is not None and not prose:
                wholes.extend(_whole_readings(value))
            head = value.lstrip()[:1]
            if head in ("{", "[") and len(value) <= 1_000_000:
                # a JSON document in a string (`"args": "{\"path\": \".env\"}"`): servers decode these
                from legant_guard import fastjson

                try:
                    stack.append((key, fastjson.loads(value)))
                except (ValueError, TypeError, RecursionError):
                    pass
    if wholes is not None:
        joined = _joined_values(groups)
        found.extend(joined)
        wholes.extend(joined)
        wholes[:] = _unique(wholes)
    return _unique(found)


def _unique(paths):
    unique, seen = [], set()
    for path in paths:
        if path not in seen:
            seen.add(path)
            unique.append(path)
    return unique


MAX_JOINED = 20000
MAX_SEGMENTS = 64  # a list of more strings is a list of paths, not the segments of one
SMALL_OBJECT = 8  # an object of at most this many values: any of them may be the folder (`{name, dir}`)


def _whole_readings(value):
    """A value as a whole path: stripped, and a `file:` URI as the path it opens."""
    stripped = value.strip()
    if not stripped or "\n" in stripped or (len(stripped) > PATH_MAX and "{" not in stripped):
        return []  # (a longer value opens nothing, unless its braces spell shorter paths)
    if stripped[:5].lower() == "file:":
        return [p for p in _file_uri_paths(stripped) if p]
    if "://" in stripped and " " not in stripped:
        return [stripped] + [p for p in _resource_uri_paths(stripped) if p]
    if "%" in stripped:  # (and as a server that decodes it reads it)
        decoded = _percent_decode(stripped)
        return [stripped, decoded] if decoded != stripped else [stripped]
    return [stripped]


def _joined_values(groups):
    """Paths a server may build by joining arguments (`path.join(root, path)`, `os.path.join(*segments)`):
    each value of a small object (any value of a larger one that spells a folder: `/x`, `~/x`,
    `./x`, `../x`, a `file:` URI) joined with each other value of that object, and the values of an object or the items of a short
    list of strings in their order. A later absolute value starts afresh, as path.join and
    os.path.join do. Bounded: more than MAX_JOINED joins is a deny, never a skip."""
    import posixpath

    from legant_guard.hook.budget import tick

    joined, total = [], 0
    for in_order, group in groups:
        # (a URL is joined by no server: its file path, a resource URI's, is among its readings)
        group = [readings for readings in ([r for r in rs if "://" not in r] for rs in group) if readings]
        n = len(group)
        if n < 2:
            continue
        if n <= MAX_SEGMENTS:
            joined.append(posixpath.join(*(readings[0] for readings in group)))
        if in_order:
            continue
        bases = [k for k, readings in enumerate(group) if n <= SMALL_OBJECT or readings[0].startswith(("/", "~", "."))
                 or len(readings) > 1]
        total += len(bases) * n * max(len(r) for r in group) ** 2
        if total > MAX_JOINED:
            raise EventError(f"the call's arguments could be joined into more than {MAX_JOINED} paths, too many to check; "
                             "split it into smaller calls")
        for i in bases:
            for j, second in enumerate(group):
                if i != j:
                    tick()
                    joined.extend(posixpath.join(a, b) for a in group[i] for b in second if not b.startswith("/"))
    return [path for path in joined if len(path) <= PATH_MAX]


# Keys whose multi-line value is text a server stores or shows (a file's content, a message), not
# a list of paths or a script: only its lines of one word are read as paths there.
_PROSE_KEYS = frozenset(("content", "contents", "text", "body", "message", "new_string", "old_string", "description",
                         "comment", "title", "summary", "prompt", "query", "data"))
# Of those, the keys whose one-line value a server may still hand on as words (a search's query,
# a request's data): split into words as any other argument.
_SPLIT_PROSE_KEYS = frozenset(("query", "data"))


def _path_readings(text, prose=False):
    """The paths one argument string could name (`prose`: the _PROSE_KEYS key it is the value of).

    Text a server stores or shows is not split into words (an issue titled `Fix .env loading`):
    its one-word lines are paths. The whole of a multi-line text (a body mentioning
    `~/.ssh/config`) is a path only through folders whose names hold a line break, which no
    secret lives in: it is read as one only when a `..` in it could climb out of them; a line
    of several words, only when it starts as a path does (`/`, `~`)."""
    stripped = text.strip()
    uri = stripped[:5].lower() == "file:"
    multiline_prose = prose and "\n" in stripped
    whole = not prose or ".." in text.split("/") or prose in _SPLIT_PROSE_KEYS or (
        not multiline_prose and (" " not in stripped or stripped.startswith(("/", "~"))))
    # a `file:` URI's own path first, so a denial names the file it opens (not `proj/file:/...`)
    readings = list(_file_uri_paths(stripped)) if uri else []
    if not uri and "://" in stripped and " " not in stripped:
        readings.extend(_resource_uri_paths(stripped))
    if "\\" in stripped and "\n" not in stripped:  # a server that takes `\\` for `/` (Windows-minded)
        readings.append(stripped.replace("\\", "/"))
    if not uri and "%" in stripped and "\n" not in stripped:
        # a server that decodes percent-encoding (a path taken from a URL route: `..%2Fguard%2Fkey.pem`)
        decoded = stripped
        for _ in range(3):
            again = _percent_decode(decoded)
            if again == decoded:
                break
            readings.append(again)
            decoded = again
    if whole:
        readings.append(text)
    if stripped != text and "\n" not in stripped:
        readings.append(stripped)
    if "\x00" in text:  # a C server stops at the NUL
        readings.append(text.split("\x00", 1)[0])
    if not uri and "\n" not in stripped and " " not in stripped:
        # an option or setting a server hands to a program (`--file=.env`, `KEY=~/.ssh/id_rsa`)
        # and curl's `@FILE`: the file is what follows
        if "=" in stripped:
            readings.append(stripped.split("=", 1)[1])
        if stripped.startswith(("@", "<")):
            readings.append(stripped[1:])
        elif stripped[:1] == "-" and stripped[1:2].isalpha() and len(stripped) > 2:
            readings.append(stripped[2:])  # a short option glued to its value (`-f.env`, `-o~/.bashrc`)
    if "*** Begin Patch" in text:  # e.g. Codex's apply_patch under another tool name
        readings.extend(patch_paths(text)[0])
    if multiline_prose or (prose and prose not in _SPLIT_PROSE_KEYS):
        readings.extend(line.strip() for line in stripped.split("\n") if line.strip() and " " not in line.strip())
    else:
        readings.extend(_words_of(stripped))
    out = []
    for path in readings:
        if len(path) > PATH_MAX:
            import posixpath

            path = posixpath.normpath(path)
            if len(path) > PATH_MAX:
                continue  # longer than PATH_MAX even with `..` collapsed: no open() accepts it
        if path:
            out.append(path)
    return out


_SEPARATORS = "\t\n\r\f\v,;()[]{}<>\"'|&`"
_TO_SPACE = str.maketrans({c: " " for c in _SEPARATORS})


def _words_of(text):
    """The words of an argument that holds several paths or a command line (`a.py .env`,
    `--file .env`, `a.py,.env`, `a.py:.env`, `cat .env`, one per line): a server may split it, a
    program it runs will. Each word as a path, its value after `=`, a curl-style `@FILE`, and
    the path of a `file:` URI."""
    if not text or (" " not in text and ":" not in text and not any(c in text for c in _SEPARATORS)):
        return []
    words = set(text.translate(_TO_SPACE).split(" "))
    for word in list(words):
        if ":" in word and word[:5].lower() != "file:":
            words.update(word.split(":"))
    out = []
    for word in words:
        if not word or word == text:
            continue
        out.append(word)
        if "=" in word:
            out.append(word.split("=", 1)[1])
        if word[0] in "@<":
            out.append(word[1:])
        if word[:5].lower() == "file:":
            out.extend(_file_uri_paths(word))
    return out


def _resource_uri_paths(uri):
    """An MCP resource URI of the server's own scheme (`resource://fs/tmp/x`, `fs:///tmp/x`,
    `repo://local/home/u/.ssh`): the server maps it to a file as it likes; its path (and its
    authority and path read as one) are held against the deny side like a file: URI's. Web
    URLs (http, https, ws) name no local file."""
    scheme, _, rest = uri.partition("://")
    if not scheme or scheme.lower() in ("http", "https", "ws", "wss") or not scheme.replace("+", "").replace(
            "-", "").replace(".", "").isalnum():
        return []
    slash = rest.find("/")
    spellings = [rest[slash:]] if slash > 0 else []
    return [p for s in spellings + ["/" + rest] for p in _file_uri_paths("file:" + s)]


def _file_uri_paths(uri):
    """file:/x, file:///x, file://localhost/x, file://host/x (the path is what a local server
    opens), any case of `file:`, percent-encoding (%2e%2e, %2F) decoded up to three times. A
    backslash is a slash to a WHATWG URL parser (`new URL("file:/g\\key.pem")` in Node opens
    /g/key.pem): read both ways."""
    if "\\" in uri:
        return _file_uri_paths(uri.replace("\\", "/")) + _file_uri_paths(uri.replace("\\", "%5C"))
    rest = uri[5:]
    if rest.startswith("//"):
        slash = rest.find("/", 2)
        rest = rest[slash:] if slash != -1 else "/"
    spellings = [rest, uri[5:]]  # and the authority read as path: file://%2Fetc%2Fpasswd
    if uri[5:7] == "//" and uri[7:8] not in ("/", ""):
        # a server that strips `file://` opens the rest as a path of its own: relative to its
        # folder or its home (`file://../guard/key.pem`, `file://~/.netrc`, `file://hl/.netrc`)
        spellings.append(uri[7:])
    bare = rest.split("?", 1)[0].split("#", 1)[0]
    if bare != rest:
        spellings.append(bare)
    out = []
    for spelling in spellings:
        out.append(spelling)
        for _ in range(3):
            decoded = _percent_decode(spelling)
            if decoded == spelling:
                break
            out.append(decoded)
            spelling = decoded
    return out


_HEX = frozenset(b"0123456789abcdefABCDEF")


def _percent_decode(text):
    """%XX decoded once (other `%` kept). Split at `%` rather than walked byte by byte: an 8 MB
    argument of `%25...` took 10 s; the deadline is checked as it goes."""
    if "%" not in text:
        return text
    from legant_guard.hook.budget import tick

    pieces = text.encode("utf-8", "surrogateescape").split(b"%")
    out = [pieces[0]]
    for k in range(1, len(pieces)):
        if not k & 4095:
            tick()
        piece = pieces[k]
        if len(piece) >= 2 and piece[0] in _HEX and piece[1] in _HEX:
            out.append(bytes((int(piece[:2], 16),)))
            out.append(piece[2:])
        else:
            out.append(b"%")
            out.append(piece)
    return b"".join(out).decode("utf-8", "surrogateescape")


def mcp_double_underscore(tool):
    """Claude Code and Codex name MCP tools mcp__<server>__<tool>."""
    if tool.startswith("mcp__"):
        server = tool[5:].split("__", 1)[0]
        return server or None
    return None


COORD_ACTION = simple(COORD)
