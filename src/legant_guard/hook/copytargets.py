"""Where copies land (hook/commandrules.py's part for cp/mv/install/ln and their kin, loaded for
those commands): the destination of each source as the program decides it (an existing folder,
`-t DIR`, `src/.`), and globs matched against what is on disk now.
"""

import os

from legant_guard.hook.model import deny
from legant_guard.hook.paths import is_glob, path_variants


def copy_targets(cmd, home):
    """cp/mv/ln/install/rsync: the files the command writes: DEST, or DEST/<name of SRC> when
    DEST is an existing folder (with `-t DIR`, any operand may be the folder)."""
    paths = list(cmd.paths)
    if len(paths) < 2:
        return []
    if "-t" in cmd.argv or any(w[:18] == "--target-directory" for w in cmd.argv):
        candidates = paths  # the destination folder is named by an option: any operand may be it
        sources = paths
    else:
        candidates = [paths[-1]]
        sources = paths[:-1]
    out = []
    for dest in candidates:
        real_dest = path_variants(dest, cmd.cwd, home)[-1]
        out += [os.path.join(dest, os.path.basename(src.rstrip("/"))) for src in sources] \
            if os.path.isdir(real_dest) else [dest]
    return out


def _copy_destination(cmd, protected, home, ctx=None, label="protected"):
    """Writing what a copy writes (copy_targets) must not replace a protected path; a glob
    source (`cp x/* .claude/`) writes the names it matches on disk, or (when an earlier command
    may have changed its folder) every name its pattern could match."""
    sources = {os.path.basename(p.rstrip("/")): p for p in cmd.globs}
    for path in copy_targets(cmd, home):
        variants = path_variants(path, cmd.cwd, home)
        folder, _, name = path.rpartition("/")
        if cmd.globs and is_glob(name):
            names = _glob_matches_now(sources.get(name), ctx, cmd.cwd, home)
            hit = _glob_lands_on(protected, path_variants(folder or "/", cmd.cwd, home), name, names)
            if hit:
                return deny(f"`{cmd.executable}` would write what {name} matches into {folder or '/'}, which could "
                            f"replace {hit}, which is {label}", "protected")
        hit = protected.hit(variants) or protected.contained_in(variants)
        if hit:
            return deny(f"`{cmd.executable}` would write {variants[0]}, replacing {hit}, which is {label}",
                        "protected")
    return None


_GLOB_LISTING_MAX = 4096


def _glob_matches_now(source, ctx, cwd, home):
    """The names (case-folded) the glob `source` (FOLDER/PATTERN) matches on disk now, or None when
    that is not what it will match: its folder is a pattern too, is too big, or an earlier
    command of the line may have written into it (named a path there, or wrote unnamed files)."""
    from legant_guard.hook.paths import fold_path, is_glob, is_inside, wildcard_match

    if source is None or ctx is None or ctx.opaque is not None:
        return None
    folder, _, pattern = source.rstrip("/").rpartition("/")
    folder = folder or "/"
    if is_glob(folder) or any(is_inside(m, folder) or is_inside(folder, m) for m in ctx.mentioned):
        return None
    real = path_variants(folder, cwd, home)[-1]
    try:
        with os.scandir(real) as listing:
            entries = [e.name for _, e in zip(range(_GLOB_LISTING_MAX + 1), listing)]
    except OSError:
        return set()  # no such folder: bash leaves the pattern as it is, and cp fails on it
    if len(entries) > _GLOB_LISTING_MAX:
        return None
    return {fold_path(n) for n in entries if (not n.startswith(".") or pattern.startswith(".")) and
            wildcard_match(pattern, n)}


def _glob_lands_on(protected, folders, pattern, names=None):
    """`cp x/* .claude/`: the names a glob source matches land directly in the folder; the
    protected path whose first name below one spelling of the folder the pattern could match
    (bash's `*` and `?` match a leading dot only when the pattern starts with one), or None.
    `names`: the names it does match (_glob_matches_now), when they are known."""
    from legant_guard.hook.paths import fold_path, wildcard_match

    folded_pattern = fold_path(pattern)
    for folder in folders:
        prefix = fold_path(folder).rstrip("/") + "/"
        for rule in protected.rules:
            if rule.anchored.startswith(prefix):
                first = rule.anchored[len(prefix):].split("/", 1)[0]
                if not first:
                    continue
                if names is not None:
                    if first in names:
                        return rule.source
                elif (not first.startswith(".") or folded_pattern.startswith(".")) and \
                        wildcard_match(folded_pattern, first):
                    return rule.source
    return None
