"""Protected paths named where the shell analysis sees no operand: inside a program's own command
language, or glued to an option.

`vim -es +'w! .claude/settings.json' a`, `nvim -c 'w! …'`, `ed -s a <<< 'w .claude/settings.json'`,
`sqlite3 x.db '.once .claude/settings.json'`, `emacs --batch --eval '(write-region … ".claude/…")'`,
`gdb -ex 'shell …'`, `script -c true .claude/settings.json`, `tmux pipe-pane 'cat > …'`, gnuplot's
`set print '.git/hooks/pre-commit'` / `set output …` (red team 29): the file is
written by a command the program reads, not by an operand; `gcc -o.claude/settings.json`,
`--log-file=…`: by an option's value. For every role, a protected path (a hook config, the guard's
files), part of the guard's installation or a repository hook named there is denied, and so is a
content-checked file (start-up files, git configuration: the text written cannot be read).
Programs with a command language are read on the whole command line's words (a here-string or
here-document is their input); other programs on `-oVALUE` and `--option=VALUE` only.
"""

import os

from legant_guard.hook.model import deny

PAYLOAD_PROGRAMS = frozenset((
    "vim", "vi", "nvim", "view", "ex", "gvim", "evim", "vimdiff", "rvim", "rview", "vimx", "ed", "red", "emacs",
    "emacsclient", "sqlite3", "duckdb", "gdb", "lldb", "tmux", "screen", "script", "psql", "mysql", "mariadb", "nano",
    "kak", "helix", "hx", "mg", "jed", "joe", "gnuplot",
))
_SEPARATORS = "'\"`;|&<>(){}\n\t,\\"  # (\\: `printf 'r .env\\n,p' | ed`)
MAX_WORDS = 512


# Options naming a file of the program's own commands (red team 39: `ed a.txt < script` with
# `w .claude/settings.json` in it, `sqlite3 db -init f.sql` with `.output …`): read like its input.
_SCRIPT_OPTIONS = {
    "vim": ("-S", "-s", "-u"), "vi": ("-S", "-s", "-u"), "nvim": ("-S", "-s", "-u"), "ex": ("-S", "-s", "-u"),
    "sqlite3": ("-init",), "duckdb": ("-init", "-f"), "psql": ("-f", "--file"), "gdb": ("-x", "--command", "-ix"),
    "lldb": ("-s", "-S", "--source"), "emacs": ("-l", "--load", "--script", "-script"), "tmux": ("-f",),
    "screen": ("-c",), "mysql": (), "mariadb": (),
}
_MAX_SCRIPT_BYTES = 256 * 1024


def script_text(cmd, raw_command=""):
    """(the text of the files the program reads its own commands from: its input redirected from a
    file, the files its script options name; why one cannot be read, or None). A file that is not
    there runs nothing (the shell refuses the redirect, the program the option), unless the command
    line names it elsewhere too: written earlier in it (`printf … > s; ed a < s`)."""
    from legant_guard.shell.words import absolute

    argv = cmd.argv
    names = [r.target for r in cmd.redirects if r.op.lstrip("0") in ("<", "<>")]
    for option in _SCRIPT_OPTIONS.get(cmd.executable, ()):
        for i, word in enumerate(argv[1:], 1):
            if word == option and i + 1 < len(argv):
                names.append(argv[i + 1])
            elif option.startswith("--") and word.startswith(option + "="):
                names.append(word.split("=", 1)[1])
    texts = []
    for name in names:
        path = name if os.path.isabs(name) else absolute(name, cmd.cwd)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            try:
                import stat

                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    return "", f"it reads its commands from {name}, which is not a regular file"
                data = os.read(fd, _MAX_SCRIPT_BYTES)
                size = os.fstat(fd).st_size
                if size > _MAX_SCRIPT_BYTES:  # (a large input, a dump: its first and last part are read)
                    data += b"\n" + os.pread(fd, _MAX_SCRIPT_BYTES, max(size - _MAX_SCRIPT_BYTES, _MAX_SCRIPT_BYTES))
            finally:
                os.close(fd)
        except FileNotFoundError:
            if raw_command.count(os.path.basename(name)) > 1:
                return "", f"it reads its commands from {name}, which the command line writes first"
            continue
        except OSError as e:
            return "", f"it reads its commands from {name}, which cannot be read ({e.strerror})"
        texts.append(data.decode("utf-8", "replace"))
    return "\n".join(texts), None


def _payload_words(raw):
    text = raw
    for c in _SEPARATORS:
        text = text.replace(c, " ")
    return [w for w in text.split() if "/" in w or w.startswith(".")][:MAX_WORDS]


def _option_values(argv):
    """The values glued to options: `--opt=VALUE`, `-oVALUE`, and any short option's `-XPATH` (red team
    44: `pip download -d/VENV/…`, `ssh-keygen -f/VENV/…/x.pth`, `cc -MF…`), also after a bundle of
    flags (`-xvf/x/a.tar`: from the path's first `/` or `~` on)."""
    out = []
    for word in argv[1:]:
        if word.startswith("--") and "=" in word:
            out.append(word.split("=", 1)[1])
        elif word[:1] == "-" and len(word) > 2 and word[1] != "-":
            if word[1] == "o" or word[2] in "/.~" or "/" in word:
                out.append(word[2:])
            start = next((k for k in range(2, len(word)) if word[k] in "/~"), 0)
            if start > 2:
                out.append(word[start:])
    return [v for v in out if v]


