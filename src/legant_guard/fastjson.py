"""JSON, SHA-256, constant-time compare and base64url for the hook path, without the heavy imports.

Why: `import json` pulls in `re` (json.decoder compiles regexes at import), and `hashlib`
loads OpenSSL and blake2; together that is about a third of the hook's whole-process
latency. CPython's own C accelerators do the same work without them: `_json`'s scanner
(the one json.loads uses), `_json.encode_basestring_ascii` (what json.dumps uses with
ensure_ascii), `_sha256`/`_sha2`, `_operator._compare_digest` and `binascii`.
Output is byte-identical to json.dumps(..., sort_keys=..., separators=...) with
ensure_ascii, so records hashed here verify with the json module elsewhere.
Falls back to the standard modules on interpreters without these accelerators.
"""

import binascii

try:
    from _json import encode_basestring_ascii as _encode_str
    from _json import make_scanner as _make_scanner
except ImportError:  # pragma: no cover - not CPython
    _make_scanner = None

try:
    from _sha256 import sha256  # CPython 3.10, 3.11
except ImportError:  # pragma: no cover - depends on the interpreter
    try:
        from _sha2 import sha256  # CPython 3.12+
    except ImportError:
        from hashlib import sha256

try:
    from _operator import _compare_digest as compare_digest
except ImportError:  # pragma: no cover
    from hmac import compare_digest

_WHITESPACE = " \t\n\r"


def _reject_constant(name):
    raise ValueError(f"{name} is not valid JSON")


class _Context:
    """The attributes the C scanner reads from a JSONDecoder."""

    __slots__ = ("strict", "object_hook", "object_pairs_hook", "parse_float", "parse_int", "parse_constant", "memo")

    def __init__(self):
        self.strict = True
        self.object_hook = None
        self.object_pairs_hook = None
        self.parse_float = float
        self.parse_int = int
        self.parse_constant = _reject_constant
        self.memo = {}


_scan_once = _make_scanner(_Context()) if _make_scanner else None


def loads(text):
    """Parse one JSON document (str or UTF-8 bytes); ValueError when it is not valid JSON."""
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("not UTF-8")
    if _scan_once is None:  # pragma: no cover
        import json

        return json.loads(text)
    n = len(text)
    i = 0
    while i < n and text[i] in _WHITESPACE:
        i += 1
    try:
        value, end = _scan_once(text, i)
    except StopIteration as e:
        raise ValueError(f"invalid JSON at character {e.value}") from None
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    except SystemError:
        # Most syntax errors are reported through json.decoder.JSONDecodeError, which the C
        # scanner only looks up in sys.modules; without it the error surfaces as SystemError.
        raise ValueError("invalid JSON") from None
    while end < n and text[end] in _WHITESPACE:
        end += 1
    if end != n:
        raise ValueError(f"extra data after the JSON value at character {end}")
    return value


def dumps(value, sort_keys=False, separators=(", ", ": ")):
    """Serialise like json.dumps(value, sort_keys=..., separators=...) with ensure_ascii."""
    if _make_scanner is None:  # pragma: no cover
        import json

        return json.dumps(value, sort_keys=sort_keys, separators=separators)
    out = []
    _encode(value, out, sort_keys, separators[0], separators[1])
    return "".join(out)


class _Enough(Exception):
    pass


class _Head(list):
    """The pieces of a serialisation, up to `limit` characters: then _Enough."""

    def __init__(self, limit):
        super().__init__()
        self.left = limit

    def append(self, piece):
        super().append(piece)
        self.left -= len(piece)
        if self.left < 0:
            raise _Enough


def dumps_head(value, limit, sort_keys=False):
    """dumps(value, sort_keys=...)[:limit], without serialising past it (a summary of a 5 MB tool
    input encoded the whole of it: 2.5 s, red team 43)."""
    if _make_scanner is None:  # pragma: no cover
        return dumps(value, sort_keys=sort_keys)[:limit]
    out = _Head(limit)
    try:
        _encode(value, out, sort_keys, ", ", ": ")
    except _Enough:
        pass
    return "".join(out)[:limit]


def _encode(value, out, sort_keys, item_sep, key_sep):
    if isinstance(value, str):
        out.append(_encode_str(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("NaN and infinity are not JSON")
        out.append(float.__repr__(value))
    elif isinstance(value, dict):
        keys = list(value)
        for k in keys:
            if not isinstance(k, str):
                raise TypeError("JSON object keys must be strings")
        if sort_keys:
            keys.sort()
        out.append("{")
        for i, k in enumerate(keys):
            if i:
                out.append(item_sep)
            out.append(_encode_str(k))
            out.append(key_sep)
            _encode(value[k], out, sort_keys, item_sep, key_sep)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(item_sep)
            _encode(item, out, sort_keys, item_sep, key_sep)
        out.append("]")
    else:
        raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def b64url_decode_raw(text):
    """base64url (padding optional) -> bytes, via binascii; binascii.Error on bad input."""
    if isinstance(text, str):
        text = text.encode("ascii")
    text = text.replace(b"-", b"+").replace(b"_", b"/")
    return binascii.a2b_base64(text + b"=" * (-len(text) % 4), strict_mode=True)


def b64url_encode(data):
    """bytes -> base64url without padding."""
    return binascii.b2a_base64(data, newline=False).rstrip(b"=").replace(b"+", b"-").replace(b"/", b"_").decode("ascii")
