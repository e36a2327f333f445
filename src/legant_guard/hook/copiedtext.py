"""The text a plain copy writes: `cp .env.example .env` writes what .env.example holds.

A file whose text is checked before it is written (a shell start-up file, a `.env` a project's
`.envrc` loads with `dotenv`, an editor's settings: hook/trustbase.py) could be written by a
shell only with literal text (echo, printf, a here-document). A copy of one regular file is as
plain: the source is on disk when the hook runs, so its text is what lands, and it is checked
the same way. Only a line that is exactly one `cp [-f|-n|-v|-p|--] SRC DEST` (no other command
that could change SRC first), SRC a regular file of at most 1 MiB; anything else stays
undetermined. Loaded only for such writes.
"""

import os

_MAX_BYTES = 1024 * 1024
_PLAIN_OPTIONS = frozenset(("-f", "-n", "-v", "-p", "-i", "--force", "--no-clobber", "--verbose", "--preserve",
                            "--interactive"))


def copied_text(analysis, target):
    """The text `cp SRC TARGET` writes into `target`, or None when it is not that plain."""
    commands = analysis.commands
    if len(commands) != 1 or analysis.undetermined:
        return None
    cmd = commands[0]
    if cmd.executable != "cp" or cmd.undetermined or cmd.redirects or cmd.globs or cmd.via:
        return None
    words, end = [], False
    for w in cmd.argv[1:]:
        if w == "--" and not end:
            end = True
        elif w.startswith("-") and not end:
            if w not in _PLAIN_OPTIONS:
                return None
        else:
            words.append(w)
    if len(words) != 2:
        return None
    source = os.path.normpath(os.path.join(cmd.cwd, words[0]))
    dest = os.path.normpath(os.path.join(cmd.cwd, words[1]))
    if os.path.isdir(dest):
        dest = os.path.join(dest, os.path.basename(source))
    if dest != os.path.normpath(target):
        return None
    from legant_guard.hook.scriptfiles import read_regular

    try:
        return read_regular(source, _MAX_BYTES)
    except (OSError, ValueError):
        return None