def check(cmd, protected, home, raw_command):
    """A deny when `cmd` names a protected or checked path in its command language or an option's value."""
    from legant_guard.hook.paths import UnresolvablePath, path_variants
    from legant_guard.shell.words import absolute

    words = [v for v in _option_values(cmd.argv) if "/" in v or v[0] in ".~" or "." in v]
    if cmd.executable in PAYLOAD_PROGRAMS or any(v.split()[0] in PAYLOAD_PROGRAMS for v in cmd.via):
        # (`script -c CMD FILE`: the analysis runs CMD; FILE, the typescript, is written)
        words += _payload_words(raw_command)
    if cmd.executable in PAYLOAD_PROGRAMS:
        text, why = script_text(cmd, raw_command)
        if why:
            return deny(f"`{cmd.executable}` runs commands the guard cannot read: {why}", "undetermined-script")
        words += _payload_words(text)
    trust = protected.trust
    interpreters = ()
    if cmd.executable in ("uv", "uvx"):  # `uv pip install --python=.venv/bin/python`: queried, not written
        from legant_guard.hook.trustbase import venv_interpreters

        interpreters = venv_interpreters(cmd, home)
    for word in words:
        if word.startswith("~/") and home:
            word = home + word[1:]
        if os.path.normpath(os.path.join(cmd.cwd, word)) in interpreters:
            continue
        try:
            variants = path_variants(absolute(word, cmd.cwd), cmd.cwd, home)
        except UnresolvablePath:
            continue
        hit = protected.hit(variants)
        verdict = None
        if hit is None and trust is not None:
            verdict = trust.check_write(variants)
            if verdict is None and trust.content_checked(variants):
                hit = variants[0]
        if hit or verdict:
            why = verdict.reason.removeprefix("Legant: ") if verdict else f"{hit} is protected"
            return deny(f"`{cmd.executable}` names {word} in an option's value or in its own commands, a file it may "
                        f"write: {why}", verdict.rule if verdict else "protected")
    return None


def check_denied(cmd, raw_command, home, check_read):
    """A deny when a program with a command language names a file on the deny side in its
    commands (`sqlite3 x.db '.read .env'`, `.import .env t`, `ed -s x <<< 'r .env'`, duckdb's
    `read_csv('.env')`): what it reads there is printed like any read. `check_read(path)` judges
    one path as a read (the engine's path check, deny side only)."""
    from legant_guard.shell.words import absolute

    script = script_text(cmd, raw_command)[0] if cmd.executable in PAYLOAD_PROGRAMS else ""
    for word in _payload_words(raw_command) + _payload_words(script):
        path = home + word[1:] if word.startswith("~/") and home else absolute(word, cmd.cwd)
        verdict = check_read(path)
        if verdict:
            return deny(f"`{cmd.executable}` names {word} in its own commands, a file it may read: "
                        f"{verdict.reason.removeprefix('Legant: ')}", verdict.rule)
    return None


SPLITTERS = frozenset(("split", "csplit", "gsplit", "gcsplit"))


def split_prefix(cmd):
    """The prefix `split`/`csplit` name their output files with (each is PREFIX + a suffix that
    `-b`/`--suffix-format` or `--additional-suffix` can make anything): absolute, or None."""
    from legant_guard.shell.words import absolute

    argv = cmd.argv
    prefix = None
    operands = []
    k = 1
    while k < len(argv):
        word = argv[k]
        if cmd.executable.endswith("csplit") and word in ("-f", "--prefix"):
            prefix = argv[k + 1] if k + 1 < len(argv) else ""
            k += 2
            continue
        if word.startswith("--prefix="):
            prefix = word.split("=", 1)[1]
        elif cmd.executable.endswith("csplit") and word.startswith("-f") and len(word) > 2:
            prefix = word[2:]
        elif word in ("-b", "-n", "-a", "-l", "-C", "-t", "--suffix-format", "--digits", "--suffix-length",
                      "--lines", "--line-bytes", "--separator", "--number", "--bytes"):
            k += 2
            continue
        elif not word.startswith("-") or word == "-":
            operands.append(word)
        k += 1
    if prefix is None:
        if cmd.executable.endswith("csplit"):
            prefix = "xx"
        else:
            prefix = operands[1] if len(operands) > 1 else "x"
    return absolute(prefix, cmd.cwd) if prefix else cmd.cwd + "/"


def check_split(cmd, protected, home):
    """A deny when the files `split`/`csplit` write (PREFIX*) could be a protected or checked file."""
    from legant_guard.hook.paths import fold_path, glob_overlaps

    pattern = fold_path(split_prefix(cmd) + "*")
    rules = list(protected.rules)
    trust = protected.trust
    if trust is not None:
        rules += trust.installation.rules + trust.startup.rules + trust.git_config.rules + trust.git_hooks.rules
    for rule in rules:
        if glob_overlaps(pattern, rule.anchored):
            return deny(f"`{cmd.executable}` writes files named {pattern[:-1]}…, with a suffix it can be told to make "
                        f"anything, which could be {rule.source} (protected or checked); write them into a folder of "
                        "their own", "protected")
    return None
