"""The text a shell command line leaves in a file, where the guard can know it.

A program's configuration written by the shell (`printf '[target.x]\\nrunner = "curl"\\n' >
.cargo/config.toml`, `cat > pytest.ini <<'EOF'`, `echo … | tee -a .npmrc`, `cp stage.toml
.cargo/config.toml`) is judged like the same text written by a file tool (hook/configwrites.py),
so the text must be known. The command line is walked again with a walker that keeps what each
command prints (its input, for tee), and every write of the file is followed in order: `>`
replaces, `>>` appends to what the file holds on disk, `tee [-a] FILE` writes its input, a line
that is one plain `cp SRC FILE` the source's text (hook/copiedtext.py). Any other command that
writes the file (`sed -i`, `mv`, `<>`, a program that is not one of those), a writer whose
output is not known (a variable set outside the line, a file's content), or a line the analysis
left undetermined makes the text unknown. Each write's own result is returned beside the text
of all of them in order, so a write under a condition (`[ -f x ] && echo a > F || echo b > F`)
is judged too. Loaded only for writes of a program configuration's name (trustbase's name test).
"""

from legant_guard.shell.analyze import Walker

_REPLACING = frozenset((">", ">|", "&>", ">&"))
_APPENDING = frozenset((">>", "&>>"))
_TRUNCATORS = frozenset((":", "true"))


def _stdout_op(op):
    """`op` without an fd number that is the standard output's (`1>>`, `01>`: `>>`, `>`)."""
    bare = op.lstrip("0123456789")
    fd = op[: len(op) - len(bare)]
    return bare if fd and int(fd) == 1 else op


def _printing(kept):
    """A walker class that keeps (the command, what it prints, its input's text) in `kept`."""

    class Printing(Walker):
        def classify(self, words, records, scope, via, stdin, redirects, extra, cwd, xargs):
            start = len(self.out)
            output = Walker.classify(self, words, records, scope, via, stdin, redirects, extra, cwd, xargs)
            argv = [e.text for e in words]
            for cmd in reversed(self.out[start:]):
                if cmd.argv == argv:
                    kept.append((cmd, output, stdin.text if stdin is not None else None))
                    break
            return output

    return Printing


def texts(command, cwd, home, env, target, writers):
    """[the text each write leaves in `target`, ..., the text all of them leave in order], or
    None when any of it cannot be known. `writers`: the commands of the analysed line that
    write `target` (trustbase's written paths)."""
    from legant_guard import shell

    kept = []
    analysis = shell.analyze(command, cwd, home, environment=env, walker_class=_printing(kept))
    if analysis.error or analysis.undetermined or analysis.cwd_forks:
        return None
    plain = {}
    for cmd in writers:
        if cmd.executable == "cp":
            from legant_guard.hook.copiedtext import copied_text

            text = copied_text(analysis, target)
            return None if text is None else [text]
        plain[(tuple(cmd.argv), cmd.cwd)] = cmd
    pieces = []  # (appends, text) in the order the writes run
    found = 0
    for cmd, output, given in kept:
        if (tuple(cmd.argv), cmd.cwd) not in plain:
            continue
        found += 1
        if cmd.undetermined or cmd.globs:
            return None
        # `1>>` is `>>` (the op carries its fd); another fd (`2>`, `0>`) writes what the guard did not
        # compute: kept as it is, it is no mode below and the text is undetermined
        modes = [_stdout_op(r.op) for r in cmd.redirects if r.target == target]
        if cmd.executable == "tee" and target in cmd.paths:
            if given is None or any(w[:1] == "-" and w not in ("-a", "--append") for w in cmd.argv[1:]):
                return None
            modes.append(">>" if ("-a" in cmd.argv or "--append" in cmd.argv) else ">")
            output = given
        elif cmd.executable in _TRUNCATORS:
            output = ""
        if not modes or output is None or any(m not in _REPLACING and m not in _APPENDING for m in modes):
            return None
        for mode in modes:
            pieces.append((mode in _APPENDING, output))
    if not pieces or found < len(plain):
        return None
    on_disk = None
    if any(appends for appends, _text in pieces):
        from legant_guard.hook.configwrites import _on_disk

        on_disk = _on_disk(target)
        if on_disk is None:
            return None
    out, whole = [], on_disk if pieces[0][0] else ""
    for appends, text in pieces:
        out.append(on_disk + text if appends else text)
        whole = whole + text if appends else text
    return out + [whole] if len(out) > 1 else out


def echoed_text(analysis):
    """What the line's echo and printf may print, as lines: their words joined (echo), joined
    after a format (printf), one word a line (`printf '%s\\n' …`); printf's (and `echo -e`'s)
    escapes put in. The raw command line hides an unquoted word's place: `echo layout python >>
    .envrc` writes a line that starts with `layout`, where the line checked reads `echo layout`
    (red team #34). printf's own output is added: its conversions join words into a name no
    word holds (`printf '%s%s=x' CLAUDE _CONFIG_DIR`, red team 44); a format whose output is not
    computed (`%.6s`, `%c`) makes the text None (not determined). Loaded only for a literal write
    of a start-up file."""
    from legant_guard.shell.expansion import unescape_printf
    from legant_guard.shell.output import printf_output

    lines = []
    for cmd in analysis.commands:
        if cmd.executable in ("echo", "printf"):
            words = cmd.argv[1:]
            pieces = [" ".join(words), " ".join(words[1:])] + words
            escaped = cmd.executable == "printf" or any(w[:1] == "-" and "e" in w for w in words[:3])
            lines += [unescape_printf(p) for p in pieces] if escaped else pieces
            if cmd.executable == "printf":
                printed = printf_output(words)
                if printed is None:
                    return None
                lines.append(printed)
    return "\n".join(lines)
