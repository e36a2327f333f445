"""Output emulation: the exact text a few commands print, when the analysis can compute it.

`echo Y2F0IH4vLnNzaC9pZF9yc2E= | base64 -d | sh` and `printf 'rm -rf %s' ~ | bash` hide the
code a shell runs inside another command's output. For echo, printf, pwd, cat and rev of known
text, which/type/command, and base64 -d / xxd -r -p of known text, the output is computed here
so the walker can analyse it as the code it is; anything else is None (undetermined).
"""

from legant_guard.shell.names import basename


def known_output(name, args, stdin, cwd):
    """The exact output of a command whose output the analysis can compute, else None."""
    if any(e.dynamic for e in args):
        return None
    texts = [e.text for e in args]
    if name == "echo":
        newline = "\n"
        while texts and texts[0] in ("-n", "-e", "-E", "-ne", "-en"):
            if "n" in texts[0]:
                newline = ""
            if "e" in texts[0][1:]:
                shown = []
                for t in texts[1:]:
                    t, stop = _until_stop(t)
                    shown.append(_unescape(t))
                    if stop:  # `echo -e 'F\\cjunk'` prints F and nothing more, not even the newline
                        return " ".join(shown)
                texts = shown
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
    from legant_guard.shell.words import unescape_printf

    return unescape_printf(text)
