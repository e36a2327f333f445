"""Every argument of an MCP or unknown tool as the paths it could name (agents/common.py's part
for them, loaded for those tools): keys of any name, nested objects and lists, values joined
as servers join them, `file:` and resource URIs in every spelling, percent-encoding, prose
keys split into words; bounded, and a deny beyond the bounds, never a silent skip.
"""

from legant_guard.agents.common import EventError
from legant_guard.agents.patchfiles import patch_paths


MAX_ARG_VALUES = 10000
# The words and lines of all arguments read as paths: each is judged against the rules, so their
# number bounds the cost (an argument of a million words took longer than the deadline to split).
MAX_READINGS = 20000
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
            _too_many_values()
        tick()
        if isinstance(value, (dict, list)) and count + len(value) > MAX_ARG_VALUES:
            _too_many_values()  # (its values are counted below anyway: not after reading each as a path)
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
            if not prose and value.count(" ") + value.count("\n") + value.count(",") > 4 * MAX_READINGS:
                _too_many_readings()  # (before splitting a million words: that alone outlasts the deadline)
            found.extend(_path_readings(value, prose=prose))
            if len(found) > MAX_READINGS:
                _too_many_readings()
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


def _too_many_values():
    raise EventError(f"the call has more than {MAX_ARG_VALUES} argument values, too many to check for paths; "
                     "split it into smaller calls")


def _too_many_readings():
    raise EventError(f"the call's arguments hold more than {MAX_READINGS} words or lines that could be paths, too "
                     "many to check; split it into smaller calls")


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
