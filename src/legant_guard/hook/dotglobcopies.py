"""Copies whose glob sources take in dot-names once `dotglob` may be on.

bash's `*`, `?` and `[...]` match a leading dot only with `shopt -s dotglob` (also `bash -O
dotglob`, or GLOBIGNORE set to anything). The copy check (commandrules._copy_destination) read
a glob source by bash's default, so `shopt -s dotglob; cp -r stage/* .` put `stage/.claude` at
`./.claude` (its settings.json with it) while the guard saw only the visible names (red team
#28). When the command line may turn dotglob on (engine._glob_options), the dot-names a source
pattern matches on disk are judged as `DEST/<name>`; where the source folder may change earlier
in the line (or cannot be listed), every protected dot-name below DEST the pattern could match
is. Loaded only for a copy with a glob source on such a line (engine._DOTGLOB_COPIERS).
"""

import os

_LISTING_MAX = 4096


def check(cmd, protected, home, ctx=None):
    from legant_guard.hook.copytargets import copy_targets
    from legant_guard.hook.model import deny
    from legant_guard.hook.paths import is_glob, path_variants

    sources = {os.path.basename(p.rstrip("/")): p for p in cmd.globs}
    for target in copy_targets(cmd, home):
        folder, _, name = target.rpartition("/")
        source = sources.get(name)
        if source is None or not is_glob(name) or name.startswith("."):
            continue  # (a pattern that spells its dot matches dot-names anyway: judged already)
        for dot_name in _dot_names(source, name, ctx, cmd.cwd, home, protected, folder):
            variants = path_variants((folder or "/") + "/" + dot_name, cmd.cwd, home)
            hit = protected.hit(variants) or protected.contained_in(variants)
            if hit:
                return deny(f"`{cmd.executable}` would write what {name} matches into {folder or '/'}: with dotglob "
                            f"on (shopt -s dotglob, bash -O dotglob or GLOBIGNORE) that includes {dot_name}, "
                            f"which replaces {hit}, which is protected", "protected")
    return None


def _dot_names(source, pattern, ctx, cwd, home, protected, dest):
    """The dot-names `pattern` (the last part of the glob `source`) matches in its folder now, or,
    when that folder may change earlier in the line or cannot be listed, every protected dot-name
    directly below `dest` it could match."""
    from legant_guard.hook.paths import fold_path, is_glob, is_inside, path_variants, wildcard_match

    folder = source.rstrip("/").rpartition("/")[0] or ("/" if source.startswith("/") else ".")
    changing = ctx is None or ctx.opaque is not None or is_glob(folder) or \
        any(is_inside(m, folder) or is_inside(folder, m) for m in getattr(ctx, "mentioned", ()))
    if not changing:
        try:
            with os.scandir(path_variants(folder, cwd, home)[-1]) as listing:
                names = [e.name for _, e in zip(range(_LISTING_MAX + 1), listing)]
        except OSError:
            return []  # (no such folder: bash leaves the pattern as it is, and the copy fails)
        if len(names) <= _LISTING_MAX:
            return [n for n in names if n.startswith(".") and n not in (".", "..") and wildcard_match(pattern, n)]
    folded = fold_path(pattern)
    out = []
    for variant in path_variants(dest or "/", cwd, home):
        prefix = fold_path(variant).rstrip("/") + "/"
        for rule in protected.rules:
            if rule.anchored.startswith(prefix):
                first = rule.anchored[len(prefix):].split("/", 1)[0]
                if first.startswith(".") and wildcard_match(folded, first) and first not in out:
                    out.append(first)
    return out
