"""Recursive readers that follow symlinks: the files they reach are not the ones named.

`grep -R`, `rg -L`, `tar -h`, `cp -rL`, `rsync -L`, `find -L`, `zip -r` (which follows links
unless -y), `chmod -RL`, `gzip -rf`, `zstd -rf`, `7z a` ... read (or change) what every symlink below their operand points to;
`ls -LR`, `tree -l` and `du -L` list the names below it. A
link planted in a cloned repository (`docs/keys -> ~/.ssh`, `vendor/x -> /path/to/guard`) then
turns a search of the project into a read of the secret. So for such a command we walk each
folder operand (bounded by entries and the deadline, never following a link twice) and hold
every link's destination against the deny side. Too many entries to walk → deny: the rules
depend on what lies below.
"""

import os

from legant_guard.hook.budget import tick
from legant_guard.hook.cmdoptions import expand_abbreviation
from legant_guard.hook.paths import LinkLoop, path_variants
from legant_guard.shell.knowledge import LINK_FOLLOWERS

MAX_ENTRIES = 300000  # a big repository; the deadline (budget.tick) bounds the time

# Programs that recurse only with one of these flags as well (`ls -L` alone lists one folder).
_RECURSING = {"ls": ("-R", "--recursive"), "gzip": ("-r", "--recursive"), "pigz": ("-r", "--recursive"),
              "zstd": ("-r",), "lz4": ("-r",), "lzop": ("-r", "--recursive")}
# Searchers and listers that read the working directory when no folder is named.
_CWD_SEARCHERS = frozenset(("grep", "egrep", "fgrep", "rg", "ag", "ack", "ls", "tree", "du"))


def follows_links(exe, argv):
    """Does this command follow symlinks while it recurses?"""
    entry = LINK_FOLLOWERS.get(exe)
    if entry is None:
        if exe.startswith("python"):  # `python3 -m zipfile -c OUT DIR` (also `-mzipfile`, `-Im zipfile`)
            for k, word in enumerate(argv[1:], 1):
                glued = word.startswith("-") and word.endswith("mzipfile")
                if glued or (word == "zipfile" and argv[k - 1].startswith("-") and argv[k - 1].endswith("m")):
                    return "-c" in argv[k + 1:] or "--create" in argv[k + 1:]
        return False
    on, off = entry
    if off and _has_flag(exe, argv, off):
        return False
    if exe in _RECURSING and not _has_flag(exe, argv, _RECURSING[exe]):
        return False
    return on is None or _has_flag(exe, argv, on)


def _has_flag(exe, argv, flags):
    """Does argv carry one of these flags (each starts with `-`: a word that does not is none of
    them, but for tar's old-style first word)?"""
    shorts = {f[1] for f in flags if len(f) == 2 and f[0] == "-"}
    longs = [f for f in flags if f.startswith("--")]
    for k, word in enumerate(argv[1:], 1):
        if word[:1] != "-" and (k != 1 or exe != "tar"):
            continue
        if word == "--":
            break
        if word in flags or (longs and word.startswith("--") and expand_abbreviation(word, longs) in longs):
            return True
        if word.startswith("-") and not word.startswith("--") and shorts & set(word[1:]):
            return True
        if k == 1 and exe == "tar" and not word.startswith("-") and shorts & set(word):
            return True  # old-style bundled tar options: `tar czhf out.tgz dir`
    return False


def check(cmd, home, judge):
    """For a link-following recursive command: the first verdict `judge(destination)` gives for a
    symlink reachable below a folder operand, or a deny when the walk is too large; None if clear.
    `judge` is the engine's deny-side check of one path (returns a Decision or None)."""
    if not follows_links(cmd.executable, cmd.argv):
        return None
    roots = []
    for path in cmd.paths:
        try:
            real = path_variants(path, cmd.cwd, home)[-1]
        except LinkLoop:
            continue
        if os.path.isdir(real):
            roots.append(real)
    if not roots and cmd.executable in _CWD_SEARCHERS and cmd.cwd:
        roots.append(path_variants(cmd.cwd, "/", home)[-1])
    return _walk(cmd.executable, roots, home, judge)


def _walk(exe, roots, home, judge):
    from legant_guard.hook.model import deny

    queue, seen, entries = list(roots), set(roots), 0
    while queue:
        folder = queue.pop()
        try:
            listing = os.scandir(folder)
        except OSError:
            continue
        with listing:
            for entry in listing:
                entries += 1
                if entries > MAX_ENTRIES:
                    return deny(f"`{exe}` follows symlinks below {', '.join(roots)}: more than {MAX_ENTRIES} entries "
                                "to check for links to protected or denied files; name a smaller folder or do not "
                                "follow links (-r instead of -R, no -L)", "symlink-follow")
                tick()
                try:
                    if entry.is_symlink():
                        try:
                            target = path_variants(entry.path, "/", home)[-1]
                        except LinkLoop:
                            continue  # the reader gets ELOOP
                        verdict = judge(target)
                        if verdict:
                            return deny(f"`{exe}` follows the symlink {entry.path} -> {target}: {verdict.reason}",
                                        verdict.rule)
                        if target not in seen and os.path.isdir(target):
                            seen.add(target)
                            queue.append(target)
                    elif entry.is_dir(follow_symlinks=False) and entry.path not in seen:
                        seen.add(entry.path)
                        queue.append(entry.path)
                except OSError:
                    continue
    return None
