"""Output emulation: the exact text a few commands print, when the analysis can compute it.

`echo Y2F0IH4vLnNzaC9pZF9yc2E= | base64 -d | sh` and `printf 'rm -rf %s' ~ | bash` hide the
code a shell runs inside another command's output. For echo, printf, pwd, cat and rev of known
text, which/type/command, and base64 -d / xxd -r -p of known text, the output is computed here
so the walker can analyse it as the code it is; anything else is None (undetermined).
"""

from legant_guard.shell.wrappers import basename


def known_output(name, args, stdin, cwd):
    """The exact output of a command whose output the analysis can compute, else None."""
    if any(e.dynamic for e in args):
        return None
    try:
        return _known_output(name, args, stdin, cwd)
    except _Unknown:
        return None


def _known_output(name, args, stdin, cwd):
    texts = [e.text for e in args]
    if name == "echo":
        newline = "\n"
        while texts and texts[0] in ("-n", "-e", "-E", "-ne", "-en"):
            if "n" in texts[0]:
                newline = ""
            if "e" in texts[0][1:]:
                texts = [_unescape(t) for t in texts[1:]]
                continue
            texts = texts[1:]
        return " ".join(texts) + newline
    if name == "printf":
        if not texts:
            return None
        fmt = texts[0]
        if fmt == "--" and len(texts) > 1:
            texts = texts[1:]
            fmt = texts[0]
        vals = texts[1:]
        pieces = fmt.replace("%%", "\x00").split("%")
        if any(p[:1] not in ("s", "b") for p in pieces[1:]):
            return None
        if len(pieces) == 1:
            return _unescape(fmt).replace("\x00", "%")
        n = len(pieces) - 1
        out = []
        rounds = max(1, (len(vals) + n - 1) // n)
        for r in range(rounds):
            chunk = vals[r * n : r * n + n]
            chunk += [""] * (n - len(chunk))
            s = _unescape(pieces[0])
            for p, v in zip(pieces[1:], chunk):
                s += (_unescape(v) if p[0] == "b" else v) + _unescape(p[1:])
            out.append(s)
        return "".join(out).replace("\x00", "%")
    if name == "pwd":
        return cwd + "\n"
    if name in ("cat", "rev"):
        if args or stdin is None or stdin.text is None:
            return None
        return stdin.text if name == "cat" else "\n".join(l[::-1] for l in stdin.text.split("\n"))
    if name in ("which", "type") or name == "command":
        names = [t for t in texts if not t.startswith("-")]
        return "".join("/usr/bin/%s\n" % basename(t) for t in names) or None
    if name in ("base64", "xxd") and stdin is not None and stdin.text is not None:
        import binascii

        flags = "".join(t for t in texts if t.startswith("-"))
        try:
            if name == "base64" and ("d" in flags or "D" in flags):
                return binascii.a2b_base64("".join(stdin.text.split())).decode("utf-8", "replace")
            if name == "xxd" and "r" in flags and "p" in flags:
                return binascii.unhexlify("".join(stdin.text.split())).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return None
    return None


_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "r": "\r", "v": "\v",
                   "e": "\x1b", "E": "\x1b", '"': '"', "'": "'", "?": "?"}
_HEX = "0123456789abcdefABCDEF"


class _Unknown(Exception):
    """An escape whose meaning differs between echo -e, printf's format and %b (octal, \\u, \\c)."""


def _unescape(text):
    """The text printf (or echo -e) prints for `text`: \\n, \\t, \\xHH ... decoded; an escape whose
    meaning depends on which of them reads it (octal digits, \\u, \\c) raises _Unknown (the
    output is then not known: `printf '\\056env'` is `.env`)."""
    if "\\" not in text:
        return text
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        e = text[i + 1]
        if e in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[e])
            i += 2
        elif e == "x" and i + 2 < n and text[i + 2] in _HEX:
            j = i + 2
            while j < n and j < i + 4 and text[j] in _HEX:
                j += 1
            out.append(chr(int(text[i + 2:j], 16)))
            i = j
        elif e in "01234567uUcx":
            raise _Unknown(e)
        else:  # an unknown escape prints as it is
            out.append(c + e)
            i += 2
    return "".join(out)
