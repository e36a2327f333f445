"""Output emulation: the exact text a few commands print, when the analysis can compute it.

`echo Y2F0IH4vLnNzaC9pZF9yc2E= | base64 -d | sh` and `printf 'rm -rf %s' ~ | bash` hide the
code a shell runs inside another command's output. For echo, printf, pwd, cat and rev of known
text, which/type/command, and base64 -d / xxd -r -p of known text, the output is computed here
so the walker can analyse it as the code it is; anything else is None (undetermined), and so is
output that differs between the shells and settings that could run it (echo's backslashes) or
that comes from a file rather than the input (`base64 -d FILE`).
"""

from legant_guard.shell.names import basename


def known_output(name, args, stdin, cwd):
    """The exact output of a command whose output the analysis can compute, else None."""
    if any(e.dynamic for e in args):
        return None
    texts = [e.text for e in args]
    if name == "echo":
        return _echo(texts)
    if name == "printf":
        return printf_output(texts)
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
        if any(not t.startswith("-") for t in texts):
            return None  # `base64 -d FILE` decodes the file, not its input; an option's value (`-w 0`) too
        flags = "".join(texts)
        if name == "base64" and ("d" in flags or "D" in flags):
            return _base64_decoded(stdin.text, "i" in flags)
        if name == "xxd" and "r" in flags and "p" in flags:
            import binascii

            try:
                return binascii.unhexlify("".join(stdin.text.split())).decode("utf-8", "replace")
            except (binascii.Error, ValueError):
                return None
    return None


def printf_output(texts):
    """What `printf FORMAT ARGS…` prints when its format uses only %s, %b and %% (a format
    reused for more arguments, as printf does), else None: a width, a precision or another
    conversion (`%.6s`, `%c`, `%5s`) is not computed."""
    if not texts:
        return None
    fmt = texts[0]
    if fmt == "--" and len(texts) > 1:
        texts = texts[1:]
        fmt = texts[0]
    vals = texts[1:]
    # `%%` is a literal `%`: held as a NUL (no argument holds one) while the format is cut at
    # its conversions, and put back before the escapes are read, which may make real NULs
    # (`printf 'F\\0' | xargs -0 rm` names F, not `F%`)
    pieces = fmt.replace("%%", "\x00").split("%")
    if any(p[:1] not in ("s", "b") for p in pieces[1:]):
        return None

    def literal(piece):
        return _unescape(piece.replace("\x00", "%"))

    if len(pieces) == 1:
        return literal(pieces[0])
    n = len(pieces) - 1
    out = []
    rounds = max(1, (len(vals) + n - 1) // n)
    for r in range(rounds):
        chunk = vals[r * n : r * n + n]
        chunk += [""] * (n - len(chunk))
        s = literal(pieces[0])
        for p, v in zip(pieces[1:], chunk):
            if p[0] == "b":
                v, stop = _until_stop(v)
                if stop:  # `printf '%b' 'F\\cjunk'`: \\c in a %b argument ends all output
                    out.append(s + _unescape(v))
                    return "".join(out)
                v = _unescape(v)
            s += v + literal(p[1:])
        out.append(s)
    return "".join(out)


def _echo(texts):
    """What bash's `echo` prints: leading words made only of n, e and E after a dash are options
    (`-ne`, `-ee`, `-nEe`: the last of e/E wins). Without -e, a backslash is printed as it is by
    bash but read as an escape by dash's echo (sh on Debian) and by bash under `shopt -s
    xpg_echo`: the output is not known then."""
    newline, escapes, k = "\n", False, 0
    while k < len(texts) and len(texts[k]) > 1 and texts[k][0] == "-" and not texts[k][1:].strip("neE"):
        for letter in texts[k][1:]:
            if letter == "n":
                newline = ""
            else:
                escapes = letter == "e"
        k += 1
    texts = texts[k:]
    if not escapes:
        return None if any("\\" in t for t in texts) else " ".join(texts) + newline
    shown = []
    for t in texts:
        t, stop = _until_stop(t)
        shown.append(_unescape(t))
        if stop:  # `echo -e 'F\\cjunk'` prints F and nothing more, not even the newline
            return " ".join(shown)
    return " ".join(shown) + newline


_BASE64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


def _base64_decoded(text, ignore_garbage):
    """What GNU `base64 -d` prints, or None: it decodes padded blocks one after another
    (`YQ==Lw==` is `a/`, where Python's decoder stops at the first padding) and stops at a
    character outside the alphabet unless -i drops them."""
    import binascii

    data = "".join(c for c in text if c in _BASE64) if ignore_garbage else "".join(text.split())
    if len(data) % 4 or any(c not in _BASE64 for c in data):
        return None
    out = []
    for k in range(0, len(data), 4):
        block = data[k:k + 4]
        if "=" in block.rstrip("="):
            return None
        try:
            out.append(binascii.a2b_base64(block))
        except (binascii.Error, ValueError):
            return None
    return b"".join(out).decode("utf-8", "replace")


def _until_stop(text):
    """(`text` up to a `\\c` escape, whether it has one): echo -e and printf's %b print nothing
    after it."""
    i = text.find("\\")
    while i != -1 and i + 1 < len(text):
        if text[i + 1] == "c":
            return text[:i], True
        i = text.find("\\", i + 2)
    return text, False


def _unescape(text):
    """The escapes printf and `echo -e` expand (\\n, \\xHH, \\NNN ...): `$(printf '\\x2eclaude')` is
    `.claude`, never the literal text."""
    from legant_guard.shell.expansion import unescape_printf

    return unescape_printf(text)
